import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RoleBindingV1, RoleBindingV1Subject } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleBinding } from "@cdktf/provider-kubernetes/lib/role-binding";
import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleBinding } from "@cdktf/provider-kubernetes/lib/cluster-role-binding";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { RuleFinding } from "../../../../lib/baseline/rule";
import { aksIam07 } from "../../../../lib/baseline/rules/workload/aks-iam-07";

const API = "rbac.authorization.k8s.io";
const group = { kind: "Group", name: "00000000-0000-4000-8000-000000000001", apiGroup: API };
const user = { kind: "User", name: "alice@example.com", apiGroup: API };
const serviceAccount = { kind: "ServiceAccount", name: "deployer", namespace: "team-a" };

function judge(build: (stack: TerraformStack) => void, address: string): RuleFinding | undefined {
  const stack = new TerraformStack(Testing.app(), "rbac");
  new KubernetesProvider(stack, "k8s", {});
  build(stack);
  const document = parseTerraformDocument(JSON.parse(Testing.synth(stack)));
  return aksIam07.evaluate(document.byAddress(address)!, document);
}
const roleBinding =
  (role: string, subject: RoleBindingV1Subject[], kind = "ClusterRole") =>
  (stack: TerraformStack) =>
    new RoleBindingV1(stack, "b", {
      metadata: { name: "b", namespace: "team-a" },
      roleRef: { apiGroup: API, kind, name: role },
      subject,
    });
const clusterBinding = (role: string, subject: RoleBindingV1Subject[]) => (stack: TerraformStack) =>
  new ClusterRoleBindingV1(stack, "b", {
    metadata: { name: "b" },
    roleRef: { apiGroup: API, kind: "ClusterRole", name: role },
    subject,
  });

describe("AKS-IAM-07 Kubernetes RBAC bindings", () => {
  it("applies to v1 and unversioned bindings", () => {
    expect([...aksIam07.resourceTypes].sort()).toEqual([
      "kubernetes_cluster_role_binding",
      "kubernetes_cluster_role_binding_v1",
      "kubernetes_role_binding",
      "kubernetes_role_binding_v1",
    ]);
  });

  it.each([
    ["a Group", [group]],
    ["a User", [user]],
    ["a ServiceAccount", [serviceAccount]],
  ])("fails cluster-admin to %s, in a RoleBinding and a ClusterRoleBinding", (_label, subject) => {
    expect(judge(roleBinding("cluster-admin", subject), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "failed",
      attribute: "role_ref.name",
      value: "cluster-admin",
    });
    expect(judge(clusterBinding("cluster-admin", subject), "kubernetes_cluster_role_binding_v1.b")).toMatchObject({
      outcome: "failed",
      value: "cluster-admin",
    });
  });

  it.each([
    ["edit", [user], "User"],
    ["admin", [serviceAccount], "ServiceAccount"],
    ["admin", [group, user], "Group, User"],
  ])("fails a ClusterRoleBinding of %s whatever the subject (%#)", (role, subject, kinds) => {
    expect(judge(clusterBinding(role, subject), "kubernetes_cluster_role_binding_v1.b")).toMatchObject({
      outcome: "failed",
      value: role,
      message: expect.stringContaining(`in every namespace to ${kinds} subjects`),
    });
  });

  it("passes view cluster-wide and edit or view in a namespace", () => {
    expect(judge(clusterBinding("view", [group]), "kubernetes_cluster_role_binding_v1.b")).toMatchObject({
      outcome: "passed",
      value: "view",
    });
    expect(judge(roleBinding("edit", [serviceAccount]), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "passed",
      value: "edit",
    });
    expect(judge(roleBinding("view", [user]), "kubernetes_role_binding_v1.b")).toMatchObject({ outcome: "passed" });
  });

  it("a namespace admin binding passes for an Entra group and fails for a User or ServiceAccount", () => {
    expect(judge(roleBinding("admin", [group]), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "passed",
      value: "admin",
    });
    expect(judge(roleBinding("admin", [group, user]), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "failed",
      attribute: "subject.kind",
      value: ["User"],
    });
    expect(judge(roleBinding("admin", [serviceAccount]), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "failed",
      value: ["ServiceAccount"],
    });
  });

  it("passes a namespaced Role that is merely called admin, and custom cluster roles", () => {
    expect(judge(roleBinding("admin", [user], "Role"), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "passed",
      message: expect.stringContaining("namespaced Role"),
    });
    expect(judge(roleBinding("pod-reader", [user]), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "passed",
      value: "pod-reader",
    });
  });

  it("is unknown for a role, role kind or subject kind only apply knows", () => {
    expect(judge(roleBinding("${var.role}", [group]), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "unknown",
      attribute: "role_ref.name",
    });
    expect(judge(roleBinding("admin", [group], "${var.kind}"), "kubernetes_role_binding_v1.b")).toMatchObject({
      outcome: "unknown",
      attribute: "role_ref.kind",
    });
    expect(
      judge(roleBinding("admin", [{ kind: "${var.kind}", name: "x" }]), "kubernetes_role_binding_v1.b"),
    ).toMatchObject({ outcome: "unknown", attribute: "subject.kind" });
  });

  it("judges the unversioned resources and hand-written list-shaped JSON", () => {
    expect(
      judge(
        (stack) =>
          new RoleBinding(stack, "old", {
            metadata: { name: "b", namespace: "team-a" },
            roleRef: { apiGroup: API, kind: "ClusterRole", name: "cluster-admin" },
            subject: [serviceAccount],
          }),
        "kubernetes_role_binding.old",
      ),
    ).toMatchObject({ outcome: "failed", value: "cluster-admin" });
    expect(
      judge(
        (stack) =>
          new ClusterRoleBinding(stack, "old", {
            metadata: { name: "b" },
            roleRef: { apiGroup: API, kind: "ClusterRole", name: "edit" },
            subject: [user],
          }),
        "kubernetes_cluster_role_binding.old",
      ),
    ).toMatchObject({ outcome: "failed" });
    const document = parseTerraformDocument({
      resource: {
        kubernetes_role_binding_v1: {
          listed: {
            metadata: [{ name: "b", namespace: "team-a" }],
            role_ref: [{ api_group: API, kind: "ClusterRole", name: "admin" }],
            subject: [{ kind: "User", name: "bob" }],
          },
          nameless: { metadata: [{ name: "c", namespace: "team-a" }], role_ref: [] },
          dynamic: {
            metadata: [{ name: "d", namespace: "team-a" }],
            role_ref: [{ api_group: API, kind: "ClusterRole", name: "admin" }],
            dynamic: { subject: { for_each: "${var.subjects}" } },
          },
        },
      },
    });
    expect(aksIam07.evaluate(document.byAddress("kubernetes_role_binding_v1.listed")!, document)).toMatchObject({
      outcome: "failed",
      attribute: "subject.kind",
      value: ["User"],
    });
    expect(aksIam07.evaluate(document.byAddress("kubernetes_role_binding_v1.nameless")!, document)).toMatchObject({
      outcome: "failed",
      attribute: "role_ref.name",
    });
    expect(aksIam07.evaluate(document.byAddress("kubernetes_role_binding_v1.dynamic")!, document)).toMatchObject({
      outcome: "unknown",
      attribute: "subject.kind",
    });
  });
});
