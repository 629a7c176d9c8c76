import { IConstruct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { ApiServerAccess } from "./api-server-access";
import { requireApiServerSubnet, requireValidApiServerAccess } from "./api-server-access-checks";
import { ClusterAddressing, resolveClusterAddressing } from "./cluster-addressing";
import { ClusterLogCategories, resolveLogCategories } from "./cluster-diagnostics";
import { claimClusterName } from "./cluster-ownership";
import { KubernetesVersion } from "./kubernetes-version";
import { isLongTermSupport, requireCreatableKubernetesVersion } from "./kubernetes-versions";
import { ResolvedNodePool, resolveNodePool } from "./node-pool-options";
import {
  EntraIdOptions,
  ExistingClusterNetworkOptions,
  KeyManagementServiceOptions,
  MaintenanceWindowOptions,
  SecureClusterProps,
  StorageCsiDriverOptions,
} from "./secure-cluster-props";
import {
  invalidProp,
  isListToken,
  isUnresolved,
  isUuid,
  normalizeLocation,
  requireIntInRange,
  requireLocation,
  requireOneOf,
  requireResourceGroupName,
  requireTags,
  requireUuid,
  withResolved,
} from "../util/validation";
import {
  DISK_ENCRYPTION_SET_ID,
  KEY_VAULT_ID,
  LOG_ANALYTICS_WORKSPACE_ID,
  SUBNET_ID,
  VIRTUAL_NETWORK_ID,
  requireResourceId,
  sameResourceId,
  virtualNetworkOfSubnet,
} from "../util/resource-ids";
import { ClusterEgressNeed, IFirewallEgressRules } from "../network/cluster-egress";

const CLUSTER_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$/;
const DNS_PREFIX = /^[a-zA-Z]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/;
const KEY_ID =
  /^https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)\/keys\/[a-zA-Z0-9-]+\/[0-9a-fA-F]{32}$/;
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** The network of the cluster, from `network` or `existingNetwork`. */
export interface ResolvedClusterNetwork {
  readonly nodeSubnetId: string;
  readonly outboundType: "userDefinedRouting" | "userAssignedNATGateway";
  readonly apiServerSubnetId?: string;
  readonly virtualNetworkId?: string;
  readonly privateEndpointSubnetId?: string;
  readonly egressDependencies: ITerraformDependable[];
  readonly firewallEgressRules?: IFirewallEgressRules;
  /** True with custom DNS servers, or a list token that may hold some (the VNet-wide grant covers both). */
  readonly customDns: boolean;
}

/** A weekly maintenance window with its defaults applied. */
export interface ResolvedMaintenanceWindow {
  readonly dayOfWeek: string;
  readonly startTime: string;
  readonly utcOffset: string;
  readonly duration: number;
}

/** SecureClusterProps after every check, with the defaults applied. */
export interface ResolvedSecureClusterProps {
  readonly automaticUpgradeChannel: string;
  readonly azureRbacEnabled: boolean;
  readonly network: ResolvedClusterNetwork;
  /** The storage CSI drivers to turn on, as egress needs. */
  readonly storageDrivers: ClusterEgressNeed[];
  readonly apiServerAccess: ApiServerAccess;
  /** The delegated API-server subnet in effect (VNet integration only). */
  readonly apiServerSubnetId?: string;
  readonly addressing: ClusterAddressing;
  readonly keyVaultNetworkAccess: string;
  readonly imageCleanerIntervalHours: number;
  readonly secretRotationInterval: string;
  readonly logRetentionInDays: number;
  readonly skuTier: string;
  readonly nodeOsUpgradeChannel: string;
  readonly autoUpgradeWindow: ResolvedMaintenanceWindow;
  readonly nodeOsUpgradeWindow: ResolvedMaintenanceWindow;
  readonly logCategories: ClusterLogCategories;
  readonly systemNodePool: ResolvedNodePool;
}

/**
 * True when auto-upgrade moves the cluster's version away from the value written: a patch-pinned
 * or plan-time version, and the "stable" channel, which moves the minor version too.
 */
export function versionMovesWithUpgrades(props: SecureClusterProps): boolean {
  const requested = props.kubernetesVersion;
  return (
    requested instanceof KubernetesVersion ||
    (typeof requested === "string" && !isUnresolved(requested) && requested.split(".").length === 3) ||
    (props.automaticUpgradeChannel ?? "patch") === "stable"
  );
}

