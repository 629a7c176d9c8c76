import { Construct, IConstruct } from "constructs";
import { Fn } from "cdktf";
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
import { ClusterBase } from "./cluster-base";
import { ImportedCluster, SecureClusterAttributes } from "./imported-cluster";
import { ApiServerAccess } from "./api-server-access";
import { ApiServerPrivateDnsZone } from "./api-server-private-dns-zone";
import { ClusterDiagnostics } from "./cluster-diagnostics";
import { ClusterGuardrails } from "./cluster-guardrails";
import { ClusterIdentity } from "./cluster-identity";
import { KubernetesProviderOptions, clusterKubernetesProvider } from "./cluster-kubernetes-provider";
import { KubernetesVersion } from "./kubernetes-version";
import { hardenedNodePoolAttributes } from "./node-pool-options";
import { resolveSecureClusterProps, versionMovesWithUpgrades } from "./resolve-secure-cluster-props";
import { SecureClusterProps } from "./secure-cluster-props";
import { SecureNodePool } from "./secure-node-pool";
import { isUnresolved } from "../util/validation";
import { virtualNetworkOfSubnet } from "../util/resource-ids";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ClusterEgressNeed, IFirewallEgressRules } from "../network/cluster-egress";

export * from "./secure-cluster-props";
export { AKS_SERVER_APPLICATION_ID } from "./cluster-kubernetes-provider";
export type { KubernetesProviderOptions } from "./cluster-kubernetes-provider";

/**
 * One AKS cluster with the AKS security baseline on by default (docs/controls.md, owner SecureCluster):
 * private API server, Entra ID with Azure RBAC and no local accounts, workload identity, Azure CNI
 * overlay with Cilium, explicit egress, hardened node pools, automatic upgrades with maintenance
 * windows, Azure Policy with Pod Security guardrails, Key Vault secrets provider, control-plane
 * logs and Container Insights with managed-identity auth.
 *
 * It builds the `azurerm_kubernetes_cluster` itself and composes the concerns around it, each
 * creating its resources with the cluster as their scope (their Terraform addresses never move):
 * the props are checked first (resolveSecureClusterProps), then the API server's private DNS zone
 * (ApiServerPrivateDnsZone), the control-plane identity and its grants (ClusterIdentity), logs
 * (ClusterDiagnostics), guardrails (ClusterGuardrails) and the default user pool (SecureNodePool).
 */
export class SecureCluster extends ClusterBase {
  /** The cluster resource (escape hatch). */
  public readonly kubernetesCluster: KubernetesCluster;
  /** The control-plane identity and its role assignments. */
  public readonly identity: ClusterIdentity;
  /** User-assigned control-plane identity (AKS-IAM-08). */
  public readonly controlPlaneIdentity: UserAssignedIdentity;
  /** Role assignments of the control-plane identity, in creation order (escape hatch). */
  public readonly roleAssignments: RoleAssignment[];
  /** Workspace, control-plane diagnostic setting and Container Insights (AKS-LOG-01/02). */
  public readonly diagnostics: ClusterDiagnostics;
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
  /** The API server's private DNS zone and its links, created with `createPrivateDnsZone`. */
  public readonly apiServerPrivateDnsZone?: ApiServerPrivateDnsZone;
  /** The API server's private DNS zone created with `createPrivateDnsZone`. */
  public readonly privateDnsZone?: PrivateDnsZone;
  /** Links of the created zone: the cluster VNet first, then `linkedVirtualNetworkIds` in order. */
  public readonly privateDnsZoneLinks: PrivateDnsZoneVirtualNetworkLink[];
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
    // Auto-upgrade moves a patch-pinned or plan-time version, and "stable" moves the minor version too.
    const ignoreVersionChanges = versionMovesWithUpgrades(props);
    super(scope, id, { ignoreVersionChanges, tags: props.tags, fixedPoolNames: ["system"] });
    // Every stack holding our constructs is checked against the baseline at synth.
    SecurityBaseline.apply(this);
    const resolved = resolveSecureClusterProps(this, props);
    const { network, apiServerAccess: access, systemNodePool: systemPool } = resolved;
    this.reserveNodePoolNames(this, [
      { prop: "systemNodePool", name: "system" },
      { prop: "systemNodePool.temporaryNameForRotation", name: systemPool.temporaryNameForRotation },
    ]);

