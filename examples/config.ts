import { createHash } from "crypto";
import { AzurermBackend, LocalBackend, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ApiServerAccess } from "../lib/cluster/api-server-access";
import { SecurityBaseline } from "../lib/baseline/security-baseline";
import { ClusterPlacement } from "../lib/topology/tenant-platform";
import { KeyVaultCsi } from "../lib/secrets/key-vault-csi";
import { SecureCluster } from "../lib/cluster/secure-cluster";
import { PrivateLinkOptions } from "../lib/registry/private-link";

/**
 * Inputs of the example stacks. Each comes from an environment variable; the placeholders let
 * `npm run synth` work offline, and are replaced by real values before `cdktf deploy`.
 */
export interface ExampleConfig {
  /** ARM_SUBSCRIPTION_ID */
  readonly subscriptionId: string;
  /** ARM_TENANT_ID: Entra tenant of the cluster's users. */
  readonly tenantId: string;
  /** AKS_ADMIN_GROUP_OBJECT_IDS: comma-separated Entra group object ids (cluster admins). */
  readonly adminGroupObjectIds: string[];
  /** AZURE_LOCATION */
  readonly location: string;
  /** RESOURCE_PREFIX: prefix of resource names (lower-case letters, digits, hyphens). */
  readonly prefix: string;
  /**
   * FIREWALL_PRIVATE_IP: private IP of an existing (hub) firewall for user-defined routing; the
   * cluster VNet must be peered with the hub before deploy. Unset = an Azure Firewall created in
   * the cluster VNet (private-cluster example).
   */
  readonly firewallPrivateIp?: string;
  /** SECURITY_CONTACT_EMAIL: Defender alerts (logical example only). */
  readonly securityContactEmail?: string;
  /**
   * AKS_AUTHORIZED_IP_RANGES: comma-separated CIDRs. Set, the topology examples get a public API
   * server reachable only from these ranges (and the cluster's own egress IP); unset, a private
   * one (the default, AKS-NET-01).
   */
  readonly authorizedIpRanges?: string[];
  /**
   * AKS_DNS_LINK_VNET_IDS: comma-separated VNet resource ids (a hub DNS resolver's VNet, the VNet
   * of the self-hosted runner that applies the tenant stacks) linked to each private cluster's
   * API-server zone, besides the cluster VNet. Each needs peering with the cluster VNet.
   */
  readonly dnsLinkVirtualNetworkIds: string[];
  /**
   * RUNNER_ALLOWED_FQDNS: comma-separated host names the private-cluster example's runner subnet may
   * reach through its Azure Firewall. Default: Azure Resource Manager and Entra ID (which az,
   * kubelogin and the azurerm provider call; both are in AKS's required outbound list,
   * outbound-rules-control-egress.md) and HashiCorp's registry and releases (provider downloads).
   * Add your CI service's host names.
   */
  readonly runnerAllowedFqdns: string[];
}

const PLACEHOLDER_SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
const PLACEHOLDER_TENANT = "00000000-0000-4000-8000-000000000002";
const PLACEHOLDER_ADMIN_GROUP = "00000000-0000-4000-8000-000000000003";