/**
 * Checks every prop of a SecureCluster (errors name `scope`, the cluster) and applies the defaults,
 * so that the cluster builds its resources from values that are known to be valid. Tokens are not
 * judged. Claims the cluster's name in the app (see claimClusterName).
 */
export function resolveSecureClusterProps(scope: IConstruct, props: SecureClusterProps): ResolvedSecureClusterProps {
  requireNames(scope, props);
  claimClusterName(scope, props.resourceGroupName, props.clusterName);
  const automaticUpgradeChannel = props.automaticUpgradeChannel ?? "patch";
  requireOneOf(scope, "automaticUpgradeChannel", automaticUpgradeChannel, ["patch", "stable"], {
    problem: "is not a supported channel",
    fix: 'use "patch" or "stable"',
  });
  requireTags(scope, "tags", props.tags);
  requireEntra(scope, props.entraId);

  const network = resolveNetwork(scope, props);
  const storageDrivers = resolveStorageDrivers(scope, props.storageCsiDrivers ?? {}, network);
  if (props.existingNetwork) requireExistingNetwork(scope, props.existingNetwork);
  const netLocation = props.network?.location;
  withResolved(netLocation, props.location, (net, cluster) => {
    if (normalizeLocation(net) === normalizeLocation(cluster)) return;
    invalidProp(
      scope,
      "network",
      net,
      `is in region "${net}" but the cluster is in "${cluster}"; AKS needs its subnets in the cluster's region`,
      "create the ClusterNetwork with the cluster's location (or the cluster in the network's)",
    );
  });

  const apiServerAccess = props.apiServerAccess ?? ApiServerAccess.privateCluster();
  const apiServerSubnetId =
    apiServerAccess.mode === "vnetIntegration" ? (apiServerAccess.subnetId ?? network.apiServerSubnetId) : undefined;
  requireValidApiServerAccess(scope, apiServerAccess, {
    location: props.location,
    nodeSubnetId: network.nodeSubnetId,
    virtualNetworkId: network.virtualNetworkId,
    vnetSubnetId: apiServerSubnetId,
    dnsServers: props.network ? props.network.dnsServers : props.existingNetwork!.dnsServers,
    dnsServersProp: props.network ? "network.dnsServers" : "existingNetwork.dnsServers",
  });

  const addressing = resolveClusterAddressing(scope, props, props);
  const keyVaultNetworkAccess = props.keyManagementService?.keyVaultNetworkAccess ?? "Private";
  if (props.keyManagementService)
    requireKeyManagementService(scope, props.keyManagementService, keyVaultNetworkAccess, apiServerAccess);
  requireResourceId(scope, "diskEncryptionSetId", props.diskEncryptionSetId, DISK_ENCRYPTION_SET_ID);
  const imageCleanerIntervalHours = props.imageCleanerIntervalHours ?? 168;
  requireIntInRange(scope, "imageCleanerIntervalHours", imageCleanerIntervalHours, 24, 2160, {
    problem: "is outside 24-2160 hours",
    fix: "use e.g. 168 (weekly)",
  });
  const secretRotationInterval = props.secretRotationInterval ?? "2m";
  withResolved(secretRotationInterval, (interval) => {
    if (interval !== "" && /^([0-9]+h)?([0-9]+m)?([0-9]+s)?$/.test(interval)) return;
    invalidProp(scope, "secretRotationInterval", interval, "is not a Go duration", 'use e.g. "2m"');
  });
  requireResourceId(scope, "logAnalyticsWorkspaceId", props.logAnalyticsWorkspaceId, LOG_ANALYTICS_WORKSPACE_ID);
  if (props.logAnalyticsWorkspaceLocation !== undefined)
    requireLocation(scope, "logAnalyticsWorkspaceLocation", props.logAnalyticsWorkspaceLocation);
  const logRetentionInDays = props.logRetentionInDays ?? 90;
  requireIntInRange(scope, "logRetentionInDays", logRetentionInDays, 30, 730, {
    problem: "is outside 30-730 days",
    fix: "use e.g. 90",
  });
  const skuTier = props.skuTier ?? "Standard";
  requireOneOf(scope, "skuTier", skuTier, ["Free", "Standard", "Premium"], {
    problem: "is not an AKS tier",
    fix: 'use "Standard"',
  });
  const nodeOsUpgradeChannel = props.nodeOsUpgradeChannel ?? "NodeImage";
  requireOneOf(scope, "nodeOsUpgradeChannel", nodeOsUpgradeChannel, ["NodeImage", "SecurityPatch"], {
    problem: "is not a patching channel",
    fix: 'use "NodeImage" or "SecurityPatch"',
  });
  const autoUpgradeWindow = resolveMaintenanceWindow(scope, "autoUpgradeWindow", props.autoUpgradeWindow, "Sunday");
  const nodeOsUpgradeWindow = resolveMaintenanceWindow(
    scope,
    "nodeOsUpgradeWindow",
    props.nodeOsUpgradeWindow,
    "Saturday",
  );
  const logCategories = resolveLogCategories(scope, props.additionalLogCategories ?? []);
  const systemNodePool = resolveNodePool(scope, "systemNodePool", "system", props.systemNodePool ?? {});
  withResolved(systemNodePool.minCount, (minCount) => {
    if (minCount >= 1) return;
    invalidProp(
      scope,
      "systemNodePool.minCount",
      minCount,
      "leaves the system pool without nodes",
      "use at least 1 (3 for zone redundancy)",
    );
  });
  return {
    automaticUpgradeChannel,
    azureRbacEnabled: props.entraId.azureRbacEnabled ?? true,
    network,
    storageDrivers,
    apiServerAccess,
    apiServerSubnetId,
    addressing,
    keyVaultNetworkAccess,
    imageCleanerIntervalHours,
    secretRotationInterval,
    logRetentionInDays,
    skuTier,
    nodeOsUpgradeChannel,
    autoUpgradeWindow,
    nodeOsUpgradeWindow,
    logCategories,
    systemNodePool,
  };
}

