import { createHash } from "crypto";
import { Construct, IConstruct } from "constructs";
import { Annotations, Fn, ITerraformDependable, Op } from "cdktf";
import * as semver from "semver";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { DataAzurermKubernetesServiceVersions } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-service-versions";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ISecureCluster } from "./cluster-ref";
import { ImportedCluster, SecureClusterAttributes } from "./imported-cluster";
import { ApiServerAccess, CreatedPrivateDnsZoneOptions } from "./api-server-access";
import { ClusterGuardrails, ClusterGuardrailsProps } from "./cluster-guardrails";
import { NodePoolOptions, resolveNodePool } from "./node-pool-options";
import { SecureNodePool, SecureNodePoolProps } from "./secure-node-pool";
import { KubernetesVersion } from "./kubernetes-version";
import { claimClusterName } from "./cluster-ownership";
import {
  KUBERNETES_CALENDAR_READ_ON,
  NEWEST_CALENDAR_MINOR,
  creatableMinors,
  isLongTermSupport,
  longTermSupportMinors,
  minorOf,
  minorStatus,
  synthDate,
  warnEndOfLife,
} from "./kubernetes-versions";
import {
  invalidProp,
  isListToken,
  isUnresolved,
  isUuid,
  normalizeLocation,
  requireLocation,
  requireResourceGroupName,
  requireTags,
  requireUuid,
} from "../util/validation";
import {
  Ipv4Block,
  NamedIpv4Block,
  ipv4BlockAddress,
  ipv4BlockContainsAddress,
  ipv4BlockLastAddress,
  ipv4BlocksCoverEverything,
  isIpv4Address,
  isNonPublicIpv4Block,
  parseIpv4Cidr,
  requireDisjointIpv4Blocks,
  requireIpv4Cidr,
  requireOutsideAksReservedRanges,
} from "../util/cidr";
import {
  KEY_VAULT_ID,
  LOG_ANALYTICS_WORKSPACE_ID,
  SUBNET_ID,
  VIRTUAL_NETWORK_ID,
  requireResourceId,
  sameResourceId,
  virtualNetworkOfSubnet,
} from "../util/resource-ids";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ClusterEgressNeed, IFirewallEgressRules } from "../network/cluster-egress";

/**
 * What SecureCluster reads from a ClusterNetwork (lib/network); ClusterNetwork satisfies it.
 */
export interface ClusterNetworkInfo {
  readonly virtualNetworkId: string;
  readonly nodeSubnetId: string;
  readonly apiServerSubnetId: string;
  readonly privateEndpointSubnetId: string;
  readonly addressSpace: string;
  readonly nodeSubnetCidr: string;
  readonly apiServerSubnetCidr: string;
  readonly privateEndpointSubnetCidr: string;
  readonly outboundType: "userDefinedRouting" | "userAssignedNATGateway";
  readonly egressDependencies: ITerraformDependable[];
  /**
   * Custom DNS servers of the VNet (ClusterNetworkProps.dnsServers). With custom DNS a private
   * cluster cannot use the "System" zone, and the control-plane identity needs Network
   * Contributor on the VNet (private-clusters.md, "Hub and spoke with custom DNS").
   *
   * @default - Azure-provided DNS
   */
  readonly dnsServers?: string[];
  /**
   * Region of the VNet. AKS needs the node and API-server subnets in the cluster's region, so
   * SecureCluster rejects a different literal region.
   *
   * @default - not compared
   */
  readonly location?: string;
  /**
   * The rules of the network's egress firewall when this library writes them
   * (`ClusterEgress.azureFirewall()`): the cluster registers the egress of its add-ons there and
   * sends the firewall's logs to its workspace.
   *
   * @default - none: the firewall (if any) is yours, and so are its rules
   */
  readonly firewallEgressRules?: IFirewallEgressRules;
}

/**
 * Storage CSI drivers of the cluster (`storage_profile`). The Azure Disk driver and the snapshot
 * controller are always on: they attach disks and take snapshots through ARM
 * (management.azure.com, in the AzureKubernetesService FQDN tag), and disk I/O runs on the host's
 * storage path, not through the VNet (aks/azure-disk-csi.md, aks/csi-storage-drivers.md). The file
 * and blob drivers mount storage accounts over the network, so their traffic must pass the egress
 * firewall.
 */
export interface StorageCsiDriverOptions {
  /**
   * Azure Files CSI driver (`file_driver_enabled`): SMB shares over TCP 445. With
   * `ClusterEgress.azureFirewall()` a network rule to the region's `Storage.<region>` service tag
   * is added. Off by default: AKS turns it on, and it would give every pod a mount path to any
   * storage account of the region through the firewall.
   *
   * @default false
   */
  readonly azureFiles?: boolean;
  /**
   * Azure Blob CSI driver (`blob_driver_enabled`): BlobFuse over HTTPS 443. With
   * `ClusterEgress.azureFirewall()` an application rule for `*.blob.core.windows.net` is added.
   *
   * @default false
   */
  readonly azureBlob?: boolean;
  /**
   * Confirms that a firewall this library does not manage (`ClusterEgress.firewall({ privateIp })`
   * or an existing network with "userDefinedRouting") allows the drivers' traffic: TCP 445 to
   * `Storage.<region>` for Azure Files, HTTPS to `*.blob.core.windows.net` (or your accounts'
   * names) for Azure Blob. Without it, turning a driver on there fails at synth: the mounts would
   * time out at runtime.
   *
   * @default false
   */
  readonly egressAllowedByYourFirewall?: boolean;
}

/** Entra ID (AKS-managed) integration of the cluster. */
export interface EntraIdOptions {
  /** Entra tenant id of the cluster's users (AKS-IAM-01). */
  readonly tenantId: string;
  /**
   * Object ids of the Entra groups that get cluster-admin (AKS-IAM-02). At least one: with local
   * accounts disabled (AKS-IAM-05) they are the only break-glass path. Use PIM for membership.
   */
  readonly adminGroupObjectIds: string[];
  /**
   * Authorize Kubernetes API calls with Azure RBAC role assignments (namespace-scoped for tenants).
   * `false` falls back to Kubernetes RBAC bindings only, weaker than AKS-IAM-04: the baseline refuses
   * it at synth unless `SecurityBaseline.suppress(cluster, "AKS-IAM-04", reason)` accepts it.
   *
   * @default true (AKS-IAM-04)
   */
  readonly azureRbacEnabled?: boolean;
}

/** An existing network the cluster joins (when you do not pass a ClusterNetwork). */
export interface ExistingClusterNetworkOptions {
  /** Resource id of the subnet of the nodes (azurerm_subnet.id). */
  readonly nodeSubnetId: string;
  /**
   * How nodes reach the internet. Only explicit egress is offered: a firewall through a route table
   * on the node subnet (0.0.0.0/0 → firewall) or a NAT gateway associated with the node subnet;
   * never the implicit load-balancer SNAT (AKS-NET-07). The route table / NAT association must exist
   * before the cluster: pass it in `egressDependencies`.
   */
  readonly outboundType: "userDefinedRouting" | "userAssignedNATGateway";
  /**
   * Resource id of the delegated subnet for API-server VNet integration: in the nodes' VNet, and
   * not the node subnet itself (AKS delegates it to Microsoft.ContainerService/managedClusters).
   *
   * @default - none (required only with ApiServerAccess.vnetIntegration() without a subnetId)
   */
  readonly apiServerSubnetId?: string;
  /**
   * Resource id of the VNet of the subnets (Network Contributor scope when a BYO or created private
   * DNS zone or custom DNS servers are used); must be the VNet of nodeSubnetId.
   *
   * @default - derived from nodeSubnetId
   */
  readonly virtualNetworkId?: string;
  /**
   * Address space of the VNet, checked for overlap with the pod and service CIDRs.
   *
   * @default - not checked
   */
  readonly addressSpace?: string[];
  /**
   * Resources the cluster must wait for (route-table or NAT-gateway subnet associations).
   *
   * @default - none
   */
  readonly egressDependencies?: ITerraformDependable[];
  /**
   * Custom DNS servers the VNet uses (its `dns_servers`), e.g. a hub DNS forwarder. They decide
   * how the private API server is resolved: with custom DNS a private cluster needs a zone linked
   * to the resolver's VNet instead of "System", and the control-plane identity gets Network
   * Contributor on the VNet (private-clusters.md, "Hub and spoke with custom DNS").
   *
   * @default - Azure-provided DNS (168.63.129.16)
   */
  readonly dnsServers?: string[];
}

/** etcd encryption with a customer-managed Key Vault key (AKS-DAT-01). */
export interface KeyManagementServiceOptions {
  /** Versioned Key Vault key id (https://<vault>.vault.azure.net/keys/<name>/<version>). */
  readonly keyVaultKeyId: string;
  /**
   * How the API server reaches the vault, exactly "Private" or "Public" (the provider compares
   * case-sensitively). "Private" needs API-server VNet integration (ApiServerAccess.vnetIntegration())
   * and a vault with a private endpoint.
   *
   * @default "Private" (AKS-DAT-01: the vault needs no public network access)
   */
  readonly keyVaultNetworkAccess?: "Private" | "Public";
  /**
   * Resource id of the vault (azurerm_key_vault.id, not its URI). When given, the control-plane
   * identity gets "Key Vault Crypto User" on it and the cluster depends on that assignment.
   *
   * @default - no assignment (grant it yourself before the cluster is created)
   */
  readonly keyVaultId?: string;
}

/** A weekly maintenance window. */
export interface MaintenanceWindowOptions {
  /**
   * Day of the week.
   *
   * @default "Sunday" for Kubernetes upgrades, "Saturday" for node-image upgrades
   */
  readonly dayOfWeek?: "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday";
  /**
   * Start time, "HH:MM".
   *
   * @default "00:00"
   */
  readonly startTime?: string;
  /**
   * UTC offset of startTime, "+HH:MM" or "-HH:MM".
   *
   * @default "+00:00"
   */
  readonly utcOffset?: string;
  /**
   * Length in hours (AKS requires at least 4).
   *
   * @default 4
   */
  readonly durationHours?: number;
}

/** Options of {@link SecureCluster.kubernetesProvider}. */
export interface KubernetesProviderOptions {
  /**
   * kubelogin login mode, and what the process running Terraform needs:
   * - "azurecli": a logged-in `az` CLI (`az login`); nothing else.
   * - "spn": AAD_SERVICE_PRINCIPAL_CLIENT_ID and AAD_SERVICE_PRINCIPAL_CLIENT_SECRET (or
   *   AZURE_CLIENT_ID and AZURE_CLIENT_SECRET); the tenant id is passed as --tenant-id.
   * - "msi": a managed identity on the runner; AZURE_CLIENT_ID selects a user-assigned one.
   * - "workloadidentity": AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE and
   *   AZURE_AUTHORITY_HOST (set by the workload-identity webhook or your CI's OIDC federation).
   *
   * @default "azurecli"
   */
  readonly login?: "azurecli" | "spn" | "msi" | "workloadidentity";
  /**
   * Provider alias (needed when a stack has several kubernetes providers).
   *
   * @default - no alias
   */
  readonly alias?: string;
}

