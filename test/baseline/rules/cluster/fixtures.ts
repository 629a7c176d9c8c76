import { TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KubernetesCluster, KubernetesClusterConfig } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { RouteTable, RouteTableRoute } from "@cdktf/provider-azurerm/lib/route-table";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { Rule, RuleFinding } from "../../../../lib/baseline/rule";

const common = { resourceGroupName: "rg", location: "westeurope" };
const DEFINITION = "/providers/Microsoft.Authorization/policyDefinitions/";
const INITIATIVE = "/providers/Microsoft.Authorization/policySetDefinitions/";

/** Policy assignments of a compliant cluster: [name, id, parameters]. */
export const COMPLIANT_POLICIES: [string, string, Record<string, unknown>][] = [
  ["pss_baseline", `${INITIATIVE}a8640138-9b0a-4a28-b8cb-1666c838647d`, { effect: { value: "Deny" } }],
  [
    "pss_restricted",
    `${INITIATIVE}42b8ef37-b724-4e24-bbc8-7a7708edfe00`,
    {
      effect: { value: "Deny" },
      allowedCapabilities: { value: ["NET_BIND_SERVICE"] },
      requiredDropCapabilities: { value: ["ALL"] },
      namespaces: { value: ["team-a"] },
    },
  ],
  ["cis", `${INITIATIVE}4fd005fd-51be-478f-a8fb-149d48b20d48`, { effect: { value: "Audit" } }],
  ["safeguards", `${INITIATIVE}c047ea8e-9c78-49b2-958b-37e56d291a44`, { effect: { value: "Audit" } }],
  ["internal_lb", `${DEFINITION}3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e`, { effect: { value: "Deny" } }],
  ["https", `${DEFINITION}1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d`, { effect: { value: "Deny" } }],
  ["default_ns", `${DEFINITION}9f061a12-e40d-4183-a00e-171812443373`, { effect: { value: "Deny" } }],
  ["sys_admin", `${DEFINITION}d2e7ea85-6b44-4317-a0be-1b951587f626`, { effect: { value: "Deny" } }],
  ["read_only", `${DEFINITION}df49d893-a74c-421d-bc95-c663042e5b80`, { effect: { value: "Audit" } }],
  [
    "apparmor",
    `${DEFINITION}511f5417-5d12-434d-ab2e-816901e72a5e`,
    { effect: { value: "Deny" }, allowedProfiles: { value: ["runtime/default"] } },
  ],
  ["sysctls", `${DEFINITION}56d0a13f-712f-466b-8416-56fb354fb823`, { effect: { value: "Deny" } }],
  ["proc_mount", `${DEFINITION}f85eb0dd-92ee-40e9-8a76-db25a507d6d3`, { effect: { value: "Deny" } }],
  ["selinux", `${DEFINITION}e1e6c427-07d9-46ab-9689-bfa85431e636`, { effect: { value: "Deny" } }],
  ["flexvolume", `${DEFINITION}f4a8fce0-2dd5-4c21-9a36-8f0ec809d663`, { effect: { value: "Deny" } }],
  [
    "limits",
    `${DEFINITION}e345eecc-fa47-480f-9e88-67dcc122b164`,
    { effect: { value: "Deny" }, cpuLimit: { value: "2" }, memoryLimit: { value: "4Gi" } },
  ],
  ["seccomp", `${DEFINITION}975ce327-682c-4f2e-aa46-b9598289b86c`, { effect: { value: "Deny" } }],
  [
    "external_ips",
    `${DEFINITION}d46c275d-1680-448d-b2ec-e495a3b6cc89`,
    { effect: { value: "Deny" }, allowedExternalIPs: { value: [] } },
  ],
];

/** The cluster config every rule passes; tests override parts of it. */
export function compliantClusterConfig(subnetId: string): KubernetesClusterConfig {
  return {
    ...common,
    name: "aks",
    dnsPrefix: "aks",
    skuTier: "Standard",
    privateClusterEnabled: true,
    privateDnsZoneId: "System",
    privateClusterPublicFqdnEnabled: false,
    localAccountDisabled: true,
    roleBasedAccessControlEnabled: true,
    runCommandEnabled: false,
    oidcIssuerEnabled: true,
    workloadIdentityEnabled: true,
    azurePolicyEnabled: true,
    imageCleanerEnabled: true,
    imageCleanerIntervalHours: 168,
    automaticUpgradeChannel: "patch",
    nodeOsUpgradeChannel: "NodeImage",
    maintenanceWindowAutoUpgrade: {
      frequency: "Weekly",
      interval: 1,
      duration: 4,
      dayOfWeek: "Sunday",
      startTime: "00:00",
    },
    diskEncryptionSetId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des",
    identity: {
      type: "UserAssigned",
      identityIds: ["/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id"],
    },
    azureActiveDirectoryRoleBasedAccessControl: {
      tenantId: "11111111-1111-4111-8111-111111111111",
      adminGroupObjectIds: ["22222222-2222-4222-8222-222222222222"],
      azureRbacEnabled: true,
    },
    apiServerAccessProfile: { virtualNetworkIntegrationEnabled: true, subnetId: "/subscriptions/x/api" },
    keyManagementService: {
      keyVaultKeyId: "https://kv.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
      keyVaultNetworkAccess: "Private",
    },
    keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: "2m" },
    omsAgent: { logAnalyticsWorkspaceId: "/subscriptions/x/law", msiAuthForMonitoringEnabled: true },
    microsoftDefender: { logAnalyticsWorkspaceId: "/subscriptions/x/law" },
    networkProfile: {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkPolicy: "cilium",
      networkDataPlane: "cilium",
      outboundType: "userDefinedRouting",
    },
    defaultNodePool: {
      name: "system",
      vmSize: "Standard_D4ds_v5",
      vnetSubnetId: subnetId,
      onlyCriticalAddonsEnabled: true,
      hostEncryptionEnabled: true,
      nodePublicIpEnabled: false,
      osDiskType: "Ephemeral",
      autoScalingEnabled: true,
      minCount: 3,
      maxCount: 5,
    },
  };
}