function requireNames(scope: IConstruct, props: SecureClusterProps): void {
  withResolved(props.clusterName, (name) => {
    if (CLUSTER_NAME.test(name)) return;
    invalidProp(
      scope,
      "clusterName",
      name,
      "is not a valid AKS cluster name (1-63 letters, digits, '-' and '_', starting and ending with a letter or digit)",
      'use e.g. "aks-prod-weu-01"',
    );
  });
  const dnsPrefix =
    props.dnsPrefix ?? (isUnresolved(props.clusterName) ? undefined : props.clusterName.replace(/_/g, "-"));
  withResolved(dnsPrefix, (prefix) => {
    if (DNS_PREFIX.test(prefix)) return;
    invalidProp(
      scope,
      "dnsPrefix",
      prefix,
      "is not a valid DNS prefix (1-54 letters, digits and '-', starting with a letter, ending with a letter or digit)",
      props.dnsPrefix === undefined
        ? "set dnsPrefix explicitly (the default is derived from clusterName)"
        : 'use e.g. "aks-prod-weu-01"',
    );
  });
  const supportPlan = props.supportPlan;
  requireOneOf(scope, "supportPlan", supportPlan, ["KubernetesOfficial", "AKSLongTermSupport"], {
    problem: "is not an AKS support plan",
    fix: 'use "KubernetesOfficial" or "AKSLongTermSupport" (with skuTier "Premium")',
  });
  const tier = props.skuTier ?? "Standard";
  withResolved(tier, (skuTier) => {
    if (supportPlan !== "AKSLongTermSupport" || skuTier === "Premium") return;
    invalidProp(
      scope,
      "supportPlan",
      supportPlan,
      `needs the Premium tier, but skuTier is ${JSON.stringify(skuTier)}`,
      'set skuTier: "Premium" (long-term support is a Premium-tier feature)',
    );
  });
  const v = props.kubernetesVersion;
  if (typeof v === "string") {
    withResolved(v, (version) => {
      const plan = props.supportPlan ?? "KubernetesOfficial";
      const lts = !isUnresolved(tier) && !isUnresolved(plan) && isLongTermSupport({ skuTier: tier, supportPlan: plan });
      requireCreatableKubernetesVersion(scope, "kubernetesVersion", version, { lts });
    });
  }
  requireLocation(scope, "location", props.location);
  requireResourceGroupName(scope, "resourceGroupName", props.resourceGroupName);
}

