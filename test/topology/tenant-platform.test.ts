import { App, Fn, Lazy, TerraformStack, Testing } from "cdktf";
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

function platform(
  tenants: TenantDeclaration[],
  overrides: Partial<TenantPlatformProps> = {},
): { app: App; platform: TenantPlatform } {
  const app = Testing.app();
  const result = new TenantPlatform(app, "contoso", {
    name: "contoso",
    location: "westeurope",
    tenantId: TENANT,
    adminGroupObjectIds: [GROUP],
    kubernetesVersion: "1.36",
    configureStack,
    tenants,
    ...overrides,
  });
  return { app, platform: result };
}

const synth = (stack: TerraformStack): Json => JSON.parse(Testing.synth(stack));
const stackNames = (app: App): string[] =>
  app.node.children
    .filter((c): c is TerraformStack => c instanceof TerraformStack)
    .map((s) => s.node.id)
    .sort();

describe("TenantPlatform placement", () => {
  const { app, platform: p } = platform([
    { name: "team-a", trustLevel: "trusted" },
    { name: "team-c", trustLevel: "restricted" },
    { name: "rogue", trustLevel: "hostile" },
  ]);

  it("puts trusted and restricted tenants in the shared cluster and hostile ones in their own", () => {
    expect(stackNames(app)).toEqual([
      "contoso-platform",
      "contoso-rogue-platform",
      "contoso-rogue-tenants",
      "contoso-tenants",
    ]);
    expect(p.shared?.tenants).toEqual(["team-a", "team-c"]);
    expect(Object.keys(p.dedicated)).toEqual(["rogue"]);
    expect(p.placements.map((placement) => placement.cluster.clusterName)).toEqual([
      "aks-contoso",
      "aks-contoso-rogue",
    ]);
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
    expect(
      resources(tenants, "kubernetes_namespace_v1")
        .map((ns) => ns.metadata.name)
        .sort(),
    ).toEqual(["team-a", "team-c"]);
    expect(tenants.data.terraform_remote_state).toBeDefined();
    expect(tenants.provider.kubernetes[0].host).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-contoso-platform\.outputs\./,
    );
    expect(tenants.provider.kubernetes[0].exec[0].args).toEqual([
      "get-token",
      "--login",
      "azurecli",
      "--server-id",
      "6dae42f8-4368-4678-94ff-3960e28e3630",
    ]);
    const platformJson = synth(p.shared!.platformStack);
    expect(Object.keys(platformJson.output ?? {}).some((name) => name.startsWith("cross-stack-output-"))).toBe(true);
  });

  it("gives each cluster its own address space", () => {
    expect(resources(synth(p.shared!.platformStack), "azurerm_virtual_network")[0].address_space).toEqual([
      "10.240.0.0/16",
    ]);
    // A /16 of the pool chosen by a hash of the tenant's name (see "address spaces of dedicated clusters").
    expect(resources(synth(p.dedicated.rogue.platformStack), "azurerm_virtual_network")[0].address_space).toEqual([
      "10.231.0.0/16",
    ]);
  });

  it("covers exactly the shared cluster's tenants with the restricted Pod Security assignment", () => {
    const restricted = (stack: TerraformStack) =>
      JSON.parse(
        resources(synth(stack), "azurerm_resource_policy_assignment").find((a) =>
          a.policy_definition_id.endsWith("f06ddb64-5fa3-4b77-b166-acb36f7f6042"),
        ).parameters,
      );
    expect(restricted(p.shared!.platformStack).namespaces.value).toEqual(["team-a", "team-c"]);
    expect(restricted(p.dedicated.rogue.platformStack).namespaces.value).toEqual(["rogue"]);
  });
});

