import { App, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TenantDeclaration, TenantPlatform, TenantPlatformProps } from "../../lib/topology/tenant-platform";
import { ClusterNetwork } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { IsolatedNamespace } from "../../lib/namespace/isolated-namespace";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { GROUP, Json, TENANT, resources } from "../cluster/helpers";

const configureStack = (stack: TerraformStack) => {
  new AzurermProvider(stack, "azurerm", { features: [{}] });
};

function platform(tenants: TenantDeclaration[], overrides: Partial<TenantPlatformProps> = {}): { app: App; platform: TenantPlatform } {
  const app = Testing.app();
  const result = new TenantPlatform(app, "contoso", {
    name: "contoso",
    location: "westeurope",
    tenantId: TENANT,
    adminGroupObjectIds: [GROUP],
    kubernetesVersion: "1.33",
    configureStack,
    tenants,
    ...overrides,
  });
  return { app, platform: result };
}

const synth = (stack: TerraformStack): Json => JSON.parse(Testing.synth(stack));
const stackNames = (app: App): string[] => app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).map((s) => s.node.id).sort();

describe("TenantPlatform placement", () => {
  const { app, platform: p } = platform([
    { name: "team-a", trustLevel: "trusted" },
    { name: "team-c", trustLevel: "restricted" },
    { name: "rogue", trustLevel: "hostile" },
  ]);

  it("puts trusted and restricted tenants in the shared cluster and hostile ones in their own", () => {
    expect(stackNames(app)).toEqual(["contoso-platform", "contoso-rogue-platform", "contoso-rogue-tenants", "contoso-tenants"]);
    expect(p.shared?.tenants).toEqual(["team-a", "team-c"]);
    expect(Object.keys(p.dedicated)).toEqual(["rogue"]);
    expect(p.placements.map((placement) => placement.cluster.clusterName)).toEqual(["aks-contoso", "aks-contoso-rogue"]);
  });

  it("gives the restricted tenant a tainted pool and the trusted one none", () => {
    const pools = resources(synth(p.shared!.platformStack), "azurerm_kubernetes_cluster_node_pool");
    const teamC = pools.find((pool) => pool.name === "teamc");
    expect(teamC.node_taints).toEqual(["tenant=team-c:NoSchedule"]);
    expect(pools.map((pool) => pool.name).sort()).toEqual(["teamc", "user"]);
  });

  it("keeps in-cluster objects in the tenant stack, wired to the platform stack by cross-stack references", () => {
    // app.synth() wires cross-stack references in prepareStack(); Testing.synth() does not.
    for (const stack of app.node.findAll().filter(TerraformStack.isStack)) stack.prepareStack();
    const tenants = synth(p.shared!.tenantStack);
    expect(resources(tenants, "kubernetes_namespace_v1").map((ns) => ns.metadata.name).sort()).toEqual(["team-a", "team-c"]);
    expect(tenants.data.terraform_remote_state).toBeDefined();
    expect(tenants.provider.kubernetes[0].host).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-contoso-platform\.outputs\./);
    expect(tenants.provider.kubernetes[0].exec[0].args).toEqual(["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
    const platformJson = synth(p.shared!.platformStack);
    expect(Object.keys(platformJson.output ?? {}).some((name) => name.startsWith("cross-stack-output-"))).toBe(true);
  });

  it("gives each cluster its own address space", () => {
    expect(resources(synth(p.shared!.platformStack), "azurerm_virtual_network")[0].address_space).toEqual(["10.240.0.0/16"]);
    expect(resources(synth(p.dedicated.rogue.platformStack), "azurerm_virtual_network")[0].address_space).toEqual(["10.241.0.0/16"]);
  });

  it("covers exactly the shared cluster's tenants with the restricted Pod Security assignment", () => {
    const restricted = (stack: TerraformStack) =>
      JSON.parse(resources(synth(stack), "azurerm_resource_policy_assignment").find((a) => a.policy_definition_id.endsWith("42b8ef37-b724-4e24-bbc8-7a7708edfe00")).parameters);
    expect(restricted(p.shared!.platformStack).namespaces.value).toEqual(["team-a", "team-c"]);
    expect(restricted(p.dedicated.rogue.platformStack).namespaces.value).toEqual(["rogue"]);
  });
});

it("produces the same resources as composing the constructs by hand", () => {
  const { platform: p } = platform([{ name: "team-a", trustLevel: "trusted", workloadIdentities: [{ serviceAccountName: "orders" }] }]);

  const app = Testing.app();
  const platformStack = new TerraformStack(app, "contoso-platform");
  configureStack(platformStack);
  const rg = new ResourceGroup(platformStack, "ResourceGroup", { name: "rg-contoso", location: "westeurope" });
  const network = new ClusterNetwork(platformStack, "Network", {
    resourceGroupName: rg.name,
    location: "westeurope",
    namePrefix: "contoso",
    egress: ClusterEgress.natGateway(),
    addressSpace: "10.240.0.0/16",
    nodeSubnetCidr: "10.240.0.0/22",
    apiServerSubnetCidr: "10.240.4.0/28",
    privateEndpointSubnetCidr: "10.240.5.0/24",
  });
  const cluster = new SecureCluster(platformStack, "Cluster", {
    resourceGroupName: rg.name,
    location: "westeurope",
    clusterName: "aks-contoso",
    kubernetesVersion: "1.33",
    entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP] },
    network,
  });
  const tenantStack = new TerraformStack(app, "contoso-tenants");
  configureStack(tenantStack);
  const provider = cluster.kubernetesProvider(tenantStack, "kubernetes", {});
  new IsolatedNamespace(tenantStack, "team-a", { cluster, name: "team-a", provider, trustLevel: "trusted", workloadIdentities: [{ serviceAccountName: "orders" }] });

  expect(Testing.synth(p.shared!.platformStack)).toBe(Testing.synth(platformStack));
  expect(Testing.synth(p.shared!.tenantStack)).toBe(Testing.synth(tenantStack));
});