function requireEntra(scope: IConstruct, entra: EntraIdOptions): void {
  if (!entra) invalidProp(scope, "entraId", entra, "is required", "pass { tenantId, adminGroupObjectIds }");
  requireUuid(scope, "entraId.tenantId", entra.tenantId, "Entra tenant id");
  const groups = entra.adminGroupObjectIds;
  if (isListToken(groups)) return;
  if (!groups || groups.length === 0) {
    invalidProp(
      scope,
      "entraId.adminGroupObjectIds",
      groups,
      "is empty, so nobody could administer the cluster once local accounts are off",
      "pass the object id of at least one Entra group (AKS-IAM-02)",
    );
  }
  const seen = new Map<string, number>();
  groups.forEach((objectId, index) =>
    withResolved(objectId, (group) => {
      if (!isUuid(group)) {
        invalidProp(
          scope,
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
          scope,
          `entraId.adminGroupObjectIds[${index}]`,
          group,
          `repeats entraId.adminGroupObjectIds[${first}] (object ids compare case-insensitively)`,
          "list each admin group once, and check whether another group was meant",
        );
      }
      seen.set(group.toLowerCase(), index);
    }),
  );
}

/** Exactly one of `network` and `existingNetwork`, with an explicit egress path. */
function resolveNetwork(scope: IConstruct, props: SecureClusterProps): ResolvedClusterNetwork {
  const net = props.network;
  const existing = props.existingNetwork;
  if ((net === undefined) === (existing === undefined)) {
    invalidProp(
      scope,
      "network",
      net === undefined ? undefined : "ClusterNetwork",
      "exactly one of network and existingNetwork must be given",
      "pass a ClusterNetwork as network, or existing subnet ids and the outbound type as existingNetwork",
    );
  }
  const outboundType = net ? net.outboundType : existing!.outboundType;
  requireOneOf(
    scope,
    net ? "network.outboundType" : "existingNetwork.outboundType",
    outboundType,
    ["userDefinedRouting", "userAssignedNATGateway"],
    {
      problem: "is not an explicit egress path",
      fix: 'use "userDefinedRouting" (firewall) or "userAssignedNATGateway"',
    },
  );
  const dnsServers = net ? net.dnsServers : existing!.dnsServers;
  return {
    nodeSubnetId: net ? net.nodeSubnetId : existing!.nodeSubnetId,
    outboundType,
    apiServerSubnetId: net ? net.apiServerSubnetId : existing!.apiServerSubnetId,
    virtualNetworkId: net ? net.virtualNetworkId : existing!.virtualNetworkId,
    privateEndpointSubnetId: net ? net.privateEndpointSubnetId : undefined,
    egressDependencies: net ? net.egressDependencies : (existing!.egressDependencies ?? []),
    firewallEgressRules: net?.firewallEgressRules,
    customDns: dnsServers !== undefined && (isListToken(dnsServers) || dnsServers.length > 0),
  };
}

/** The storage CSI drivers to turn on, as egress needs; refuses drivers a foreign firewall would block. */
function resolveStorageDrivers(
  scope: IConstruct,
  options: StorageCsiDriverOptions,
  network: ResolvedClusterNetwork,
): ClusterEgressNeed[] {
  const drivers: ClusterEgressNeed[] = [];
  for (const [prop, need, traffic] of [
    ["azureFiles", "azureFilesCsi", "SMB (TCP 445) to Storage.<region>"],
    ["azureBlob", "azureBlobCsi", "HTTPS to *.blob.core.windows.net"],
  ] as const) {
    const on = options[prop];
    if (on === undefined || on === false) continue;
    // A token switch is not judged (it may be off); a literal true behind a foreign firewall is.
    withResolved(on, (literal) => {
      if (literal !== true)
        invalidProp(scope, `storageCsiDrivers.${prop}`, literal, "is not a boolean", "use true or false");
      if (
        network.outboundType === "userDefinedRouting" &&
        network.firewallEgressRules === undefined &&
        options.egressAllowedByYourFirewall !== true
      ) {
        invalidProp(
          scope,
          `storageCsiDrivers.${prop}`,
          literal,
          `turns on a driver whose mounts need ${traffic}, but the cluster egresses through a firewall whose rules this library does not write, so they would time out at runtime`,
          `allow ${traffic} from the node subnet on your firewall and set storageCsiDrivers.egressAllowedByYourFirewall = true, or use ClusterNetwork with ClusterEgress.azureFirewall() (the rule is then added for you)`,
        );
      }
    });
    drivers.push(need);
  }
  return drivers;
}

