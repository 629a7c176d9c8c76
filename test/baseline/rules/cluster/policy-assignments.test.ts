import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { ResourceGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-group-policy-assignment";
import { SubscriptionPolicyAssignment } from "@cdktf/provider-azurerm/lib/subscription-policy-assignment";
import { ManagementGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/management-group-policy-assignment";
import { PolicyDefinition } from "@cdktf/provider-azurerm/lib/policy-definition";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { CLUSTER_RULES } from "../../../../lib/baseline/rules/cluster/index";
import { Rule } from "../../../../lib/baseline/rule";
import { ClusterFixture, clusterFixture, evaluate } from "./fixtures";

const rule = (id: string): Rule => CLUSTER_RULES.find((candidate) => candidate.id === id)!;
const HTTPS_GUID = "1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d";
const HTTPS = `/providers/Microsoft.Authorization/policyDefinitions/${HTTPS_GUID}`;
const deny = (extra: Record<string, unknown> = {}) => JSON.stringify({ effect: { value: "Deny" }, ...extra });
const SUBSCRIPTION = "/subscriptions/00000000-0000-4000-8000-000000000000";
const withoutHttps = (): ClusterFixture => clusterFixture({ withoutPolicies: ["https"] });
const net11 = (fixture: ClusterFixture) => evaluate(rule("AKS-NET-11"), fixture);

describe("built-in definition ids are matched exactly", () => {
  it("ignores a custom definition whose id ends in the built-in's GUID", () => {
    const fixture = withoutHttps();
    new ResourcePolicyAssignment(fixture.stack, "custom", {
      name: "custom",
      resourceId: fixture.cluster.id,
      policyDefinitionId: `${SUBSCRIPTION}/providers/Microsoft.Authorization/policyDefinitions/${HTTPS_GUID}`,
      parameters: deny(),
    });
    new ResourcePolicyAssignment(fixture.stack, "suffix", {
      name: "suffix",
      resourceId: fixture.cluster.id,
      policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/my-${HTTPS_GUID}`,
      parameters: deny(),
    });
    expect(net11(fixture)).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment",
      message: expect.stringContaining("no policy assignment"),
    });
  });

  it("ignores a declared custom definition named after the built-in, and a definition GUID under policySetDefinitions/", () => {
    const fixture = withoutHttps();
    const custom = new PolicyDefinition(fixture.stack, "lookalike", {
      name: HTTPS_GUID,
      policyType: "Custom",
      mode: "All",
      displayName: "HTTPS",
      policyRule: "{}",
    });
    new ResourcePolicyAssignment(fixture.stack, "custom", {
      name: "custom",
      resourceId: fixture.cluster.id,
      policyDefinitionId: custom.id,
      parameters: deny(),
    });
    new ResourcePolicyAssignment(fixture.stack, "set", {
      name: "set",
      resourceId: fixture.cluster.id,
      policyDefinitionId: `/providers/Microsoft.Authorization/policySetDefinitions/${HTTPS_GUID}`,
      parameters: deny(),
    });
    expect(net11(fixture)).toMatchObject({ outcome: "failed", attribute: "policy_assignment" });
  });

  it("an initiative needs policySetDefinitions/, and the exact id in any case passes", () => {
    const wrongKind = clusterFixture({ withoutPolicies: ["pss_baseline"] });
    new ResourcePolicyAssignment(wrongKind.stack, "wrong", {
      name: "wrong",
      resourceId: wrongKind.cluster.id,
      policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d",
      parameters: deny(),
    });
    expect(evaluate(rule("AKS-POD-02"), wrongKind)).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment",
    });
    const upper = withoutHttps();
    new ResourcePolicyAssignment(upper.stack, "upper", {
      name: "upper",
      resourceId: upper.cluster.id,
      policyDefinitionId: HTTPS.toUpperCase(),
      parameters: deny(),
    });
    expect(net11(upper)).toMatchObject({ outcome: "passed", message: "azurerm_resource_policy_assignment.upper" });
  });

  it("is unknown for a definition id only apply knows", () => {
    const fixture = withoutHttps();
    new ResourcePolicyAssignment(fixture.stack, "dynamic", {
      name: "dynamic",
      resourceId: fixture.cluster.id,
      policyDefinitionId: "${data.azurerm_policy_definition.https.id}",
      parameters: deny(),
    });
    expect(net11(fixture)).toMatchObject({
      outcome: "unknown",
      attribute: "policy_assignment.policy_definition_id",
      value: "${data.azurerm_policy_definition.https.id}",
    });
  });
});

describe("excludedNamespaces", () => {
  const excluding = (namespaces: unknown, tenant = false) => {
    const fixture = withoutHttps();
    if (tenant) new NamespaceV1(fixture.stack, "team_b", { metadata: { name: "team-b" } });
    new ResourcePolicyAssignment(fixture.stack, "https", {
      name: "https",
      resourceId: fixture.cluster.id,
      policyDefinitionId: HTTPS,
      parameters: deny({ excludedNamespaces: { value: namespaces } }),
    });
    return fixture;
  };
  const DEFAULTS = ["kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system"];

  it("passes the default system namespaces, in any order or subset", () => {
    expect(net11(excluding(DEFAULTS))).toMatchObject({ outcome: "passed" });
    expect(net11(excluding(["gatekeeper-system", "kube-system"]))).toMatchObject({ outcome: "passed" });
  });
  it("fails a tenant namespace of the document, naming it as a tenant", () => {
    expect(net11(excluding([...DEFAULTS, "team-b"], true))).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.excludedNamespaces",
      message: expect.stringContaining("exempts tenant namespace(s) team-b"),
    });
  });
  it("fails a namespace listed for the restricted initiative (AKS-POD-03) as a tenant", () => {
    // The fixture's restricted initiative lists team-a.
    expect(net11(excluding(["kube-system", "team-a"]))).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("tenant namespace(s) team-a"),
    });
  });
  it("fails anything beyond the defaults, even a system namespace", () => {
    expect(net11(excluding(["kube-system", "ingress-nginx"]))).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining(
        "exempts ingress-nginx from the HTTPS-only ingress policy (1a5b4dca), beyond the default system namespaces",
      ),
    });
    expect(net11(excluding(["kube-system", "kube-public"]))).toMatchObject({ outcome: "failed" });
    expect(net11(excluding("kube-system"))).toMatchObject({
      outcome: "failed",
      message: "excludedNamespaces is not a list of namespaces",
    });
  });
  it("is unknown when the list is an expression (the parameters are then known only at apply)", () => {
    const fixture = withoutHttps();
    new ResourcePolicyAssignment(fixture.stack, "https", {
      name: "https",
      resourceId: fixture.cluster.id,
      policyDefinitionId: HTTPS,
      parameters: deny({ excludedNamespaces: { value: "${var.excluded}" } }),
    });
    expect(net11(fixture)).toMatchObject({ outcome: "unknown", attribute: "policy_assignment.parameters" });
  });
  it("applies to every cluster policy rule, including initiatives", () => {
    const fixture = clusterFixture({
      policyParameters: {
        pss_baseline: { effect: { value: "Deny" }, excludedNamespaces: { value: ["kube-system", "team-a"] } },
      },
    });
    expect(evaluate(rule("AKS-POD-02"), fixture)).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.excludedNamespaces",
    });
    expect(
      evaluate(
        rule("AKS-POD-08"),
        clusterFixture({
          policyParameters: { selinux: { effect: { value: "Deny" }, excludedNamespaces: { value: ["monitoring"] } } },
        }),
      ),
    ).toMatchObject({ outcome: "failed", message: expect.stringContaining("monitoring") });
  });
});

describe("not_scopes", () => {
  const bySubscription = (notScopes: string[] | string) => {
    const fixture = withoutHttps();
    new SubscriptionPolicyAssignment(fixture.stack, "sub_https", {
      name: "https",
      subscriptionId: SUBSCRIPTION,
      policyDefinitionId: HTTPS,
      parameters: deny(),
      notScopes: notScopes as string[],
    });
    return fixture;
  };

  it("an assignment whose not_scopes hold the cluster or its resource group does not cover it", () => {
    const byId = withoutHttps();
    new SubscriptionPolicyAssignment(byId.stack, "sub_https", {
      name: "https",
      subscriptionId: SUBSCRIPTION,
      policyDefinitionId: HTTPS,
      parameters: deny(),
      notScopes: [byId.cluster.id],
    });
    expect(net11(byId)).toMatchObject({ outcome: "failed", attribute: "policy_assignment" });
    expect(net11(bySubscription([`${SUBSCRIPTION}/resourceGroups/rg`]))).toMatchObject({ outcome: "failed" });
    expect(
      net11(
        bySubscription([`${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`]),
      ),
    ).toMatchObject({ outcome: "failed" });
  });

  it("a declared resource group in not_scopes excludes the clusters in it", () => {
    const fixture = withoutHttps();
    const group = new ResourceGroup(fixture.stack, "group", { name: "rg", location: "westeurope" });
    new ManagementGroupPolicyAssignment(fixture.stack, "mg_https", {
      name: "https",
      managementGroupId: "/providers/Microsoft.Management/managementGroups/platform",
      policyDefinitionId: HTTPS,
      parameters: deny(),
      notScopes: [group.id],
    });
    expect(net11(fixture)).toMatchObject({ outcome: "failed" });
  });

  it("not_scopes elsewhere keep the coverage", () => {
    expect(net11(bySubscription([`${SUBSCRIPTION}/resourceGroups/sandbox`]))).toMatchObject({ outcome: "passed" });
    const other = withoutHttps();
    const sandbox = new ResourceGroup(other.stack, "sandbox", { name: "sandbox", location: "westeurope" });
    new SubscriptionPolicyAssignment(other.stack, "sub_https", {
      name: "https",
      subscriptionId: SUBSCRIPTION,
      policyDefinitionId: HTTPS,
      parameters: deny(),
      notScopes: [sandbox.id],
    });
    expect(net11(other)).toMatchObject({ outcome: "passed" });
  });

  it("is unknown for not_scopes only apply can place", () => {
    expect(net11(bySubscription(["${var.excluded_scope}"]))).toMatchObject({
      outcome: "unknown",
      attribute: "policy_assignment.not_scopes",
      value: ["${var.excluded_scope}"],
    });
    expect(net11(bySubscription("${var.excluded_scopes}"))).toMatchObject({
      outcome: "unknown",
      attribute: "policy_assignment.not_scopes",
    });
    expect(net11(bySubscription([SUBSCRIPTION]))).toMatchObject({ outcome: "unknown" });
  });

  it("resource-group and resource assignments honour not_scopes too", () => {
    const fixture = withoutHttps();
    const group = new ResourceGroup(fixture.stack, "group", { name: "rg", location: "westeurope" });
    new ResourceGroupPolicyAssignment(fixture.stack, "rg_https", {
      name: "https",
      resourceGroupId: group.id,
      policyDefinitionId: HTTPS,
      parameters: deny(),
      notScopes: [fixture.cluster.id],
    });
    expect(net11(fixture)).toMatchObject({ outcome: "failed" });
  });
});