it("produces the same resources as composing the constructs by hand", () => {
  const { platform: p } = platform([
    { name: "team-a", trustLevel: "trusted", workloadIdentities: [{ serviceAccountName: "orders" }] },
  ]);

  const app = Testing.app();
  const platformStack = new TerraformStack(app, "contoso-platform");
  configureStack(platformStack);
  const rg = new ResourceGroup(platformStack, "ResourceGroup", { name: "rg-contoso", location: "westeurope" });
  const network = new ClusterNetwork(platformStack, "Network", {
    resourceGroupName: rg.name,
    location: "westeurope",
    namePrefix: "contoso",
    egress: ClusterEgress.azureFirewall({ subnetCidr: "10.240.6.0/26" }),
    addressSpace: "10.240.0.0/16",
    nodeSubnetCidr: "10.240.0.0/22",
    apiServerSubnetCidr: "10.240.4.0/28",
    privateEndpointSubnetCidr: "10.240.5.0/24",
  });
  const cluster = new SecureCluster(platformStack, "Cluster", {
    resourceGroupName: rg.name,
    location: "westeurope",
    clusterName: "aks-contoso",
    kubernetesVersion: "1.36",
    entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP] },
    network,
  });
  const tenantStack = new TerraformStack(app, "contoso-tenants");
  configureStack(tenantStack);
  const provider = cluster.kubernetesProvider(tenantStack, "kubernetes", {});
  new IsolatedNamespace(tenantStack, "team-a", {
    cluster,
    name: "team-a",
    provider,
    trustLevel: "trusted",
    workloadIdentities: [{ serviceAccountName: "orders" }],
  });

  expect(Testing.synth(p.shared!.platformStack)).toBe(Testing.synth(platformStack));
  expect(Testing.synth(p.shared!.tenantStack)).toBe(Testing.synth(tenantStack));
});

describe("TenantPlatform bad input", () => {
  it.each([
    [
      "tenants[1].name",
      '"team-a"',
      [
        { name: "team-a", trustLevel: "trusted" },
        { name: "team-a", trustLevel: "restricted" },
      ],
    ],
    ["tenants[0].name", '"Team A"', [{ name: "Team A", trustLevel: "trusted" }]],
    ["tenants[0].trustLevel", '"friendly"', [{ name: "team-a", trustLevel: "friendly" }]],
    [
      "tenants[0].placementReason",
      "undefined",
      [{ name: "rogue", trustLevel: "hostile", placement: "shared-cluster" }],
    ],
    [
      "tenants[0].placementReason",
      '"cheaper"',
      [{ name: "rogue", trustLevel: "hostile", placement: "shared-cluster", placementReason: "cheaper" }],
    ],
    [
      "tenants[0].placementReason",
      '"because the security review accepted it"',
      [{ name: "team-a", trustLevel: "trusted", placementReason: "because the security review accepted it" }],
    ],
    ["tenants", "[]", []],
  ] as [string, string, TenantDeclaration[]][])("rejects %s = %s", (prop, value, tenants) => {
    const build = () => platform(tenants);
    expect(build).toThrow("[contoso]");
    expect(build).toThrow(`${prop} = ${value}`);
    expect(build).toThrow(/Fix: /);
  });

  it.each([
    ["trustLevel", { trustLevel: Lazy.stringValue({ produce: () => "hostile" }) as TenantDeclaration["trustLevel"] }],
    [
      "placement",
      { placement: Lazy.stringValue({ produce: () => "shared-cluster" }) as TenantDeclaration["placement"] },
    ],
  ] as [string, Partial<TenantDeclaration>][])(
    "rejects a token %s: it decides where the tenant runs, which synth must know",
    (prop, declared) => {
      const build = () => platform([{ name: "team-a", trustLevel: "trusted", ...declared }]);
      expect(build).toThrow(`[contoso] tenants[0].${prop} = "\${TfToken[`);
      expect(build).toThrow(/is a token, but it decides where the tenant runs, which synth must know\. Fix: use "/);
    },
  );

  it("rejects a tenant without a trust level (JavaScript callers): it has no default", () => {
    const build = () => platform([{ name: "team-a" } as TenantDeclaration]);
    expect(build).toThrow(
      /\[contoso\] tenants\[0\]\.trustLevel = undefined: is not a trust level\. Fix: use "trusted"/,
    );
  });

  it("rejects a bad platform name", () => {
    expect(() => platform([{ name: "team-a", trustLevel: "trusted" }], { name: "Contoso_Platform" })).toThrow(
      /name = "Contoso_Platform"/,
    );
  });
});

it("synthesizes byte-identical stacks regardless of tenant order", () => {
  const a = platform([
    { name: "team-a", trustLevel: "trusted" },
    { name: "team-b", trustLevel: "restricted" },
  ]).platform;
  const b = platform([
    { name: "team-b", trustLevel: "restricted" },
    { name: "team-a", trustLevel: "trusted" },
  ]).platform;
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
    const pool = resources(synth(p.shared!.platformStack), "azurerm_kubernetes_cluster_node_pool").find(
      (candidate) => candidate.name === "runners",
    );
    expect(pool.node_taints).toEqual(["tenant=runners:NoSchedule"]);
  });
});