export interface ClusterFixture {
  readonly stack: TerraformStack;
  readonly cluster: KubernetesCluster;
  readonly pool: KubernetesClusterNodePool;
}

export interface ClusterFixtureOptions {
  /** Changes to the compliant cluster config. */
  readonly cluster?: (config: KubernetesClusterConfig) => KubernetesClusterConfig;
  /** Policy assignment names (from COMPLIANT_POLICIES) to leave out, or parameters to replace. */
  readonly withoutPolicies?: string[];
  readonly policyParameters?: Record<string, Record<string, unknown> | string>;
  /** Diagnostic categories (default kube-audit-admin and guard); null leaves the setting out. */
  readonly logCategories?: string[] | null;
  readonly withoutNsg?: boolean;
  /** Next hop of the node subnet's 0.0.0.0/0 route (default "VirtualAppliance"); null leaves the route table out. */
  readonly defaultRouteHop?: string | null;
  /** Replaces the route table's routes (built in the fixture's stack, so they can reference resources added there). */
  readonly routes?: (stack: TerraformStack) => RouteTableRoute[];
}

export function clusterFixture(options: ClusterFixtureOptions = {}): ClusterFixture {
  const stack = new TerraformStack(Testing.app(), "fixture");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const subnet = new Subnet(stack, "nodes", {
    name: "nodes",
    resourceGroupName: "rg",
    virtualNetworkName: "vnet",
    addressPrefixes: ["10.0.0.0/22"],
  });
  if (!options.withoutNsg) {
    const nsg = new NetworkSecurityGroup(stack, "nsg", { ...common, name: "nsg" });
    new SubnetNetworkSecurityGroupAssociation(stack, "nsg_assoc", {
      subnetId: subnet.id,
      networkSecurityGroupId: nsg.id,
    });
  }
  if (options.defaultRouteHop !== null) {
    const hop = options.defaultRouteHop ?? "VirtualAppliance";
    const table = new RouteTable(stack, "routes", {
      ...common,
      name: "routes",
      route: options.routes
        ? options.routes(stack)
        : [
            {
              name: "default",
              addressPrefix: "0.0.0.0/0",
              nextHopType: hop,
              nextHopInIpAddress: hop === "VirtualAppliance" ? "10.1.0.4" : undefined,
            },
          ],
    });
    new SubnetRouteTableAssociation(stack, "routes_assoc", { subnetId: subnet.id, routeTableId: table.id });
  }
  const base = compliantClusterConfig(subnet.id);
  const cluster = new KubernetesCluster(stack, "aks", options.cluster ? options.cluster(base) : base);
  const pool = new KubernetesClusterNodePool(stack, "user", {
    name: "user",
    kubernetesClusterId: cluster.id,
    vmSize: "Standard_D4ds_v5",
    hostEncryptionEnabled: true,
    nodePublicIpEnabled: false,
    osDiskType: "Ephemeral",
  });
  if (options.logCategories !== null) {
    new MonitorDiagnosticSetting(stack, "diag", {
      name: "diag",
      targetResourceId: cluster.id,
      logAnalyticsWorkspaceId: "/subscriptions/x/law",
      enabledLog: (options.logCategories ?? ["kube-audit-admin", "guard"]).map((category) => ({ category })),
    });
  }
  for (const [name, id, parameters] of COMPLIANT_POLICIES) {
    if (options.withoutPolicies?.includes(name)) continue;
    const override = options.policyParameters?.[name];
    new ResourcePolicyAssignment(stack, name, {
      name,
      resourceId: cluster.id,
      policyDefinitionId: id,
      parameters: typeof override === "string" ? override : JSON.stringify(override ?? parameters),
    });
  }
  return { stack, cluster, pool };
}

/** Evaluates `rule` on the resource at `address` of the fixture. */
export function evaluate(
  rule: Rule,
  fixture: ClusterFixture,
  address = "azurerm_kubernetes_cluster.aks",
): RuleFinding | undefined {
  const document = parseTerraformDocument(JSON.parse(Testing.synth(fixture.stack)));
  const resource = document.byAddress(address);
  if (!resource) throw new Error(`no ${address}`);
  return rule.evaluate(resource, document);
}