/** Props of {@link SecureCluster}. */
export interface SecureClusterProps {
  /** Resource group of the cluster and the resources it creates. */
  readonly resourceGroupName: string;
  /** Azure region, e.g. "westeurope". */
  readonly location: string;
  /**
   * Cluster name: 1-63 letters, digits, '-' and '_', starting and ending with a letter or digit.
   * ForceNew.
   */
  readonly clusterName: string;
  /**
   * DNS prefix of the API server FQDN: 1-54 letters, digits and '-', starting with a letter and
   * ending with a letter or digit. ForceNew.
   *
   * @default - the cluster name with '_' replaced by '-'
   */
  readonly dnsPrefix?: string;
  /**
   * Kubernetes version: "MAJOR.MINOR" (recommended) or "MAJOR.MINOR.PATCH" of a minor AKS lets you
   * create today, or `KubernetesVersion.latestSupported()` to follow AKS instead of pinning.
   *
   * A literal minor is checked against AKS's release calendar (lib/cluster/kubernetes-versions.ts,
   * read from Microsoft's "Supported Kubernetes versions in AKS"): a minor past its end of life
   * fails at synth, because AKS creates no new cluster on it ("Cluster creation: Not supported"
   * during platform support), unless the cluster runs under long-term support (`skuTier:
   * "Premium"` and `supportPlan: "AKSLongTermSupport"`), which keeps it creatable until its LTS
   * end. A minor whose support ends within 90 days of the synth date synthesizes with a warning.
   *
   * With "MAJOR.MINOR" and the patch channel (AKS-CLU-02) AKS moves patches without changing this
   * attribute, so there is no drift. Three cases make auto-upgrade move the version away from the
   * value written here, so the cluster (`kubernetes_version`, `default_node_pool[0].orchestrator_version`)
   * and every pool (`orchestrator_version`) ignore later changes of it (`lifecycle.ignore_changes`):
   * a patch version, `KubernetesVersion.latestSupported()` (a full version resolved at plan time),
   * and `automaticUpgradeChannel: "stable"`, which also moves the minor version (without the
   * ignore, Terraform would plan a downgrade after every auto-upgrade). In these cases this value
   * is only the version the cluster is created with; upgrade further with the channel or `az aks upgrade`.
   */
  readonly kubernetesVersion: string | KubernetesVersion;
  /**
   * AKS support plan. "AKSLongTermSupport" (needs `skuTier: "Premium"`) adds a year of security
   * fixes after a minor's community end of life and keeps that minor creatable until its LTS end
   * (Microsoft Learn, long-term-support.md: "Enabling LTS requires moving your cluster to the
   * Premium tier and explicitly selecting the LTS support plan").
   *
   * @default - not set: AKS's "KubernetesOfficial" plan (community support, the secure choice as
   * long as the pinned minor is supported; the calendar check enforces that)
   */
  readonly supportPlan?: "KubernetesOfficial" | "AKSLongTermSupport";
  /** Entra ID integration (AKS-IAM-01, -02, -04). Local accounts are always disabled (AKS-IAM-05). */
  readonly entraId: EntraIdOptions;
  /**
   * How the API server is reached. For tenant stacks applied from a runner outside the cluster VNet,
   * `ApiServerAccess.privateCluster({ createPrivateDnsZone: { linkedVirtualNetworkIds } })` creates
   * the API server's zone and links it to the runner's (peered) VNet. "System" stays the default:
   * `private_dns_zone_id` is ForceNew, so a new default would replace existing clusters.
   *
   * @default ApiServerAccess.privateCluster() with the "System" DNS zone (AKS-NET-01)
   */
  readonly apiServerAccess?: ApiServerAccess;
  /**
   * The network built by ClusterNetwork. Exactly one of `network` and `existingNetwork`.
   *
   * @default - none
   */
  readonly network?: ClusterNetworkInfo;
  /**
   * An existing network (subnet ids and egress type). Exactly one of `network` and `existingNetwork`.
   *
   * @default - none
   */
  readonly existingNetwork?: ExistingClusterNetworkOptions;
  /**
   * Pod CIDR of Azure CNI overlay (AKS-NET-04). Each node takes a /24 of it, so it must be a /24 or
   * larger; it must not overlap the VNet, the service CIDR or the ranges AKS reserves
   * (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24). A range outside RFC 1918 / RFC 6598
   * is accepted with a warning: AKS does not block it but it is outside Microsoft's support, and
   * pods could no longer reach the real public addresses it covers.
   *
   * @default "192.168.0.0/16" (RFC 1918, room for 256 nodes)
   */
  readonly podCidr?: string;
  /**
   * Service CIDR: /12 (Kubernetes' largest IPv4 service range) to /24; must not overlap the VNet,
   * the pod CIDR or the AKS-reserved ranges. Outside RFC 1918 / RFC 6598 it is accepted with a
   * warning (see podCidr).
   *
   * @default "172.16.0.0/16" (RFC 1918; cluster-internal, so it can be reused across clusters)
   */
  readonly serviceCidr?: string;
  /**
   * Cluster DNS service IP, inside the service CIDR, not its network address, its first address
   * (the `kubernetes` service) or its last (broadcast) address.
   *
   * @default the tenth address of serviceCidr ("172.16.0.10")
   */
  readonly dnsServiceIp?: string;
  /**
   * Pricing tier. "Free" has no uptime SLA and a smaller control plane, weaker than AKS-CLU-07: the
   * baseline refuses it at synth unless `SecurityBaseline.suppress(cluster, "AKS-CLU-07", reason)`
   * accepts it (e.g. for a dev cluster).
   *
   * @default "Standard" (AKS-CLU-07)
   */
  readonly skuTier?: "Free" | "Standard" | "Premium";
  /**
   * The system (default) pool. It runs critical add-ons only (AKS-CLU-05).
   *
   * @default - Standard_D4ds_v5, 3-6 nodes, zones 1-3, ephemeral 128 GiB OS disk, 110 pods
   */
  readonly systemNodePool?: NodePoolOptions;
  /**
   * The default user pool where workloads run (the system pool takes none). Errors about it name
   * the prop as `userNodePool.<field>`.
   *
   * @default - name "user", Standard_D4ds_v5, 3-6 nodes, zones 1-3, ephemeral 128 GiB OS disk
   */
  readonly userNodePool?: Partial<SecureNodePoolProps>;
  /**
   * Existing Log Analytics workspace for control-plane logs and Container Insights: its resource id
   * (azurerm_log_analytics_workspace.id), not its workspace GUID.
   *
   * @default - a workspace "log-<clusterName>" is created (local authentication off, 90-day
   * retention; AKS-LOG-01/02). A name over Azure's 63 characters is shortened and gets an 8-character
   * hash of the cluster name, so it stays valid and stable.
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Region of the existing workspace (the Container Insights data collection rule must be in it).
   *
   * @default - the cluster's location
   */
  readonly logAnalyticsWorkspaceLocation?: string;
  /**
   * Retention of the created workspace, 30-730 days.
   *
   * @default 90 (audit logs kept long enough for an incident investigation; AKS-LOG-01)
   */
  readonly logRetentionInDays?: number;
  /**
   * Control-plane log categories in addition to kube-audit-admin and guard (always on, AKS-LOG-01),
   * kube-controller-manager and cluster-autoscaler (on by default: node and controller actions
   * during an incident, at low volume). "kube-audit" adds reads (costly); "kube-apiserver" and
   * "kube-scheduler" are verbose and rarely security-relevant. A token for the whole list (e.g. a
   * `list(string)` variable) becomes a `dynamic "enabled_log"` block next to the fixed ones; its
   * values are checked by Azure at apply, not here.
   *
   * @default []
   */
  readonly additionalLogCategories?: string[];
  /**
   * Kubernetes auto-upgrade channel. "patch" keeps the minor version of `kubernetesVersion` and
   * applies its patches. "stable" also moves to newer minor versions (N-1), so the cluster and its
   * pools then ignore changes of `kubernetes_version` / `orchestrator_version`: `kubernetesVersion`
   * is only the version the cluster is created with (see there).
   *
   * @default "patch" (AKS-CLU-02: patches arrive automatically, minor upgrades stay a reviewed change)
   */
  readonly automaticUpgradeChannel?: "patch" | "stable";
  /**
   * Node OS upgrade channel.
   *
   * @default "NodeImage" (AKS-CLU-03)
   */
  readonly nodeOsUpgradeChannel?: "NodeImage" | "SecurityPatch";
  /**
   * Window for Kubernetes auto-upgrades.
   *
   * @default - weekly, Sunday 00:00 UTC, 4 hours (AKS-CLU-02)
   */
  readonly autoUpgradeWindow?: MaintenanceWindowOptions;
  /**
   * Window for node OS upgrades.
   *
   * @default - weekly, Saturday 00:00 UTC, 4 hours (AKS-CLU-03)
   */
  readonly nodeOsUpgradeWindow?: MaintenanceWindowOptions;
  /**
   * Image Cleaner interval, 24-2160 hours (the provider default is 0).
   *
   * @default 168 (AKS-CLU-04)
   */
  readonly imageCleanerIntervalHours?: number;
  /**
   * Poll interval of the Key Vault secrets provider's rotation, e.g. "2m".
   *
   * @default "2m" (AKS-SEC-01)
   */
  readonly secretRotationInterval?: string;
  /**
   * etcd encryption with a customer-managed key (AKS-DAT-01).
   *
   * @default - platform-managed etcd encryption only
   */
  readonly keyManagementService?: KeyManagementServiceOptions;
  /**
   * Disk encryption set for customer-managed keys on OS and data disks (AKS-DAT-03). ForceNew. The
   * set's identity needs access to its key; the control-plane identity gets Reader on the set.
   *
   * @default - platform-managed keys
   */
  readonly diskEncryptionSetId?: string;
  /**
   * Storage CSI drivers beyond the Azure Disk driver and snapshot controller (always on).
   *
   * @default - Azure Files and Azure Blob drivers off (their mounts would need egress to storage
   * accounts through the firewall; turn one on only when a workload mounts such volumes)
   */
  readonly storageCsiDrivers?: StorageCsiDriverOptions;
  /**
   * Options of the cluster-wide Azure Policy guardrails.
   *
   * @default - see ClusterGuardrails
   */
  readonly guardrails?: Omit<ClusterGuardrailsProps, "clusterId">;
  /**
   * Tags of every resource created.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** The AKS first-party application id kubelogin requests tokens for. */
export const AKS_SERVER_APPLICATION_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

const CLUSTER_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/;
const DNS_PREFIX = /^[a-zA-Z]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/;
const VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/;
const PRIVATE_DNS_ZONE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i;
/** `[<subzone>.]privatelink.<region>.azmk8s.io`, or `private.` instead of `privatelink.` with VNet integration (private-clusters.md). */
const AKS_PRIVATE_ZONE = /^(([a-z0-9]([a-z0-9-]*[a-z0-9])?)\.)?(privatelink|private)\.([a-z0-9]+)\.azmk8s\.io$/;
/** "If you're specifying a subzone, there's a 32 character limit for the <subzone> name" (private-clusters.md). */
const MAX_SUBZONE_LENGTH = 32;
const DES_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/diskEncryptionSets\/[^/]+$/i;
const KEY_ID =
  /^https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)\/keys\/[a-zA-Z0-9-]+\/[0-9a-fA-F]{32}$/;