describe("TenantPlatform bad input", () => {
  it.each([
    ["tenants[1].name", '"team-a"', [{ name: "team-a", trustLevel: "trusted" }, { name: "team-a", trustLevel: "restricted" }]],
    ["tenants[0].name", '"Team A"', [{ name: "Team A", trustLevel: "trusted" }]],
    ["tenants[0].trustLevel", '"friendly"', [{ name: "team-a", trustLevel: "friendly" }]],
    ["tenants[0].placementReason", "undefined", [{ name: "rogue", trustLevel: "hostile", placement: "shared-cluster" }]],
    ["tenants[0].placementReason", '"cheaper"', [{ name: "rogue", trustLevel: "hostile", placement: "shared-cluster", placementReason: "cheaper" }]],
    ["tenants[0].placementReason", '"because the security review accepted it"', [{ name: "team-a", trustLevel: "trusted", placementReason: "because the security review accepted it" }]],
    ["tenants", "[]", []],
  ] as [string, string, TenantDeclaration[]][])("rejects %s = %s", (prop, value, tenants) => {
    const build = () => platform(tenants);
    expect(build).toThrow("[contoso]");
    expect(build).toThrow(`${prop} = ${value}`);
    expect(build).toThrow(/Fix: /);
  });

  it("rejects a bad platform name", () => {
    expect(() => platform([{ name: "team-a", trustLevel: "trusted" }], { name: "Contoso_Platform" })).toThrow(/name = "Contoso_Platform"/);
  });
});

it("synthesizes byte-identical stacks regardless of tenant order", () => {
  const a = platform([{ name: "team-a", trustLevel: "trusted" }, { name: "team-b", trustLevel: "restricted" }]).platform;
  const b = platform([{ name: "team-b", trustLevel: "restricted" }, { name: "team-a", trustLevel: "trusted" }]).platform;
  expect(Testing.synth(a.shared!.platformStack)).toBe(Testing.synth(b.shared!.platformStack));
  expect(Testing.synth(a.shared!.tenantStack)).toBe(Testing.synth(b.shared!.tenantStack));
});

describe("hostile tenant moved into the shared cluster", () => {
  const reason = "Sandboxed CI runners without secrets; accepted by security review SR-42";
  const { app, platform: p } = platform([
    { name: "team-a", trustLevel: "trusted" },
    { name: "runners", trustLevel: "hostile", placement: "shared-cluster", placementReason: reason },
  ]);

  it("shares the cluster on a dedicated pool and records the override as a suppression of AKS-TEN-01", () => {
    for (const stack of app.node.findAll().filter(TerraformStack.isStack)) stack.prepareStack();
    expect(p.shared?.tenants).toEqual(["runners", "team-a"]);
    expect(Object.keys(p.dedicated)).toEqual([]);
    const result = SecurityBaseline.check(p.shared!.tenantStack);
    const ten01 = result.findings.filter((finding) => finding.ruleId === "AKS-TEN-01");
    expect(ten01).toHaveLength(1);
    expect(ten01[0]).toMatchObject({ outcome: "suppressed", suppressedOutcome: "failed" });
    expect(ten01[0].suppression?.reason).toContain(reason);
    expect(() => Testing.synth(p.shared!.tenantStack, true)).not.toThrow();
    const pool = resources(synth(p.shared!.platformStack), "azurerm_kubernetes_cluster_node_pool").find((candidate) => candidate.name === "runners");
    expect(pool.node_taints).toEqual(["tenant=runners:NoSchedule"]);
  });
});