const WRITERS = "44444444-4444-4444-8444-444444444444";

/** Builds the platform stack of one cluster by hand, the way TenantPlatform documents it. */
function handCluster(
  app: App,
  name: string,
  octet: number,
): {
  platformStack: TerraformStack;
  tenantStack: TerraformStack;
  cluster: SecureCluster;
  provider: ReturnType<SecureCluster["kubernetesProvider"]>;
} {
  const platformStack = new TerraformStack(app, `${name}-platform`);
  configureStack(platformStack);
  const rg = new ResourceGroup(platformStack, "ResourceGroup", { name: `rg-${name}`, location: "westeurope" });
  const network = new ClusterNetwork(platformStack, "Network", {
    resourceGroupName: rg.name,
    location: "westeurope",
    namePrefix: name,
    egress: ClusterEgress.azureFirewall({ subnetCidr: `10.${octet}.6.0/26` }),
    addressSpace: `10.${octet}.0.0/16`,
    nodeSubnetCidr: `10.${octet}.0.0/22`,
    apiServerSubnetCidr: `10.${octet}.4.0/28`,
    privateEndpointSubnetCidr: `10.${octet}.5.0/24`,
  });
  const cluster = new SecureCluster(platformStack, "Cluster", {
    resourceGroupName: rg.name,
    location: "westeurope",
    clusterName: `aks-${name}`,
    kubernetesVersion: "1.36",
    entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP] },
    network,
  });
  const tenantStack = new TerraformStack(app, `${name}-tenants`);
  configureStack(tenantStack);
  return { platformStack, tenantStack, cluster, provider: cluster.kubernetesProvider(tenantStack, "kubernetes", {}) };
}

describe("hand composition equals the declaration", () => {
  it("for a restricted tenant with its dedicated pool in the shared cluster", () => {
    const { platform: p } = platform([
      {
        name: "team-c",
        trustLevel: "restricted",
        accessGroups: { writers: [WRITERS] },
        dedicatedNodePool: { maxCount: 4 },
      },
    ]);
    const app = Testing.app();
    const hand = handCluster(app, "contoso", 240);
    new IsolatedNamespace(hand.tenantStack, "team-c", {
      cluster: hand.cluster,
      name: "team-c",
      provider: hand.provider,
      trustLevel: "restricted",
      accessGroups: { writers: [WRITERS] },
      dedicatedNodePool: { name: "teamc", maxCount: 4 },
    });
    expect(Testing.synth(p.shared!.platformStack)).toBe(Testing.synth(hand.platformStack));
    expect(Testing.synth(p.shared!.tenantStack)).toBe(Testing.synth(hand.tenantStack));
    expect(
      resources(synth(hand.platformStack), "azurerm_kubernetes_cluster_node_pool").find((pool) => pool.name === "teamc")
        .max_count,
    ).toBe(4);
  });

  it("for a hostile tenant in its own cluster", () => {
    const { platform: p } = platform([
      { name: "rogue", trustLevel: "hostile", workloadIdentities: [{ serviceAccountName: "app" }] },
    ]);
    const app = Testing.app();
    const hand = handCluster(app, "contoso-rogue", 231);
    new IsolatedNamespace(hand.tenantStack, "rogue", {
      cluster: hand.cluster,
      name: "rogue",
      provider: hand.provider,
      trustLevel: "hostile",
      workloadIdentities: [{ serviceAccountName: "app" }],
    });
    expect(p.shared).toBeUndefined();
    expect(Testing.synth(p.dedicated.rogue.platformStack)).toBe(Testing.synth(hand.platformStack));
    expect(Testing.synth(p.dedicated.rogue.tenantStack)).toBe(Testing.synth(hand.tenantStack));
  });
});

