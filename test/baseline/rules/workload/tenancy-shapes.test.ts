import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Namespace } from "@cdktf/provider-kubernetes/lib/namespace";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicy } from "@cdktf/provider-kubernetes/lib/network-policy";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuota } from "@cdktf/provider-kubernetes/lib/resource-quota";
import { LimitRange } from "@cdktf/provider-kubernetes/lib/limit-range";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { DefaultServiceAccount } from "@cdktf/provider-kubernetes/lib/default-service-account";
import { DefaultServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/default-service-account-v1";
import { ServiceAccount } from "@cdktf/provider-kubernetes/lib/service-account";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { Rule, RuleFinding, readBlock, readBlocks } from "../../../../lib/baseline/rule";
import { WORKLOAD_RULES } from "../../../../lib/baseline/rules/workload/index";

const rule = (id: string): Rule => WORKLOAD_RULES.find((candidate) => candidate.id === id)!;
const RESTRICTED = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "v1.33",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};
const HARD = {
  "requests.cpu": "4",
  "requests.memory": "8Gi",
  "limits.cpu": "8",
  "limits.memory": "16Gi",
  pods: "50",
  "services.loadbalancers": "0",
  "services.nodeports": "0",
};

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "shapes");
  new KubernetesProvider(s, "k8s", {});
  return s;
}

function evaluate(id: string, s: TerraformStack, address: string): RuleFinding | undefined {
  const document = parseTerraformDocument(JSON.parse(Testing.synth(s)));
  return rule(id).evaluate(document.byAddress(address)!, document);
}

/** Evaluates a rule on hand-written Terraform JSON (blocks written as lists, as `terraform` accepts). */
function evaluateJson(
  id: string,
  resource: Record<string, Record<string, unknown>>,
  address: string,
): RuleFinding | undefined {
  const document = parseTerraformDocument({ resource });
  return rule(id).evaluate(document.byAddress(address)!, document);
}

describe("readBlock / readBlocks read blocks written as objects or lists", () => {
  it("reads nested repeatable blocks through list-shaped parents", () => {
    expect(readBlocks({ spec: [{ ingress: [{}, { from: [] }] }] }, "spec.ingress")).toEqual([{}, { from: [] }]);
    expect(readBlocks({ spec: { ingress: {} } }, "spec.ingress")).toEqual([{}]);
    expect(readBlocks([{ ingress: [{}] }], "ingress")).toEqual([{}]);
    expect(readBlocks({ spec: [{}] }, "spec.ingress")).toEqual([]);
    expect(readBlocks({ enabled_log: [{ category: "a" }, "x", null] }, "enabled_log")).toEqual([{ category: "a" }]);
  });
  it("reads a single block from an object or the first list element", () => {
    expect(readBlock({ spec: [{ a: 1 }] }, "spec")).toEqual({ a: 1 });
    expect(readBlock({ spec: { a: 1 } }, "spec")).toEqual({ a: 1 });
    expect(readBlock({ spec: [] }, "spec")).toBeUndefined();
    expect(readBlock({ spec: "${var.x}" }, "spec")).toBeUndefined();
  });
});

