import { createHash } from "crypto";
import { AzurermBackend, LocalBackend, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import {
  ApiServerAccess,
  ClusterPlacement,
  KeyVaultCsi,
  PrivateLinkOptions,
  SecureCluster,
  SecurityBaseline,
} from "cdktf-secure-aks";
// The environment is checked with the rules the constructs themselves apply to these values. These
// helpers are the library's internals, not its API (a project of yours would bring its own checks),
// hence the relative imports: everything else the examples use comes from the package.
import { unknownAzureRegion } from "../lib/util/azure-region-lookup";
import { canonicalIpv4Cidr, isIpv4Address, parseIpv4Cidr } from "../lib/util/cidr";
import { armResourceName, isResourceGroupName, isUuid, validationMessage } from "../lib/util/validation";

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
  /**
   * TF_BACKEND_RESOURCE_GROUP, TF_BACKEND_STORAGE_ACCOUNT, TF_BACKEND_CONTAINER: an azurerm remote
   * state backend when all three are set; unset = local state files.
   */
  readonly backend?: {
    readonly resourceGroupName: string;
    readonly storageAccountName: string;
    readonly containerName: string;
  };
}

/**
 * Bad example inputs, all at once: each line names the environment variable, its value, what is
 * wrong (with the limit it breaks) and the fix, so nothing has to be traced back from a derived
 * construct prop.
 */
export class ExampleEnvironmentError extends Error {
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid environment for the examples (examples/config.ts):\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ExampleEnvironmentError";
    this.problems = problems;
  }
}

const PLACEHOLDER_SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
const PLACEHOLDER_TENANT = "00000000-0000-4000-8000-000000000002";
const PLACEHOLDER_ADMIN_GROUP = "00000000-0000-4000-8000-000000000003";

