import { Lazy, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { IsolatedNamespace, IsolatedNamespaceProps } from "../../lib/namespace/isolated-namespace";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { GROUP, Json, baseProps, resources } from "../cluster/helpers";

const READER = "44444444-4444-4444-8444-444444444444";
const WRITER = "55555555-5555-4555-8555-555555555555";

function setup(clusterOverrides = {}): { stack: TerraformStack; cluster: SecureCluster } {
  const stack = new TerraformStack(Testing.app(), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new KubernetesProvider(stack, "k8s", {});
  const cluster = new SecureCluster(stack, "Cluster", baseProps(clusterOverrides));
  return { stack, cluster };
}

function tenant(props: Partial<IsolatedNamespaceProps> = {}, clusterOverrides = {}): { stack: TerraformStack; cluster: SecureCluster; ns: IsolatedNamespace } {
  const { stack, cluster } = setup(clusterOverrides);
  const ns = new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", ...props });
  return { stack, cluster, ns };
}

const synth = (stack: TerraformStack): Json => JSON.parse(Testing.synth(stack));
const byName = (doc: Json, type: string, name: string): Json => resources(doc, type).find((r) => r.metadata?.name === name || r.name === name);

function expectInvalid(build: () => unknown, prop: string, value: string): void {
  expect(build).toThrow("[test/TeamA]");
  expect(build).toThrow(`${prop} = ${value}`);
  expect(build).toThrow(/Fix: /);
}

describe("IsolatedNamespace defaults", () => {
  const { stack } = tenant({ accessGroups: { readers: [READER], writers: [WRITER] }, workloadIdentities: [{ serviceAccountName: "orders" }] });
  const doc = synth(stack);

  it("labels the namespace with Pod Security restricted, pinned, and the tenant (AKS-POD-01, NS-01)", () => {
    const ns = resources(doc, "kubernetes_namespace_v1")[0];
    expect(ns.metadata.name).toBe("team-a");
    expect(ns.metadata.labels).toEqual({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "v1.33",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "v1.33",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "v1.33",
      "cdktf-secure-aks/tenant": "team-a",
      "cdktf-secure-aks/trust-level": "trusted",
    });
  });

  it("bounds the namespace with a quota that forbids load balancers and node ports (AKS-NS-02, NET-10)", () => {
    const quota = resources(doc, "kubernetes_resource_quota_v1")[0];
    expect(quota.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..+\.metadata\[0\]\.name\}$/);
    expect(quota.spec.hard).toEqual({
      "requests.cpu": "4",
      "requests.memory": "8Gi",
      "limits.cpu": "8",
      "limits.memory": "16Gi",
      pods: "50",
      persistentvolumeclaims: "10",
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    });
  });

  it("sets container defaults and ceilings (AKS-NS-03)", () => {
    expect(resources(doc, "kubernetes_limit_range_v1")[0].spec.limit).toEqual([
      { type: "Container", default_request: { cpu: "100m", memory: "128Mi" }, default: { cpu: "500m", memory: "512Mi" }, max: { cpu: "2", memory: "4Gi" } },
    ]);
  });

  it("denies all traffic by default and allows DNS and same-namespace traffic (AKS-NET-06)", () => {
    const deny = byName(doc, "kubernetes_network_policy_v1", "default-deny-all");
    expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
    const dns = byName(doc, "kubernetes_network_policy_v1", "allow-dns");
    expect(dns.spec.egress[0].to[0]).toEqual({ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } });
    expect(dns.spec.egress[0].ports).toEqual([{ port: "53", protocol: "UDP" }, { port: "53", protocol: "TCP" }]);
    const same = byName(doc, "kubernetes_network_policy_v1", "allow-same-namespace");
    expect(same.spec.ingress).toEqual([{ from: [{ pod_selector: {} }] }]);
    expect(resources(doc, "kubernetes_network_policy_v1")).toHaveLength(3);
  });

  it("grants namespace-scoped Azure RBAC roles and the cluster user role, never cluster admin (AKS-IAM-06)", () => {
    const assignments = resources(doc, "azurerm_role_assignment").filter((a) => a.principal_type === "Group");
    const reader = assignments.find((a) => a.principal_id === READER && a.role_definition_name.includes("RBAC"));
    expect(reader.role_definition_name).toBe("Azure Kubernetes Service RBAC Reader");
    expect(reader.scope).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}\/namespaces\/team-a$/);
    expect(assignments.find((a) => a.principal_id === WRITER && a.role_definition_name.includes("RBAC")).role_definition_name).toBe("Azure Kubernetes Service RBAC Writer");
    const clusterUser = assignments.filter((a) => a.role_definition_name === "Azure Kubernetes Service Cluster User Role");
    expect(clusterUser.map((a) => a.principal_id).sort()).toEqual([READER, WRITER]);
    expect(clusterUser[0].scope).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}$/);
    expect(assignments.some((a) => /Cluster Admin/.test(a.role_definition_name))).toBe(false);
    expect(resources(doc, "kubernetes_role_binding_v1")).toHaveLength(0);
  });

  it("federates one identity per ServiceAccount and turns token automount off (AKS-IAM-10, IAM-12)", () => {
    const credential = resources(doc, "azurerm_federated_identity_credential")[0];
    expect(credential.subject).toBe("system:serviceaccount:team-a:orders");
    expect(credential.audience).toEqual(["api://AzureADTokenExchange"]);
    expect(credential.issuer).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.oidc_issuer_url\}$/);
    expect(credential.parent_id).toMatch(/^\$\{azurerm_user_assigned_identity\..+\.id\}$/);
    const sa = resources(doc, "kubernetes_service_account_v1")[0];
    expect(sa.metadata.name).toBe("orders");
    expect(sa.metadata.annotations["azure.workload.identity/client-id"]).toMatch(/^\$\{azurerm_user_assigned_identity\..+\.client_id\}$/);
    expect(sa.automount_service_account_token).toBe(false);
    expect(resources(doc, "kubernetes_default_service_account_v1")[0].automount_service_account_token).toBe(false);
    expect(resources(doc, "azurerm_user_assigned_identity").map((i) => i.name)).toContain("id-team-a-orders");
  });

  it("registers the namespace with the cluster's restricted Pod Security assignment (AKS-POD-03)", () => {
    const restricted = resources(doc, "azurerm_resource_policy_assignment").find((a) => a.policy_definition_id.endsWith("42b8ef37-b724-4e24-bbc8-7a7708edfe00"));
    expect(JSON.parse(restricted.parameters).namespaces).toEqual({ value: ["team-a"] });
  });

  it("exposes workload identities through the tenant interface", () => {
    const { ns } = tenant({ workloadIdentities: [{ serviceAccountName: "orders" }] });
    expect(ns.workloadIdentity("orders")?.serviceAccountName).toBe("orders");
    expect(ns.workloadIdentity("missing")).toBeUndefined();
  });
});