const ALWAYS_LOGS = ["kube-audit-admin", "guard", "kube-controller-manager", "cluster-autoscaler"];
const AKS_LOG_CATEGORIES = [
  "cloud-controller-manager",
  "cluster-autoscaler",
  "csi-azuredisk-controller",
  "csi-azurefile-controller",
  "csi-snapshot-controller",
  "fleet-mcs-controller-manager",
  "fleet-member-agent",
  "fleet-member-net-controller-manager",
  "guard",
  "kube-apiserver",
  "kube-audit",
  "kube-audit-admin",
  "kube-controller-manager",
  "kube-scheduler",
];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/**
 * Prefix length of the smallest service CIDR accepted: the range is cluster-internal and reusable
 * across clusters, so a /24 costs nothing, while a smaller one runs out of Service addresses.
 */
const SMALLEST_SERVICE_RANGE = 24;
/**
 * Prefix length of the largest service CIDR: kube-apiserver refuses IPv4 service ranges with more
 * than 20 host bits, and AKS documents the limit as /12.
 */
const LARGEST_SERVICE_RANGE = 12;

/**
 * `<prefix><name>` within `max` characters. A longer result keeps the start of the name and ends in
 * "-" and 8 hex characters of the name's SHA-256: valid for Azure, stable across runs, and distinct
 * for long names that share a prefix. A token name gets the same rule as a Terraform expression.
 */