function env(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/**
 * RESOURCE_PREFIX's longest value: the physical example's TenantPlatform resourceNamePrefix
 * `<prefix>-physical` may have at most 20 characters.
 */
export const MAX_RESOURCE_PREFIX_LENGTH = 11;
/** Lower-case letters, digits and single inner hyphens, starting with a letter: valid inside every derived name (a Key Vault name allows no "--"). */
const RESOURCE_PREFIX = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Host names the runner's firewall rule accepts (ClusterNetwork deploymentRunner.allowedFqdns): optional "*." wildcard, no scheme, port or path. */
const FQDN = /^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;
/** Storage account names: 3-24 lower-case letters and digits (Microsoft Learn, storage-account-overview.md, "Storage account name"). */
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;
/** Blob container names: 3-63 lower-case letters, digits and single inner hyphens (Microsoft Learn, "Naming and Referencing Containers, Blobs, and Metadata"). */
const BLOB_CONTAINER = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Collects the problems of the variables read; {@link EnvironmentReader.done} throws them all at once. */
class EnvironmentReader {
  private readonly problems: string[] = [];

  public invalid(variable: string, value: string | undefined, problem: string, fix: string): void {
    this.problems.push(validationMessage(variable, value, problem, fix));
  }

  /** A comma-separated list; each item that fails `isValid` is reported with `what` and `fix`. */
  public list(variable: string, isValid: (item: string) => boolean, what: string, fix: string): string[] | undefined {
    const raw = env(variable);
    if (raw === undefined) return undefined;
    const items = list(raw);
    if (!items) {
      this.invalid(variable, raw, "lists nothing", `${fix}, or unset it`);
      return undefined;
    }
    for (const item of items) {
      if (!isValid(item)) this.invalid(variable, raw, `item ${JSON.stringify(item)} is not ${what}`, fix);
    }
    return items;
  }

  public uuid(variable: string, what: string, fix: string): string | undefined {
    const value = env(variable);
    if (value !== undefined && !isUuid(value)) this.invalid(variable, value, `is not a GUID (${what})`, fix);
    return value;
  }

  public done(): void {
    if (this.problems.length > 0) throw new ExampleEnvironmentError(this.problems);
  }
}

/** Reads the example inputs from the environment (placeholders when unset); throws an {@link ExampleEnvironmentError} listing every bad variable. */
export function exampleConfig(): ExampleConfig {
  const read = new EnvironmentReader();
  const subscriptionId = read.uuid(
    "ARM_SUBSCRIPTION_ID",
    "a subscription id",
    "set it to `az account show --query id -o tsv`",
  );
  const tenantId = read.uuid(
    "ARM_TENANT_ID",
    "an Entra tenant id",
    "set it to `az account show --query tenantId -o tsv`",
  );
  const adminGroupObjectIds = read.list(
    "AKS_ADMIN_GROUP_OBJECT_IDS",
    isUuid,
    "a GUID",
    "list Entra group object ids separated by commas (`az ad group show -g <group> --query id -o tsv`)",
  );
  const location = env("AZURE_LOCATION");
  if (location !== undefined) {
    const unknown = unknownAzureRegion(location);
    if (unknown) read.invalid("AZURE_LOCATION", location, unknown.problem, unknown.fix);
  }
  const prefix = env("RESOURCE_PREFIX");
  if (prefix !== undefined) {
    if (prefix.length > MAX_RESOURCE_PREFIX_LENGTH) {
      read.invalid(
        "RESOURCE_PREFIX",
        prefix,
        `is ${prefix.length} characters; at most ${MAX_RESOURCE_PREFIX_LENGTH} fit (the physical example's resource name prefix "<prefix>-physical" allows 20)`,
        `shorten it to ${MAX_RESOURCE_PREFIX_LENGTH} characters, e.g. ${JSON.stringify(prefix.slice(0, MAX_RESOURCE_PREFIX_LENGTH).replace(/-+$/, ""))}`,
      );
    }
    if (!RESOURCE_PREFIX.test(prefix)) {
      read.invalid(
        "RESOURCE_PREFIX",
        prefix,
        "is not lower-case letters, digits and single hyphens starting with a letter and ending with a letter or digit (it becomes part of registry, vault, network and cluster names)",
        'use e.g. "contoso01"',
      );
    }
  }
  const firewallPrivateIp = env("FIREWALL_PRIVATE_IP");
  if (firewallPrivateIp !== undefined && !isIpv4Address(firewallPrivateIp)) {
    read.invalid(
      "FIREWALL_PRIVATE_IP",
      firewallPrivateIp,
      "is not an IPv4 address",
      "set the hub firewall's private IP, e.g. 10.0.1.4 (`az network firewall show -g <rg> -n <firewall> --query ipConfigurations[0].privateIPAddress -o tsv`)",
    );
  }
  const securityContactEmail = env("SECURITY_CONTACT_EMAIL");
  if (securityContactEmail !== undefined && !EMAIL.test(securityContactEmail)) {
    read.invalid(
      "SECURITY_CONTACT_EMAIL",
      securityContactEmail,
      "is not an email address",
      "set one address such as secops@contoso.com",
    );
  }
  const authorizedIpRanges = read.list(
    "AKS_AUTHORIZED_IP_RANGES",
    (cidr) => canonicalIpv4Cidr(cidr) !== undefined,
    "an IPv4 CIDR",
    "list CIDRs such as 203.0.113.0/24 or 198.51.100.7/32 separated by commas",
  );
  for (const cidr of authorizedIpRanges ?? []) {
    const canonical = canonicalIpv4Cidr(cidr);
    if (canonical && !parseIpv4Cidr(cidr))
      read.invalid(
        "AKS_AUTHORIZED_IP_RANGES",
        env("AKS_AUTHORIZED_IP_RANGES"),
        `item ${JSON.stringify(cidr)} has host bits set (AKS needs the network address)`,
        `write ${canonical}`,
      );
  }
  const dnsLinkVirtualNetworkIds = read.list(
    "AKS_DNS_LINK_VNET_IDS",
    (id) => armResourceName(id, "Microsoft.Network/virtualNetworks") !== undefined,
    "a virtual network resource id",
    "list ids like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet> separated by commas",
  );
  const runnerAllowedFqdns = read.list(
    "RUNNER_ALLOWED_FQDNS",
    (fqdn) => FQDN.test(fqdn),
    'a host name or a "*."-wildcard host name',
    "list host names like github.com or *.actions.githubusercontent.com (no scheme, port or path) separated by commas",
  );
  const backend = readBackend(read);
  read.done();
  return {
    subscriptionId: subscriptionId ?? PLACEHOLDER_SUBSCRIPTION,
    tenantId: tenantId ?? PLACEHOLDER_TENANT,
    adminGroupObjectIds: adminGroupObjectIds ?? [PLACEHOLDER_ADMIN_GROUP],
    location: location ?? "westeurope",
    prefix: prefix ?? "secaks",
    firewallPrivateIp,
    securityContactEmail,
    authorizedIpRanges,
    dnsLinkVirtualNetworkIds: dnsLinkVirtualNetworkIds ?? [],
    runnerAllowedFqdns: runnerAllowedFqdns ?? [
      "management.azure.com",
      "login.microsoftonline.com",
      "registry.terraform.io",
      "releases.hashicorp.com",
    ],
    backend,
  };
}

const BACKEND_VARIABLES = ["TF_BACKEND_RESOURCE_GROUP", "TF_BACKEND_STORAGE_ACCOUNT", "TF_BACKEND_CONTAINER"] as const;

/** The remote backend: all three variables or none (a partial set would silently fall back to local state). */
function readBackend(read: EnvironmentReader): ExampleConfig["backend"] {
  const [resourceGroupName, storageAccountName, containerName] = BACKEND_VARIABLES.map(env);
  const missing = BACKEND_VARIABLES.filter((variable) => env(variable) === undefined);
  if (missing.length === BACKEND_VARIABLES.length) return undefined;
  for (const variable of missing) {
    read.invalid(
      variable,
      undefined,
      `is unset while ${BACKEND_VARIABLES.filter((v) => !missing.includes(v)).join(" and ")} ${missing.length === 2 ? "is" : "are"} set`,
      "set all three TF_BACKEND_* variables for the azurerm backend, or none for local state",
    );
  }
  if (resourceGroupName !== undefined && !isResourceGroupName(resourceGroupName)) {
    read.invalid(
      "TF_BACKEND_RESOURCE_GROUP",
      resourceGroupName,
      "is not a resource group name (1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.')",
      "set the resource group of the state storage account",
    );
  }
  if (storageAccountName !== undefined && !STORAGE_ACCOUNT.test(storageAccountName)) {
    read.invalid(
      "TF_BACKEND_STORAGE_ACCOUNT",
      storageAccountName,
      "is not a storage account name (3-24 lower-case letters and digits)",
      "set the state storage account's name",
    );
  }
  if (containerName !== undefined && !BLOB_CONTAINER.test(containerName)) {
    read.invalid(
      "TF_BACKEND_CONTAINER",
      containerName,
      "is not a blob container name (3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit)",
      "set the state container's name, e.g. tfstate",
    );
  }
  if (missing.length > 0) return undefined;
  return {
    resourceGroupName: resourceGroupName!,
    storageAccountName: storageAccountName!,
    containerName: containerName!,
  };
}

/**
 * Entra groups of one tenant team: AKS_TENANT_GROUP_<TENANT> (tenant name upper-cased, '-' → '_',
 * e.g. AKS_TENANT_GROUP_TEAM_A), comma-separated object ids. Unset: a placeholder id derived from
 * the tenant name, so `npm run synth` works offline; replace it before `cdktf deploy`.
 */
export function tenantGroupObjectIds(tenant: string): string[] {
  const variable = `AKS_TENANT_GROUP_${tenant.toUpperCase().replace(/-/g, "_")}`;
  const read = new EnvironmentReader();
  const given = read.list(
    variable,
    isUuid,
    "a GUID",
    `list the object ids of ${tenant}'s Entra groups separated by commas`,
  );
  read.done();
  if (given) return given;
  const hash = createHash("sha256").update(tenant).digest("hex");
  return [`00000000-0000-4000-8000-${hash.slice(0, 12)}`];
}

function list(value: string | undefined): string[] | undefined {
  const items = (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
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
  return ApiServerAccess.privateCluster({
    createPrivateDnsZone: { linkedVirtualNetworkIds: config.dnsLinkVirtualNetworkIds },
  });
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
export function exampleVaultAccess(
  config: ExampleConfig,
  cluster: SecureCluster,
): { deployerIpRanges?: string[]; privateEndpoint?: PrivateLinkOptions; accept: (vault: KeyVaultCsi) => void } {
  const ranges = config.authorizedIpRanges;
  if (ranges)
    return {
      deployerIpRanges: ranges,
      accept: (vault) => SecurityBaseline.suppress(vault, "AKS-SEC-05", PUBLIC_VAULT_REASON),
    };
  // Private mode: the runner VNets (AKS_DNS_LINK_VNET_IDS) resolve the vault too, since the tenant
  // stack writes its placeholder secrets and you set the real values from there.
  const extra = config.dnsLinkVirtualNetworkIds;
  if (extra.length === 0 || cluster.privateEndpointSubnetId === undefined || cluster.virtualNetworkId === undefined)
    return { accept: () => undefined };
  return {
    privateEndpoint: {
      subnetId: cluster.privateEndpointSubnetId,
      virtualNetworkIds: [cluster.virtualNetworkId, ...extra],
    },
    accept: () => undefined,
  };
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
    if (egressIp)
      placement.cluster.kubernetesCluster.apiServerAccessProfile.authorizedIpRanges = [
        ...ranges,
        `${egressIp.ipAddress}/32`,
      ];
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
  if (config.backend) {
    new AzurermBackend(stack, { ...config.backend, key: `${stackName}.tfstate`, useAzureadAuth: true });
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