describe("hand-written JSON with list-shaped blocks", () => {
  const namespace = (name: string) => ({ metadata: [{ name, labels: RESTRICTED }] });
  const base = (policySpec: Record<string, unknown>): Record<string, Record<string, unknown>> => ({
    kubernetes_namespace: { team: namespace("team-a") },
    kubernetes_network_policy: { policy: { metadata: [{ name: "p", namespace: "team-a" }], spec: [policySpec] } },
  });

  it("AKS-NET-06 fails an allow-all policy whose rules are lists", () => {
    const finding = evaluateJson(
      "AKS-NET-06",
      base({ pod_selector: [{}], ingress: [{}], egress: [{}], policy_types: ["Ingress", "Egress"] }),
      "kubernetes_namespace.team",
    );
    expect(finding).toMatchObject({
      outcome: "failed",
      attribute: "kubernetes_network_policy_v1",
      value: ["kubernetes_network_policy.policy"],
    });
  });
  it("AKS-NET-06 passes a list-shaped default deny and fails a selector that picks some pods", () => {
    expect(
      evaluateJson(
        "AKS-NET-06",
        base({ pod_selector: [{}], policy_types: ["Ingress", "Egress"] }),
        "kubernetes_namespace.team",
      ),
    ).toMatchObject({ outcome: "passed", value: "kubernetes_network_policy.policy" });
    expect(
      evaluateJson(
        "AKS-NET-06",
        base({ pod_selector: [{ match_labels: { app: "web" } }], policy_types: ["Ingress", "Egress"] }),
        "kubernetes_namespace.team",
      ),
    ).toMatchObject({ outcome: "failed" });
    expect(
      evaluateJson(
        "AKS-NET-06",
        base({ pod_selector: [], policy_types: ["Ingress", "Egress"] }),
        "kubernetes_namespace.team",
      ),
    ).toMatchObject({ outcome: "failed" });
    expect(
      evaluateJson("AKS-NET-06", base({ pod_selector: [{}], policy_types: ["Ingress"] }), "kubernetes_namespace.team"),
    ).toMatchObject({ outcome: "failed" });
  });
  it("AKS-NET-06 is unknown when policy types or the selector are expressions, or rules are a dynamic block", () => {
    expect(
      evaluateJson(
        "AKS-NET-06",
        base({ pod_selector: [{}], policy_types: "${var.types}" }),
        "kubernetes_namespace.team",
      ),
    ).toMatchObject({ outcome: "unknown", value: ["kubernetes_network_policy.policy"] });
    expect(
      evaluateJson(
        "AKS-NET-06",
        base({ pod_selector: [{ match_labels: "${var.labels}" }], policy_types: ["Ingress", "Egress"] }),
        "kubernetes_namespace.team",
      ),
    ).toMatchObject({ outcome: "unknown" });
    expect(
      evaluateJson(
        "AKS-NET-06",
        base({
          pod_selector: [{}],
          policy_types: ["Ingress", "Egress"],
          dynamic: { ingress: { for_each: "${var.rules}" } },
        }),
        "kubernetes_namespace.team",
      ),
    ).toMatchObject({ outcome: "unknown" });
  });
  it("AKS-NS-03 passes a list-shaped LimitRange and fails one without defaults", () => {
    const range = (limit: Record<string, unknown>) => ({
      kubernetes_namespace_v1: { team: namespace("team-a") },
      kubernetes_limit_range_v1: {
        limits: { metadata: [{ name: "l", namespace: "team-a" }], spec: [{ limit: [limit] }] },
      },
    });
    expect(
      evaluateJson(
        "AKS-NS-03",
        range({ type: "Container", default: { cpu: "500m" }, default_request: { cpu: "100m" } }),
        "kubernetes_namespace_v1.team",
      ),
    ).toMatchObject({ outcome: "passed", attribute: "spec.limit" });
    expect(
      evaluateJson("AKS-NS-03", range({ type: "Container", max: { cpu: "1" } }), "kubernetes_namespace_v1.team"),
    ).toMatchObject({
      outcome: "failed",
      attribute: "kubernetes_limit_range_v1",
      value: ["kubernetes_limit_range_v1.limits"],
    });
    expect(
      evaluateJson(
        "AKS-NS-03",
        range({ type: "${var.type}", default: { cpu: "1" }, default_request: { cpu: "1" } }),
        "kubernetes_namespace_v1.team",
      ),
    ).toMatchObject({ outcome: "unknown", attribute: "spec.limit.type" });
  });
  it("AKS-POD-01 and AKS-NS-02 read list-shaped metadata and spec", () => {
    const doc = {
      kubernetes_namespace: { team: namespace("team-a") },
      kubernetes_resource_quota: { q: { metadata: [{ name: "q", namespace: "team-a" }], spec: [{ hard: HARD }] } },
    };
    expect(evaluateJson("AKS-POD-01", doc, "kubernetes_namespace.team")).toMatchObject({ outcome: "passed" });
    expect(evaluateJson("AKS-NS-02", doc, "kubernetes_namespace.team")).toMatchObject({ outcome: "passed" });
  });
});