function derivedName(prefix: string, name: string, max: number): string {
  const keep = max - prefix.length - 9;
  if (isUnresolved(name)) {
    const short = `${prefix}${Fn.substr(name, 0, keep)}-${Fn.substr(Fn.sha256(name), 0, 8)}`;
    return Fn.conditional(Op.lte(Fn.lengthOf(name), max - prefix.length), `${prefix}${name}`, short) as string;
  }
  if (prefix.length + name.length <= max) return `${prefix}${name}`;
  return `${prefix}${name.slice(0, keep)}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

/**
 * One AKS cluster with the AKS security baseline on by default (CONTROLS.md, owner SecureCluster):
 * private API server, Entra ID with Azure RBAC and no local accounts, workload identity, Azure CNI
 * overlay with Cilium, explicit egress, hardened node pools, automatic upgrades with maintenance
 * windows, Azure Policy with Pod Security guardrails, Key Vault secrets provider, control-plane
 * logs and Container Insights with managed-identity auth.
 */
export class SecureCluster extends Construct implements ISecureCluster {
  /** The cluster resource (escape hatch). */
  public readonly kubernetesCluster: KubernetesCluster;
  /** User-assigned control-plane identity (AKS-IAM-08). */
  public readonly controlPlaneIdentity: UserAssignedIdentity;
  /** Role assignments of the control-plane identity, in creation order (escape hatch). */
  public readonly roleAssignments: RoleAssignment[] = [];
  /** The created workspace; undefined when a workspace id was given. */
  public readonly logAnalyticsWorkspace?: LogAnalyticsWorkspace;
  /** Control-plane diagnostic setting (AKS-LOG-01). */
  public readonly diagnosticSetting: MonitorDiagnosticSetting;
  /** Container Insights data collection rule (AKS-LOG-02). */
  public readonly containerInsightsDataCollectionRule: MonitorDataCollectionRule;
  /** Association of the data collection rule with the cluster. */
  public readonly containerInsightsDataCollectionRuleAssociation: MonitorDataCollectionRuleAssociation;
  /** Cluster-wide Azure Policy guardrails. */
  public readonly guardrails: ClusterGuardrails;
  /** The default user pool. */
  public readonly userNodePool: SecureNodePool;
  /** Every user pool, including the default one. */
  public readonly nodePools: SecureNodePool[] = [];

  public readonly clusterId: string;
  public readonly clusterName: string;
  public readonly resourceGroupName: string;
  public readonly location: string;
  public readonly tenantId: string;
  public readonly oidcIssuerUrl: string;
  public readonly kubeletIdentityObjectId: string;
  public readonly azureRbacEnabled: boolean;
  public readonly logAnalyticsWorkspaceId: string;
  /** Resource group AKS creates for the nodes. */
  public readonly nodeResourceGroup: string;
  /** Private FQDN of the API server (private modes). */
  public readonly privateFqdn: string;
  /** Object id of the Key Vault secrets provider's add-on identity. */
  public readonly secretsProviderIdentityObjectId: string;
  /** Principal id of the control-plane identity. */
  public readonly controlPlanePrincipalId: string;
  /** Private-endpoint subnet of the ClusterNetwork, when one was given. */
  public readonly privateEndpointSubnetId?: string;
  /** VNet of the cluster, when known. */
  public readonly virtualNetworkId?: string;
  /** Node subnet of the cluster. */
  public readonly nodeSubnetId: string;
  /** The API-server access mode in effect. */
  public readonly apiServerAccess: ApiServerAccess;
  /** The API server's private DNS zone created with `createPrivateDnsZone`. */
  public readonly privateDnsZone?: PrivateDnsZone;
  /** Links of the created zone: the cluster VNet first, then `linkedVirtualNetworkIds` in order. */
  public readonly privateDnsZoneLinks: PrivateDnsZoneVirtualNetworkLink[] = [];
  /** `private_dns_zone_id` of the cluster: "System", a given zone id or the created zone's id (private modes). */
  public readonly privateDnsZoneId?: string;
  /** Rules of the network's egress firewall, when this library writes them (ClusterEgress.azureFirewall()). */
  public readonly firewallEgressRules?: IFirewallEgressRules;

  /**
   * Kubernetes version as given (MAJOR.MINOR or MAJOR.MINOR.PATCH), or the plan-time expression of
   * `KubernetesVersion.latestSupported()`; IsolatedNamespace pins Pod Security to its minor.
   */
  public readonly kubernetesVersion: string;
  /** The `azurerm_kubernetes_service_versions` data source of `KubernetesVersion.latestSupported()`. */
  public readonly kubernetesVersionsDataSource?: DataAzurermKubernetesServiceVersions;
  private readonly ignoreVersionChanges: boolean;
  private readonly tags?: Record<string, string>;
  /** Every node pool name and rotation name in use, so that no two pools can collide in AKS. */
  private readonly poolNames = new Map<string, { readonly prop: string; readonly path: string }>();

  /**
   * A cluster created elsewhere (another stack or repository), for the constructs that use a cluster:
   * IsolatedNamespace, AcrIntegration, KeyVaultCsi, DefenderPlan. It creates nothing by itself.
   */
  public static fromClusterAttributes(
    scope: Construct,
    id: string,
    attributes: SecureClusterAttributes,
  ): ISecureCluster {
    return new ImportedCluster(scope, id, attributes);
  }

  constructor(scope: Construct, id: string, props: SecureClusterProps) {
    super(scope, id);
    // Every stack holding our constructs is checked against the baseline at synth.
    SecurityBaseline.apply(this);
    this.validateNames(props);
    claimClusterName(this, props.resourceGroupName, props.clusterName);
    const upgradeChannel = props.automaticUpgradeChannel ?? "patch";
    if (!isUnresolved(upgradeChannel) && !["patch", "stable"].includes(upgradeChannel)) {
      invalidProp(
        this,
        "automaticUpgradeChannel",
        upgradeChannel,
        "is not a supported channel",
        'use "patch" or "stable"',
      );
    }
    const requested = props.kubernetesVersion;
    if (requested instanceof KubernetesVersion) {
      const bound = requested.bind(this, props.location);
      this.kubernetesVersionsDataSource = bound.dataSource;
      this.kubernetesVersion = bound.version;
    } else {
      this.kubernetesVersion = requested;
    }
    // Auto-upgrade moves a patch-pinned or plan-time version, and "stable" moves the minor version too.
    this.ignoreVersionChanges =
      requested instanceof KubernetesVersion ||
      (!isUnresolved(requested) && requested.split(".").length === 3) ||
      upgradeChannel === "stable";
    requireTags(this, "tags", props.tags);
    this.tags = props.tags;
    this.validateEntra(props.entraId);

    // Network: exactly one source.
    if ((props.network === undefined) === (props.existingNetwork === undefined)) {
      invalidProp(
        this,
        "network",
        props.network === undefined ? undefined : "ClusterNetwork",
        "exactly one of network and existingNetwork must be given",
        "pass a ClusterNetwork as network, or existing subnet ids and the outbound type as existingNetwork",
      );
    }
    const net = props.network;
    const existing = props.existingNetwork;
    this.nodeSubnetId = net ? net.nodeSubnetId : existing!.nodeSubnetId;
    const outboundType = net ? net.outboundType : existing!.outboundType;
    if (!isUnresolved(outboundType) && !["userDefinedRouting", "userAssignedNATGateway"].includes(outboundType)) {
      invalidProp(
        this,
        net ? "network.outboundType" : "existingNetwork.outboundType",
        outboundType,
        "is not an explicit egress path",
        'use "userDefinedRouting" (firewall) or "userAssignedNATGateway"',
      );
    }
    const apiServerSubnetId = net ? net.apiServerSubnetId : existing!.apiServerSubnetId;
    this.virtualNetworkId = net ? net.virtualNetworkId : existing!.virtualNetworkId;
    this.privateEndpointSubnetId = net ? net.privateEndpointSubnetId : undefined;
    const egressDependencies = net ? net.egressDependencies : (existing!.egressDependencies ?? []);
    this.firewallEgressRules = net?.firewallEgressRules;
    const storageDrivers = this.storageDrivers(props.storageCsiDrivers ?? {}, outboundType);
    if (existing) this.validateExistingNetwork(existing);
    if (
      net?.location !== undefined &&
      !isUnresolved(net.location) &&
      !isUnresolved(props.location) &&
      normalizeLocation(net.location) !== normalizeLocation(props.location)
    ) {
      invalidProp(
        this,
        "network",
        net.location,
        `is in region "${net.location}" but the cluster is in "${props.location}"; AKS needs its subnets in the cluster's region`,
        "create the ClusterNetwork with the cluster's location (or the cluster in the network's)",
      );
    }

    // API server access.
    const access = props.apiServerAccess ?? ApiServerAccess.privateCluster();
    this.apiServerAccess = access;
    const vnetSubnetId = access.mode === "vnetIntegration" ? (access.subnetId ?? apiServerSubnetId) : undefined;
    this.validateAccess(access, props.location, vnetSubnetId);
    const dnsServers = net ? net.dnsServers : existing!.dnsServers;
    this.validateCustomDns(
      access,
      props.location,
      dnsServers,
      net ? "network.dnsServers" : "existingNetwork.dnsServers",
    );
    // A list token may hold servers: treat it as custom DNS (the VNet-wide grant covers both cases).
    const customDns = dnsServers !== undefined && (isListToken(dnsServers) || dnsServers.length > 0);

    // Pod/service/DNS addressing.
    const podCidr = props.podCidr ?? "192.168.0.0/16";
    const serviceCidr = props.serviceCidr ?? "172.16.0.0/16";
    const dnsServiceIp = props.dnsServiceIp ?? this.defaultDnsIp(serviceCidr);
    this.validateAddressing(props, net, existing, podCidr, serviceCidr, dnsServiceIp);

    // Options that need validation.
    const kms = props.keyManagementService;
    const kmsAccess = kms?.keyVaultNetworkAccess ?? "Private";
    if (kms) {
      if (!isUnresolved(kms.keyVaultKeyId) && !KEY_ID.test(kms.keyVaultKeyId)) {
        invalidProp(
          this,
          "keyManagementService.keyVaultKeyId",
          kms.keyVaultKeyId,
          "is not a versioned Key Vault key id",
          "pass azurerm_key_vault_key.id (https://<vault>.vault.azure.net/keys/<name>/<version>)",
        );
      }
      // The provider's enum is case-sensitive; "private" would also slip past the check below.
      if (!isUnresolved(kmsAccess) && !["Private", "Public"].includes(kmsAccess)) {
        invalidProp(
          this,
          "keyManagementService.keyVaultNetworkAccess",
          kmsAccess,
          'is neither "Private" nor "Public"',
          'use "Private" (with API-server VNet integration) or "Public", spelled exactly so',
        );
      }
      requireResourceId(this, "keyManagementService.keyVaultId", kms.keyVaultId, KEY_VAULT_ID);
      if (kmsAccess === "Private" && access.mode !== "vnetIntegration") {
        invalidProp(
          this,
          "keyManagementService.keyVaultNetworkAccess",
          kmsAccess,
          "requires API-server VNet integration, which the cluster does not use",
          'use apiServerAccess: ApiServerAccess.vnetIntegration(), or keyVaultNetworkAccess "Public" for a vault reachable from the public network',
        );
      }
    }
    if (
      props.diskEncryptionSetId !== undefined &&
      !isUnresolved(props.diskEncryptionSetId) &&
      !DES_ID.test(props.diskEncryptionSetId)
    ) {
      invalidProp(
        this,
        "diskEncryptionSetId",
        props.diskEncryptionSetId,
        "is not a disk encryption set resource id",
        "pass azurerm_disk_encryption_set.id (/subscriptions/.../providers/Microsoft.Compute/diskEncryptionSets/<name>)",
      );
    }
    const imageCleanerIntervalHours = props.imageCleanerIntervalHours ?? 168;
    if (
      !isUnresolved(imageCleanerIntervalHours) &&
      (!Number.isInteger(imageCleanerIntervalHours) ||
        imageCleanerIntervalHours < 24 ||
        imageCleanerIntervalHours > 2160)
    ) {
      invalidProp(
        this,
        "imageCleanerIntervalHours",
        imageCleanerIntervalHours,
        "is outside 24-2160 hours",
        "use e.g. 168 (weekly)",
      );
    }
    const secretRotationInterval = props.secretRotationInterval ?? "2m";
    if (
      !isUnresolved(secretRotationInterval) &&
      (secretRotationInterval === "" || !/^([0-9]+h)?([0-9]+m)?([0-9]+s)?$/.test(secretRotationInterval))
    ) {
      invalidProp(this, "secretRotationInterval", secretRotationInterval, "is not a Go duration", 'use e.g. "2m"');
    }
    requireResourceId(this, "logAnalyticsWorkspaceId", props.logAnalyticsWorkspaceId, LOG_ANALYTICS_WORKSPACE_ID);
    if (props.logAnalyticsWorkspaceLocation !== undefined)
      requireLocation(this, "logAnalyticsWorkspaceLocation", props.logAnalyticsWorkspaceLocation);
    const logRetentionInDays = props.logRetentionInDays ?? 90;
    if (
      !isUnresolved(logRetentionInDays) &&
      (!Number.isInteger(logRetentionInDays) || logRetentionInDays < 30 || logRetentionInDays > 730)
    ) {
      invalidProp(this, "logRetentionInDays", logRetentionInDays, "is outside 30-730 days", "use e.g. 90");
    }
    const skuTier = props.skuTier ?? "Standard";
    if (!isUnresolved(skuTier) && !["Free", "Standard", "Premium"].includes(skuTier)) {
      invalidProp(this, "skuTier", skuTier, "is not an AKS tier", 'use "Standard"');
    }
    const nodeOsChannel = props.nodeOsUpgradeChannel ?? "NodeImage";
    if (!isUnresolved(nodeOsChannel) && !["NodeImage", "SecurityPatch"].includes(nodeOsChannel)) {
      invalidProp(
        this,
        "nodeOsUpgradeChannel",
        nodeOsChannel,
        "is not a patching channel",
        'use "NodeImage" or "SecurityPatch"',
      );
    }
    const autoUpgradeWindow = this.maintenanceWindow("autoUpgradeWindow", props.autoUpgradeWindow, "Sunday");
    const nodeOsWindow = this.maintenanceWindow("nodeOsUpgradeWindow", props.nodeOsUpgradeWindow, "Saturday");
    const logCategories = this.logCategories(props.additionalLogCategories ?? []);
    const systemPool = resolveNodePool(this, "systemNodePool", "system", props.systemNodePool ?? {});
    if (!isUnresolved(systemPool.minCount) && systemPool.minCount < 1) {
      invalidProp(
        this,
        "systemNodePool.minCount",
        systemPool.minCount,
        "leaves the system pool without nodes",
        "use at least 1 (3 for zone redundancy)",
      );
    }
    this.registerPoolNames(this, [
      { prop: "systemNodePool", name: "system" },
      { prop: "systemNodePool.temporaryNameForRotation", name: systemPool.temporaryNameForRotation },
    ]);

    this.clusterName = props.clusterName;
    this.resourceGroupName = props.resourceGroupName;
    this.location = props.location;
    this.tenantId = props.entraId.tenantId;
    this.azureRbacEnabled = props.entraId.azureRbacEnabled ?? true;

    // Control-plane identity and what it needs before the cluster exists.
    this.controlPlaneIdentity = new UserAssignedIdentity(this, "ControlPlaneIdentity", {
      // 3-128 characters: "id-" plus a cluster name of at most 63 always fits.
      name: `id-${props.clusterName}`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: props.tags,
    });
    this.controlPlanePrincipalId = this.controlPlaneIdentity.principalId;
    const clusterVnetId = this.virtualNetworkId ?? this.vnetIdFromSubnet(this.nodeSubnetId);
    if (access.createdPrivateDnsZone) {
      this.createApiServerZone(props, access.createdPrivateDnsZone, clusterVnetId);
    }
    this.privateDnsZoneId = this.privateDnsZone?.id ?? access.privateDnsZoneId;
    const byoZone =
      this.privateDnsZoneId !== undefined && this.privateDnsZoneId !== "System" ? this.privateDnsZoneId : undefined;
    if (byoZone) this.grant("PrivateDnsZoneContributor", byoZone, "Private DNS Zone Contributor");
    if (byoZone || customDns) {
      // AKS links the VNet to a BYO zone, and in a VNet with custom DNS it reconciles DNS on the
      // VNet itself: both need Network Contributor on the VNet, not only the subnet
      // (private-clusters.md, "Hub and spoke with custom DNS"; "Custom private DNS zone").
      this.grant("NetworkContributorVnet", clusterVnetId, "Network Contributor");
    } else {
      this.grant("NetworkContributorNodeSubnet", this.nodeSubnetId, "Network Contributor");
      if (vnetSubnetId) this.grant("NetworkContributorApiServerSubnet", vnetSubnetId, "Network Contributor");
    }
    if (kms?.keyVaultId) this.grant("KeyVaultCryptoUser", kms.keyVaultId, "Key Vault Crypto User");
    if (props.diskEncryptionSetId) this.grant("DiskEncryptionSetReader", props.diskEncryptionSetId, "Reader");

    if (props.logAnalyticsWorkspaceId === undefined) {
      this.logAnalyticsWorkspace = new LogAnalyticsWorkspace(this, "LogAnalytics", {
        // Workspace names allow no '_' and at most 63 characters (provider validate.LogAnalyticsWorkspaceName).
        name: derivedName(
          "log-",
          isUnresolved(props.clusterName)
            ? Fn.replace(props.clusterName, "_", "-")
            : props.clusterName.replace(/_/g, "-"),
          63,
        ),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        sku: "PerGB2018",
        retentionInDays: logRetentionInDays,
        // Ingestion and queries with Entra tokens only (Container Insights uses MSI auth).
        localAuthenticationEnabled: false,
        tags: props.tags,
      });
    }
    this.logAnalyticsWorkspaceId = props.logAnalyticsWorkspaceId ?? this.logAnalyticsWorkspace!.id;

    const entra = props.entraId;
    this.kubernetesCluster = new KubernetesCluster(this, "Resource", {
      name: props.clusterName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      dnsPrefix: props.dnsPrefix ?? props.clusterName.replace(/_/g, "-"),
      kubernetesVersion: this.kubernetesVersion,
      skuTier,
      supportPlan: props.supportPlan,
      identity: { type: "UserAssigned", identityIds: [this.controlPlaneIdentity.id] },
      // Identity and access (AKS-IAM-01..05, 09, 11).
      azureActiveDirectoryRoleBasedAccessControl: {
        tenantId: entra.tenantId,
        adminGroupObjectIds: entra.adminGroupObjectIds,
        azureRbacEnabled: this.azureRbacEnabled,
      },
      roleBasedAccessControlEnabled: true,
      localAccountDisabled: true,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      runCommandEnabled: false,
      // API server (AKS-NET-01..03).
      privateClusterEnabled: access.privateClusterEnabled,
      privateDnsZoneId: access.privateClusterEnabled ? this.privateDnsZoneId : undefined,
      privateClusterPublicFqdnEnabled: false,
      apiServerAccessProfile:
        access.mode === "private"
          ? undefined
          : {
              virtualNetworkIntegrationEnabled: access.mode === "vnetIntegration" ? true : undefined,
              subnetId: vnetSubnetId,
              authorizedIpRanges: access.authorizedIpRanges,
            },
      // Network (AKS-NET-04, 05, 07).
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataPlane: "cilium",
        networkPolicy: "cilium",
        podCidr,
        serviceCidr,
        dnsServiceIp,
        outboundType,
        loadBalancerSku: "standard",
      },
      httpApplicationRoutingEnabled: false,
      // System pool (AKS-CLU-05, NET-08, DAT-02, DAT-04).
      defaultNodePool: {
        name: "system",
        onlyCriticalAddonsEnabled: true,
        orchestratorVersion: this.kubernetesVersion,
        vmSize: systemPool.vmSize,
        vnetSubnetId: this.nodeSubnetId,
        zones: systemPool.zones,
        autoScalingEnabled: true,
        minCount: systemPool.minCount,
        maxCount: systemPool.maxCount,
        maxPods: systemPool.maxPods,
        osSku: "AzureLinux",
        osDiskType: systemPool.osDiskType,
        osDiskSizeGb: systemPool.osDiskSizeGb,
        hostEncryptionEnabled: true,
        nodePublicIpEnabled: false,
        temporaryNameForRotation: systemPool.temporaryNameForRotation,
        upgradeSettings: { maxSurge: systemPool.maxSurge, drainTimeoutInMinutes: systemPool.drainTimeoutInMinutes },
        tags: props.tags,
      },
      // Upgrades and hygiene (AKS-CLU-01..04).
      automaticUpgradeChannel: upgradeChannel,
      nodeOsUpgradeChannel: nodeOsChannel,
      maintenanceWindowAutoUpgrade: { frequency: "Weekly", interval: 1, ...autoUpgradeWindow },
      maintenanceWindowNodeOs: { frequency: "Weekly", interval: 1, ...nodeOsWindow },
      imageCleanerEnabled: true,
      imageCleanerIntervalHours,
      azurePolicyEnabled: true,
      // Secrets and data (AKS-SEC-01, DAT-01, DAT-03).
      keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval },
      keyManagementService: kms ? { keyVaultKeyId: kms.keyVaultKeyId, keyVaultNetworkAccess: kmsAccess } : undefined,
      diskEncryptionSetId: props.diskEncryptionSetId,
      // Disk driver and snapshot controller on (ARM only); file and blob drivers only when asked for.
      // A token switch passes through (its egress rule is added, as for a driver that is on).
      storageProfile: {
        diskDriverEnabled: true,
        snapshotControllerEnabled: true,
        fileDriverEnabled: isUnresolved(props.storageCsiDrivers?.azureFiles)
          ? props.storageCsiDrivers!.azureFiles
          : storageDrivers.includes("azureFilesCsi"),
        blobDriverEnabled: isUnresolved(props.storageCsiDrivers?.azureBlob)
          ? props.storageCsiDrivers!.azureBlob
          : storageDrivers.includes("azureBlobCsi"),
      },
      // Container Insights with managed-identity auth (AKS-LOG-02).
      omsAgent: { logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId, msiAuthForMonitoringEnabled: true },
      tags: props.tags,
      // The created zone's link to the cluster VNet exists before AKS reconciles the zone.
      dependsOn: [...this.roleAssignments, ...this.privateDnsZoneLinks.slice(0, 1), ...egressDependencies],
      lifecycle: {
        // The autoscaler owns node_count; a patch-pinned version is moved by the upgrade channel.
        ignoreChanges: this.ignoreVersionChanges
          ? ["default_node_pool[0].node_count", "kubernetes_version", "default_node_pool[0].orchestrator_version"]
          : ["default_node_pool[0].node_count"],
      },
    });

    const cluster = this.kubernetesCluster;
    this.clusterId = cluster.id;
    this.oidcIssuerUrl = cluster.oidcIssuerUrl;
    this.kubeletIdentityObjectId = cluster.kubeletIdentity.objectId;
    this.nodeResourceGroup = cluster.nodeResourceGroup;
    this.privateFqdn = cluster.privateFqdn;
    this.secretsProviderIdentityObjectId = cluster.keyVaultSecretsProvider.secretIdentity.get(0).objectId;

    // Control-plane logs (AKS-LOG-01), resource-specific tables.
    this.diagnosticSetting = new MonitorDiagnosticSetting(this, "ControlPlaneLogs", {
      name: "aks-control-plane-logs",
      targetResourceId: cluster.id,
      logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId,
      logAnalyticsDestinationType: "Dedicated",
      enabledLog: logCategories.fixed.map((category) => ({ category })),
    });
    if (logCategories.dynamic !== undefined) {
      // A list token cannot be expanded at synth: Terraform adds one block per extra category.
      this.diagnosticSetting.addOverride("dynamic.enabled_log", {
        for_each: Fn.setsubtract(logCategories.dynamic, ALWAYS_LOGS),
        content: { category: "${enabled_log.value}" },
      });
    }

    // MSI-auth Container Insights collects nothing until a data collection rule is associated
    // (the CLI creates one; ARM/Terraform must).
    this.containerInsightsDataCollectionRule = new MonitorDataCollectionRule(this, "ContainerInsightsRule", {
      // Data collection rule names allow at most 64 characters.
      name: derivedName("MSCI-", props.clusterName, 64),
      resourceGroupName: props.resourceGroupName,
      location: props.logAnalyticsWorkspaceLocation ?? props.location,
      description: "Container Insights data collection for the AKS cluster (AKS-LOG-02)",
      destinations: { logAnalytics: [{ name: "ciworkspace", workspaceResourceId: this.logAnalyticsWorkspaceId }] },
      dataFlow: [{ streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["ciworkspace"] }],
      dataSources: {
        extension: [
          {
            name: "ContainerInsightsExtension",
            extensionName: "ContainerInsights",
            streams: ["Microsoft-ContainerInsights-Group-Default"],
            extensionJson: JSON.stringify({
              dataCollectionSettings: { interval: "1m", namespaceFilteringMode: "Off", enableContainerLogV2: true },
            }),
          },
        ],
      },
      tags: props.tags,
    });
    this.containerInsightsDataCollectionRuleAssociation = new MonitorDataCollectionRuleAssociation(
      this,
      "ContainerInsightsAssociation",
      {
        name: "ContainerInsightsExtension",
        targetResourceId: cluster.id,
        dataCollectionRuleId: this.containerInsightsDataCollectionRule.id,
        description: "Deleting this association stops Container Insights data collection for the cluster.",
      },
    );

    this.guardrails = new ClusterGuardrails(this, "Guardrails", { ...props.guardrails, clusterId: cluster.id });

    // The network's firewall allows what the add-ons above need (AKS-NET-16) and logs to this
    // cluster's workspace unless the network names one (AKS-NET-15).
    this.allowAddOnEgress(["containerInsights", "azurePolicy", ...storageDrivers]);
    this.firewallEgressRules?.sendLogsTo(this.logAnalyticsWorkspaceId, this);

    this.userNodePool = this.createNodePool("UserPool", { name: "user", ...props.userNodePool }, "userNodePool");
  }

  /**
   * Lets the cluster's nodes reach what an add-on needs, through the network's firewall when this
   * library writes its rules (ClusterEgress.azureFirewall()); with any other egress the rules are
   * yours. DefenderPlan calls it with "defenderSensor" for the clusters it covers.
   */
  public allowAddOnEgress(needs: readonly ClusterEgressNeed[]): void {
    this.firewallEgressRules?.allowEgress(needs, this.location);
  }

  /** The storage CSI drivers to turn on, as egress needs; refuses drivers a foreign firewall would block. */
  private storageDrivers(options: StorageCsiDriverOptions, outboundType: string): ClusterEgressNeed[] {
    const drivers: ClusterEgressNeed[] = [];
    for (const [prop, need, traffic] of [
      ["azureFiles", "azureFilesCsi", "SMB (TCP 445) to Storage.<region>"],
      ["azureBlob", "azureBlobCsi", "HTTPS to *.blob.core.windows.net"],
    ] as const) {
      const on = options[prop];
      if (on === undefined || on === false) continue;
      if (!isUnresolved(on) && on !== true)
        invalidProp(this, `storageCsiDrivers.${prop}`, on, "is not a boolean", "use true or false");
      // A token switch is not judged (it may be off); a literal true behind a foreign firewall is.
      if (
        !isUnresolved(on) &&
        outboundType === "userDefinedRouting" &&
        this.firewallEgressRules === undefined &&
        options.egressAllowedByYourFirewall !== true
      ) {
        invalidProp(
          this,
          `storageCsiDrivers.${prop}`,
          on,
          `turns on a driver whose mounts need ${traffic}, but the cluster egresses through a firewall whose rules this library does not write, so they would time out at runtime`,
          `allow ${traffic} from the node subnet on your firewall and set storageCsiDrivers.egressAllowedByYourFirewall = true, or use ClusterNetwork with ClusterEgress.azureFirewall() (the rule is then added for you)`,
        );
      }
      drivers.push(need);
    }
    return drivers;
  }

  /**
   * Adds a hardened user node pool (AKS-NS-05 taints/labels for tenants). Errors name its props as
   * `addNodePool(<id>).<field>`. Its name and rotation name must differ from every other pool's name
   * and rotation name in the cluster (including the system pool's "system" and "systemtmp").
   */
  public addNodePool(id: string, props: SecureNodePoolProps): SecureNodePool {
    return this.createNodePool(id, props, `addNodePool(${id})`);
  }

  private createNodePool(id: string, props: SecureNodePoolProps, propPrefix: string): SecureNodePool {
    const pool = new SecureNodePool(
      this,
      id,
      {
        clusterId: this.clusterId,
        kubernetesVersion: this.kubernetesVersion,
        ignoreVersionChanges: this.ignoreVersionChanges,
        nodeSubnetId: this.nodeSubnetId,
        tags: this.tags,
        propPrefix,
        registerPoolNames: (scope, names) => this.registerPoolNames(scope, names),
      },
      props,
    );
    this.nodePools.push(pool);
    return pool;
  }

  /**
   * Reserves pool and rotation names. AKS needs every pool name unique in the cluster, and a
   * rotation creates a pool under the temporary name, so that name must be free too.
   */
  private registerPoolNames(
    scope: IConstruct,
    names: ReadonlyArray<{ readonly prop: string; readonly name: string }>,
  ): void {
    for (const { prop, name } of names) {
      if (isUnresolved(name)) continue;
      const taken = this.poolNames.get(name);
      if (taken) {
        const isRotation = prop.endsWith("temporaryNameForRotation");
        invalidProp(
          scope,
          prop,
          name,
          `is already used by ${taken.prop} (${taken.path}); AKS pool names and the temporary names used while a pool rotates must all be distinct in a cluster`,
          isRotation
            ? "set temporaryNameForRotation to a name no other pool uses"
            : "choose a name no other pool uses as its name or temporaryNameForRotation",
        );
      }
    }
    for (const { prop, name } of names)
      if (!isUnresolved(name)) this.poolNames.set(name, { prop, path: scope.node.path });
  }

  /** Registers a tenant namespace for the PSS restricted assignment (AKS-POD-03). */
  public registerTenantNamespace(namespace: string): void {
    this.guardrails.registerTenantNamespace(namespace);
  }

  /** Names of the node pools known at synth: "system" and every literal user pool name. */
  public get nodePoolNames(): string[] {
    return ["system", ...this.nodePools.map((pool) => pool.poolName).filter((name) => !isUnresolved(name))];
  }

  /**
   * Turns on rotation of the Key Vault secrets provider (AKS-SEC-01). The cluster already sets it;
   * this keeps a changed escape hatch (`kubernetesCluster.putKeyVaultSecretsProvider`) honest when a
   * construct that mounts secrets relies on it.
   */
  public requireSecretRotation(_requester: IConstruct): void {
    const current = this.kubernetesCluster.keyVaultSecretsProviderInput;
    if (current?.secretRotationEnabled === true) return;
    this.kubernetesCluster.putKeyVaultSecretsProvider({
      secretRotationEnabled: true,
      secretRotationInterval: current?.secretRotationInterval ?? "2m",
    });
  }

  /**
   * A kubernetes provider for this cluster that authenticates with kubelogin (local accounts are
   * off, so `kube_admin_config` is empty; AKS-IAM-05). Host and CA come from `kube_config`. With a
   * private API server, Terraform must run inside the network.
   */
  public kubernetesProvider(scope: Construct, id: string, options: KubernetesProviderOptions = {}): KubernetesProvider {
    const login = options.login ?? "azurecli";
    if (!["azurecli", "spn", "msi", "workloadidentity"].includes(login)) {
      invalidProp(
        this,
        "kubernetesProvider.login",
        login,
        "is not a kubelogin login mode",
        'use "azurecli", "spn", "msi" or "workloadidentity"',
      );
    }
    const args = ["get-token", "--login", login, "--server-id", AKS_SERVER_APPLICATION_ID];
    if (login === "spn") args.push("--tenant-id", this.tenantId);
    const kubeConfig = this.kubernetesCluster.kubeConfig.get(0);
    return new KubernetesProvider(scope, id, {
      alias: options.alias,
      host: kubeConfig.host,
      clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate),
      exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args }],
    });
  }

  /** The `<subzone>.privatelink.<region>.azmk8s.io` zone of `createPrivateDnsZone`, linked to the cluster VNet and the named VNets. */
  private createApiServerZone(
    props: SecureClusterProps,
    options: CreatedPrivateDnsZoneOptions,
    clusterVnetId: string,
  ): void {
    const region = isUnresolved(props.location)
      ? Fn.lower(Fn.replace(props.location, " ", ""))
      : normalizeLocation(props.location);
    const label = isUnresolved(props.clusterName)
      ? Fn.lower(Fn.replace(props.clusterName, "_", "-"))
      : props.clusterName.toLowerCase().replace(/_/g, "-");
    const subzone = options.subzone ?? derivedName("", label, MAX_SUBZONE_LENGTH);
    const zone = new PrivateDnsZone(this, "ApiServerPrivateDnsZone", {
      name: `${subzone}.privatelink.${region}.azmk8s.io`,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
    });
    (this as { privateDnsZone?: PrivateDnsZone }).privateDnsZone = zone;
    const link = (id: string, name: string, virtualNetworkId: string) =>
      new PrivateDnsZoneVirtualNetworkLink(this, id, {
        // Link names: 1-80 characters; one link per VNet and zone.
        name,
        resourceGroupName: props.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId,
        // Resolution only: nothing registers VM records in the API server's zone.
        registrationEnabled: false,
        tags: props.tags,
      });
    this.privateDnsZoneLinks.push(
      link("ApiServerZoneClusterLink", derivedName("link-", props.clusterName, 80), clusterVnetId),
    );
    const extra = options.linkedVirtualNetworkIds ?? [];
    if (isListToken(extra)) {
      // A list token has no elements at synth: one link per VNet at plan time, named after the VNet.
      const dynamicLink = link(
        "ApiServerZoneExtraLinks",
        'link-${element(split("/", each.value), 8)}',
        "${each.value}",
      );
      dynamicLink.addOverride("for_each", Fn.toset(extra));
      this.privateDnsZoneLinks.push(dynamicLink);
      return;
    }
    extra.forEach((vnetId, index) => {
      const vnetName = isUnresolved(vnetId) ? `vnet-${index}` : vnetId.split("/").pop()!;
      this.privateDnsZoneLinks.push(link(`ApiServerZoneLink${index}`, derivedName("link-", vnetName, 80), vnetId));
    });
  }

  private grant(id: string, scope: string, roleDefinitionName: string): void {
    this.roleAssignments.push(
      new RoleAssignment(this, id, {
        scope,
        roleDefinitionName,
        principalId: this.controlPlaneIdentity.principalId,
        principalType: "ServicePrincipal",
      }),
    );
  }

  private vnetIdFromSubnet(subnetId: string): string {
    if (!isUnresolved(subnetId)) return subnetId.replace(/\/subnets\/[^/]+$/i, "");
    return Fn.join("/", Fn.slice(Fn.split("/", subnetId), 0, 9));
  }

  private validateNames(props: SecureClusterProps): void {
    if (!isUnresolved(props.clusterName) && !CLUSTER_NAME.test(props.clusterName)) {
      invalidProp(
        this,
        "clusterName",
        props.clusterName,
        "is not a valid AKS cluster name (1-63 letters, digits, '-' and '_', starting and ending with a letter or digit)",
        'use e.g. "aks-prod-weu-01"',
      );
    }
    const dnsPrefix =
      props.dnsPrefix ?? (isUnresolved(props.clusterName) ? undefined : props.clusterName.replace(/_/g, "-"));
    if (dnsPrefix !== undefined && !isUnresolved(dnsPrefix) && !DNS_PREFIX.test(dnsPrefix)) {
      invalidProp(
        this,
        "dnsPrefix",
        dnsPrefix,
        "is not a valid DNS prefix (1-54 letters, digits and '-', starting with a letter, ending with a letter or digit)",
        props.dnsPrefix === undefined
          ? "set dnsPrefix explicitly (the default is derived from clusterName)"
          : 'use e.g. "aks-prod-weu-01"',
      );
    }
    const supportPlan = props.supportPlan;
    if (
      supportPlan !== undefined &&
      !isUnresolved(supportPlan) &&
      !["KubernetesOfficial", "AKSLongTermSupport"].includes(supportPlan)
    ) {
      invalidProp(
        this,
        "supportPlan",
        supportPlan,
        "is not an AKS support plan",
        'use "KubernetesOfficial" or "AKSLongTermSupport" (with skuTier "Premium")',
      );
    }
    const tier = props.skuTier ?? "Standard";
    if (supportPlan === "AKSLongTermSupport" && !isUnresolved(tier) && tier !== "Premium") {
      invalidProp(
        this,
        "supportPlan",
        supportPlan,
        `needs the Premium tier, but skuTier is ${JSON.stringify(tier)}`,
        'set skuTier: "Premium" (long-term support is a Premium-tier feature)',
      );
    }
    const v = props.kubernetesVersion;
    if (typeof v === "string" && !isUnresolved(v)) this.validateKubernetesVersion(v, props);
    requireLocation(this, "location", props.location);
    requireResourceGroupName(this, "resourceGroupName", props.resourceGroupName);
  }

  /**
   * Syntax, then the AKS calendar: a minor past its (LTS) end of life cannot be created; one
   * ending within 90 days of the synth date warns.
   */
  private validateKubernetesVersion(v: string, props: SecureClusterProps): void {
    const full = VERSION.test(v ?? "") ? (v.split(".").length === 2 ? `${v}.0` : v) : undefined;
    if (!full || !semver.valid(full) || semver.major(full) !== 1) {
      invalidProp(
        this,
        "kubernetesVersion",
        v,
        "is not a Kubernetes version of the form MAJOR.MINOR or MAJOR.MINOR.PATCH",
        `use e.g. "${NEWEST_CALENDAR_MINOR}" (recommended: the patch channel then keeps patches current without drift)`,
      );
    }
    const minor = minorOf(v)!;
    const today = synthDate(this);
    const tier = props.skuTier ?? "Standard";
    const plan = props.supportPlan ?? "KubernetesOfficial";
    const lts = !isUnresolved(tier) && !isUnresolved(plan) && isLongTermSupport({ skuTier: tier, supportPlan: plan });
    const status = minorStatus(minor, today, lts);
    if (status.kind === "retired") {
      const supported = creatableMinors(today);
      const ltsMinors = longTermSupportMinors(today).filter((m) => !supported.includes(m));
      const ended = status.release
        ? `AKS support for ${minor} ended on ${status.lastDay}`
        : `${minor} is older than every minor on AKS's calendar`;
      const ltsHint =
        ltsMinors.length > 0 && !lts
          ? `; to stay on ${ltsMinors.join(" or ")}, use long-term support: skuTier "Premium" and supportPlan "AKSLongTermSupport"`
          : "";
      invalidProp(
        this,
        "kubernetesVersion",
        v,
        `cannot be created on AKS on ${today}: ${ended}${lts ? " (long-term support included)" : ""}, and AKS creates no new cluster on a retired minor (calendar read ${KUBERNETES_CALENDAR_READ_ON})`,
        `use a supported minor: ${supported.join(", ")}${ltsHint}; or KubernetesVersion.latestSupported()`,
      );
    }
    if (status.kind === "supported") warnEndOfLife(this, "kubernetesVersion", v, status, today);
  }

  private validateExistingNetwork(existing: ExistingClusterNetworkOptions): void {
    requireResourceId(this, "existingNetwork.nodeSubnetId", existing.nodeSubnetId, SUBNET_ID);
    requireResourceId(this, "existingNetwork.virtualNetworkId", existing.virtualNetworkId, VIRTUAL_NETWORK_ID);
    const node = existing.nodeSubnetId;
    const vnet = existing.virtualNetworkId;
    if (
      vnet !== undefined &&
      !isUnresolved(vnet) &&
      !isUnresolved(node) &&
      !sameResourceId(virtualNetworkOfSubnet(node), vnet)
    ) {
      invalidProp(
        this,
        "existingNetwork.virtualNetworkId",
        vnet,
        `is not the VNet of existingNetwork.nodeSubnetId (${virtualNetworkOfSubnet(node)})`,
        "pass the VNet that contains the node subnet, or leave virtualNetworkId unset to derive it",
      );
    }
    if (existing.apiServerSubnetId !== undefined)
      this.validateApiServerSubnet("existingNetwork.apiServerSubnetId", existing.apiServerSubnetId);
  }

  /** The API-server subnet must be its own delegated subnet in the nodes' VNet. */
  private validateApiServerSubnet(prop: string, subnetId: string): void {
    requireResourceId(this, prop, subnetId, SUBNET_ID);
    const node = this.nodeSubnetId;
    if (isUnresolved(subnetId) || isUnresolved(node)) return;
    if (sameResourceId(subnetId, node)) {
      invalidProp(
        this,
        prop,
        subnetId,
        "is the node subnet; API-server VNet integration needs its own subnet delegated to Microsoft.ContainerService/managedClusters (a delegated subnet cannot hold nodes)",
        "create a separate /28 (or larger) delegated subnet, e.g. with ClusterNetwork",
      );
    }
    if (!sameResourceId(virtualNetworkOfSubnet(subnetId), virtualNetworkOfSubnet(node))) {
      invalidProp(
        this,
        prop,
        subnetId,
        `is not in the VNet of the node subnet (${virtualNetworkOfSubnet(node)}); AKS projects the API server into the cluster's VNet`,
        "use a delegated subnet in the nodes' VNet",
      );
    }
  }

  private validateEntra(entra: EntraIdOptions): void {
    if (!entra) invalidProp(this, "entraId", entra, "is required", "pass { tenantId, adminGroupObjectIds }");
    requireUuid(this, "entraId.tenantId", entra.tenantId, "Entra tenant id");
    const groups = entra.adminGroupObjectIds;
    if (isListToken(groups)) return;
    if (!groups || groups.length === 0) {
      invalidProp(
        this,
        "entraId.adminGroupObjectIds",
        groups,
        "is empty, so nobody could administer the cluster once local accounts are off",
        "pass the object id of at least one Entra group (AKS-IAM-02)",
      );
    }
    const seen = new Map<string, number>();
    groups.forEach((group, index) => {
      if (isUnresolved(group)) return;
      if (!isUuid(group)) {
        invalidProp(
          this,
          "entraId.adminGroupObjectIds",
          group,
          "is not a UUID (group object id)",
          "pass the group's object id, e.g. from `az ad group show -g <name> --query id`",
        );
      }
      // Rejected rather than deduplicated: a repeated id usually stands where another group was meant.
      const first = seen.get(group.toLowerCase());
      if (first !== undefined) {
        invalidProp(
          this,
          `entraId.adminGroupObjectIds[${index}]`,
          group,
          `repeats entraId.adminGroupObjectIds[${first}] (object ids compare case-insensitively)`,
          "list each admin group once, and check whether another group was meant",
        );
      }
      seen.set(group.toLowerCase(), index);
    });
  }

  private validateAccess(access: ApiServerAccess, location: string, vnetSubnetId: string | undefined): void {
    const ranges = access.authorizedIpRanges;
    if (access.mode === "private" && ranges !== undefined) {
      invalidProp(
        this,
        "apiServerAccess.authorizedIpRanges",
        ranges,
        "cannot be used with a private API server without VNet integration (AKS rejects them; there is no public endpoint)",
        "drop the ranges, or use ApiServerAccess.vnetIntegration({ privateCluster: false, authorizedIpRanges }) or ApiServerAccess.publicWithAuthorizedRanges()",
      );
    }
    if (access.mode === "vnetIntegration" && access.privateClusterEnabled && ranges !== undefined) {
      invalidProp(
        this,
        "apiServerAccess.authorizedIpRanges",
        ranges,
        "apply only to a public endpoint, and this VNet-integrated API server is private",
        "drop the ranges, or set privateCluster: false",
      );
    }
    if (!access.privateClusterEnabled) {
      if (ranges === undefined || (!isUnresolved(ranges) && ranges.length === 0)) {
        invalidProp(
          this,
          "apiServerAccess.authorizedIpRanges",
          ranges ?? [],
          "is empty, which would leave the public API server open to the internet",
          "list the CIDRs of your admins, CI and the cluster's egress IP (AKS-NET-02)",
        );
      }
      if (!isUnresolved(ranges)) {
        if (ranges.length > 200)
          invalidProp(
            this,
            "apiServerAccess.authorizedIpRanges",
            ranges.length,
            "exceeds AKS's 200 ranges",
            "aggregate the ranges",
          );
        const blocks: Ipv4Block[] = [];
        for (const range of ranges) {
          if (isUnresolved(range)) continue;
          const block = requireIpv4Cidr(this, "apiServerAccess.authorizedIpRanges", range);
          if (block && block.prefixLength === 0) {
            invalidProp(
              this,
              "apiServerAccess.authorizedIpRanges",
              range,
              "allows the whole internet",
              "list specific CIDRs, or use a private API server",
            );
          }
          if (block) blocks.push(block);
        }
        // Split halves such as 0.0.0.0/1 + 128.0.0.0/1 open the endpoint just as 0.0.0.0/0 does.
        if (ipv4BlocksCoverEverything(blocks)) {
          invalidProp(
            this,
            "apiServerAccess.authorizedIpRanges",
            ranges,
            "together cover every IPv4 address, so they allow the whole internet",
            "list specific CIDRs, or use a private API server",
          );
        }
      }
    }
    if (access.mode === "vnetIntegration" && vnetSubnetId === undefined) {
      invalidProp(
        this,
        "apiServerAccess",
        "vnetIntegration",
        "has no API-server subnet",
        "pass subnetId to ApiServerAccess.vnetIntegration(), or existingNetwork.apiServerSubnetId, or a ClusterNetwork",
      );
    }
    if (access.subnetId !== undefined) this.validateApiServerSubnet("apiServerAccess.subnetId", access.subnetId);
    if (access.mode === "vnetIntegration" && !access.privateClusterEnabled && access.privateDnsZoneId !== undefined) {
      invalidProp(
        this,
        "apiServerAccess.privateDnsZoneId",
        access.privateDnsZoneId,
        "applies only to a private API server, and this VNet-integrated one is public (privateCluster: false), so the zone would be ignored",
        "drop privateDnsZoneId, or set privateCluster: true",
      );
    }
    const zone = access.privateDnsZoneId;
    if (zone !== undefined && zone !== "System" && !isUnresolved(zone)) {
      const m = PRIVATE_DNS_ZONE_ID.exec(zone);
      if (!m || !isUuid(m[1])) {
        invalidProp(
          this,
          "apiServerAccess.privateDnsZoneId",
          zone,
          'is neither "System" nor a private DNS zone resource id',
          'pass "System" or /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.<region>.azmk8s.io',
        );
      }
      const zm = AKS_PRIVATE_ZONE.exec(m[3].toLowerCase());
      const region = isUnresolved(location) ? undefined : normalizeLocation(location);
      const r = region ?? "<region>";
      const names =
        access.mode === "vnetIntegration"
          ? `(<subzone>.)privatelink.${r}.azmk8s.io or (<subzone>.)private.${r}.azmk8s.io`
          : `privatelink.${r}.azmk8s.io or <subzone>.privatelink.${r}.azmk8s.io`;
      if (!zm) {
        invalidProp(
          this,
          "apiServerAccess.privateDnsZoneId",
          zone,
          `names zone "${m[3]}", which is not an AKS private zone`,
          `use a zone named ${names}`,
        );
      }
      if (zm[4] === "private" && access.mode !== "vnetIntegration") {
        invalidProp(
          this,
          "apiServerAccess.privateDnsZoneId",
          zone,
          `names zone "${m[3]}"; AKS accepts private.<region>.azmk8s.io zones only with API-server VNet integration`,
          `use privatelink.${r}.azmk8s.io (or <subzone>.privatelink.${r}.azmk8s.io), or ApiServerAccess.vnetIntegration()`,
        );
      }
      if (zm[2] !== undefined && zm[2].length > MAX_SUBZONE_LENGTH) {
        invalidProp(
          this,
          "apiServerAccess.privateDnsZoneId",
          zone,
          `has a ${zm[2].length}-character subzone "${zm[2]}"; AKS allows at most ${MAX_SUBZONE_LENGTH}`,
          "shorten the subzone name",
        );
      }
      if (region !== undefined && zm[5] !== region) {
        invalidProp(
          this,
          "apiServerAccess.privateDnsZoneId",
          zone,
          `is for region "${zm[5]}" but the cluster is in "${region}"`,
          `use the ${zm[4]}.${region}.azmk8s.io zone`,
        );
      }
    }
    this.validateCreatedZone(access);
  }

  /** `createPrivateDnsZone`: private only, not with a given zone, linked VNets are VNet ids, each once and not the cluster's. */
  private validateCreatedZone(access: ApiServerAccess): void {
    const created = access.createdPrivateDnsZone;
    if (created === undefined) return;
    if (!access.privateClusterEnabled) {
      invalidProp(
        this,
        "apiServerAccess.createPrivateDnsZone",
        created,
        "applies only to a private API server, and this one is public",
        "drop createPrivateDnsZone, or keep the API server private",
      );
    }
    if (access.requestedPrivateDnsZoneId !== undefined) {
      invalidProp(
        this,
        "apiServerAccess.createPrivateDnsZone",
        created,
        `cannot be combined with privateDnsZoneId (${access.requestedPrivateDnsZoneId}): the cluster has one private zone`,
        "pass either privateDnsZoneId (a zone you manage) or createPrivateDnsZone (a zone this cluster creates)",
      );
    }
    const subzone = created.subzone;
    if (
      subzone !== undefined &&
      !isUnresolved(subzone) &&
      (subzone.length > MAX_SUBZONE_LENGTH || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(subzone))
    ) {
      invalidProp(
        this,
        "apiServerAccess.createPrivateDnsZone.subzone",
        subzone,
        `is not a DNS label of 1-${MAX_SUBZONE_LENGTH} lower-case letters, digits and '-' (AKS's subzone limit)`,
        'use e.g. "aks-prod-weu"',
      );
    }
    const links = created.linkedVirtualNetworkIds ?? [];
    if (isListToken(links)) return;
    const seen = new Map<string, number>();
    const clusterVnet =
      this.virtualNetworkId !== undefined && !isUnresolved(this.virtualNetworkId)
        ? this.virtualNetworkId
        : isUnresolved(this.nodeSubnetId)
          ? undefined
          : virtualNetworkOfSubnet(this.nodeSubnetId);
    links.forEach((vnet, index) => {
      const prop = `apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds[${index}]`;
      if (isUnresolved(vnet)) return;
      requireResourceId(this, prop, vnet, VIRTUAL_NETWORK_ID);
      const key = vnet.toLowerCase();
      if (seen.has(key)) {
        invalidProp(
          this,
          prop,
          vnet,
          `is already linked by linkedVirtualNetworkIds[${seen.get(key)}]; Azure links a VNet to a zone once`,
          "list each VNet once",
        );
      }
      if (clusterVnet !== undefined && sameResourceId(vnet, clusterVnet)) {
        invalidProp(
          this,
          prop,
          vnet,
          "is the cluster's own VNet, which the created zone is always linked to; a second link to it fails at apply",
          "list only other VNets (a hub resolver's or a runner's)",
        );
      }
      seen.set(key, index);
    });
  }

  /**
   * Custom DNS servers on the cluster VNet and a private API server on the "System" zone: AKS links
   * its zone to the spoke only, the custom resolver cannot resolve it, and Microsoft lists this
   * combination (public FQDN off) among none of its supported configurations
   * (private-clusters.md, "Hub and spoke with custom DNS for private AKS clusters").
   */
  private validateCustomDns(
    access: ApiServerAccess,
    location: string,
    dnsServers: string[] | undefined,
    prop: string,
  ): void {
    if (dnsServers === undefined || isListToken(dnsServers) || dnsServers.length === 0) return;
    const links = access.createdPrivateDnsZone?.linkedVirtualNetworkIds;
    if (access.createdPrivateDnsZone && (links === undefined || (!isListToken(links) && links.length === 0))) {
      // Not an error: the DNS servers may sit in the cluster VNet itself, which the zone is linked to.
      Annotations.of(this).addWarning(
        `[${this.node.path}] apiServerAccess.createPrivateDnsZone.linkedVirtualNetworkIds = []: ${prop} = ${JSON.stringify(dnsServers)} resolve the API server only if they run in the cluster VNet, the one VNet the created zone is linked to. Fix: list the resolver's VNet in linkedVirtualNetworkIds.`,
      );
    }
    if (!access.privateClusterEnabled || access.privateDnsZoneId !== "System") return;
    const region = isUnresolved(location) ? "<region>" : normalizeLocation(location);
    invalidProp(
      this,
      "apiServerAccess.privateDnsZoneId",
      "System",
      `cannot serve a private API server in a VNet with custom DNS servers (${prop} = ${JSON.stringify(dnsServers)}): AKS's own zone is linked only to the cluster VNet, so your resolver cannot answer for it, and Microsoft does not support the System zone with the public FQDN off in VNets with custom DNS`,
      `use a zone privatelink.${region}.azmk8s.io linked to the resolver's VNet: ApiServerAccess.privateCluster({ createPrivateDnsZone: { linkedVirtualNetworkIds: ["<resolver VNet id>"] } }), or privateDnsZoneId of such a zone you manage; your DNS servers forward privatelink.${region}.azmk8s.io to 168.63.129.16 from that VNet`,
    );
  }

  private defaultDnsIp(serviceCidr: string): string {
    if (isUnresolved(serviceCidr)) return Fn.cidrhost(serviceCidr, 10);
    const block = parseIpv4Cidr(serviceCidr);
    return block ? ipv4BlockAddress(block, 10) : "";
  }

  private validateAddressing(
    props: SecureClusterProps,
    net: ClusterNetworkInfo | undefined,
    existing: ExistingClusterNetworkOptions | undefined,
    podCidr: string,
    serviceCidr: string,
    dnsServiceIp: string,
  ): void {
    const pod = requireIpv4Cidr(this, "podCidr", podCidr);
    const service = requireIpv4Cidr(this, "serviceCidr", serviceCidr);
    if (pod) {
      requireOutsideAksReservedRanges(this, "podCidr", pod);
      if (pod.prefixLength > 24) {
        invalidProp(
          this,
          "podCidr",
          pod.cidr,
          "is smaller than a /24, but Azure CNI overlay gives every node a /24 of the pod CIDR",
          "use a /24 per node you may run, e.g. a /16 (256 nodes)",
        );
      }
    }
    if (service) {
      requireOutsideAksReservedRanges(this, "serviceCidr", service);
      if (service.prefixLength < LARGEST_SERVICE_RANGE) {
        invalidProp(
          this,
          "serviceCidr",
          service.cidr,
          "is larger than a /12, the largest service range Kubernetes and AKS accept",
          'use a /12 to /24, e.g. "172.16.0.0/16"',
        );
      }
      if (service.prefixLength > SMALLEST_SERVICE_RANGE) {
        invalidProp(
          this,
          "serviceCidr",
          service.cidr,
          "is smaller than a /24: every Service takes one address of it and AKS add-ons already take several, so it runs out",
          'use a /24 or larger; it is cluster-internal and can be reused across clusters, e.g. "172.16.0.0/16"',
        );
      }
    }
    for (const [prop, block] of [
      ["podCidr", pod],
      ["serviceCidr", service],
    ] as const) {
      if (block && !isNonPublicIpv4Block(block)) {
        Annotations.of(this).addWarning(
          `[${this.node.path}] ${prop} = ${JSON.stringify(block.cidr)} lies outside RFC 1918 and RFC 6598 space. AKS does not block it, but it is outside Microsoft's support scope, and pods cannot reach the public addresses it covers. Fix: use a private range such as 192.168.0.0/16 (pods) or 172.16.0.0/16 (services).`,
        );
      }
    }
    const blocks: NamedIpv4Block[] = [];
    const add = (prop: string, cidr: string | undefined) => {
      if (cidr === undefined || isUnresolved(cidr)) return;
      const block = parseIpv4Cidr(cidr);
      if (block) blocks.push({ prop, block });
    };
    if (net) {
      const space = net.addressSpace as unknown as string | string[];
      for (const cidr of Array.isArray(space) ? space : [space]) add("network.addressSpace", cidr);
      add("network.nodeSubnetCidr", net.nodeSubnetCidr);
      add("network.apiServerSubnetCidr", net.apiServerSubnetCidr);
      add("network.privateEndpointSubnetCidr", net.privateEndpointSubnetCidr);
    } else if (existing?.addressSpace && !isUnresolved(existing.addressSpace)) {
      for (const cidr of existing.addressSpace) {
        if (isUnresolved(cidr)) continue;
        const block = requireIpv4Cidr(this, "existingNetwork.addressSpace", cidr);
        if (block) requireOutsideAksReservedRanges(this, "existingNetwork.addressSpace", block);
        if (block) blocks.push({ prop: "existingNetwork.addressSpace", block });
      }
    }
    // Only pod/service against the network and each other; network blocks may nest.
    const clusterBlocks: NamedIpv4Block[] = [];
    if (pod) clusterBlocks.push({ prop: "podCidr", block: pod });
    if (service) clusterBlocks.push({ prop: "serviceCidr", block: service });
    // Network blocks nest (subnets inside the VNet), so compare pairwise with the cluster blocks only.
    for (const cb of clusterBlocks) for (const nb of blocks) requireDisjointIpv4Blocks(this, [nb, cb]);
    requireDisjointIpv4Blocks(this, clusterBlocks);
    this.validateDnsIp(props.dnsServiceIp === undefined ? "serviceCidr" : "dnsServiceIp", dnsServiceIp, service);
  }

  private validateDnsIp(prop: string, dnsServiceIp: string, service: Ipv4Block | undefined): void {
    if (isUnresolved(dnsServiceIp)) return;
    if (!isIpv4Address(dnsServiceIp)) {
      invalidProp(
        this,
        "dnsServiceIp",
        dnsServiceIp,
        "is not an IPv4 address",
        'use an address inside serviceCidr, e.g. "172.16.0.10"',
      );
    }
    if (!service) return;
    if (!ipv4BlockContainsAddress(service, dnsServiceIp)) {
      invalidProp(
        this,
        prop,
        dnsServiceIp,
        `is outside serviceCidr (${service.cidr})`,
        "pick an address inside serviceCidr, e.g. its tenth address",
      );
    }
    const reserved: Record<string, string> = {
      [service.network.toString()]: "the network address",
      [ipv4BlockAddress(service, 1)]: "the first address (the kubernetes service)",
      [ipv4BlockLastAddress(service)]: "the last (broadcast) address",
    };
    const role = reserved[dnsServiceIp];
    if (role) {
      invalidProp(
        this,
        prop,
        dnsServiceIp,
        `is ${role} of serviceCidr (${service.cidr})`,
        "use e.g. the tenth address of serviceCidr",
      );
    }
  }

  private maintenanceWindow(prop: string, w: MaintenanceWindowOptions | undefined, day: string) {
    const dayOfWeek = w?.dayOfWeek ?? day;
    const startTime = w?.startTime ?? "00:00";
    const utcOffset = w?.utcOffset ?? "+00:00";
    const duration = w?.durationHours ?? 4;
    if (!isUnresolved(dayOfWeek) && !DAYS.includes(dayOfWeek))
      invalidProp(this, `${prop}.dayOfWeek`, dayOfWeek, "is not a day of the week", 'use e.g. "Sunday"');
    if (!isUnresolved(startTime) && !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(startTime))
      invalidProp(this, `${prop}.startTime`, startTime, "is not HH:MM", 'use e.g. "00:00"');
    if (!isUnresolved(utcOffset) && !/^[+-](0[0-9]|1[0-4]):[0-5][0-9]$/.test(utcOffset))
      invalidProp(this, `${prop}.utcOffset`, utcOffset, "is not a UTC offset", 'use e.g. "+00:00" or "-05:00"');
    if (!isUnresolved(duration) && (!Number.isInteger(duration) || duration < 4 || duration > 24))
      invalidProp(
        this,
        `${prop}.durationHours`,
        duration,
        "is outside 4-24 hours (AKS needs at least 4)",
        "use e.g. 4",
      );
    return { dayOfWeek, startTime, utcOffset, duration };
  }

  /**
   * The categories known at synth, plus a list token whose categories Terraform adds. The token
   * case cannot be checked here (its values are unknown) and cannot be expanded into blocks at
   * synth, so it becomes a dynamic block.
   */
  private logCategories(additional: string[]): { fixed: string[]; dynamic?: string[] } {
    if (isListToken(additional)) return { fixed: [...ALWAYS_LOGS], dynamic: additional };
    for (const category of additional) {
      if (!isUnresolved(category) && !AKS_LOG_CATEGORIES.includes(category)) {
        invalidProp(
          this,
          "additionalLogCategories",
          category,
          "is not an AKS control-plane log category",
          `use one of ${AKS_LOG_CATEGORIES.join(", ")}`,
        );
      }
    }
    const all = [...ALWAYS_LOGS];
    for (const category of additional) if (!all.includes(category)) all.push(category);
    return { fixed: all };
  }
}