    const requested = props.kubernetesVersion;
    if (requested instanceof KubernetesVersion) {
      const bound = requested.bind(this, props.location);
      this.kubernetesVersionsDataSource = bound.dataSource;
      this.kubernetesVersion = bound.version;
    } else {
      this.kubernetesVersion = requested;
    }
    this.clusterName = props.clusterName;
    this.resourceGroupName = props.resourceGroupName;
    this.location = props.location;
    this.tenantId = props.entraId.tenantId;
    this.azureRbacEnabled = resolved.azureRbacEnabled;
    this.nodeSubnetId = network.nodeSubnetId;
    this.virtualNetworkId = network.virtualNetworkId;
    this.privateEndpointSubnetId = network.privateEndpointSubnetId;
    this.firewallEgressRules = network.firewallEgressRules;
    this.apiServerAccess = access;

    // What the control plane needs before the cluster exists: the created zone and the cluster
    // VNet link, the identity and its grants.
    const clusterVnetId = this.virtualNetworkId ?? vnetIdFromSubnet(this.nodeSubnetId);
    if (access.createdPrivateDnsZone) {
      this.apiServerPrivateDnsZone = new ApiServerPrivateDnsZone(this, {
        ...access.createdPrivateDnsZone,
        clusterName: props.clusterName,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        clusterVirtualNetworkId: clusterVnetId,
        tags: props.tags,
      });
    }
    this.privateDnsZone = this.apiServerPrivateDnsZone?.privateDnsZone;
    this.privateDnsZoneLinks = this.apiServerPrivateDnsZone?.links ?? [];
    this.privateDnsZoneId = this.privateDnsZone?.id ?? access.privateDnsZoneId;
    this.identity = new ClusterIdentity(this, {
      clusterName: props.clusterName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: props.tags,
      nodeSubnetId: this.nodeSubnetId,
      apiServerSubnetId: resolved.apiServerSubnetId,
      virtualNetworkId: clusterVnetId,
      privateDnsZoneId: this.privateDnsZoneId,
      customDns: network.customDns,
      keyVaultId: props.keyManagementService?.keyVaultId,
      diskEncryptionSetId: props.diskEncryptionSetId,
    });
    this.controlPlaneIdentity = this.identity.controlPlaneIdentity;
    this.controlPlanePrincipalId = this.identity.principalId;
    this.roleAssignments = this.identity.roleAssignments;