/** A compliant tenant written with the unversioned kubernetes resources. */
function unversionedTenant(skip: string[] = []): TerraformStack {
  const s = stack();
  const ns = new Namespace(s, "team", { metadata: { name: "team-a", labels: RESTRICTED } });
  const name = ns.metadata.name;
  if (!skip.includes("deny"))
    new NetworkPolicy(s, "deny", {
      metadata: { name: "deny", namespace: name },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
  if (!skip.includes("quota"))
    new ResourceQuota(s, "quota", { metadata: { name: "quota", namespace: name }, spec: { hard: HARD } });
  if (!skip.includes("limits"))
    new LimitRange(s, "limits", {
      metadata: { name: "limits", namespace: name },
      spec: { limit: [{ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "100m" } }] },
    });
  if (!skip.includes("defaultSa"))
    new DefaultServiceAccount(s, "default_sa", { metadata: { namespace: name }, automountServiceAccountToken: false });
  return s;
}

describe("unversioned kubernetes resources are judged like the v1 ones", () => {
  const NS = "kubernetes_namespace.team";
  it.each(["AKS-NS-01", "AKS-POD-01", "AKS-NET-06", "AKS-NS-02", "AKS-NS-03", "AKS-IAM-12"])(
    "%s passes a compliant tenant",
    (id) => {
      expect(evaluate(id, unversionedTenant(), NS)).toMatchObject({ outcome: "passed" });
    },
  );
  it.each([
    ["AKS-NET-06", "deny", "kubernetes_network_policy_v1"],
    ["AKS-NS-02", "quota", "kubernetes_resource_quota_v1"],
    ["AKS-NS-03", "limits", "kubernetes_limit_range_v1"],
    ["AKS-IAM-12", "defaultSa", "kubernetes_default_service_account_v1"],
  ])("%s fails without its %s object", (id, skip, attribute) => {
    expect(evaluate(id, unversionedTenant([skip]), NS)).toMatchObject({ outcome: "failed", attribute });
  });
  it("AKS-IAM-12 and AKS-NS-01 judge kubernetes_service_account", () => {
    const s = unversionedTenant();
    new ServiceAccount(s, "mounting", { metadata: { name: "mounting", namespace: "team-a" } });
    new ServiceAccount(s, "stray", { metadata: { name: "stray" }, automountServiceAccountToken: false });
    expect(evaluate("AKS-IAM-12", s, "kubernetes_service_account.mounting")).toMatchObject({
      outcome: "failed",
      attribute: "automount_service_account_token",
      value: "absent (provider default true)",
    });
    expect(evaluate("AKS-NS-01", s, "kubernetes_service_account.stray")).toMatchObject({
      outcome: "failed",
      attribute: "metadata.namespace",
      value: "absent (default)",
    });
  });
  it("AKS-TEN-01 counts unversioned neighbours", () => {
    const s = stack();
    new Namespace(s, "hostile", {
      metadata: { name: "hostile", labels: { "cdktf-secure-aks/trust-level": "hostile" } },
    });
    new NamespaceV1(s, "other", { metadata: { name: "other" } });
    expect(evaluate("AKS-TEN-01", s, "kubernetes_namespace.hostile")).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("other"),
    });
  });
  it("AKS-NET-06 accepts a default deny written as kubernetes_manifest", () => {
    const s = unversionedTenant(["deny"]);
    new Manifest(s, "deny", {
      manifest: {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "deny", namespace: "team-a" },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      },
    });
    expect(evaluate("AKS-NET-06", s, "kubernetes_namespace.team")).toMatchObject({
      outcome: "passed",
      value: "kubernetes_manifest.deny",
    });
    const open = unversionedTenant(["deny"]);
    new Manifest(open, "open", {
      manifest: {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "open", namespace: "team-a" },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}] },
      },
    });
    expect(evaluate("AKS-NET-06", open, "kubernetes_namespace.team")).toMatchObject({
      outcome: "failed",
      value: ["kubernetes_manifest.open"],
    });
  });
});

