import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { Json, baseProps, expectInvalid, makeCluster, newStack, resources, synth } from "./helpers";

const SET = "/providers/Microsoft.Authorization/policySetDefinitions/";
const DEF = "/providers/Microsoft.Authorization/policyDefinitions/";
const EXCLUDED = ["kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system"];

function byDefinition(doc: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const a of resources(doc, "azurerm_resource_policy_assignment")) out[a.policy_definition_id] = a;
  return out;
}

describe("ClusterGuardrails", () => {
  const { stack } = makeCluster();
  const doc = synth(stack);
  const assignments = byDefinition(doc);
  const params = (id: string) => JSON.parse(assignments[id].parameters);

  test("every assignment targets the cluster", () => {
    for (const a of Object.values(assignments))
      expect(a.resource_id).toBe("${azurerm_kubernetes_cluster.Cluster_EB0386A7.id}");
  });

  test("PSS baseline initiative with Deny (AKS-POD-02)", () => {
    expect(params(`${SET}a8640138-9b0a-4a28-b8cb-1666c838647d`)).toEqual({
      effect: { value: "Deny" },
      excludedNamespaces: { value: EXCLUDED },
    });
  });

  test("internal load balancers, HTTPS ingress, no default namespace: Deny (AKS-NET-10, NET-11, POD-10)", () => {
    for (const id of [
      "3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e",
      "1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d",
      "9f061a12-e40d-4183-a00e-171812443373",
    ]) {
      expect(params(`${DEF}${id}`)).toEqual({ effect: { value: "Deny" }, excludedNamespaces: { value: EXCLUDED } });
    }
  });

  test("POD-04..08, IAM-13 and CLU-08 decisions", () => {
    expect(params(`${DEF}d2e7ea85-6b44-4317-a0be-1b951587f626`).effect.value).toBe("Deny");
    expect(params(`${DEF}df49d893-a74c-421d-bc95-c663042e5b80`).effect.value).toBe("Audit");
    expect(params(`${DEF}511f5417-5d12-434d-ab2e-816901e72a5e`)).toMatchObject({
      effect: { value: "Audit" },
      allowedProfiles: { value: ["runtime/default"] },
    });
    expect(params(`${DEF}56d0a13f-712f-466b-8416-56fb354fb823`)).toMatchObject({
      effect: { value: "Deny" },
      forbiddenSysctls: { value: ["*"] },
    });
    expect(params(`${DEF}f85eb0dd-92ee-40e9-8a76-db25a507d6d3`)).toMatchObject({
      effect: { value: "Deny" },
      procMountType: { value: "Default" },
    });
    expect(params(`${DEF}e1e6c427-07d9-46ab-9689-bfa85431e636`).effect.value).toBe("Deny");
    expect(params(`${DEF}f4a8fce0-2dd5-4c21-9a36-8f0ec809d663`)).toMatchObject({
      effect: { value: "Deny" },
      allowedFlexVolumeDrivers: { value: [] },
    });
    expect(params(`${SET}4fd005fd-51be-478f-a8fb-149d48b20d48`).effect.value).toBe("Audit");
    expect(params(`${SET}c047ea8e-9c78-49b2-958b-37e56d291a44`).effect.value).toBe("Audit");
    // Limit ceilings need values; none are assumed.
    expect(assignments[`${DEF}e345eecc-fa47-480f-9e88-67dcc122b164`]).toBeUndefined();
    expect(Object.keys(assignments)).toHaveLength(14);
  });

  test("no Service externalIPs: Deny with an empty allow-list, on every cluster (AKS-TEN-07, CVE-2020-8554)", () => {
    expect(params(`${DEF}d46c275d-1680-448d-b2ec-e495a3b6cc89`)).toEqual({
      effect: { value: "Deny" },
      allowedExternalIPs: { value: [] },
      excludedNamespaces: { value: EXCLUDED },
    });
    expect(assignments[`${DEF}d46c275d-1680-448d-b2ec-e495a3b6cc89`].name).toBe("aks-no-service-external-ips");
  });

  test("no restricted assignment until a tenant namespace registers", () => {
    expect(assignments[`${SET}42b8ef37-b724-4e24-bbc8-7a7708edfe00`]).toBeUndefined();
    expect(assignments[`${DEF}f06ddb64-5fa3-4b77-b166-acb36f7f6042`]).toBeUndefined();
  });

  test("restricted members cover exactly the registered namespaces, sorted, including later registrations from other stacks (AKS-POD-03)", () => {
    const { stack: clusterStack, cluster } = makeCluster();
    cluster.registerTenantNamespace("team-c");
    cluster.registerTenantNamespace("team-a");
    const other = new TerraformStack(clusterStack.node.scope!, "tenants");
    // A tenant in another stack registers after the cluster was built, before synth.
    cluster.registerTenantNamespace("team-b");
    cluster.registerTenantNamespace("team-a");
    expect(other.node.path).toBe("tenants");
    const doc = synth(clusterStack);
    const byId = byDefinition(doc);
    // The members one by one, never the initiative whose f06ddb64 forces MustRunAs group rules.
    expect(byId[`${SET}42b8ef37-b724-4e24-bbc8-7a7708edfe00`]).toBeUndefined();
    const members = resources(doc, "azurerm_resource_policy_assignment").filter((a) =>
      a.name.startsWith("aks-pss-restricted-"),
    );
    expect(members.map((a) => a.name).sort()).toEqual(
      [
        "capabilities",
        "escalation",
        "host-namespaces",
        "host-network",
        "privileged",
        "seccomp",
        "users-groups",
        "volumes",
      ].map((key) => `aks-pss-restricted-${key}`),
    );
    for (const member of members) {
      const parameters = JSON.parse(member.parameters);
      expect(parameters.effect).toEqual({ value: "Deny" });
      expect(parameters.namespaces).toEqual({ value: ["team-a", "team-b", "team-c"] });
    }
    expect(JSON.parse(byId[`${DEF}c26596ff-4d70-4e6a-9a30-c2506bd2f80c`].parameters)).toMatchObject({
      allowedCapabilities: { value: ["NET_BIND_SERVICE"] },
      requiredDropCapabilities: { value: ["ALL"] },
    });
    expect(JSON.parse(byId[`${DEF}82985f06-dc18-4a48-bc1c-b9f4f0098cfe`].parameters)).toMatchObject({
      allowHostNetwork: { value: false },
      allowedHostPorts: { value: [] },
    });
    const groups = { ranges: [{ min: 1, max: 65535 }] };
    expect(JSON.parse(byId[`${DEF}f06ddb64-5fa3-4b77-b166-acb36f7f6042`].parameters)).toEqual({
      effect: { value: "Deny" },
      runAsUserRule: { value: "MustRunAsNonRoot" },
      runAsUserRanges: { value: { ranges: [] } },
      // MayRunAs: a pod that sets no group (admitted by PSA restricted) is admitted; a set group must be 1-65535.
      runAsGroupRule: { value: "MayRunAs" },
      runAsGroupRanges: { value: groups },
      fsGroupRule: { value: "MayRunAs" },
      fsGroupRanges: { value: groups },
      supplementalGroupsRule: { value: "MayRunAs" },
      supplementalGroupsRanges: { value: groups },
      namespaces: { value: ["team-a", "team-b", "team-c"] },
    });
  });

  test("excludedNamespaces as a list token: parameters are encoded by Terraform, nothing is rejected", () => {
    const s = newStack();
    const excluded = new TerraformVariable(s, "excluded", { type: "list(string)" }).listValue;
    const cluster = new SecureCluster(s, "Cluster", baseProps({ guardrails: { excludedNamespaces: excluded } }));
    cluster.registerTenantNamespace("team-a");
    const a = byDefinition(JSON.parse(Testing.synth(s, true)));
    expect(a[`${SET}a8640138-9b0a-4a28-b8cb-1666c838647d`].parameters).toBe(
      '${jsonencode({"effect" = {"value" = "Deny"}, "excludedNamespaces" = {"value" = var.excluded}})}',
    );
    expect(a[`${DEF}511f5417-5d12-434d-ab2e-816901e72a5e`].parameters).toBe(
      '${jsonencode({"effect" = {"value" = "Audit"}, "allowedProfiles" = {"value" = ["runtime/default"]}, "excludedNamespaces" = {"value" = var.excluded}})}',
    );
    // The restricted members do not take the exclusions and stay plain JSON.
    expect(JSON.parse(a[`${DEF}f06ddb64-5fa3-4b77-b166-acb36f7f6042`].parameters).namespaces.value).toEqual(["team-a"]);
  });

  test("a literal list with a token element keeps plain JSON and still checks the other elements", () => {
    const s = newStack();
    const ns = new TerraformVariable(s, "ns", { type: "string" }).stringValue;
    new SecureCluster(s, "Cluster", baseProps({ guardrails: { excludedNamespaces: ["kube-system", ns] } }));
    const a = byDefinition(synth(s));
    expect(JSON.parse(a[`${SET}a8640138-9b0a-4a28-b8cb-1666c838647d`].parameters).excludedNamespaces.value).toEqual([
      "kube-system",
      "${var.ns}",
    ]);
    expectInvalid(
      () => makeCluster({ guardrails: { excludedNamespaces: ["kube-system", ns, "Not_A_Namespace"] } }),
      "excludedNamespaces",
      '"Not_A_Namespace"',
    );
  });

  test("Testing.synth output is stable", () => {
    expect(Testing.synth(stack)).toBe(Testing.synth(stack));
  });
});