function requireExistingNetwork(scope: IConstruct, existing: ExistingClusterNetworkOptions): void {
  requireResourceId(scope, "existingNetwork.nodeSubnetId", existing.nodeSubnetId, SUBNET_ID);
  requireResourceId(scope, "existingNetwork.virtualNetworkId", existing.virtualNetworkId, VIRTUAL_NETWORK_ID);
  withResolved(existing.virtualNetworkId, existing.nodeSubnetId, (vnet, node) => {
    if (sameResourceId(virtualNetworkOfSubnet(node), vnet)) return;
    invalidProp(
      scope,
      "existingNetwork.virtualNetworkId",
      vnet,
      `is not the VNet of existingNetwork.nodeSubnetId (${virtualNetworkOfSubnet(node)})`,
      "pass the VNet that contains the node subnet, or leave virtualNetworkId unset to derive it",
    );
  });
  if (existing.apiServerSubnetId !== undefined)
    requireApiServerSubnet(
      scope,
      "existingNetwork.apiServerSubnetId",
      existing.apiServerSubnetId,
      existing.nodeSubnetId,
    );
}

function requireKeyManagementService(
  scope: IConstruct,
  kms: KeyManagementServiceOptions,
  access: string,
  apiServerAccess: ApiServerAccess,
): void {
  withResolved(kms.keyVaultKeyId, (keyId) => {
    if (KEY_ID.test(keyId)) return;
    invalidProp(
      scope,
      "keyManagementService.keyVaultKeyId",
      keyId,
      "is not a versioned Key Vault key id",
      "pass azurerm_key_vault_key.id (https://<vault>.vault.azure.net/keys/<name>/<version>)",
    );
  });
  // The provider's enum is case-sensitive; "private" would also slip past the check below.
  requireOneOf(scope, "keyManagementService.keyVaultNetworkAccess", access, ["Private", "Public"], {
    problem: 'is neither "Private" nor "Public"',
    fix: 'use "Private" (with API-server VNet integration) or "Public", spelled exactly so',
  });
  requireResourceId(scope, "keyManagementService.keyVaultId", kms.keyVaultId, KEY_VAULT_ID);
  if (access === "Private" && apiServerAccess.mode !== "vnetIntegration") {
    invalidProp(
      scope,
      "keyManagementService.keyVaultNetworkAccess",
      access,
      "requires API-server VNet integration, which the cluster does not use",
      'use apiServerAccess: ApiServerAccess.vnetIntegration(), or keyVaultNetworkAccess "Public" for a vault reachable from the public network',
    );
  }
}

function resolveMaintenanceWindow(
  scope: IConstruct,
  prop: string,
  w: MaintenanceWindowOptions | undefined,
  day: string,
): ResolvedMaintenanceWindow {
  const dayOfWeek = w?.dayOfWeek ?? day;
  const startTime = w?.startTime ?? "00:00";
  const utcOffset = w?.utcOffset ?? "+00:00";
  const duration = w?.durationHours ?? 4;
  requireOneOf(scope, `${prop}.dayOfWeek`, dayOfWeek, DAYS as readonly string[], {
    problem: "is not a day of the week",
    fix: 'use e.g. "Sunday"',
  });
  withResolved(startTime, (start) => {
    if (!/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(start))
      invalidProp(scope, `${prop}.startTime`, start, "is not HH:MM", 'use e.g. "00:00"');
  });
  withResolved(utcOffset, (offset) => {
    if (!/^[+-](0[0-9]|1[0-4]):[0-5][0-9]$/.test(offset))
      invalidProp(scope, `${prop}.utcOffset`, offset, "is not a UTC offset", 'use e.g. "+00:00" or "-05:00"');
  });
  requireIntInRange(scope, `${prop}.durationHours`, duration, 4, 24, {
    problem: "is outside 4-24 hours (AKS needs at least 4)",
    fix: "use e.g. 4",
  });
  return { dayOfWeek, startTime, utcOffset, duration };
}