describe("a namespace whose name is an expression", () => {
  const NS = "kubernetes_namespace_v1.dynamic";
  function dynamicTenant(
    options: { labels?: Record<string, string>; withPolicies?: "reference" | "elsewhere" | "none" } = {},
  ): TerraformStack {
    const s = stack();
    const ns = new NamespaceV1(s, "dynamic", {
      metadata: { name: "${var.tenant}", labels: options.labels ?? RESTRICTED },
    });
    const mode = options.withPolicies ?? "reference";
    if (mode === "reference") {
      new NetworkPolicyV1(s, "deny", {
        metadata: { name: "deny", namespace: ns.metadata.name },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      });
      new LimitRangeV1(s, "limits", {
        metadata: { name: "limits", namespace: ns.metadata.name },
        spec: { limit: [{ type: "Container", default: { cpu: "1" }, defaultRequest: { cpu: "1" } }] },
      });
      new DefaultServiceAccountV1(s, "default_sa", {
        metadata: { namespace: ns.metadata.name },
        automountServiceAccountToken: true,
      });
    } else if (mode === "elsewhere") {
      new NetworkPolicyV1(s, "deny", {
        metadata: { name: "deny", namespace: "somewhere" },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      });
    }
    return s;
  }

  it("AKS-POD-01 judges its labels", () => {
    expect(evaluate("AKS-POD-01", dynamicTenant(), NS)).toMatchObject({ outcome: "passed" });
    expect(evaluate("AKS-POD-01", dynamicTenant({ labels: {} }), NS)).toMatchObject({
      outcome: "failed",
      attribute: "metadata.labels.pod-security.kubernetes.io/enforce",
    });
  });
  it("name-dependent rules judge objects that reference it", () => {
    const s = dynamicTenant();
    expect(evaluate("AKS-NET-06", s, NS)).toMatchObject({
      outcome: "passed",
      value: "kubernetes_network_policy_v1.deny",
    });
    expect(evaluate("AKS-NS-03", s, NS)).toMatchObject({ outcome: "passed" });
    expect(evaluate("AKS-IAM-12", s, NS)).toMatchObject({
      outcome: "failed",
      attribute: "kubernetes_default_service_account_v1.automount_service_account_token",
    });
  });
  it("is unknown where an object with an undeclared literal namespace may be in it", () => {
    expect(evaluate("AKS-NET-06", dynamicTenant({ withPolicies: "elsewhere" }), NS)).toMatchObject({
      outcome: "unknown",
      value: ["kubernetes_network_policy_v1.deny"],
    });
  });
  it("fails where nothing in the document could be in it", () => {
    const s = dynamicTenant({ withPolicies: "none" });
    expect(evaluate("AKS-NET-06", s, NS)).toMatchObject({ outcome: "failed" });
    expect(evaluate("AKS-NS-02", s, NS)).toMatchObject({
      outcome: "failed",
      attribute: "kubernetes_resource_quota_v1",
    });
  });
  it("AKS-NS-01 cannot tell whether it is a dedicated tenant namespace", () => {
    expect(evaluate("AKS-NS-01", dynamicTenant(), NS)).toMatchObject({
      outcome: "unknown",
      attribute: "metadata.name",
      value: "${var.tenant}",
    });
  });
  it("AKS-TEN-01: a hostile tenant next to it is unknown, next to a literal tenant failed", () => {
    const s = dynamicTenant();
    new NamespaceV1(s, "hostile", {
      metadata: { name: "hostile", labels: { "cdktf-secure-aks/trust-level": "hostile" } },
    });
    expect(evaluate("AKS-TEN-01", s, "kubernetes_namespace_v1.hostile")).toMatchObject({
      outcome: "unknown",
      message: expect.stringContaining("${var.tenant}"),
    });
    new NamespaceV1(s, "plain", { metadata: { name: "plain" } });
    expect(evaluate("AKS-TEN-01", s, "kubernetes_namespace_v1.hostile")).toMatchObject({ outcome: "failed" });
  });
  it("AKS-TEN-01 and AKS-NS-05 are unknown for a trust level that is an expression", () => {
    const s = stack();
    new NamespaceV1(s, "maybe", {
      metadata: { name: "maybe", labels: { "cdktf-secure-aks/trust-level": "${var.trust}" } },
    });
    new NamespaceV1(s, "plain", { metadata: { name: "plain" } });
    expect(evaluate("AKS-TEN-01", s, "kubernetes_namespace_v1.maybe")).toMatchObject({
      outcome: "unknown",
      attribute: "metadata.labels.cdktf-secure-aks/trust-level",
    });
    expect(evaluate("AKS-NS-05", s, "kubernetes_namespace_v1.maybe")).toMatchObject({ outcome: "unknown" });
  });
});

