import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { DefenderPlan, DefenderPlanProps } from "../../lib/defender/defender-plan";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { toPassSecurityBaseline } from "../../lib/baseline/jest-matcher";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { ClusterNetwork } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { Json, SUB, TENANT, VNET, newStack, only, resources, synth, thrown } from "../cluster/helpers";

const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-log/providers/Microsoft.OperationalInsights/workspaces/log-aks`;

/** Asserts that building throws the validation error of the construct at `path` for `prop`, naming the value and a fix. */
function expectInvalid(build: () => unknown, path: string, prop: string, value: string): void {
  const error = thrown(build);
  expect(error.constructPath).toBe(path);
  expect(error.prop).toBe(prop);
  expect(error.message).toContain(`[${path}] ${prop} = `);
  expect(error.message).toContain(value);
  expect(error.fix).not.toBe("");
}

/** A cluster created elsewhere: it exposes no azurerm_kubernetes_cluster whose Defender profile the plan could set. */
function importedCluster(stack: TerraformStack, id = "Cluster") {
  return SecureCluster.fromClusterAttributes(stack, id, {
    clusterId: `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-a`,
    clusterName: "aks-a",
    resourceGroupName: "rg-aks",
    location: "westeurope",
    tenantId: TENANT,
    oidcIssuerUrl: "https://westeurope.oic.prod-aks.azure.com/tenant/issuer/",
    kubeletIdentityObjectId: "44444444-4444-4444-8444-444444444444",
    logAnalyticsWorkspaceId: WORKSPACE,
  });
}

const base: DefenderPlanProps = { subscriptionId: SUB };

function realCluster(stack: TerraformStack, id = "Aks", name = "aks-real"): SecureCluster {
  return new SecureCluster(stack, id, {
    resourceGroupName: "rg-aks",
    location: "westeurope",
    clusterName: name,
    kubernetesVersion: "1.36",
    entraId: { tenantId: TENANT, adminGroupObjectIds: ["22222222-2222-4222-8222-222222222222"] },
    existingNetwork: {
      nodeSubnetId: `${VNET}/subnets/snet-nodes`,
      outboundType: "userDefinedRouting",
      addressSpace: ["10.10.0.0/16"],
    },
  });
}

describe("DefenderPlan defaults", () => {
  let doc: Json;
  beforeAll(() => {
    const stack = newStack();
    new DefenderPlan(stack, "Defender", base);
    doc = synth(stack);
  });

  test("Containers plan on Standard with the catalog's extensions (AKS-DEF-01, ACR-08)", () => {
    const pricing = only(doc, "azurerm_security_center_subscription_pricing");
    expect(pricing.resource_type).toBe("Containers");
    expect(pricing.tier).toBe("Standard");
    expect(pricing.subplan).toBeUndefined();
    expect(pricing.extension).toEqual([
      { name: "ContainerRegistriesVulnerabilityAssessments" },
      { name: "AgentlessDiscoveryForKubernetes" },
      { name: "ContainerSensor" },
    ]);
  });

  test("no contact and no import unless asked", () => {
    expect(resources(doc, "azurerm_security_center_contact")).toHaveLength(0);
    expect(doc.import).toBeUndefined();
  });

  test("matches the snapshot", () => {
    const stack = newStack();
    new DefenderPlan(stack, "Defender", { ...base, securityContact: { email: "secops@example.com" } });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});

describe("DefenderPlan options", () => {
  test("Defender profile on each SecureCluster, pointing at its own workspace (AKS-DEF-02)", () => {
    const stack = newStack();
    const a = realCluster(stack, "A", "aks-a");
    const b = realCluster(stack, "B", "aks-b");
    const plan = new DefenderPlan(stack, "Defender", { ...base, clusters: [a] });
    plan.addCluster(b);
    plan.addCluster(b);
    const clusters = resources(synth(stack), "azurerm_kubernetes_cluster");
    expect(clusters).toHaveLength(2);
    for (const aks of clusters) {
      expect(aks.microsoft_defender).toEqual({
        log_analytics_workspace_id: expect.stringMatching(/^\$\{azurerm_log_analytics_workspace\..+\.id\}$/),
      });
    }
    expect(clusters[0].microsoft_defender).not.toEqual(clusters[1].microsoft_defender);
  });

  test("a given workspace for every sensor", () => {
    const stack = newStack();
    new DefenderPlan(stack, "Defender", {
      ...base,
      clusters: [realCluster(stack)],
      logAnalyticsWorkspaceId: WORKSPACE,
    });
    expect(only(synth(stack), "azurerm_kubernetes_cluster").microsoft_defender).toEqual({
      log_analytics_workspace_id: WORKSPACE,
    });
  });

  test("all five extensions, security contact, import of an existing plan", () => {
    const stack = newStack();
    new DefenderPlan(stack, "Defender", {
      ...base,
      extensions: [
        "ContainerRegistriesVulnerabilityAssessments",
        "AgentlessDiscoveryForKubernetes",
        "ContainerSensor",
        "AgentlessVmScanning",
        "ContainerIntegrityContribution",
      ],
      securityContact: { email: "secops@example.com", phone: "+1-555-555-5555", alertsToAdmins: false },
      importExisting: true,
    });
    const doc = synth(stack);
    expect(only(doc, "azurerm_security_center_subscription_pricing").extension.map((e: Json) => e.name)).toEqual([
      "ContainerRegistriesVulnerabilityAssessments",
      "AgentlessDiscoveryForKubernetes",
      "ContainerSensor",
      "AgentlessVmScanning",
      "ContainerIntegrityContribution",
    ]);
    expect(only(doc, "azurerm_security_center_contact")).toEqual(
      expect.objectContaining({
        name: "default1",
        email: "secops@example.com",
        phone: "+1-555-555-5555",
        alert_notifications: true,
        alerts_to_admins: false,
      }),
    );
    expect(JSON.stringify(doc.import)).toContain(
      `/subscriptions/${SUB}/providers/Microsoft.Security/pricings/Containers`,
    );
  });

  test("extensions with settings: gated deployment on the sensor, VM scanning exclusions", () => {
    const stack = newStack();
    new DefenderPlan(stack, "Defender", {
      ...base,
      extensions: [
        "ContainerRegistriesVulnerabilityAssessments",
        "AgentlessDiscoveryForKubernetes",
        {
          name: "ContainerSensor",
          additionalExtensionProperties: { SecurityGatingEnabled: "True", AntiMalwareEnabled: "True" },
        },
        { name: "AgentlessVmScanning", additionalExtensionProperties: { ExclusionTags: "[]" } },
      ],
    });
    expect(only(synth(stack), "azurerm_security_center_subscription_pricing").extension).toEqual([
      { name: "ContainerRegistriesVulnerabilityAssessments" },
      { name: "AgentlessDiscoveryForKubernetes" },
      {
        name: "ContainerSensor",
        additional_extension_properties: { SecurityGatingEnabled: "True", AntiMalwareEnabled: "True" },
      },
      { name: "AgentlessVmScanning", additional_extension_properties: { ExclusionTags: "[]" } },
    ]);
  });

  test("plans for two subscriptions in one app pass validation", () => {
    const app = Testing.app();
    const s1 = new TerraformStack(app, "one");
    const s2 = new TerraformStack(app, "two");
    new AzurermProvider(s1, "azurerm", { features: [{}] });
    new AzurermProvider(s2, "azurerm", { features: [{}] });
    new DefenderPlan(s1, "Defender", base);
    new DefenderPlan(s2, "Defender", { subscriptionId: "66666666-6666-4666-8666-666666666666" });
    expect(() => Testing.synth(s1, true)).not.toThrow();
    expect(() => Testing.synth(s2, true)).not.toThrow();
  });

  test("tokens are never rejected", () => {
    const stack = newStack();
    const sub = new TerraformVariable(stack, "sub", { type: "string" }).stringValue;
    const email = new TerraformVariable(stack, "email", { type: "string" }).stringValue;
    new DefenderPlan(stack, "Defender", { subscriptionId: sub, securityContact: { email } });
    expect(only(synth(stack), "azurerm_security_center_contact").email).toBe("${var.email}");
  });

  test("deterministic synthesis", () => {
    const build = () => {
      const stack = newStack();
      new DefenderPlan(stack, "Defender", {
        ...base,
        clusters: [realCluster(stack)],
        securityContact: { email: "secops@example.com" },
      });
      return Testing.synth(stack);
    };
    expect(build()).toBe(build());
  });
});

describe("DefenderPlan bad input", () => {
  test("declared twice for one subscription in one app (across stacks)", () => {
    const app = Testing.app();
    const s1 = new TerraformStack(app, "one");
    const s2 = new TerraformStack(app, "two");
    new AzurermProvider(s1, "azurerm", { features: [{}] });
    new AzurermProvider(s2, "azurerm", { features: [{}] });
    new DefenderPlan(s1, "Defender", base);
    new DefenderPlan(s2, "Defender", base);
    expect(() => Testing.synth(s1, true)).not.toThrow();
    let error: Error | undefined;
    try {
      Testing.synth(s2, true);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toContain("[two/Defender] subscriptionId = ");
    expect(error?.message).not.toContain("[two/Defender] [two/Defender]");
    expect(error?.message).toContain(SUB);
    expect(error?.message).toContain("one/Defender");
    expect(error?.message).toContain("Fix: declare DefenderPlan once per subscription");
  });

  test("the same subscription in another case is the same subscription", () => {
    const app = Testing.app();
    const s1 = new TerraformStack(app, "one");
    const s2 = new TerraformStack(app, "two");
    new AzurermProvider(s1, "azurerm", { features: [{}] });
    new AzurermProvider(s2, "azurerm", { features: [{}] });
    const upper = "ABCDEF00-0000-4000-8000-000000000000";
    new DefenderPlan(s1, "Defender", { subscriptionId: upper.toLowerCase() });
    new DefenderPlan(s2, "Defender", { subscriptionId: upper });
    expect(() => Testing.synth(s1, true)).not.toThrow();
    expect(() => Testing.synth(s2, true)).toThrow(
      /\[two\/Defender\] subscriptionId = "ABCDEF00-0000-4000-8000-000000000000": already has a DefenderPlan \(one\/Defender\)/,
    );
  });

  test("token subscription ids are not compared", () => {
    const stack = newStack();
    const sub = () => new TerraformVariable(stack, `sub${stack.node.children.length}`, { type: "string" }).stringValue;
    new DefenderPlan(stack, "A", { subscriptionId: sub() });
    new DefenderPlan(stack, "B", { subscriptionId: sub() });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("an empty extension list", () => {
    expectInvalid(
      () => new DefenderPlan(newStack(), "Defender", { ...base, extensions: [] }),
      "test/Defender",
      "extensions",
      "[]",
    );
  });

  test("extension settings Defender does not document", () => {
    const build = (extension: NonNullable<DefenderPlanProps["extensions"]>[number]) => () =>
      new DefenderPlan(newStack(), "Defender", {
        ...base,
        extensions: ["ContainerRegistriesVulnerabilityAssessments", extension],
      });
    expectInvalid(
      build({ name: "ContainerSensor", additionalExtensionProperties: { GatingEnabled: "True" } }),
      "test/Defender",
      "extensions[ContainerSensor].additionalExtensionProperties.GatingEnabled",
      '"True"',
    );
    expectInvalid(
      build({ name: "ContainerSensor", additionalExtensionProperties: { SecurityGatingEnabled: "yes" } }),
      "test/Defender",
      "extensions[ContainerSensor].additionalExtensionProperties.SecurityGatingEnabled",
      '"yes"',
    );
    expectInvalid(
      build({ name: "ContainerSensor", additionalExtensionProperties: { InstallationMethod: " " } }),
      "test/Defender",
      "extensions[ContainerSensor].additionalExtensionProperties.InstallationMethod",
      '" "',
    );
    expectInvalid(
      build({ name: "AgentlessVmScanning", additionalExtensionProperties: { ExclusionTags: "env=dev" } }),
      "test/Defender",
      "extensions[AgentlessVmScanning].additionalExtensionProperties.ExclusionTags",
      '"env=dev"',
    );
    expectInvalid(
      build({ name: "AgentlessDiscoveryForKubernetes", additionalExtensionProperties: { Enabled: "True" } }),
      "test/Defender",
      "extensions[AgentlessDiscoveryForKubernetes].additionalExtensionProperties.Enabled",
      '"True"',
    );
    expectInvalid(
      () =>
        new DefenderPlan(newStack(), "Defender", {
          ...base,
          extensions: [
            "ContainerSensor",
            { name: "ContainerSensor", additionalExtensionProperties: { SecurityGatingEnabled: "True" } },
          ],
        }),
      "test/Defender",
      "extensions",
      '"ContainerSensor"',
    );
  });

  test("workspace id shape", () => {
    expectInvalid(
      () => new DefenderPlan(newStack(), "Defender", { ...base, logAnalyticsWorkspaceId: "log-aks" }),
      "test/Defender",
      "logAnalyticsWorkspaceId",
      '"log-aks"',
    );
    expectInvalid(
      () => new DefenderPlan(newStack(), "Defender", { ...base, logAnalyticsWorkspaceId: VNET }),
      "test/Defender",
      "logAnalyticsWorkspaceId",
      "virtualNetworks",
    );
  });

  test("unknown or duplicate extension names", () => {
    const build = (extensions: string[]) => () =>
      new DefenderPlan(newStack(), "Defender", { ...base, extensions: extensions as DefenderPlanProps["extensions"] });
    expectInvalid(
      build(["ContainerSensor", "KubernetesService"]),
      "test/Defender",
      "extensions",
      '"KubernetesService"',
    );
    expectInvalid(build(["ContainerSensor", "containerSensor"]), "test/Defender", "extensions", '"containerSensor"');
    expectInvalid(build(["ContainerSensor", "ContainerSensor"]), "test/Defender", "extensions", '"ContainerSensor"');
  });

  test("clusters without the sensor extension or without an exposed cluster resource", () => {
    expectInvalid(
      () => {
        const stack = newStack();
        new DefenderPlan(stack, "Defender", {
          ...base,
          extensions: ["ContainerRegistriesVulnerabilityAssessments"],
          clusters: [realCluster(stack)],
        });
      },
      "test/Defender",
      "extensions",
      "ContainerRegistriesVulnerabilityAssessments",
    );
    expectInvalid(
      () => {
        const stack = newStack();
        new DefenderPlan(stack, "Defender", { ...base, clusters: [importedCluster(stack)] });
      },
      "test/Defender",
      "clusters",
      '"test/Cluster"',
    );
  });

  test("subscription id and contact", () => {
    expectInvalid(
      () => new DefenderPlan(newStack(), "Defender", { subscriptionId: "my-sub" }),
      "test/Defender",
      "subscriptionId",
      '"my-sub"',
    );
    expectInvalid(
      () => new DefenderPlan(newStack(), "Defender", { ...base, securityContact: { email: "secops" } }),
      "test/Defender",
      "securityContact.email",
      '"secops"',
    );
    expectInvalid(
      () => new DefenderPlan(newStack(), "Defender", { ...base, securityContact: { email: "a@b.io", phone: " " } }),
      "test/Defender",
      "securityContact.phone",
      '" "',
    );
  });
});

describe("DefenderPlan and the security baseline", () => {
  test("the default output passes with zero suppressions and synth validation succeeds", () => {
    expect.extend({ toPassSecurityBaseline });
    const stack = newStack();
    new DefenderPlan(stack, "Defender", { ...base, clusters: [realCluster(stack)] });
    expect(SecurityBaseline.of(stack)).toBeDefined();
    expect(stack).toPassSecurityBaseline();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("DefenderPlan covers every cluster it bills", () => {
  const warnings = (stack: TerraformStack): string[] => {
    Testing.synth(stack, true);
    // cdktf prints the construct path in front of the message: the warning sits on the plan.
    return stack.node
      .findAll()
      .filter((c) => c.node.path === "test/Defender")
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === "@cdktf/warn")
      .map((m) => String(m.data));
  };

  test("a plan covering none of its stack's clusters is a synth error naming them, the prop and the fix", () => {
    const stack = newStack();
    realCluster(stack, "A", "aks-a");
    new DefenderPlan(stack, "Defender", base);
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/Defender\] clusters = \[\]: covers none of the clusters of its stack \(test\/A \(cluster "aks-a"\)\): the subscription-wide plan bills .*Fix: pass every cluster of the subscription to the plan/,
    );
  });

  test("a plan leaving out one cluster of its stack warns by name, once, with a stable id and prop/value/fix", () => {
    const stack = newStack();
    const a = realCluster(stack, "A", "aks-a");
    realCluster(stack, "B", "aks-b");
    new DefenderPlan(stack, "Defender", { ...base, clusters: [a] });
    const found = warnings(stack);
    expect(found).toEqual([
      expect.stringMatching(
        /^\[defender\/cluster-not-covered\] clusters = \["test\/A"\]: leaves out test\/B \(cluster "aks-b"\), which the subscription-wide plan bills without a Defender sensor \(AKS-DEF-02\)\. Fix: pass it to the plan/,
      ),
    ]);
  });

  test("no finding when every cluster is covered, or when the stack holds no cluster (clusters of other stacks are theirs)", () => {
    const stack = newStack();
    const a = realCluster(stack, "A", "aks-a");
    new DefenderPlan(stack, "Defender", { ...base, clusters: [a] });
    expect(warnings(stack)).toEqual([]);
    const alone = newStack();
    new DefenderPlan(alone, "Defender", base);
    expect(() => Testing.synth(alone, true)).not.toThrow();
  });

  test("forSubscription finds the app's plan for a subscription (any case), so examples share it", () => {
    const stack = newStack();
    const plan = new DefenderPlan(stack, "Defender", base);
    expect(DefenderPlan.forSubscription(stack, SUB.toUpperCase())).toBe(plan);
    expect(DefenderPlan.forSubscription(stack, "44444444-4444-4444-8444-444444444444")).toBeUndefined();
  });

  test("a covered cluster behind ClusterEgress.azureFirewall() gets the sensor's egress rule (*.cloud.defender.microsoft.com)", () => {
    const stack = newStack();
    const network = new ClusterNetwork(stack, "Network", {
      resourceGroupName: "rg-net",
      location: "westeurope",
      namePrefix: "aks-def",
      egress: ClusterEgress.azureFirewall(),
    });
    const cluster = new SecureCluster(stack, "Aks", {
      resourceGroupName: "rg-aks",
      location: "westeurope",
      clusterName: "aks-def",
      kubernetesVersion: "1.36",
      entraId: { tenantId: TENANT, adminGroupObjectIds: ["22222222-2222-4222-8222-222222222222"] },
      network,
    });
    const group = () => only(synth(stack), "azurerm_firewall_policy_rule_collection_group");
    const ruleNames = () => group().application_rule_collection[0].rule.map((r: Json) => r.name);
    expect(ruleNames()).not.toContain("defender-sensor");
    new DefenderPlan(stack, "Defender", { ...base, clusters: [cluster] });
    expect(ruleNames()).toEqual(["aks-fqdn-tag", "container-insights", "azure-policy", "defender-sensor"]);
    expect(group().application_rule_collection[0].rule[3].destination_fqdns).toContain(
      "*.cloud.defender.microsoft.com",
    );
  });
});