describe("address spaces of dedicated clusters", () => {
  const space = (p: TenantPlatform, tenant: string) =>
    resources(synth(p.dedicated[tenant].platformStack), "azurerm_virtual_network")[0].address_space[0];

  it("derive a tenant's /16 from its name only, so adding tenants never renumbers a network", () => {
    const before = platform([
      { name: "red", trustLevel: "hostile" },
      { name: "green", trustLevel: "hostile" },
    ]).platform;
    const after = platform([
      { name: "alpha", trustLevel: "hostile" },
      { name: "red", trustLevel: "hostile" },
      { name: "green", trustLevel: "hostile" },
      { name: "team-a", trustLevel: "trusted" },
    ]).platform;
    expect(space(before, "red")).toBe("10.161.0.0/16");
    expect(space(before, "green")).toBe("10.226.0.0/16");
    expect(space(after, "red")).toBe(space(before, "red"));
    expect(space(after, "green")).toBe(space(before, "green"));
    expect(Testing.synth(after.dedicated.red.platformStack)).toBe(Testing.synth(before.dedicated.red.platformStack));
  });

  it("use an explicit addressSpace with the subnets laid out inside it", () => {
    const p = platform([{ name: "rogue", trustLevel: "hostile", addressSpace: "172.20.8.0/21" }]).platform;
    const doc = synth(p.dedicated.rogue.platformStack);
    expect(resources(doc, "azurerm_virtual_network")[0].address_space).toEqual(["172.20.8.0/21"]);
    expect(
      resources(doc, "azurerm_subnet")
        .map((subnet) => subnet.address_prefixes[0])
        .sort(),
    ).toEqual(["172.20.12.0/28", "172.20.13.0/24", "172.20.14.0/26", "172.20.8.0/22"]);
  });

  it("accept a token addressSpace and lay the subnets out with cidrsubnet() at apply", () => {
    const { platform: p } = platform([
      { name: "rogue", trustLevel: "hostile", addressSpace: Fn.cidrsubnet("10.0.0.0/8", 8, 50) },
    ]);
    const doc = synth(p.dedicated.rogue.platformStack);
    expect(resources(doc, "azurerm_virtual_network")[0].address_space).toEqual(['${cidrsubnet("10.0.0.0/8", 8, 50)}']);
    const prefixes = resources(doc, "azurerm_subnet")
      .map((subnet) => subnet.address_prefixes[0])
      .sort();
    expect(prefixes).toHaveLength(4);
    // nodes /22 at 0, API server /28 at offset 1024, private endpoints /24 at 1280, firewall /26 at 1536.
    expect(prefixes).toEqual(
      [
        ["22", 0],
        ["28", 64],
        ["24", 5],
        ["26", 24],
      ]
        .map(
          ([prefix, netnum]) =>
            `\${cidrsubnet(cidrsubnet("10.0.0.0/8", 8, 50), (${prefix} - tonumber(element(split("/", cidrsubnet("10.0.0.0/8", 8, 50)), 1))), ${netnum})}`,
        )
        .sort(),
    );
    expect(() => Testing.synth(p.dedicated.rogue.platformStack, true)).not.toThrow();
  });

  it.each([
    [
      "two derived defaults on one /16",
      [
        { name: "team-c", trustLevel: "hostile" },
        { name: "restricted-team-1", trustLevel: "hostile" },
      ],
      "tenants[1].addressSpace = undefined",
      /the default of tenant "restricted-team-1" \(10\.40\.0\.0\/16, derived from its name\) overlaps the address space of tenant "team-c" \(tenants\[0\], 10\.40\.0\.0\/16\)\. Fix: set tenants\[1\]\.addressSpace to a free block, e\.g\. "10\.16\.0\.0\/16"/,
    ],
    [
      "a derived default inside an explicit block (the derived one is reported)",
      [
        { name: "red", trustLevel: "hostile" },
        { name: "blue", trustLevel: "hostile", addressSpace: "10.160.0.0/15" },
      ],
      "tenants[0].addressSpace = undefined",
      /the default of tenant "red" \(10\.161\.0\.0\/16, derived from its name\) overlaps the address space of tenant "blue" \(tenants\[1\], 10\.160\.0\.0\/15\)/,
    ],
    [
      "two explicit blocks",
      [
        { name: "red", trustLevel: "hostile", addressSpace: "10.50.0.0/16" },
        { name: "blue", trustLevel: "hostile", addressSpace: "10.50.0.0/20" },
      ],
      'tenants[1].addressSpace = "10.50.0.0/20"',
      /overlaps the address space of tenant "red"/,
    ],
    [
      "the shared cluster's block",
      [{ name: "red", trustLevel: "hostile", addressSpace: "10.240.0.0/16" }],
      'tenants[0].addressSpace = "10.240.0.0/16"',
      /overlaps the shared cluster's address space/,
    ],
    [
      "the service CIDR",
      [{ name: "red", trustLevel: "hostile", addressSpace: "172.16.0.0/12" }],
      'tenants[0].addressSpace = "172.16.0.0/12"',
      /overlaps clusterOptions\.serviceCidr \(172\.16\.0\.0\/16\)/,
    ],
    [
      "a block too small",
      [{ name: "red", trustLevel: "hostile", addressSpace: "10.50.0.0/22" }],
      'tenants[0].addressSpace = "10.50.0.0/22"',
      /smaller than the \/21/,
    ],
    [
      "a non-canonical block",
      [{ name: "red", trustLevel: "hostile", addressSpace: "10.50.0.1/16" }],
      'tenants[0].addressSpace = "10.50.0.1/16"',
      /host bits/,
    ],
    [
      "a tenant of the shared cluster",
      [{ name: "team-a", trustLevel: "trusted", addressSpace: "10.50.0.0/16" }],
      'tenants[0].addressSpace = "10.50.0.0/16"',
      /only used for a tenant with its own cluster/,
    ],
  ] as [string, TenantDeclaration[], string, RegExp][])("reject %s", (_, tenants, prop, problem) => {
    expect(() => platform(tenants)).toThrow(`[contoso] ${prop}`);
    expect(() => platform(tenants)).toThrow(problem);
    expect(() => platform(tenants)).toThrow(/Fix: /);
  });

  it("reject a derived default inside a pod CIDR moved into 10.0.0.0/8", () => {
    expect(() =>
      platform([{ name: "red", trustLevel: "hostile" }], { clusterOptions: { podCidr: "10.128.0.0/9" } }),
    ).toThrow(
      /\[contoso\] tenants\[0\]\.addressSpace = undefined: the default of tenant "red" \(10\.161\.0\.0\/16, derived from its name\) overlaps clusterOptions\.podCidr \(10\.128\.0\.0\/9\)\. Fix: set tenants\[0\]\.addressSpace/,
    );
  });
});