describe("AKS-POD-01 labels that are expressions", () => {
  const judge = (labels: unknown, name = "team-a") =>
    evaluateJson(
      "AKS-POD-01",
      { kubernetes_namespace_v1: { team: { metadata: { name, labels } } } },
      "kubernetes_namespace_v1.team",
    );
  it("is unknown for a label map that is an expression", () => {
    expect(judge("${var.labels}")).toMatchObject({
      outcome: "unknown",
      attribute: "metadata.labels",
      value: "${var.labels}",
    });
  });
  it("is unknown for a level or version that is an expression, when nothing else is weaker", () => {
    expect(judge({ ...RESTRICTED, "pod-security.kubernetes.io/enforce": "${var.level}" })).toMatchObject({
      outcome: "unknown",
      attribute: "metadata.labels.pod-security.kubernetes.io/enforce",
      value: "${var.level}",
    });
    expect(judge({ ...RESTRICTED, "pod-security.kubernetes.io/enforce-version": "${var.version}" })).toMatchObject({
      outcome: "unknown",
      attribute: "metadata.labels.pod-security.kubernetes.io/enforce-version",
    });
  });
  it("a definitely weaker label wins over an unknown one", () => {
    expect(
      judge({
        ...RESTRICTED,
        "pod-security.kubernetes.io/enforce": "${var.level}",
        "pod-security.kubernetes.io/warn": "baseline",
      }),
    ).toMatchObject({
      outcome: "failed",
      attribute: "metadata.labels.pod-security.kubernetes.io/warn",
      value: "baseline",
    });
    const unpinned: Record<string, string> = { ...RESTRICTED };
    delete unpinned["pod-security.kubernetes.io/enforce-version"];
    expect(judge({ ...unpinned, "pod-security.kubernetes.io/audit": "${var.level}" })).toMatchObject({
      outcome: "failed",
      attribute: "metadata.labels.pod-security.kubernetes.io/enforce-version",
    });
  });
  it("fails a namespace without labels and ignores system namespaces", () => {
    expect(judge(undefined)).toMatchObject({ outcome: "failed", value: undefined });
    expect(judge(RESTRICTED, "kube-system")).toBeUndefined();
    expect(
      evaluateJson(
        "AKS-POD-01",
        { kubernetes_namespace: { team: { metadata: [{ generate_name: "team-", labels: RESTRICTED }] } } },
        "kubernetes_namespace.team",
      ),
    ).toMatchObject({ outcome: "passed" });
  });
});