    const entra = props.entraId;
    const kms = props.keyManagementService;
    const { podCidr, serviceCidr, dnsServiceIp } = resolved.addressing;
    this.kubernetesCluster = new KubernetesCluster(this, "Resource", {
      name: props.clusterName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      dnsPrefix: props.dnsPrefix ?? props.clusterName.replace(/_/g, "-"),
      kubernetesVersion: this.kubernetesVersion,
      skuTier: resolved.skuTier,
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
              subnetId: resolved.apiServerSubnetId,
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
        outboundType: network.outboundType,
        loadBalancerSku: "standard",
      },
      httpApplicationRoutingEnabled: false,
      // System pool (AKS-CLU-05): critical add-ons only, with the settings of every pool (NET-08, DAT-02, DAT-04).
      defaultNodePool: {
        name: "system",
        onlyCriticalAddonsEnabled: true,
        ...hardenedNodePoolAttributes(systemPool, {
          orchestratorVersion: this.kubernetesVersion,
          vnetSubnetId: this.nodeSubnetId,
        }),
        tags: props.tags,
      },
      // Upgrades and hygiene (AKS-CLU-01..04).
      automaticUpgradeChannel: resolved.automaticUpgradeChannel,
      nodeOsUpgradeChannel: resolved.nodeOsUpgradeChannel,
      maintenanceWindowAutoUpgrade: { frequency: "Weekly", interval: 1, ...resolved.autoUpgradeWindow },
      maintenanceWindowNodeOs: { frequency: "Weekly", interval: 1, ...resolved.nodeOsUpgradeWindow },
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: resolved.imageCleanerIntervalHours,
      azurePolicyEnabled: true,
      // Secrets and data (AKS-SEC-01, DAT-01, DAT-03).
      keyVaultSecretsProvider: {
        secretRotationEnabled: true,
        secretRotationInterval: resolved.secretRotationInterval,
      },
      keyManagementService: kms
        ? { keyVaultKeyId: kms.keyVaultKeyId, keyVaultNetworkAccess: resolved.keyVaultNetworkAccess }
        : undefined,
      diskEncryptionSetId: props.diskEncryptionSetId,
      // Disk driver and snapshot controller on (ARM only); file and blob drivers only when asked for.
      // A token switch passes through (its egress rule is added, as for a driver that is on).
      storageProfile: {
        diskDriverEnabled: true,
        snapshotControllerEnabled: true,
        fileDriverEnabled: isUnresolved(props.storageCsiDrivers?.azureFiles)
          ? props.storageCsiDrivers!.azureFiles
          : resolved.storageDrivers.includes("azureFilesCsi"),
        blobDriverEnabled: isUnresolved(props.storageCsiDrivers?.azureBlob)
          ? props.storageCsiDrivers!.azureBlob
          : resolved.storageDrivers.includes("azureBlobCsi"),
      },
      // Container Insights (oms_agent with managed-identity auth, AKS-LOG-02): ClusterDiagnostics below.
      tags: props.tags,
      // The created zone's link to the cluster VNet exists before AKS reconciles the zone.
      dependsOn: [...this.roleAssignments, ...this.privateDnsZoneLinks.slice(0, 1), ...network.egressDependencies],
      lifecycle: {
        // The autoscaler owns node_count; a patch-pinned version is moved by the upgrade channel.
        ignoreChanges: ignoreVersionChanges
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

    this.diagnostics = new ClusterDiagnostics(this, {
      cluster,
      clusterName: props.clusterName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logAnalyticsWorkspaceLocation: props.logAnalyticsWorkspaceLocation,
      logRetentionInDays: resolved.logRetentionInDays,
      logCategories: resolved.logCategories,
      tags: props.tags,
    });
    this.logAnalyticsWorkspace = this.diagnostics.logAnalyticsWorkspace;
    this.logAnalyticsWorkspaceId = this.diagnostics.logAnalyticsWorkspaceId;
    this.diagnosticSetting = this.diagnostics.diagnosticSetting;
    this.containerInsightsDataCollectionRule = this.diagnostics.containerInsightsDataCollectionRule;
    this.containerInsightsDataCollectionRuleAssociation =
      this.diagnostics.containerInsightsDataCollectionRuleAssociation;

    this.guardrails = new ClusterGuardrails(this, "Guardrails", { ...props.guardrails, clusterId: cluster.id });

    // The network's firewall allows what the add-ons above need (AKS-NET-16) and logs to this
    // cluster's workspace unless the network names one (AKS-NET-15).
    this.allowAddOnEgress(["containerInsights", "azurePolicy", ...resolved.storageDrivers]);
    this.firewallEgressRules?.sendLogsTo(this.logAnalyticsWorkspaceId, this);

    this.userNodePool = new SecureNodePool(this, "UserPool", {
      name: "user",
      ...props.userNodePool,
      cluster: this,
      propPrefix: "userNodePool",
    });
  }

  /**
   * Lets the cluster's nodes reach what an add-on needs, through the network's firewall when this
   * library writes its rules (ClusterEgress.azureFirewall()); with any other egress the rules are
   * yours. DefenderPlan calls it with "defenderSensor" for the clusters it covers.
   */
  public allowAddOnEgress(needs: readonly ClusterEgressNeed[]): void {
    this.firewallEgressRules?.allowEgress(needs, this.location);
  }

  /** Registers a tenant namespace for the PSS restricted assignment (AKS-POD-03). */
  public registerTenantNamespace(namespace: string): void {
    this.guardrails.registerTenantNamespace(namespace);
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
    return clusterKubernetesProvider(this, this, scope, id, options);
  }
}

/** The VNet of a subnet id; for a token, the Terraform expression that cuts it from the id. */
function vnetIdFromSubnet(subnetId: string): string {
  if (!isUnresolved(subnetId)) return virtualNetworkOfSubnet(subnetId);
  return Fn.join("/", Fn.slice(Fn.split("/", subnetId), 0, 9));
}
