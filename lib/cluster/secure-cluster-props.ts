import { ITerraformDependable } from "cdktf";
import { ApiServerAccess } from "./api-server-access";
import { ClusterGuardrailsProps } from "./cluster-guardrails";
import { KubernetesVersion } from "./kubernetes-version";
import { NodePoolOptions } from "./node-pool-options";
import { SecureNodePoolProps } from "./secure-node-pool";
import { IFirewallEgressRules } from "../network/cluster-egress";

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