describe("IsolatedNamespace options", () => {
  it("uses Kubernetes RoleBindings when the cluster has no Azure RBAC (AKS-IAM-07)", () => {
    const { stack } = tenant({ accessGroups: { admins: [READER] } }, { entraId: { tenantId: "11111111-1111-4111-8111-111111111111", adminGroupObjectIds: [GROUP], azureRbacEnabled: false } });
    const doc = synth(stack);
    const binding = resources(doc, "kubernetes_role_binding_v1")[0];
    expect(binding.role_ref).toEqual({ api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" });
    expect(binding.subject).toEqual([{ kind: "Group", name: READER, api_group: "rbac.authorization.k8s.io" }]);
    expect(resources(doc, "azurerm_role_assignment").some((a) => a.principal_id === READER)).toBe(false);
  });

  it("adds a tainted dedicated pool and says how to schedule onto it (AKS-NS-05)", () => {
    const { stack, ns } = tenant({ trustLevel: "restricted", dedicatedNodePool: { name: "teama" } });
    const pool = resources(synth(stack), "azurerm_kubernetes_cluster_node_pool").find((p) => p.name === "teama");
    expect(pool.mode).toBe("User");
    expect(pool.node_taints).toEqual(["tenant=team-a:NoSchedule"]);
    expect(pool.node_labels).toEqual({ "cdktf-secure-aks/tenant": "team-a" });
    expect(ns.schedulingGuidance).toEqual({
      toleration: { key: "tenant", operator: "Equal", value: "team-a", effect: "NoSchedule" },
      nodeSelector: { "cdktf-secure-aks/tenant": "team-a" },
    });
  });

  it("allows ingress from named namespaces and egress to given CIDRs", () => {
    const doc = synth(tenant({ allowIngressFromNamespaces: ["ingress-nginx"], allowEgressTo: [{ cidr: "10.50.0.0/24", tcpPorts: [5432] }] }).stack);
    expect(byName(doc, "kubernetes_network_policy_v1", "allow-ingress-from-namespaces").spec.ingress[0].from).toEqual([
      { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
    ]);
    expect(byName(doc, "kubernetes_network_policy_v1", "allow-egress-destinations").spec.egress).toEqual([
      { to: [{ ip_block: { cidr: "10.50.0.0/24" } }], ports: [{ port: "5432", protocol: "TCP" }] },
    ]);
  });

  it("adds PodDisruptionBudgets that allow one eviction (AKS-NS-04)", () => {
    const { stack, ns } = tenant();
    ns.addPodDisruptionBudget("web", { matchLabels: { app: "web" } });
    const pdb = resources(synth(stack), "kubernetes_pod_disruption_budget_v1")[0];
    expect(pdb.spec).toEqual({ max_unavailable: "1", selector: { match_labels: { app: "web" } } });
  });

  it("records the trust level", () => {
    const doc = synth(tenant({ trustLevel: "hostile" }).stack);
    expect(resources(doc, "kubernetes_namespace_v1")[0].metadata.labels["cdktf-secure-aks/trust-level"]).toBe("hostile");
  });
});

describe("IsolatedNamespace bad input", () => {
  it.each([
    ["name", '"Team_A"', { name: "Team_A" }],
    ["name", '"kube-system"', { name: "kube-system" }],
    ["name", '"default"', { name: "default" }],
    ["quota.requestsCpu", '"4 cores"', { quota: { requestsCpu: "4 cores" } }],
    ["quota.limitsMemory", '"16GB"', { quota: { limitsMemory: "16GB" } }],
    ["quota.requestsCpu", '"16"', { quota: { requestsCpu: "16" } }],
    ["quota.pods", "-1", { quota: { pods: -1 } }],
    ["containerLimits.defaultLimitMemory", '"8Gi"', { containerLimits: { defaultLimitMemory: "8Gi" } }],
    ["accessGroups.writers[0]", '"platform-team"', { accessGroups: { writers: ["platform-team"] } }],
    ["workloadIdentities[0].serviceAccountName", '"Orders_API"', { workloadIdentities: [{ serviceAccountName: "Orders_API" }] }],
    ["workloadIdentities[0].serviceAccountName", '"default"', { workloadIdentities: [{ serviceAccountName: "default" }] }],
    ["podSecurityVersion", '"1.33"', { podSecurityVersion: "1.33" }],
    ["allowEgressTo[0].cidr", '"10.50.0.1/24"', { allowEgressTo: [{ cidr: "10.50.0.1/24" }] }],
    ["dedicatedNodePool.name", '"user"', { dedicatedNodePool: { name: "user" } }],
  ] as [string, string, Partial<IsolatedNamespaceProps>][])("rejects %s = %s", (prop, value, props) => {
    expectInvalid(() => tenant(props), prop, value);
  });

  it("rejects a budget that allows no eviction", () => {
    const { ns } = tenant();
    expect(() => ns.addPodDisruptionBudget("web", { matchLabels: { app: "web" }, maxUnavailable: "0" })).toThrow(/maxUnavailable = "0": allows no eviction/);
    expect(() => ns.addPodDisruptionBudget("api", { matchLabels: { app: "api" }, minAvailable: "100%" })).toThrow(/minAvailable = "100%"/);
  });

  it("rejects the same namespace twice on one cluster at synth", () => {
    const { stack, cluster } = setup();
    new IsolatedNamespace(stack, "A", { cluster, name: "team-a" });
    new IsolatedNamespace(stack, "B", { cluster, name: "team-a" });
    expect(() => Testing.synth(stack, true)).toThrow(/\[test\/B\] name = "team-a": namespace is already declared on cluster test\/Cluster by test\/A/);
  });

  it("accepts tokens it cannot judge", () => {
    const token = Lazy.stringValue({ produce: () => "not-a-quantity" });
    expect(() => tenant({ quota: { requestsCpu: token }, allowEgressTo: [{ cidr: token }] })).not.toThrow();
    expect(() => tenant({ workloadIdentities: [{ serviceAccountName: token }] })).toThrow(/serviceAccountName = .*is a token, known only at apply/);
  });
});

it("synthesizes byte-identical JSON twice", () => {
  const build = () => Testing.synth(tenant({ accessGroups: { readers: [READER] }, workloadIdentities: [{ serviceAccountName: "orders" }] }).stack);
  expect(build()).toBe(build());
});