describe("dedicated pool names", () => {
  const poolNames = (p: TenantPlatform) =>
    resources(synth(p.shared!.platformStack), "azurerm_kubernetes_cluster_node_pool")
      .map((pool) => pool.name)
      .sort();

  it("stay distinct for long names with a common prefix and never take a reserved name", () => {
    const p = platform([
      { name: "restricted-team-1", trustLevel: "restricted" },
      { name: "restricted-team-2", trustLevel: "restricted" },
      { name: "user", trustLevel: "restricted" },
      { name: "team-c", trustLevel: "restricted" },
    ]).platform;
    expect(poolNames(p)).toEqual(["restri41a851", "restric05ff5", "teamc", "user", "user04f899"]);
    // Derived from the tenant's own name only.
    expect(poolNames(platform([{ name: "restricted-team-2", trustLevel: "restricted" }]).platform)).toEqual([
      "restric05ff5",
      "user",
    ]);
  });

  it.each([
    [
      "a derived name twice",
      [
        { name: "team-c", trustLevel: "restricted" },
        { name: "teamc", trustLevel: "restricted" },
      ],
      'tenants[1].dedicatedNodePool.name = "teamc"',
      /is already the name of the dedicated pool of tenant "team-c" \(tenants\[0\]\) \(derived from tenant name "teamc"\)/,
    ],
    [
      "a given name equal to a derived one",
      [
        { name: "team-c", trustLevel: "restricted" },
        { name: "team-d", trustLevel: "restricted", dedicatedNodePool: { name: "teamc" } },
      ],
      'tenants[1].dedicatedNodePool.name = "teamc"',
      /dedicated pool of tenant "team-c"/,
    ],
    [
      "the user pool's name",
      [{ name: "team-c", trustLevel: "restricted", dedicatedNodePool: { name: "user" } }],
      'tenants[0].dedicatedNodePool.name = "user"',
      /the cluster's user pool/,
    ],
    [
      "the system pool's name",
      [{ name: "team-c", trustLevel: "restricted", dedicatedNodePool: { name: "system" } }],
      'tenants[0].dedicatedNodePool.name = "system"',
      /the cluster's system pool/,
    ],
    [
      "an invalid name",
      [{ name: "team-c", trustLevel: "restricted", dedicatedNodePool: { name: "Team_C" } }],
      'tenants[0].dedicatedNodePool.name = "Team_C"',
      /not a valid Linux node pool name/,
    ],
  ] as [string, TenantDeclaration[], string, RegExp][])("reject %s", (_, tenants, prop, problem) => {
    expect(() => platform(tenants)).toThrow(`[contoso] ${prop}`);
    expect(() => platform(tenants)).toThrow(problem);
  });

  it("names the prop to set in the fix", () => {
    expect(() =>
      platform([
        { name: "team-c", trustLevel: "restricted" },
        { name: "teamc", trustLevel: "restricted" },
      ]),
    ).toThrow(/Fix: set tenants\[1\]\.dedicatedNodePool\.name to a name no other pool uses/);
  });

  it("check the user pool name given in clusterOptions", () => {
    expect(() =>
      platform([{ name: "teamc", trustLevel: "restricted" }], { clusterOptions: { userNodePool: { name: "teamc" } } }),
    ).toThrow(/tenants\[0\]\.dedicatedNodePool\.name = "teamc": is already the name of the cluster's user pool/);
  });

  it.each([
    [
      "a trusted tenant",
      { name: "team-a", trustLevel: "trusted", dedicatedNodePool: { maxCount: 3 } },
      /trusted tenants share the cluster's user pool/,
    ],
    [
      "a tenant in its own cluster",
      { name: "rogue", trustLevel: "hostile", dedicatedNodePool: { maxCount: 3 } },
      /the tenant runs on its own cluster's user pool/,
    ],
    [
      "a restricted tenant moved to its own cluster",
      {
        name: "team-c",
        trustLevel: "restricted",
        placement: "dedicated-cluster",
        dedicatedNodePool: { name: "teamc" },
      },
      /the tenant runs on its own cluster's user pool/,
    ],
  ] as [string, TenantDeclaration, RegExp][])(
    "are rejected for %s, which gets no dedicated pool",
    (_, tenant, problem) => {
      expect(() => platform([tenant])).toThrow("[contoso] tenants[0].dedicatedNodePool = ");
      expect(() => platform([tenant])).toThrow(problem);
      expect(() => platform([tenant])).toThrow(/Fix: remove dedicatedNodePool/);
    },
  );
});

describe("traffic between tenants of the shared cluster", () => {
  const { app, platform: p } = platform([
    { name: "team-a", trustLevel: "trusted" },
    { name: "team-b", trustLevel: "trusted", allowIngressFromNamespaces: ["team-a", "app-routing-system"] },
    {
      name: "team-c",
      trustLevel: "restricted",
      allowIngressFrom: [{ namespace: "team-a", podLabels: { app: "web" }, tcpPorts: [8080] }, { namespace: "team-b" }],
    },
  ]);
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) stack.prepareStack();
  const doc = synth(p.shared!.tenantStack);
  const policy = (namespace: string, name: string) =>
    resources(doc, "kubernetes_network_policy_v1").find(
      (r) => r.metadata.name === name && r.metadata.namespace.includes(`kubernetes_namespace_v1.${namespace}_`),
    );
  const ns = (name: string) => ({ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": name } } });

  it("gives tenant A the egress rule to each tenant that allows ingress from A", () => {
    expect(policy("team-a", "allow-egress-to-namespaces").spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [{ to: [ns("team-b")] }, { to: [ns("team-c")], ports: [{ port: "8080", protocol: "TCP" }] }],
    });
    expect(policy("team-b", "allow-egress-to-namespaces").spec.egress).toEqual([{ to: [ns("team-c")] }]);
    // Nobody allows ingress from team-c, and app-routing-system is not a tenant.
    expect(policy("team-c", "allow-egress-to-namespaces")).toBeUndefined();
  });

  it("keeps the ingress rules of the receiving tenants", () => {
    expect(policy("team-b", "allow-ingress-from-namespaces").spec.ingress).toEqual([
      { from: [ns("app-routing-system"), ns("team-a")] },
    ]);
    expect(policy("team-c", "allow-ingress-from-sources").spec.ingress).toEqual([
      {
        from: [{ ...ns("team-a"), pod_selector: { match_labels: { app: "web" } } }],
        ports: [{ port: "8080", protocol: "TCP" }],
      },
      { from: [ns("team-b")] },
    ]);
  });

  it("merges derived rules with the tenant's own, without duplicates", () => {
    const q = platform([
      {
        name: "team-a",
        trustLevel: "trusted",
        allowEgressToNamespaces: [{ namespace: "shared-db", tcpPorts: [5432] }, { namespace: "team-b" }],
      },
      { name: "team-b", trustLevel: "trusted", allowIngressFromNamespaces: ["team-a"] },
    ]).platform;
    const egress = resources(synth(q.shared!.tenantStack), "kubernetes_network_policy_v1").find(
      (r) => r.metadata.name === "allow-egress-to-namespaces",
    ).spec.egress;
    expect(egress).toEqual([
      { to: [ns("shared-db")], ports: [{ port: "5432", protocol: "TCP" }] },
      { to: [ns("team-b")] },
    ]);
  });

  it("derives nothing across clusters", () => {
    const q = platform([
      { name: "rogue", trustLevel: "hostile" },
      { name: "team-b", trustLevel: "trusted", allowIngressFromNamespaces: ["rogue"] },
    ]).platform;
    const names = resources(synth(q.dedicated.rogue.tenantStack), "kubernetes_network_policy_v1").map(
      (r) => r.metadata.name,
    );
    expect(names).not.toContain("allow-egress-to-namespaces");
  });
});

it("forwards the declaration's namespace props to IsolatedNamespace", () => {
  const { platform: p } = platform([
    {
      name: "team-a",
      trustLevel: "trusted",
      podSecurityVersion: "v1.32",
      identityResourceGroupName: "rg-team-a",
      tags: { tenant: "team-a" },
      workloadIdentities: [{ serviceAccountName: "orders" }],
      allowIngressFrom: [{ namespace: "app-routing-system", podLabels: { app: "nginx" }, tcpPorts: [8080] }],
      allowEgressToNamespaces: [{ namespace: "shared-db", tcpPorts: [5432] }],
      allowEgressTo: [{ cidr: "10.50.0.0/24", except: ["10.50.0.128/25"] }],
    },
  ]);
  const doc = synth(p.shared!.tenantStack);
  expect(
    resources(doc, "kubernetes_namespace_v1")[0].metadata.labels["pod-security.kubernetes.io/enforce-version"],
  ).toBe("v1.32");
  expect(resources(doc, "azurerm_user_assigned_identity")[0]).toMatchObject({
    resource_group_name: "rg-team-a",
    tags: { tenant: "team-a" },
  });
  const names = resources(doc, "kubernetes_network_policy_v1").map((r) => r.metadata.name);
  expect(names).toEqual(
    expect.arrayContaining(["allow-ingress-from-sources", "allow-egress-to-namespaces", "allow-egress-destinations"]),
  );
  expect(
    resources(doc, "kubernetes_network_policy_v1").find((r) => r.metadata.name === "allow-egress-destinations").spec
      .egress[0].to[0].ip_block,
  ).toEqual({ cidr: "10.50.0.0/24", except: ["10.50.0.128/25"] });
});

it("prefixes resource names with resourceNamePrefix and keeps stack names", () => {
  const { app, platform: p } = platform(
    [
      { name: "team-a", trustLevel: "trusted" },
      { name: "rogue", trustLevel: "hostile" },
    ],
    { resourceNamePrefix: "dev1" },
  );
  expect(stackNames(app)).toEqual([
    "contoso-platform",
    "contoso-rogue-platform",
    "contoso-rogue-tenants",
    "contoso-tenants",
  ]);
  expect(p.placements.map((placement) => placement.cluster.clusterName)).toEqual(["aks-dev1", "aks-dev1-rogue"]);
  expect(resources(synth(p.dedicated.rogue.platformStack), "azurerm_resource_group")[0].name).toBe("rg-dev1-rogue");
  expect(() => platform([{ name: "team-a", trustLevel: "trusted" }], { resourceNamePrefix: "Dev_1" })).toThrow(
    /\[contoso\] resourceNamePrefix = "Dev_1"/,
  );
});

describe("TenantPlatform tenant vaults (issue 10 item 6)", () => {
  const { platform: p } = platform([
    {
      name: "team-a",
      trustLevel: "trusted",
      vault: { vaultName: "kv-contoso-team-a", placeholderExpirationDate: "2027-06-30T00:00:00Z" },
      workloadIdentities: [{ serviceAccountName: "api" }],
    },
    {
      name: "team-b",
      trustLevel: "restricted",
      vault: { vaultName: "kv-contoso-team-b" },
      workloadIdentities: [{ serviceAccountName: "api" }],
    },
    { name: "team-c", trustLevel: "trusted" },
    { name: "rogue", trustLevel: "hostile", vault: { vaultName: "kv-contoso-rogue", skuName: "premium" } },
  ]);

  it("creates a vault per tenant that asks, in its cluster's platform stack, each with its own private endpoint", () => {
    expect(Object.keys(p.vaults)).toEqual(["rogue", "team-a", "team-b"]);
    const shared = synth(p.shared!.platformStack);
    expect(
      resources(shared, "azurerm_key_vault")
        .map((v) => v.name)
        .sort(),
    ).toEqual(["kv-contoso-team-a", "kv-contoso-team-b"]);
    const endpoints = resources(shared, "azurerm_private_endpoint").filter(
      (e) => e.private_service_connection.subresource_names[0] === "vault",
    );
    expect(endpoints).toHaveLength(2);
    // One privatelink.vaultcore.azure.net zone per resource group: the second vault registers in the first one's.
    expect(
      resources(shared, "azurerm_private_dns_zone").filter((z) => z.name === "privatelink.vaultcore.azure.net"),
    ).toHaveLength(1);
    expect(new Set(endpoints.map((e) => e.private_dns_zone_group.private_dns_zone_ids[0])).size).toBe(1);
    const rogue = synth(p.dedicated.rogue.platformStack);
    expect(
      resources(rogue, "azurerm_key_vault").map((v) => [v.name, v.sku_name, v.public_network_access_enabled]),
    ).toEqual([["kv-contoso-rogue", "premium", false]]);
  });

  it("a tenant vault serves its tenant vault-wide; another tenant is refused at the grant", () => {
    const vault = p.vaults["team-a"];
    vault.addSecret("Db", { name: "db", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
    expect(() => vault.grantRead(p.namespaces["team-a"])).not.toThrow();
    expect(() => vault.grantRead(p.namespaces["team-b"], { secrets: ["db"] })).toThrow(
      /grantRead\.namespace = "team-b".*own vault/,
    );
  });

  it("rejects two tenants with one vault name", () => {
    expect(() =>
      platform([
        { name: "team-a", trustLevel: "trusted", vault: { vaultName: "kv-contoso-x" } },
        { name: "team-b", trustLevel: "trusted", vault: { vaultName: "KV-contoso-x" } },
      ]),
    ).toThrow(
      /\[contoso\] tenants\[1\]\.vault\.vaultName = "KV-contoso-x": is already the vault of tenant "team-a" \(tenants\[0\]\).*Fix: give each tenant vault its own name/,
    );
  });
});