describe("AKS-NET-06 edge cases", () => {
  const ns = { kubernetes_namespace_v1: { team: { metadata: { name: "team-a" } } } };
  const withManifest = (spec: unknown, namespace: unknown = "team-a") => ({
    ...ns,
    kubernetes_manifest: {
      np: {
        manifest: {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: { name: "np", namespace },
          spec,
        },
      },
    },
  });
  const judge = (resource: Record<string, Record<string, unknown>>) =>
    evaluateJson("AKS-NET-06", resource, "kubernetes_namespace_v1.team");
  it("a manifest whose spec or rule list is an expression is unknown; a list with rules is not a deny", () => {
    expect(judge(withManifest("${var.spec}"))).toMatchObject({ outcome: "unknown", value: ["kubernetes_manifest.np"] });
    expect(
      judge(withManifest({ podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: "${var.egress}" })),
    ).toMatchObject({ outcome: "unknown" });
    expect(
      judge(withManifest({ podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [{ to: "${var.to}" }] })),
    ).toMatchObject({ outcome: "failed" });
  });
  it("a manifest without a selector or spec is not a default deny", () => {
    expect(judge(withManifest({ policyTypes: ["Ingress", "Egress"] }))).toMatchObject({ outcome: "failed" });
    expect(judge(withManifest(undefined))).toMatchObject({ outcome: "failed" });
    expect(
      judge({ ...ns, kubernetes_network_policy_v1: { np: { metadata: { name: "np", namespace: "team-a" } } } }),
    ).toMatchObject({ outcome: "failed", value: ["kubernetes_network_policy_v1.np"] });
  });
  it("a policy in a namespace only apply knows makes it unknown; one in another declared namespace does not", () => {
    expect(judge(withManifest({ podSelector: {}, policyTypes: ["Ingress", "Egress"] }, "${var.ns}"))).toMatchObject({
      outcome: "unknown",
      message: expect.stringContaining("their namespace is an expression"),
    });
    const other = {
      kubernetes_namespace_v1: { ...ns.kubernetes_namespace_v1, other: { metadata: { name: "team-b" } } },
    };
    const elsewhere = {
      ...other,
      kubernetes_network_policy_v1: {
        np: {
          metadata: { name: "np", namespace: "${kubernetes_namespace_v1.other.metadata[0].name}" },
          spec: { pod_selector: {}, policy_types: ["Ingress", "Egress"] },
        },
      },
    };
    expect(judge(elsewhere)).toMatchObject({ outcome: "failed", value: [] });
  });
});

describe("AKS-NS-01 edge cases", () => {
  it("fails a namespace that is not a name, and is unknown for a manifest that is an expression", () => {
    const document = {
      kubernetes_service_account_v1: { listed: { metadata: { name: "a", namespace: ["team-a"] } } },
      kubernetes_manifest: {
        dynamic: { manifest: "${var.manifest}" },
        nokind: { manifest: { apiVersion: "v1", metadata: { name: "x" } } },
      },
    };
    expect(evaluateJson("AKS-NS-01", document, "kubernetes_service_account_v1.listed")).toMatchObject({
      outcome: "failed",
      message: "is not a namespace name",
    });
    expect(evaluateJson("AKS-NS-01", document, "kubernetes_manifest.dynamic")).toMatchObject({
      outcome: "unknown",
      attribute: "manifest",
    });
    expect(evaluateJson("AKS-NS-01", document, "kubernetes_manifest.nokind")).toBeUndefined();
  });
  it("ignores system namespaces and passes literal tenant namespaces", () => {
    const document = {
      kubernetes_namespace: { sys: { metadata: { name: "kube-system" } }, team: { metadata: [{ name: "team-a" }] } },
    };
    expect(evaluateJson("AKS-NS-01", document, "kubernetes_namespace.sys")).toBeUndefined();
    expect(evaluateJson("AKS-NS-01", document, "kubernetes_namespace.team")).toMatchObject({
      outcome: "passed",
      value: "team-a",
    });
  });
});

describe("AKS-IAM-07 ClusterRoleBinding without subjects", () => {
  it("still fails edit cluster-wide", () => {
    expect(
      evaluateJson(
        "AKS-IAM-07",
        {
          kubernetes_cluster_role_binding_v1: {
            b: {
              metadata: { name: "b" },
              role_ref: { kind: "ClusterRole", name: "edit", api_group: "rbac.authorization.k8s.io" },
            },
          },
        },
        "kubernetes_cluster_role_binding_v1.b",
      ),
    ).toMatchObject({
      outcome: "failed",
      message: "a ClusterRoleBinding grants edit in every namespace",
    });
  });
});