function env(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/** Reads the example inputs from the environment (placeholders when unset). */
export function exampleConfig(): ExampleConfig {
  return {
    subscriptionId: env("ARM_SUBSCRIPTION_ID") ?? PLACEHOLDER_SUBSCRIPTION,
    tenantId: env("ARM_TENANT_ID") ?? PLACEHOLDER_TENANT,
    adminGroupObjectIds: (env("AKS_ADMIN_GROUP_OBJECT_IDS") ?? PLACEHOLDER_ADMIN_GROUP).split(",").map((id) => id.trim()).filter((id) => id !== ""),
    location: env("AZURE_LOCATION") ?? "westeurope",
    prefix: env("RESOURCE_PREFIX") ?? "secaks",
    firewallPrivateIp: env("FIREWALL_PRIVATE_IP"),
    securityContactEmail: env("SECURITY_CONTACT_EMAIL"),
    authorizedIpRanges: list(env("AKS_AUTHORIZED_IP_RANGES")),
    dnsLinkVirtualNetworkIds: list(env("AKS_DNS_LINK_VNET_IDS")) ?? [],
    runnerAllowedFqdns: list(env("RUNNER_ALLOWED_FQDNS")) ?? ["management.azure.com", "login.microsoftonline.com", "registry.terraform.io", "releases.hashicorp.com"],
  };
}

/**
 * Entra groups of one tenant team: AKS_TENANT_GROUP_<TENANT> (tenant name upper-cased, '-' → '_',
 * e.g. AKS_TENANT_GROUP_TEAM_A), comma-separated object ids. Unset: a placeholder id derived from
 * the tenant name, so `npm run synth` works offline; replace it before `cdktf deploy`.
 */
export function tenantGroupObjectIds(tenant: string): string[] {
  const variable = `AKS_TENANT_GROUP_${tenant.toUpperCase().replace(/-/g, "_")}`;
  const given = list(env(variable));
  if (given) return given;
  const hash = createHash("sha256").update(tenant).digest("hex");
  return [`00000000-0000-4000-8000-${hash.slice(0, 12)}`];
}

function list(value: string | undefined): string[] | undefined {
  const items = (value ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "");
  return items.length > 0 ? items : undefined;
}

/**
 * API-server access of the topology examples: public with authorized ranges when
 * AKS_AUTHORIZED_IP_RANGES is set, else private with a zone the cluster creates and links to its
 * VNet and the AKS_DNS_LINK_VNET_IDS VNets, so the runner that applies the tenant stacks (in the
 * cluster VNet's runner subnet or a linked, peered VNet) resolves the API server (README, Deploy).
 */
export function exampleApiServerAccess(config: ExampleConfig): ApiServerAccess {
  if (config.authorizedIpRanges) return ApiServerAccess.publicWithAuthorizedRanges(config.authorizedIpRanges);
  return ApiServerAccess.privateCluster({ createPrivateDnsZone: { linkedVirtualNetworkIds: config.dnsLinkVirtualNetworkIds } });
}

/**
 * Expiry of the placeholder secrets the examples' grants create (KeyVaultCsiProps.placeholderExpirationDate):
 * a literal, so synthesis stays deterministic; Terraform ignores it after creation, and the real
 * values get their own expiry with `az keyvault secret set --expires`.
 */
export const SECRET_PLACEHOLDER_EXPIRY = "2027-12-31T00:00:00Z";

/** Why the examples' vaults admit the authorized ranges in public mode; lands in each platform stack's baseline report. */
export const PUBLIC_VAULT_REASON =
  "Example deployed in public mode (AKS_AUTHORIZED_IP_RANGES set) from outside the VNet: Terraform writes the placeholder secrets through the vault's data plane, so the vault firewall (default Deny) admits only the authorized ranges; pods still read it through the private endpoint, and Entra RBAC still guards every secret.";

/**
 * The vault props and suppression of public mode: with AKS_AUTHORIZED_IP_RANGES set the deployer is
 * outside the VNet, so the vault admits those ranges (KeyVaultCsiProps.deployerIpRanges) to let
 * Terraform create the placeholder secrets; the weaker AKS-SEC-05 is recorded with its reason.
 * Private mode: the vault's zone is also linked to the AKS_DNS_LINK_VNET_IDS VNets (the runner's).
 */
export function exampleVaultAccess(config: ExampleConfig, cluster: SecureCluster): { deployerIpRanges?: string[]; privateEndpoint?: PrivateLinkOptions; accept: (vault: KeyVaultCsi) => void } {
  const ranges = config.authorizedIpRanges;
  if (ranges) return { deployerIpRanges: ranges, accept: (vault) => SecurityBaseline.suppress(vault, "AKS-SEC-05", PUBLIC_VAULT_REASON) };
  // Private mode: the runner VNets (AKS_DNS_LINK_VNET_IDS) resolve the vault too, since the tenant
  // stack writes its placeholder secrets and you set the real values from there.
  const extra = config.dnsLinkVirtualNetworkIds;
  if (extra.length === 0 || cluster.privateEndpointSubnetId === undefined || cluster.virtualNetworkId === undefined) return { accept: () => undefined };
  return { privateEndpoint: { subnetId: cluster.privateEndpointSubnetId, virtualNetworkIds: [cluster.virtualNetworkId, ...extra] }, accept: () => undefined };
}

/** Why the examples accept a public API server in public mode; lands in each platform stack's baseline report. */
export const PUBLIC_API_SERVER_REASON =
  "Example deployed in public mode (AKS_AUTHORIZED_IP_RANGES set) so its tenant stacks can be applied from outside the VNet; the API server accepts only the listed authorized ranges and the cluster's own egress IP (AKS-NET-02), and Entra ID with local accounts off still guards it.";

/**
 * In public mode, records the weaker AKS-NET-01 as a suppression with its reason, and adds each
 * cluster's egress IP (its firewall's or NAT gateway's public IP) to its authorized ranges: nodes of
 * a public cluster reach the API server through the cluster's outbound path, and that IP exists only
 * once the platform stack is applied.
 */
export function acceptPublicApiServer(placements: ClusterPlacement[], config: ExampleConfig): void {
  const ranges = config.authorizedIpRanges;
  if (!ranges) return;
  for (const placement of placements) {
    SecurityBaseline.suppress(placement.cluster, "AKS-NET-01", PUBLIC_API_SERVER_REASON);
    const egressIp = placement.network.firewallPublicIp ?? placement.network.natPublicIp;
    if (egressIp) placement.cluster.kubernetesCluster.apiServerAccessProfile.authorizedIpRanges = [...ranges, `${egressIp.ipAddress}/32`];
  }
}

/**
 * Gives a stack its azurerm provider and state backend: an azurerm remote backend when
 * TF_BACKEND_RESOURCE_GROUP, TF_BACKEND_STORAGE_ACCOUNT and TF_BACKEND_CONTAINER are set (Entra
 * auth, no storage keys), else a local state file at the repository root. The local path is
 * relative to the stack's working directory (cdktf.out/stacks/<stack>), so synthesized JSON has no
 * machine-specific path.
 */
export function configureStack(stack: TerraformStack, config: ExampleConfig): AzurermProvider {
  const stackName = stack.node.id;
  const resourceGroupName = env("TF_BACKEND_RESOURCE_GROUP");
  const storageAccountName = env("TF_BACKEND_STORAGE_ACCOUNT");
  const containerName = env("TF_BACKEND_CONTAINER");
  if (resourceGroupName && storageAccountName && containerName) {
    new AzurermBackend(stack, { resourceGroupName, storageAccountName, containerName, key: `${stackName}.tfstate`, useAzureadAuth: true });
  } else {
    new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
  }
  return new AzurermProvider(stack, "azurerm", {
    features: [{}],
    subscriptionId: config.subscriptionId,
    // Entra-only storage and Key Vault data-plane access: the example creates no shared keys.
    storageUseAzuread: true,
  });
}
