import { AzurermBackend, LocalBackend, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ApiServerAccess } from "../lib/cluster/api-server-access";
import { SecurityBaseline } from "../lib/baseline/security-baseline";
import { ClusterPlacement } from "../lib/topology/tenant-platform";

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
  /**
   * AKS_TENANT_WRITER_GROUP_OBJECT_ID: Entra group of team-a's developers in the logical example;
   * it gets the tenant Writer role in team-a's namespace (AKS-TEN-06).
   */
  readonly tenantWriterGroupObjectId: string;
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
}

const PLACEHOLDER_SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
const PLACEHOLDER_TENANT = "00000000-0000-4000-8000-000000000002";
const PLACEHOLDER_ADMIN_GROUP = "00000000-0000-4000-8000-000000000003";
const PLACEHOLDER_TENANT_WRITER_GROUP = "00000000-0000-4000-8000-000000000004";

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
    tenantWriterGroupObjectId: env("AKS_TENANT_WRITER_GROUP_OBJECT_ID") ?? PLACEHOLDER_TENANT_WRITER_GROUP,
    location: env("AZURE_LOCATION") ?? "westeurope",
    prefix: env("RESOURCE_PREFIX") ?? "secaks",
    firewallPrivateIp: env("FIREWALL_PRIVATE_IP"),
    securityContactEmail: env("SECURITY_CONTACT_EMAIL"),
    authorizedIpRanges: list(env("AKS_AUTHORIZED_IP_RANGES")),
  };
}

function list(value: string | undefined): string[] | undefined {
  const items = (value ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "");
  return items.length > 0 ? items : undefined;
}

/** API-server access of the topology examples: public with authorized ranges when AKS_AUTHORIZED_IP_RANGES is set, else private. */
export function exampleApiServerAccess(config: ExampleConfig): ApiServerAccess {
  return config.authorizedIpRanges ? ApiServerAccess.publicWithAuthorizedRanges(config.authorizedIpRanges) : ApiServerAccess.privateCluster();
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
