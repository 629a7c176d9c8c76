import { IConstruct } from "constructs";
import { Lazy, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import {
  IsolatedNamespace,
  IsolatedNamespaceProps,
  PodDisruptionBudgetOptions,
  TenantPeer,
  TenantPort,
} from "../../lib/namespace/isolated-namespace";
import { KUBERNETES_CALENDAR, NEWEST_CALENDAR_MINOR } from "../../lib/cluster/kubernetes-versions";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { GROUP, Json, baseProps, only, resources } from "../cluster/helpers";
import { ImportedCluster, SecureClusterAttributes } from "../../lib/cluster/imported-cluster";

const READER = "44444444-4444-4444-8444-444444444444";
const WRITER = "55555555-5555-4555-8555-555555555555";
const LETTERS = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

/** A cluster created elsewhere, as SecureCluster.fromClusterAttributes returns it (literal attributes). */
function importedCluster(
  scope: TerraformStack,
  id: string,
  attributes: Partial<SecureClusterAttributes> = {},
): ImportedCluster {
  const sub = "33333333-3333-4333-8333-333333333333";
  const tenantId = "11111111-1111-4111-8111-111111111111";
  return SecureCluster.fromClusterAttributes(scope, id, {
    clusterId: `/subscriptions/${sub}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-imported`,
    clusterName: "aks-imported",
    resourceGroupName: "rg-aks",
    location: "westeurope",
    tenantId,
    oidcIssuerUrl: `https://westeurope.oic.prod-aks.azure.com/${tenantId}/00000000-0000-4000-8000-000000000000/`,
    kubeletIdentityObjectId: "77777777-7777-4777-8777-777777777777",
    logAnalyticsWorkspaceId: `/subscriptions/${sub}/resourceGroups/rg-aks/providers/Microsoft.OperationalInsights/workspaces/log-aks`,
    ...attributes,
  }) as ImportedCluster;
}

function setup(clusterOverrides = {}): { stack: TerraformStack; cluster: SecureCluster } {
  const stack = new TerraformStack(Testing.app(), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new KubernetesProvider(stack, "k8s", {});
  const cluster = new SecureCluster(stack, "Cluster", baseProps(clusterOverrides));
  return { stack, cluster };
}

function tenant(
  props: Partial<IsolatedNamespaceProps> = {},
  clusterOverrides = {},
): { stack: TerraformStack; cluster: SecureCluster; ns: IsolatedNamespace } {
  const { stack, cluster } = setup(clusterOverrides);
  const ns = new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", ...props });
  return { stack, cluster, ns };
}

/** A platform stack with the cluster and a tenants stack, both with an azurerm provider. */
function twoStacks(): {
  app: ReturnType<typeof Testing.app>;
  platform: TerraformStack;
  tenants: TerraformStack;
  cluster: SecureCluster;
} {
  const app = Testing.app();
  const platform = new TerraformStack(app, "platform");
  new AzurermProvider(platform, "azurerm", { features: [{}] });
  const cluster = new SecureCluster(platform, "Cluster", baseProps());
  const tenants = new TerraformStack(app, "tenants");
  new AzurermProvider(tenants, "azurerm", { features: [{}] });
  return { app, platform, tenants, cluster };
}

const synth = (stack: TerraformStack): Json => JSON.parse(Testing.synth(stack));
const byName = (doc: Json, type: string, name: string): Json =>
  resources(doc, type).find((r) => r.metadata?.name === name || r.name === name);

function expectInvalid(build: () => unknown, prop: string, value: string): void {
  expect(build).toThrow("[test/TeamA]");
  expect(build).toThrow(`${prop} = ${value}`);
  expect(build).toThrow(/Fix: /);
}

describe("IsolatedNamespace defaults", () => {
  const { stack } = tenant({
    accessGroups: { readers: [READER], writers: [WRITER] },
    workloadIdentities: [{ serviceAccountName: "orders" }],
  });
  const doc = synth(stack);

  it("labels the namespace with Pod Security restricted, pinned, and the tenant (AKS-POD-01, NS-01)", () => {
    const ns = resources(doc, "kubernetes_namespace_v1")[0];
    expect(ns.metadata.name).toBe("team-a");
    expect(ns.metadata.labels).toEqual({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "v1.36",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "v1.36",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "v1.36",
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
      "requests.storage": "256Gi",
      "requests.ephemeral-storage": "16Gi",
      "limits.ephemeral-storage": "64Gi",
      pods: "50",
      persistentvolumeclaims: "10",
      configmaps: "100",
      secrets: "100",
      services: "20",
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    });
  });

  it("admits no pod of the system priority classes, so tenants cannot preempt each other (AKS-TEN-08)", () => {
    const quota = byName(doc, "kubernetes_resource_quota_v1", "no-system-priority");
    expect(quota.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..+\.metadata\[0\]\.name\}$/);
    expect(quota.spec).toEqual({
      hard: { pods: "0" },
      scope_selector: {
        match_expression: [
          { scope_name: "PriorityClass", operator: "In", values: ["system-cluster-critical", "system-node-critical"] },
        ],
      },
    });
  });

  it("sets container defaults and ceilings (AKS-NS-03)", () => {
    expect(resources(doc, "kubernetes_limit_range_v1")[0].spec.limit).toEqual([
      {
        type: "Container",
        default_request: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "128Mi" },
        default: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "1Gi" },
        max: { cpu: "2", memory: "4Gi" },
      },
    ]);
  });

  it("denies all traffic by default and allows DNS and same-namespace traffic (AKS-NET-06)", () => {
    const deny = byName(doc, "kubernetes_network_policy_v1", "default-deny-all");
    expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
    const dns = byName(doc, "kubernetes_network_policy_v1", "allow-dns");
    expect(dns.spec.egress[0].to[0]).toEqual({
      namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } },
      pod_selector: { match_labels: { "k8s-app": "kube-dns" } },
    });
    expect(dns.spec.egress[0].ports).toEqual([
      { port: "53", protocol: "UDP" },
      { port: "53", protocol: "TCP" },
    ]);
    const same = byName(doc, "kubernetes_network_policy_v1", "allow-same-namespace");
    expect(same.spec.ingress).toEqual([{ from: [{ pod_selector: {} }] }]);
    expect(resources(doc, "kubernetes_network_policy_v1")).toHaveLength(3);
  });

  it("grants namespace-scoped Azure RBAC roles and the cluster user role, never cluster admin (AKS-IAM-06)", () => {
    const assignments = resources(doc, "azurerm_role_assignment").filter((a) => a.principal_type === "Group");
    const reader = assignments.find((a) => a.principal_id === READER && a.role_definition_name?.includes("RBAC"));
    expect(reader.role_definition_name).toBe("Azure Kubernetes Service RBAC Reader");
    expect(reader.scope).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}\/namespaces\/team-a$/);
    // Writers get the tenant Writer custom role (AKS-TEN-06), not the built-in that writes NetworkPolicies.
    const writer = assignments.find((a) => a.principal_id === WRITER && a.role_definition_id !== undefined);
    expect(writer.role_definition_id).toMatch(
      /^\$\{azurerm_role_definition\.TenantRoles-test-Cluster_Writer_[0-9A-F]+\.role_definition_resource_id\}$/,
    );
    expect(writer.role_definition_name).toBeUndefined();
    expect(writer.scope).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}\/namespaces\/team-a$/);
    const clusterUser = assignments.filter(
      (a) => a.role_definition_name === "Azure Kubernetes Service Cluster User Role",
    );
    expect(clusterUser.map((a) => a.principal_id).sort()).toEqual([READER, WRITER]);
    expect(clusterUser[0].scope).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}$/);
    expect(assignments.some((a) => /Cluster Admin|RBAC Writer|RBAC Admin/.test(a.role_definition_name ?? ""))).toBe(
      false,
    );
    expect(resources(doc, "kubernetes_role_binding_v1")).toHaveLength(0);
  });

  it("defines the tenant Writer and Admin roles once per cluster: no NetworkPolicy, Endpoints, LimitRange, quota or RBAC writes (AKS-TEN-06)", () => {
    const definitions = resources(doc, "azurerm_role_definition");
    expect(definitions.map((d) => d.name).sort()).toEqual(
      ["AKS tenant namespace Admin (rg-aks/aks-test)", "AKS tenant namespace Writer (rg-aks/aks-test)"].sort(),
    );
    const writer = definitions.find((d) => d.name.includes("Writer"));
    const data: string[] = writer.permissions[0].data_actions;
    const P = "Microsoft.ContainerService/managedClusters/";
    expect(data).toContain(`${P}apps/deployments/*`);
    expect(data).toContain(`${P}pods/*`);
    expect(data).toContain(`${P}secrets/*`);
    expect(data).toContain(`${P}networking.k8s.io/networkpolicies/read`);
    expect(data).toContain(`${P}endpoints/read`);
    expect(data).toContain(`${P}limitranges/read`);
    expect(data).toContain(`${P}resourcequotas/read`);
    for (const forbidden of [
      "networking.k8s.io/networkpolicies/*",
      "extensions/networkpolicies/*",
      "endpoints/*",
      "limitranges/*",
      "resourcequotas/*",
      "rbac.authorization.k8s.io/rolebindings/*",
      "*",
    ])
      expect(data).not.toContain(`${P}${forbidden}`);
    expect(writer.permissions[0].not_data_actions).toEqual([]);
    expect(writer.scope).toMatch(
      /^\$\{join\("\/", slice\(split\("\/", azurerm_kubernetes_cluster\..+\.id\), 0, 3\)\)\}$/,
    );
    expect(writer.assignable_scopes).toEqual([writer.scope]);
    const admin = definitions.find((d) => d.name.includes("Admin"));
    expect(admin.permissions[0].data_actions).toEqual([
      ...data,
      `${P}rbac.authorization.k8s.io/roles/read`,
      `${P}rbac.authorization.k8s.io/rolebindings/read`,
    ]);
  });

  it("federates one identity per ServiceAccount and turns token automount off (AKS-IAM-10, IAM-12)", () => {
    const credential = resources(doc, "azurerm_federated_identity_credential")[0];
    expect(credential.subject).toBe("system:serviceaccount:team-a:orders");
    expect(credential.audience).toEqual(["api://AzureADTokenExchange"]);
    expect(credential.issuer).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.oidc_issuer_url\}$/);
    expect(credential.parent_id).toMatch(/^\$\{azurerm_user_assigned_identity\..+\.id\}$/);
    const sa = resources(doc, "kubernetes_service_account_v1")[0];
    expect(sa.metadata.name).toBe("orders");
    expect(sa.metadata.annotations["azure.workload.identity/client-id"]).toMatch(
      /^\$\{azurerm_user_assigned_identity\..+\.client_id\}$/,
    );
    expect(sa.automount_service_account_token).toBe(false);
    expect(resources(doc, "kubernetes_default_service_account_v1")[0].automount_service_account_token).toBe(false);
    expect(resources(doc, "azurerm_user_assigned_identity").map((i) => i.name)).toContain("id-team-a-orders");
  });

  it("registers the namespace with the cluster's restricted Pod Security assignment (AKS-POD-03)", () => {
    const restricted = resources(doc, "azurerm_resource_policy_assignment").find((a) =>
      a.policy_definition_id.endsWith("f06ddb64-5fa3-4b77-b166-acb36f7f6042"),
    );
    expect(JSON.parse(restricted.parameters).namespaces).toEqual({ value: ["team-a"] });
  });

  it("names the namespace in its objects by one reference token, not a new token per object (issue 14)", () => {
    const { ns } = tenant({ workloadIdentities: [{ serviceAccountName: "orders" }] });
    const namespaceInputs = [
      ns.resourceQuota,
      ns.systemPriorityQuota,
      ns.limitRange,
      ...ns.networkPolicies,
      ns.defaultServiceAccount,
      ...ns.serviceAccounts,
    ].map((resource) => resource.metadata.namespaceInput);
    expect(namespaceInputs.length).toBeGreaterThan(5);
    expect(new Set(namespaceInputs)).toEqual(new Set([namespaceInputs[0]]));
    expect(namespaceInputs[0]).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  it("exposes workload identities through the tenant interface", () => {
    const { ns } = tenant({ workloadIdentities: [{ serviceAccountName: "orders" }] });
    expect(ns.workloadIdentity("orders")?.serviceAccountName).toBe("orders");
    expect(ns.workloadIdentity("missing")).toBeUndefined();
  });
});

describe("IsolatedNamespace options", () => {
  it("uses Kubernetes RoleBindings when the cluster has no Azure RBAC (AKS-IAM-07)", () => {
    const { stack } = tenant(
      { accessGroups: { admins: [READER] } },
      {
        entraId: {
          tenantId: "11111111-1111-4111-8111-111111111111",
          adminGroupObjectIds: [GROUP],
          azureRbacEnabled: false,
        },
      },
    );
    const doc = synth(stack);
    const binding = resources(doc, "kubernetes_role_binding_v1")[0];
    // The namespace's own Role, not the admin ClusterRole (which writes NetworkPolicies and RoleBindings; AKS-TEN-06).
    expect(binding.role_ref).toEqual({
      api_group: "rbac.authorization.k8s.io",
      kind: "Role",
      name: expect.stringMatching(/^\$\{kubernetes_role_v1\.TeamA_Role-admin_[0-9A-F]+\.metadata\[0\]\.name\}$/),
    });
    const role = only(doc, "kubernetes_role_v1");
    expect(role.metadata.name).toBe("tenant-admin");
    const rules: { api_groups: string[]; resources: string[]; verbs: string[] }[] = role.rule;
    const writable = rules
      .filter((rule) => rule.verbs.includes("create"))
      .flatMap((rule) => rule.resources.map((resource) => `${rule.api_groups[0]}/${resource}`));
    expect(writable).toEqual(
      expect.arrayContaining(["apps/deployments", "/pods", "/pods/exec", "/secrets", "/services"]),
    );
    for (const forbidden of [
      "networking.k8s.io/networkpolicies",
      "/endpoints",
      "/limitranges",
      "/resourcequotas",
      "rbac.authorization.k8s.io/rolebindings",
      "rbac.authorization.k8s.io/roles",
    ])
      expect(writable).not.toContain(forbidden);
    expect(rules.find((rule) => rule.api_groups[0] === "rbac.authorization.k8s.io")).toEqual({
      api_groups: ["rbac.authorization.k8s.io"],
      resources: ["rolebindings", "roles"],
      verbs: ["get", "list", "watch"],
    });
    expect(
      rules.some((rule) => rule.verbs.includes("bind") || rule.verbs.includes("escalate") || rule.verbs.includes("*")),
    ).toBe(false);
    expect(resources(doc, "azurerm_role_definition")).toHaveLength(0);
    expect(binding.subject).toEqual([{ kind: "Group", name: READER, api_group: "rbac.authorization.k8s.io" }]);
    // Only the Cluster User Role, so the group can fetch a kubeconfig; no Azure RBAC data-plane role.
    const assignments = resources(doc, "azurerm_role_assignment").filter((a) => a.principal_id === READER);
    expect(assignments.map((a) => a.role_definition_name)).toEqual(["Azure Kubernetes Service Cluster User Role"]);
    expect(assignments[0].scope).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}$/);
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
    const doc = synth(
      tenant({
        allowIngressFromNamespaces: ["ingress-nginx"],
        allowEgressTo: [{ cidr: "10.50.0.0/24", tcpPorts: [5432] }],
      }).stack,
    );
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
    expect(resources(doc, "kubernetes_namespace_v1")[0].metadata.labels["cdktf-secure-aks/trust-level"]).toBe(
      "hostile",
    );
  });
});

describe("IsolatedNamespace bad input", () => {
  it.each([
    [
      { trustLevel: "untrusted" as never },
      'trustLevel = "untrusted": is not a trust level. Fix: use "trusted", "restricted" or "hostile"',
    ],
    [{ quota: { services: 2.5 } }, "quota.services = 2.5: is not a whole number ≥ 0. Fix: use a count such as 0 or 10"],
    [
      { allowIngressFrom: [{ namespace: "team-b", tcpPorts: [0] }] },
      "allowIngressFrom[0].tcpPorts = 0: is not a TCP port. Fix: use 1-65535",
    ],
    [
      { allowEgressTo: [{ cidr: "10.0.0.0/8", udpPorts: [65536] }] },
      "allowEgressTo[0].udpPorts = 65536: is not a UDP port. Fix: use 1-65535",
    ],
  ] as [Partial<IsolatedNamespaceProps>, string][])("keeps the wording of %j", (props, message) => {
    expect(() => tenant(props)).toThrow(`[test/TeamA] ${message}`);
  });

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
    [
      "workloadIdentities[0].serviceAccountName",
      '"Orders_API"',
      { workloadIdentities: [{ serviceAccountName: "Orders_API" }] },
    ],
    [
      "workloadIdentities[0].serviceAccountName",
      '"default"',
      { workloadIdentities: [{ serviceAccountName: "default" }] },
    ],
    ["podSecurityVersion", '"1.33"', { podSecurityVersion: "1.33" }],
    ["allowEgressTo[0].cidr", '"10.50.0.1/24"', { allowEgressTo: [{ cidr: "10.50.0.1/24" }] }],
    ["dedicatedNodePool.name", '"user"', { dedicatedNodePool: { name: "user" } }],
  ] as [string, string, Partial<IsolatedNamespaceProps>][])("rejects %s = %s", (prop, value, props) => {
    expectInvalid(() => tenant(props), prop, value);
  });

  it("rejects a budget that allows no eviction", () => {
    const { ns } = tenant();
    expect(() => ns.addPodDisruptionBudget("web", { matchLabels: { app: "web" }, maxUnavailable: "0" })).toThrow(
      /maxUnavailable = "0": allows no eviction/,
    );
    expect(() => ns.addPodDisruptionBudget("api", { matchLabels: { app: "api" }, minAvailable: "100%" })).toThrow(
      /minAvailable = "100%"/,
    );
  });

  it("rejects the same namespace twice on one cluster at synth", () => {
    const { stack, cluster } = setup();
    new IsolatedNamespace(stack, "A", { cluster, name: "team-a" });
    new IsolatedNamespace(stack, "B", { cluster, name: "team-a" });
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/B\] name = "team-a": namespace is already declared on cluster test\/Cluster by test\/A/,
    );
    expect(() => Testing.synth(stack, true)).not.toThrow(/\[test\/B\] \[test\/B\]/);
  });

  it("accepts tokens it cannot judge", () => {
    const token = Lazy.stringValue({ produce: () => "not-a-quantity" });
    expect(() => tenant({ quota: { requestsCpu: token }, allowEgressTo: [{ cidr: token }] })).not.toThrow();
  });

  it("federates a ServiceAccount whose name is known only at apply", () => {
    const { stack, cluster } = setup();
    const sa = new TerraformVariable(stack, "serviceAccount", { type: "string" }).stringValue;
    const ns = new IsolatedNamespace(stack, "TeamA", {
      cluster,
      name: "team-a",
      workloadIdentities: [{ serviceAccountName: "billing" }, { serviceAccountName: sa }],
    });
    const doc = synth(stack);
    const credential = resources(doc, "azurerm_federated_identity_credential").find(
      (c) => c.subject !== "system:serviceaccount:team-a:billing",
    );
    expect(credential.subject).toBe("system:serviceaccount:team-a:${var.serviceAccount}");
    // Azure names allow no '.', so Terraform replaces it once the name is known.
    expect(credential.name).toBe('team-a-${replace(var.serviceAccount, ".", "-")}');
    expect(
      resources(doc, "azurerm_user_assigned_identity")
        .map((i) => i.name)
        .filter((name) => name.startsWith("id-team-a-"))
        .sort(),
    ).toEqual(['id-team-a-${replace(var.serviceAccount, ".", "-")}', "id-team-a-billing"]);
    expect(
      resources(doc, "kubernetes_service_account_v1")
        .map((a) => a.metadata.name)
        .sort(),
    ).toEqual(["${var.serviceAccount}", "billing"]);
    expect(ns.workloadIdentity(sa)?.serviceAccountName).toBe(sa);
  });
});

it("synthesizes byte-identical JSON twice", () => {
  const build = () => {
    const { stack, ns } = tenant({
      accessGroups: { readers: [READER], writers: [WRITER] },
      workloadIdentities: [{ serviceAccountName: "orders" }, { serviceAccountName: "billing.api" }],
      allowIngressFrom: [{ namespace: "app-routing-system", podLabels: { app: "nginx" }, tcpPorts: [8080] }],
      allowEgressTo: [{ cidr: "10.50.0.0/24", tcpPorts: [5432], udpPorts: [53] }],
      dedicatedNodePool: { name: "teama" },
    });
    ns.addPodDisruptionBudget("web", { matchLabels: { app: "web" } });
    return Testing.synth(stack);
  };
  expect(build()).toBe(build());
});

it("lists tenant namespaces for the restricted initiative independently of declaration order", () => {
  const namespaces = (names: string[]) => {
    const { stack, cluster } = setup();
    names.forEach((name, index) => new IsolatedNamespace(stack, `T${index}`, { cluster, name }));
    const restricted = resources(synth(stack), "azurerm_resource_policy_assignment").find((a) =>
      a.policy_definition_id.endsWith("f06ddb64-5fa3-4b77-b166-acb36f7f6042"),
    );
    return JSON.parse(restricted.parameters).namespaces.value;
  };
  expect(namespaces(["team-b", "team-a", "team-c"])).toEqual(["team-a", "team-b", "team-c"]);
  expect(namespaces(["team-c", "team-a", "team-b"])).toEqual(["team-a", "team-b", "team-c"]);
});

describe("IsolatedNamespace on a cluster created elsewhere (SecureCluster.fromClusterAttributes)", () => {
  const ADMIN = "66666666-6666-4666-8666-666666666666";
  function onImported(
    props: Partial<IsolatedNamespaceProps> = {},
    azureRbac = true,
    attributes: Partial<SecureClusterAttributes> = {},
  ): { stack: TerraformStack; cluster: ImportedCluster; ns: IsolatedNamespace } {
    const stack = new TerraformStack(Testing.app(), "test");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const provider = new KubernetesProvider(stack, "k8s", { alias: "tenant" });
    const cluster = importedCluster(stack, "Cluster", { azureRbacEnabled: azureRbac, ...attributes });
    const ns = new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", provider, ...props });
    return { stack, cluster, ns };
  }

  it("registers its namespace with the cluster once, which warns that its Pod Security assignment is elsewhere", () => {
    const { cluster } = onImported();
    expect(cluster.tenantNamespaces).toEqual(["team-a"]);
    expect(warnings(cluster)).toEqual([
      expect.stringContaining('[cluster/pod-security-elsewhere] registerTenantNamespace = "team-a"'),
    ]);
  });

  it("puts every in-cluster object on the given kubernetes provider", () => {
    const doc = synth(
      onImported({ workloadIdentities: [{ serviceAccountName: "orders" }], accessGroups: { readers: [READER] } }, false)
        .stack,
    );
    const kubernetesTypes = Object.keys(doc.resource).filter((type) => type.startsWith("kubernetes_"));
    expect(kubernetesTypes.sort()).toEqual([
      "kubernetes_default_service_account_v1",
      "kubernetes_limit_range_v1",
      "kubernetes_manifest",
      "kubernetes_namespace_v1",
      "kubernetes_network_policy_v1",
      "kubernetes_resource_quota_v1",
      "kubernetes_role_binding_v1",
      "kubernetes_service_account_v1",
    ]);
    for (const type of kubernetesTypes)
      for (const body of resources(doc, type)) expect(body.provider).toBe("kubernetes.tenant");
  });

  it("scopes Azure RBAC roles to <cluster id>/namespaces/<name> and never grants a cluster-wide Kubernetes role (AKS-IAM-06)", () => {
    const { stack, cluster } = onImported({ accessGroups: { readers: [READER], writers: [WRITER], admins: [ADMIN] } });
    const assignments = resources(synth(stack), "azurerm_role_assignment");
    const namespaced = assignments.filter((a) => a.scope === `${cluster.clusterId}/namespaces/team-a`);
    expect(namespaced.map((a) => [a.principal_id, a.role_definition_name ?? a.role_definition_id]).sort()).toEqual(
      [
        [READER, "Azure Kubernetes Service RBAC Reader"],
        [
          WRITER,
          expect.stringMatching(
            /^\$\{azurerm_role_definition\.TenantRoles-test-Cluster_Writer_[0-9A-F]+\.role_definition_resource_id\}$/,
          ),
        ],
        [
          ADMIN,
          expect.stringMatching(
            /^\$\{azurerm_role_definition\.TenantRoles-test-Cluster_Admin_[0-9A-F]+\.role_definition_resource_id\}$/,
          ),
        ],
      ].sort(),
    );
    // A literal cluster id gives a literal subscription scope.
    expect(resources(synth(stack), "azurerm_role_definition").map((d) => d.scope)).toEqual([
      "/subscriptions/33333333-3333-4333-8333-333333333333",
      "/subscriptions/33333333-3333-4333-8333-333333333333",
    ]);
    const clusterWide = assignments.filter((a) => a.scope === cluster.clusterId);
    expect(clusterWide.map((a) => a.role_definition_name)).toEqual(
      Array(3).fill("Azure Kubernetes Service Cluster User Role"),
    );
    expect(clusterWide.map((a) => a.principal_id)).toEqual([READER, WRITER, ADMIN].sort());
    expect(assignments).toHaveLength(6);
    for (const a of assignments) expect(a.principal_type).toBe("Group");
  });

  it("binds view and the namespace's tenant-writer and tenant-admin Roles (never edit, admin or cluster-admin) without Azure RBAC (AKS-IAM-07, TEN-06)", () => {
    const doc = synth(
      onImported({ accessGroups: { readers: [READER], writers: [WRITER], admins: [ADMIN] } }, false).stack,
    );
    const bindings = resources(doc, "kubernetes_role_binding_v1");
    expect(
      bindings.map((b) => [b.subject[0].name, b.role_ref.kind, b.role_ref.name.replace(/_[0-9A-F]+\./, ".")]).sort(),
    ).toEqual(
      [
        [READER, "ClusterRole", "view"],
        [WRITER, "Role", "${kubernetes_role_v1.TeamA_Role-writer.metadata[0].name}"],
        [ADMIN, "Role", "${kubernetes_role_v1.TeamA_Role-admin.metadata[0].name}"],
      ].sort(),
    );
    expect(
      resources(doc, "kubernetes_role_v1")
        .map((role) => role.metadata.name)
        .sort(),
    ).toEqual(["tenant-admin", "tenant-writer"]);
    for (const b of bindings) {
      expect(b.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..+\.metadata\[0\]\.name\}$/);
      expect(b.subject).toHaveLength(1);
      expect(b.subject[0].kind).toBe("Group");
    }
    expect(
      resources(doc, "azurerm_role_assignment").every(
        (a) => a.role_definition_name === "Azure Kubernetes Service Cluster User Role",
      ),
    ).toBe(true);
  });

  it("federates with the cluster's issuer into the identity resource group (AKS-IAM-10, TEN-03)", () => {
    const { stack, cluster } = onImported({
      workloadIdentities: [{ serviceAccountName: "orders.api" }],
      identityResourceGroupName: "rg-team-a",
      tags: { tenant: "team-a" },
    });
    const doc = synth(stack);
    const identity = only(doc, "azurerm_user_assigned_identity");
    // Azure names allow no '.', so the ServiceAccount's dots become dashes there (and only there).
    expect(identity).toMatchObject({
      name: "id-team-a-orders-api",
      resource_group_name: "rg-team-a",
      location: "westeurope",
      tags: { tenant: "team-a" },
    });
    const credential = only(doc, "azurerm_federated_identity_credential");
    expect(credential).toMatchObject({
      name: "team-a-orders-api",
      resource_group_name: "rg-team-a",
      issuer: cluster.oidcIssuerUrl,
      subject: "system:serviceaccount:team-a:orders.api",
      audience: ["api://AzureADTokenExchange"],
    });
    expect(only(doc, "kubernetes_service_account_v1").metadata.name).toBe("orders.api");
  });

  it("gives a group listed in several roles one Cluster User Role", () => {
    const doc = synth(onImported({ accessGroups: { readers: [LETTERS], admins: [LETTERS.toUpperCase()] } }).stack);
    const clusterUser = resources(doc, "azurerm_role_assignment").filter(
      (a) => a.role_definition_name === "Azure Kubernetes Service Cluster User Role",
    );
    expect(clusterUser.map((a) => a.principal_id)).toEqual([LETTERS]);
  });

  it("names a given identity as asked", () => {
    const doc = synth(
      onImported({ workloadIdentities: [{ serviceAccountName: "orders", identityName: "id-orders-prod" }] }).stack,
    );
    expect(only(doc, "azurerm_user_assigned_identity").name).toBe("id-orders-prod");
  });

  it("allows ingress from selected pods of another namespace on given ports (AKS-NET-06)", () => {
    const doc = synth(
      onImported({
        allowIngressFrom: [
          { namespace: "app-routing-system", podLabels: { app: "nginx" }, tcpPorts: [8080, 8443] },
          { namespace: "team-b" },
        ],
      }).stack,
    );
    const policy = byName(doc, "kubernetes_network_policy_v1", "allow-ingress-from-sources");
    expect(policy.spec.pod_selector).toEqual({});
    expect(policy.spec.policy_types).toEqual(["Ingress"]);
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          {
            namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "app-routing-system" } },
            pod_selector: { match_labels: { app: "nginx" } },
          },
        ],
        ports: [
          { port: "8080", protocol: "TCP" },
          { port: "8443", protocol: "TCP" },
        ],
      },
      { from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "team-b" } } }] },
    ]);
  });

  it("allows egress to CIDRs on TCP and UDP ports, or on every port when none is given (AKS-NET-06)", () => {
    const doc = synth(
      onImported({
        allowEgressTo: [{ cidr: "10.60.0.0/16", tcpPorts: [443], udpPorts: [123] }, { cidr: "192.168.1.0/24" }],
      }).stack,
    );
    expect(byName(doc, "kubernetes_network_policy_v1", "allow-egress-destinations").spec.egress).toEqual([
      {
        to: [{ ip_block: { cidr: "10.60.0.0/16" } }],
        ports: [
          { port: "443", protocol: "TCP" },
          { port: "123", protocol: "UDP" },
        ],
      },
      { to: [{ ip_block: { cidr: "192.168.1.0/24" } }] },
    ]);
  });

  it("sizes quota and limits from props", () => {
    const doc = synth(
      onImported({
        quota: {
          requestsCpu: "1500m",
          limitsCpu: "3",
          requestsMemory: "3Gi",
          limitsMemory: "6Gi",
          pods: 20,
          persistentVolumeClaims: 0,
          configMaps: 30,
          secrets: 40,
          services: 5,
          requestsStorage: "0",
          requestsEphemeralStorage: "2Gi",
          limitsEphemeralStorage: "4Gi",
        },
        containerLimits: {
          defaultRequestCpu: "50m",
          defaultLimitCpu: "250m",
          maxCpu: "1",
          defaultRequestMemory: "64Mi",
          defaultLimitMemory: "256Mi",
          maxMemory: "1Gi",
          defaultRequestEphemeralStorage: "64Mi",
          defaultLimitEphemeralStorage: "256Mi",
        },
      }).stack,
    );
    expect(byName(doc, "kubernetes_resource_quota_v1", "tenant-quota").spec.hard).toEqual({
      "requests.cpu": "1500m",
      "requests.memory": "3Gi",
      "limits.cpu": "3",
      "limits.memory": "6Gi",
      "requests.storage": "0",
      "requests.ephemeral-storage": "2Gi",
      "limits.ephemeral-storage": "4Gi",
      pods: "20",
      persistentvolumeclaims: "0",
      configmaps: "30",
      secrets: "40",
      services: "5",
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    });
    expect(only(doc, "kubernetes_limit_range_v1").spec.limit).toEqual([
      {
        type: "Container",
        default_request: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "64Mi" },
        default: { cpu: "250m", memory: "256Mi", "ephemeral-storage": "256Mi" },
        max: { cpu: "1", memory: "1Gi" },
      },
    ]);
  });

  it("pins a chosen Pod Security version on all three modes (AKS-POD-01)", () => {
    const labels = only(synth(onImported({ podSecurityVersion: "latest" }).stack), "kubernetes_namespace_v1").metadata
      .labels;
    for (const mode of ["enforce", "audit", "warn"])
      expect(labels[`pod-security.kubernetes.io/${mode}-version`]).toBe("latest");
  });

  it("adds budgets with minAvailable that leave room for an eviction (AKS-NS-04)", () => {
    const { stack, ns } = onImported();
    ns.addPodDisruptionBudget("api", { matchLabels: { app: "api" }, minAvailable: "2", replicas: 3 });
    ns.addPodDisruptionBudget("Worker", { matchLabels: { app: "worker" }, maxUnavailable: "25%" });
    const budgets = resources(synth(stack), "kubernetes_pod_disruption_budget_v1");
    expect(budgets.map((b) => [b.metadata.name, b.spec.min_available, b.spec.max_unavailable]).sort()).toEqual([
      ["api", "2", undefined],
      ["worker", undefined, "25%"],
    ]);
    expect(ns.podDisruptionBudgets).toHaveLength(2);
  });

  it("adds the dedicated pool to the imported cluster, on its node subnet, tainted and labelled (AKS-NS-05)", () => {
    const subnet =
      "/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/snet-nodes";
    const { stack, cluster, ns } = onImported({ dedicatedNodePool: { name: "teama" } }, true, {
      nodeSubnetId: subnet,
      nodePoolNames: ["system", "user"],
    });
    expect(ns.dedicatedNodePool).toBe(cluster.nodePools[0]);
    expect(ns.dedicatedNodePool!.node.path).toBe("test/Cluster/TeamAPool");
    const pool = only(synth(stack), "azurerm_kubernetes_cluster_node_pool");
    expect(pool.vnet_subnet_id).toBe(subnet);
    expect(pool.node_taints).toEqual(["tenant=team-a:NoSchedule"]);
    expect(pool.node_labels).toEqual({ "cdktf-secure-aks/tenant": "team-a" });
  });

  it("rejects a dedicated pool on an imported cluster whose node subnet is unknown, or with a pool name it has", () => {
    expectInvalid(
      () => onImported({ dedicatedNodePool: { name: "teama" } }),
      "dedicatedNodePool.vnetSubnetId",
      "undefined",
    );
    expect(() => onImported({ dedicatedNodePool: { name: "teama" } })).toThrow(
      "is required: the node subnet of cluster test/Cluster is unknown",
    );
    expectInvalid(
      () => onImported({ dedicatedNodePool: { name: "user" } }, true, { nodePoolNames: ["system", "user"] }),
      "dedicatedNodePool.name",
      '"user"',
    );
  });

  it.each([
    [
      "accessGroups.readers[1]",
      `"${LETTERS.toUpperCase()}"`,
      { accessGroups: { readers: [LETTERS, LETTERS.toUpperCase()] } },
    ],
    ["accessGroups.writers[1]", `"${WRITER}"`, { accessGroups: { writers: [WRITER, WRITER] } }],
    [
      "accessGroups.admins[0]",
      '"00000000-0000-0000-0000-00000000000g"',
      { accessGroups: { admins: ["00000000-0000-0000-0000-00000000000g"] } },
    ],
    [
      "workloadIdentities[1].serviceAccountName",
      '"orders"',
      { workloadIdentities: [{ serviceAccountName: "orders" }, { serviceAccountName: "orders" }] },
    ],
    [
      "workloadIdentities[1].serviceAccountName",
      '"orders-api"',
      { workloadIdentities: [{ serviceAccountName: "orders.api" }, { serviceAccountName: "orders-api" }] },
    ],
    [
      "workloadIdentities[0].serviceAccountName",
      `"${"a".repeat(114)}"`,
      { workloadIdentities: [{ serviceAccountName: "a".repeat(114) }] },
    ],
    [
      "workloadIdentities[0].identityName",
      '"orders identity"',
      { workloadIdentities: [{ serviceAccountName: "orders", identityName: "orders identity" }] },
    ],
    [
      "workloadIdentities[0].identityName",
      '"id"',
      { workloadIdentities: [{ serviceAccountName: "orders", identityName: "id" }] },
    ],
    ["allowIngressFromNamespaces[0]", '"Ingress"', { allowIngressFromNamespaces: ["Ingress"] }],
    ["allowIngressFrom[0].namespace", '"ingress_nginx"', { allowIngressFrom: [{ namespace: "ingress_nginx" }] }],
    ["allowIngressFrom[0].podLabels", "{}", { allowIngressFrom: [{ namespace: "ingress-nginx", podLabels: {} }] }],
    [
      "allowIngressFrom[0].podLabels",
      '"app/kubernetes/name"',
      { allowIngressFrom: [{ namespace: "ingress-nginx", podLabels: { "app/kubernetes/name": "x" } }] },
    ],
    [
      "allowIngressFrom[0].podLabels.app",
      '"nginx controller"',
      { allowIngressFrom: [{ namespace: "ingress-nginx", podLabels: { app: "nginx controller" } }] },
    ],
    ["allowIngressFrom[0].tcpPorts", "0", { allowIngressFrom: [{ namespace: "ingress-nginx", tcpPorts: [0] }] }],
    ["allowEgressTo[0].cidr", '"10.50.0.0/33"', { allowEgressTo: [{ cidr: "10.50.0.0/33" }] }],
    ["allowEgressTo[0].tcpPorts", "70000", { allowEgressTo: [{ cidr: "10.50.0.0/24", tcpPorts: [70000] }] }],
    ["allowEgressTo[0].udpPorts", "1.5", { allowEgressTo: [{ cidr: "10.50.0.0/24", udpPorts: [1.5] }] }],
    ["name", '"kube-tenant"', { name: "kube-tenant" }],
    ["name", '"gatekeeper-system"', { name: "gatekeeper-system" }],
    ["name", '"app-routing-system"', { name: "app-routing-system" }],
    ["name", '"flux-system"', { name: "flux-system" }],
    ["name", '"aks-istio-ingress"', { name: "aks-istio-ingress" }],
    ["name", `"${"a".repeat(64)}"`, { name: "a".repeat(64) }],
    ["trustLevel", '"untrusted"', { trustLevel: "untrusted" as never }],
    ["podSecurityVersion", '"v2.0"', { podSecurityVersion: "v2.0" }],
    ["podSecurityVersion", '"v1.033"', { podSecurityVersion: "v1.033" }],
    ["quota.requestsMemory", '"9Gi"', { quota: { requestsMemory: "9Gi", limitsMemory: "8Gi" } }],
    ["quota.limitsCpu", '"-8"', { quota: { limitsCpu: "-8" } }],
    ["quota.loadBalancers", "1.5", { quota: { loadBalancers: 1.5 } }],
    ["containerLimits.defaultRequestCpu", '"1"', { containerLimits: { defaultRequestCpu: "1" } }],
    ["containerLimits.defaultLimitCpu", '"3"', { containerLimits: { defaultLimitCpu: "3" } }],
    ["containerLimits.defaultRequestMemory", '"1Gi"', { containerLimits: { defaultRequestMemory: "1Gi" } }],
    ["containerLimits.maxMemory", '"4 Gi"', { containerLimits: { maxMemory: "4 Gi" } }],
    ["quota.requestsStorage", '"100GB"', { quota: { requestsStorage: "100GB" } }],
    ["quota.requestsEphemeralStorage", '"80Gi"', { quota: { requestsEphemeralStorage: "80Gi" } }],
    ["quota.limitsEphemeralStorage", '"-1Gi"', { quota: { limitsEphemeralStorage: "-1Gi" } }],
    ["quota.configMaps", "-1", { quota: { configMaps: -1 } }],
    ["quota.secrets", "2.5", { quota: { secrets: 2.5 } }],
    ["quota.services", "-3", { quota: { services: -3 } }],
    [
      "containerLimits.defaultRequestEphemeralStorage",
      '"2Gi"',
      { containerLimits: { defaultRequestEphemeralStorage: "2Gi" } },
    ],
  ] as [string, string, Partial<IsolatedNamespaceProps>][])("rejects %s = %s", (prop, value, props) => {
    expectInvalid(() => onImported(props), prop, value);
  });

  it.each([
    [
      "web",
      { matchLabels: { app: "web" }, minAvailable: "3", replicas: 3 },
      "addPodDisruptionBudget(web).minAvailable",
      '"3"',
      /keeps all 3 replicas up/,
    ],
    [
      "web",
      { matchLabels: { app: "web" }, minAvailable: "67%", replicas: 3 },
      "addPodDisruptionBudget(web).minAvailable",
      '"67%"',
      /keeps all 3 replicas up/,
    ],
    [
      "web",
      { matchLabels: { app: "web" }, minAvailable: "1", replicas: 1 },
      "addPodDisruptionBudget(web).minAvailable",
      '"1"',
      /keeps all 1 replicas up/,
    ],
    [
      "web",
      { matchLabels: { app: "web" }, maxUnavailable: "0%" },
      "addPodDisruptionBudget(web).maxUnavailable",
      '"0%"',
      /allows no eviction/,
    ],
    [
      "web",
      { matchLabels: { app: "web" }, maxUnavailable: "one" },
      "addPodDisruptionBudget(web).maxUnavailable",
      '"one"',
      /not a count/,
    ],
    [
      "web",
      { matchLabels: { app: "web" }, minAvailable: "1", maxUnavailable: "1" },
      "addPodDisruptionBudget(web).minAvailable",
      '"1"',
      /together with maxUnavailable/,
    ],
    ["web", { matchLabels: { app: "web" }, replicas: 0 }, "addPodDisruptionBudget(web).replicas", "0", /whole number/],
    ["web", { matchLabels: {} }, "addPodDisruptionBudget(web).matchLabels", "{}", /selects every pod/],
    ["web", { matchLabels: { app: "-web" } }, "addPodDisruptionBudget(web).matchLabels.app", '"-web"', /label value/],
    [
      "web_budget",
      { matchLabels: { app: "web" } },
      "addPodDisruptionBudget(web_budget).id",
      '"web_budget"',
      /valid object name/,
    ],
  ] as [string, PodDisruptionBudgetOptions, string, string, RegExp][])(
    "rejects budget %s: %s",
    (id, options, prop, value, problem) => {
      const { ns } = onImported();
      expectInvalid(() => ns.addPodDisruptionBudget(id, options), prop, value);
      expect(() => ns.addPodDisruptionBudget(id, options)).toThrow(problem);
    },
  );

  it("accepts a minAvailable percentage that still allows an eviction", () => {
    const { ns } = onImported();
    expect(() =>
      ns.addPodDisruptionBudget("web", { matchLabels: { app: "web" }, minAvailable: "66%", replicas: 3 }),
    ).not.toThrow();
  });

  it("skips checks of tokens in the new props", () => {
    const token = Lazy.stringValue({ produce: () => "x" });
    expect(() =>
      onImported({
        allowIngressFrom: [{ namespace: token, podLabels: { app: token } }],
        accessGroups: { readers: [token, token] },
        workloadIdentities: [{ serviceAccountName: "orders", identityName: token }],
      }),
    ).not.toThrow();
  });
});

describe("IsolatedNamespace across stacks", () => {
  it("takes every cluster value from the platform stack through remote state, and its pool lands in the platform stack", () => {
    const { platform, tenants, cluster } = twoStacks();
    const provider = cluster.kubernetesProvider(tenants, "kubernetes");
    new IsolatedNamespace(tenants, "TeamA", {
      cluster,
      provider,
      name: "team-a",
      trustLevel: "restricted",
      accessGroups: { writers: [WRITER] },
      workloadIdentities: [{ serviceAccountName: "orders" }],
      dedicatedNodePool: { name: "teama" },
    });
    // app.synth() wires cross-stack references in prepareStack(); Testing.synth() does not.
    for (const stack of [platform, tenants]) stack.prepareStack();
    const tenantDoc = synth(tenants);
    const remote =
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\.cross-stack-output-[^}]+\}/;
    expect(only(tenantDoc, "azurerm_federated_identity_credential").issuer).toMatch(remote);
    const writer = resources(tenantDoc, "azurerm_role_assignment").find((a) => a.role_definition_id !== undefined);
    expect(writer.scope).toMatch(new RegExp(`${remote.source.slice(1)}/namespaces/team-a$`));
    // The custom role is defined in the cluster's stack and read from there.
    expect(writer.role_definition_id).toMatch(remote);
    expect(resources(tenantDoc, "azurerm_role_definition")).toHaveLength(0);
    expect(resources(tenantDoc, "azurerm_kubernetes_cluster_node_pool")).toHaveLength(0);
    expect(only(tenantDoc, "kubernetes_namespace_v1").provider).toBe("kubernetes");
    const platformDoc = synth(platform);
    expect(
      resources(platformDoc, "azurerm_role_definition")
        .map((d) => d.name)
        .sort(),
    ).toEqual(["AKS tenant namespace Admin (rg-aks/aks-test)", "AKS tenant namespace Writer (rg-aks/aks-test)"]);
    const pool = resources(platformDoc, "azurerm_kubernetes_cluster_node_pool").find((p) => p.name === "teama");
    expect(pool.node_taints).toEqual(["tenant=team-a:NoSchedule"]);
    const restricted = resources(platformDoc, "azurerm_resource_policy_assignment").find((a) =>
      a.policy_definition_id.endsWith("f06ddb64-5fa3-4b77-b166-acb36f7f6042"),
    );
    expect(JSON.parse(restricted.parameters).namespaces).toEqual({ value: ["team-a"] });
  });

  it("rejects a pool added later under the dedicated pool's name", () => {
    const { stack, cluster } = setup();
    new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", dedicatedNodePool: { name: "teama" } });
    // SecureCluster's pool-name registry now rejects it when it is added, before synth.
    expect(() => cluster.addNodePool("Late", { name: "teama" })).toThrow(
      /\[test\/Cluster\/Late\] addNodePool\(Late\)\.name = "teama": is already used by addNodePool\(TeamAPool\)\.name .* Fix: /,
    );
  });

  it("rejects two tenants asking for the same dedicated pool", () => {
    const build = () => {
      const { stack, cluster } = setup();
      new IsolatedNamespace(stack, "TeamB", { cluster, name: "team-b", dedicatedNodePool: { name: "shared" } });
      new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", dedicatedNodePool: { name: "shared" } });
    };
    expectInvalid(build, "dedicatedNodePool.name", '"shared"');
  });

  it("allows the same namespace name on two different clusters", () => {
    const { stack, cluster } = setup();
    const other = new SecureCluster(stack, "Other", baseProps({ clusterName: "aks-other" }));
    new IsolatedNamespace(stack, "A", { cluster, name: "team-a" });
    new IsolatedNamespace(stack, "B", { cluster: other, name: "team-a" });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

const warnings = (construct: IConstruct): string[] =>
  construct.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
const CLUSTER_USER = "Azure Kubernetes Service Cluster User Role";

describe("Cluster User Role shared by namespaces (one assignment per cluster, group and stack)", () => {
  it("assigns the role once when two namespaces of one cluster share a group", () => {
    const { stack, cluster } = setup();
    const a = new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", accessGroups: { writers: [WRITER] } });
    const b = new IsolatedNamespace(stack, "TeamB", {
      cluster,
      name: "team-b",
      accessGroups: { readers: [WRITER.toUpperCase(), READER] },
    });
    const assignments = resources(synth(stack), "azurerm_role_assignment").filter(
      (r) => r.role_definition_name === CLUSTER_USER,
    );
    expect(assignments.map((r) => r.principal_id).sort()).toEqual([READER, WRITER].sort());
    for (const r of assignments) expect(r.scope).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}$/);
    // Both namespaces expose the shared assignment.
    const shared = (ns: IsolatedNamespace) =>
      ns.roleAssignments.filter((r) => r.roleDefinitionNameInput === CLUSTER_USER && r.principalIdInput === WRITER);
    expect(shared(a)).toHaveLength(1);
    expect(shared(a)[0]).toBe(shared(b)[0]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("keeps one assignment per cluster", () => {
    const { stack, cluster } = setup();
    const other = new SecureCluster(stack, "Other", baseProps({ clusterName: "aks-other" }));
    new IsolatedNamespace(stack, "A", { cluster, name: "team-a", accessGroups: { writers: [WRITER] } });
    new IsolatedNamespace(stack, "B", { cluster: other, name: "team-a", accessGroups: { writers: [WRITER] } });
    const scopes = resources(synth(stack), "azurerm_role_assignment")
      .filter((r) => r.role_definition_name === CLUSTER_USER)
      .map((r) => r.scope);
    expect(new Set(scopes).size).toBe(2);
  });

  it("synthesizes the same whichever namespace is declared first", () => {
    const build = (order: string[]) => {
      const { stack, cluster } = setup();
      for (const name of order)
        new IsolatedNamespace(stack, name, { cluster, name, accessGroups: { writers: [WRITER] } });
      return resources(synth(stack), "azurerm_role_assignment").filter((r) => r.role_definition_name === CLUSTER_USER);
    };
    expect(build(["team-a", "team-b"])).toEqual(build(["team-b", "team-a"]));
  });

  it("rejects the same group granted on one cluster from two stacks when the second namespace is created", () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, "platform");
    new AzurermProvider(platform, "azurerm", { features: [{}] });
    const cluster = new SecureCluster(platform, "Cluster", baseProps());
    const stacks = ["tenants-a", "tenants-b"].map((id) => {
      const stack = new TerraformStack(app, id);
      new AzurermProvider(stack, "azurerm", { features: [{}] });
      new KubernetesProvider(stack, "k8s", {});
      return stack;
    });
    new IsolatedNamespace(stacks[0], "TeamA", { cluster, name: "team-a", accessGroups: { readers: [READER] } });
    // Thrown by the constructor, so `cdktf synth` stops before any stack's cdk.tf.json is written.
    expect(
      () =>
        new IsolatedNamespace(stacks[1], "TeamB", {
          cluster,
          name: "team-b",
          accessGroups: { writers: [READER.toUpperCase()] },
        }),
    ).toThrow(
      /\[tenants-b\/TeamB\] accessGroups\.writers\[0\] = "44444444-4444-4444-8444-444444444444": the Azure Kubernetes Service Cluster User Role of this group on cluster platform\/Cluster is also assigned from stack tenants-a \(for tenants-a\/TeamA\).*RoleAssignmentExists.*Fix: declare the namespaces of cluster platform\/Cluster that give this group access in one stack/,
    );
    expect(() => Testing.synth(stacks[0], true)).not.toThrow();
  });
});

describe("IsolatedNamespace Kubernetes RBAC with upper-case group ids (AKS-IAM-07)", () => {
  it("lower-cases the object id in the subject, the binding name and the Cluster User Role", () => {
    const upper = LETTERS.toUpperCase();
    const { stack } = tenant(
      { accessGroups: { writers: [upper] } },
      {
        entraId: {
          tenantId: "11111111-1111-4111-8111-111111111111",
          adminGroupObjectIds: [GROUP],
          azureRbacEnabled: false,
        },
      },
    );
    const doc = synth(stack);
    const binding = only(doc, "kubernetes_role_binding_v1");
    expect(binding.metadata.name).toBe(`tenant-writers-${LETTERS}`);
    expect(binding.subject).toEqual([{ kind: "Group", name: LETTERS, api_group: "rbac.authorization.k8s.io" }]);
    expect(
      resources(doc, "azurerm_role_assignment")
        .filter((r) => r.principal_type === "Group")
        .map((r) => r.principal_id),
    ).toEqual([LETTERS]);
  });

  it("lower-cases Azure RBAC principals too", () => {
    const doc = synth(tenant({ accessGroups: { readers: [LETTERS.toUpperCase()] } }).stack);
    const principals = resources(doc, "azurerm_role_assignment")
      .filter((r) => r.principal_type === "Group")
      .map((r) => r.principal_id);
    expect(principals).toEqual([LETTERS, LETTERS]);
  });

  it("lower-cases a group id known only at apply with Terraform's lower()", () => {
    const { stack, cluster } = setup({
      entraId: {
        tenantId: "11111111-1111-4111-8111-111111111111",
        adminGroupObjectIds: [GROUP],
        azureRbacEnabled: false,
      },
    });
    const group = new TerraformVariable(stack, "group", { type: "string" }).stringValue;
    new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", accessGroups: { readers: [group] } });
    const doc = synth(stack);
    expect(only(doc, "kubernetes_role_binding_v1").subject[0].name).toBe("${lower(var.group)}");
    expect(
      resources(doc, "azurerm_role_assignment").find((r) => r.role_definition_name === CLUSTER_USER).principal_id,
    ).toBe("${lower(var.group)}");
  });
});

describe("IsolatedNamespace egress to other namespaces (AKS-NET-06)", () => {
  it("allows egress to selected pods of another namespace by namespace and pod selector", () => {
    const doc = synth(
      tenant({
        allowEgressToNamespaces: [
          { namespace: "team-b", podLabels: { app: "orders" }, tcpPorts: [8080] },
          { namespace: "shared-cache" },
        ],
      }).stack,
    );
    const policy = byName(doc, "kubernetes_network_policy_v1", "allow-egress-to-namespaces");
    expect(policy.spec.pod_selector).toEqual({});
    expect(policy.spec.policy_types).toEqual(["Egress"]);
    expect(policy.spec.egress).toEqual([
      {
        to: [
          {
            namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "team-b" } },
            pod_selector: { match_labels: { app: "orders" } },
          },
        ],
        ports: [{ port: "8080", protocol: "TCP" }],
      },
      { to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "shared-cache" } } }] },
    ]);
  });

  it.each([
    ["allowEgressToNamespaces[0].namespace", '"Team_B"', { allowEgressToNamespaces: [{ namespace: "Team_B" }] }],
    [
      "allowEgressToNamespaces[0].podLabels",
      "{}",
      { allowEgressToNamespaces: [{ namespace: "team-b", podLabels: {} }] },
    ],
    [
      "allowEgressToNamespaces[0].podLabels.app",
      '"-x"',
      { allowEgressToNamespaces: [{ namespace: "team-b", podLabels: { app: "-x" } }] },
    ],
    ["allowEgressToNamespaces[0].tcpPorts", "0", { allowEgressToNamespaces: [{ namespace: "team-b", tcpPorts: [0] }] }],
  ] as [string, string, Partial<IsolatedNamespaceProps>][])("rejects %s = %s", (prop, value, props) => {
    expectInvalid(() => tenant(props), prop, value);
  });
});

describe("IsolatedNamespace egress to IP blocks: except and the instance metadata endpoint", () => {
  const egress = (props: Partial<IsolatedNamespaceProps>) =>
    byName(synth(tenant(props).stack), "kubernetes_network_policy_v1", "allow-egress-destinations").spec.egress;

  it("writes except blocks into ip_block.except", () => {
    expect(egress({ allowEgressTo: [{ cidr: "10.50.0.0/16", except: ["10.50.8.0/24"], tcpPorts: [443] }] })).toEqual([
      {
        to: [{ ip_block: { cidr: "10.50.0.0/16", except: ["10.50.8.0/24"] } }],
        ports: [{ port: "443", protocol: "TCP" }],
      },
    ]);
  });

  it("keeps the instance metadata endpoint and the WireServer denied in every block that contains them", () => {
    const { stack, ns } = tenant({
      allowEgressTo: [
        { cidr: "0.0.0.0/0", tcpPorts: [443] },
        { cidr: "169.254.0.0/16", except: ["169.254.1.0/24"] },
        { cidr: "169.254.169.0/24", except: ["169.254.169.252/30"] },
      ],
    });
    const rules = byName(synth(stack), "kubernetes_network_policy_v1", "allow-egress-destinations").spec.egress;
    expect(rules.map((rule: Json) => rule.to[0].ip_block)).toEqual([
      { cidr: "0.0.0.0/0", except: ["169.254.169.254/32", "168.63.129.16/32"] },
      { cidr: "169.254.0.0/16", except: ["169.254.1.0/24", "169.254.169.254/32"] },
      // Already covered by the user's own except block.
      { cidr: "169.254.169.0/24", except: ["169.254.169.252/30"] },
    ]);
    expect(warnings(ns)).toEqual([
      '[namespace/egress-to-everywhere] allowEgressTo[0].cidr = "0.0.0.0/0": lets every tenant pod reach any address outside the cluster (the instance metadata endpoint excepted). Fix: prefer the CIDRs the tenant needs, or egress through a firewall with FQDN rules (AKS-NET-06, NET-07)',
    ]);
  });

  it("adds the WireServer alone to a block that holds it and not the metadata endpoint, and keeps a user's covering block", () => {
    expect(egress({ allowEgressTo: [{ cidr: "168.63.0.0/16", tcpPorts: [443] }] })[0].to[0].ip_block).toEqual({
      cidr: "168.63.0.0/16",
      except: ["168.63.129.16/32"],
    });
    expect(
      egress({ allowEgressTo: [{ cidr: "168.63.0.0/16", except: ["168.63.128.0/23"] }] })[0].to[0].ip_block,
    ).toEqual({ cidr: "168.63.0.0/16", except: ["168.63.128.0/23"] });
  });

  it("adds no except to blocks without the metadata endpoint, and warns only on 0.0.0.0/0", () => {
    const { stack, ns } = tenant({ allowEgressTo: [{ cidr: "10.50.0.0/24" }] });
    expect(
      byName(synth(stack), "kubernetes_network_policy_v1", "allow-egress-destinations").spec.egress[0].to[0].ip_block,
    ).toEqual({ cidr: "10.50.0.0/24" });
    expect(warnings(ns)).toEqual([]);
  });

  it.each([
    ["allowEgressTo[0].cidr", '"169.254.169.254/32"', { allowEgressTo: [{ cidr: "169.254.169.254/32" }] }],
    ["allowEgressTo[0].cidr", '"168.63.129.16/32"', { allowEgressTo: [{ cidr: "168.63.129.16/32" }] }],
    [
      "allowEgressTo[0].except[0]",
      '"10.60.0.0/24"',
      { allowEgressTo: [{ cidr: "10.50.0.0/16", except: ["10.60.0.0/24"] }] },
    ],
    [
      "allowEgressTo[0].except[0]",
      '"10.50.0.0/16"',
      { allowEgressTo: [{ cidr: "10.50.0.0/16", except: ["10.50.0.0/16"] }] },
    ],
    [
      "allowEgressTo[0].except[1]",
      '"10.50.1.1/24"',
      { allowEgressTo: [{ cidr: "10.50.0.0/16", except: ["10.50.0.0/24", "10.50.1.1/24"] }] },
    ],
  ] as [string, string, Partial<IsolatedNamespaceProps>][])("rejects %s = %s", (prop, value, props) => {
    expectInvalid(() => tenant(props), prop, value);
  });

  it("accepts except lists that are tokens and still keeps the metadata endpoint out", () => {
    const { stack, cluster } = setup();
    const except = new TerraformVariable(stack, "except", { type: "list(string)" }).listValue;
    new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", allowEgressTo: [{ cidr: "0.0.0.0/0", except }] });
    const rule = byName(synth(stack), "kubernetes_network_policy_v1", "allow-egress-destinations").spec.egress[0];
    expect(rule.to[0].ip_block.except).toBe('${concat(var.except, ["169.254.169.254/32", "168.63.129.16/32"])}');
  });
});

describe("IsolatedNamespace quota against the LimitRange (AKS-NS-02, NS-03)", () => {
  it.each([
    [
      "containerLimits.defaultRequestCpu",
      '"1"',
      {
        quota: { requestsCpu: "500m", limitsCpu: "8" },
        containerLimits: { defaultRequestCpu: "1", defaultLimitCpu: "1" },
      },
      /exceeds quota\.requestsCpu \("?500m/,
    ],
    [
      "containerLimits.defaultRequestMemory",
      '"1Gi"',
      {
        quota: { requestsMemory: "512Mi" },
        containerLimits: { defaultRequestMemory: "1Gi", defaultLimitMemory: "1Gi" },
      },
      /exceeds quota\.requestsMemory/,
    ],
    [
      "containerLimits.defaultLimitCpu",
      '"2"',
      { quota: { requestsCpu: "1", limitsCpu: "1500m" }, containerLimits: { defaultLimitCpu: "2" } },
      /exceeds quota\.limitsCpu/,
    ],
    ["containerLimits.maxCpu", '"2"', { quota: { requestsCpu: "1", limitsCpu: "1" } }, /exceeds quota\.limitsCpu/],
    [
      "containerLimits.maxMemory",
      '"4Gi"',
      { quota: { requestsMemory: "1Gi", limitsMemory: "2Gi" } },
      /exceeds quota\.limitsMemory/,
    ],
    [
      "containerLimits.defaultLimitEphemeralStorage",
      '"1Gi"',
      { quota: { requestsEphemeralStorage: "256Mi", limitsEphemeralStorage: "512Mi" } },
      /exceeds quota\.limitsEphemeralStorage/,
    ],
    [
      "containerLimits.defaultRequestEphemeralStorage",
      '"128Mi"',
      { quota: { requestsEphemeralStorage: "64Mi" } },
      /exceeds quota\.requestsEphemeralStorage/,
    ],
  ] as [string, string, Partial<IsolatedNamespaceProps>, RegExp][])(
    "rejects %s = %s above the quota",
    (prop, value, props, problem) => {
      expectInvalid(() => tenant(props), prop, value);
      expect(() => tenant(props)).toThrow(problem);
      expect(() => tenant(props)).toThrow(/Fix: lower containerLimits\.\w+ or raise quota\.\w+/);
    },
  );

  it("accepts limits that equal the quota", () => {
    expect(() =>
      tenant({
        quota: { requestsCpu: "1", limitsCpu: "2", requestsMemory: "1Gi", limitsMemory: "2Gi" },
        containerLimits: {
          defaultRequestCpu: "1",
          defaultLimitCpu: "2",
          maxCpu: "2",
          defaultRequestMemory: "1Gi",
          defaultLimitMemory: "2Gi",
          maxMemory: "2Gi",
        },
      }),
    ).not.toThrow();
  });

  it("warns when the quota admits no pod", () => {
    expect(warnings(tenant({ quota: { pods: 0 } }).ns)).toEqual([
      "[namespace/quota-admits-no-pod] quota.pods = 0: admits no pod in namespace team-a. Fix: set quota.pods to the number of pods the tenant may run (default 50)",
    ]);
    expect(warnings(tenant().ns)).toEqual([]);
  });
});

describe("IsolatedNamespace duplicate names", () => {
  it.each([
    [
      "workloadIdentities[1].identityName",
      '"ID-ORDERS"',
      [
        { serviceAccountName: "orders", identityName: "id-orders" },
        { serviceAccountName: "billing", identityName: "ID-ORDERS" },
      ],
    ],
    [
      "workloadIdentities[1].identityName",
      '"id-team-a-orders"',
      [{ serviceAccountName: "orders" }, { serviceAccountName: "billing", identityName: "id-team-a-orders" }],
    ],
  ] as [string, string, IsolatedNamespaceProps["workloadIdentities"]][])(
    "rejects %s = %s naming an identity twice",
    (prop, value, workloadIdentities) => {
      expectInvalid(() => tenant({ workloadIdentities }), prop, value);
    },
  );

  it("rejects budgets whose ids collide once lower-cased", () => {
    const { ns } = tenant();
    ns.addPodDisruptionBudget("Web", { matchLabels: { app: "web" } });
    expect(() => ns.addPodDisruptionBudget("web", { matchLabels: { app: "web2" } })).toThrow(
      /\[test\/TeamA\] addPodDisruptionBudget\(web\)\.id = "web": gives the object name "web", which budget "Web" already uses\. Fix: /,
    );
  });
});

describe("IsolatedNamespace scheduling output and Pod Security version", () => {
  it("outputs the toleration and node selector of the dedicated pool as JSON in the namespace's stack (AKS-NS-05)", () => {
    const { stack, ns } = tenant({ trustLevel: "restricted", dedicatedNodePool: { name: "teama" } });
    const outputs = Object.values(synth(stack).output ?? {}) as Json[];
    expect(outputs).toHaveLength(1);
    expect(JSON.parse(outputs[0].value)).toEqual({
      tolerations: [{ key: "tenant", operator: "Equal", value: "team-a", effect: "NoSchedule" }],
      nodeSelector: { "cdktf-secure-aks/tenant": "team-a" },
    });
    expect(ns.schedulingOutput).toBeDefined();
    expect(synth(tenant().stack).output).toBeUndefined();
  });

  it.each([
    ["1.35", "v1.35"],
    ["1.37.2", "v1.37"],
  ])("pins Pod Security to the minor of a SecureCluster's version %s (AKS-POD-01)", (version, expected) => {
    const labels = only(synth(tenant({}, { kubernetesVersion: version }).stack), "kubernetes_namespace_v1").metadata
      .labels;
    expect(labels["pod-security.kubernetes.io/enforce-version"]).toBe(expected);
    expect(labels["pod-security.kubernetes.io/warn-version"]).toBe(expected);
  });

  it("pins the calendar's newest minor for cluster references and versions known only at apply", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new KubernetesProvider(stack, "k8s", {});
    const imported = importedCluster(stack, "Imported");
    new IsolatedNamespace(stack, "A", { cluster: imported, name: "team-a" });
    const version = new TerraformVariable(stack, "version", { type: "string" }).stringValue;
    const cluster = new SecureCluster(stack, "Cluster", baseProps({ kubernetesVersion: version }));
    new IsolatedNamespace(stack, "B", { cluster, name: "team-b" });
    const versions = resources(synth(stack), "kubernetes_namespace_v1").map(
      (ns) => ns.metadata.labels["pod-security.kubernetes.io/enforce-version"],
    );
    expect(versions).toEqual([`v${NEWEST_CALENDAR_MINOR}`, `v${NEWEST_CALENDAR_MINOR}`]);
  });
});

describe("IsolatedNamespace kubernetes provider", () => {
  const stacks = twoStacks;

  it("rejects a provider created in another stack, naming cluster.kubernetesProvider", () => {
    const { platform, tenants, cluster } = stacks();
    const provider = cluster.kubernetesProvider(platform, "kubernetes");
    let n = 0;
    const build = () => new IsolatedNamespace(tenants, `TeamA${n++ || ""}`, { cluster, name: "team-a", provider });
    expect(build).toThrow(
      '[tenants/TeamA] provider = "platform/kubernetes": is a provider of stack platform, but the namespace\'s objects are in stack tenants',
    );
    expect(build).toThrow(
      'Fix: create the provider in stack tenants with cluster.kubernetesProvider(tenantsStack, "kubernetes")',
    );
  });

  it("reports a stack without a kubernetes provider at synth, naming cluster.kubernetesProvider", () => {
    const { tenants, cluster } = stacks();
    new IsolatedNamespace(tenants, "TeamA", { cluster, name: "team-a" });
    expect(() => Testing.synth(tenants, true)).toThrow(
      /\[tenants\/TeamA\] provider = undefined: stack tenants has no default kubernetes provider.*Fix: create the provider in stack tenants with cluster\.kubernetesProvider\(tenantsStack, "kubernetes"\)/,
    );
  });

  it("accepts the provider of its own stack, also when it is created after the namespace", () => {
    const { tenants, cluster } = stacks();
    new IsolatedNamespace(tenants, "TeamA", { cluster, name: "team-a" });
    cluster.kubernetesProvider(tenants, "kubernetes");
    expect(() => Testing.synth(tenants, true)).not.toThrow();
  });
});

describe("IsolatedNamespace peers must be declared namespaces (AKS-NET-06)", () => {
  it.each([
    ["allowIngressFromNamespaces[0]", { allowIngressFromNamespaces: ["team-x"] }],
    ["allowIngressFrom[0].namespace", { allowIngressFrom: [{ namespace: "team-x", tcpPorts: [8080] }] }],
    ["allowEgressToNamespaces[0].namespace", { allowEgressToNamespaces: [{ namespace: "team-x" }] }],
  ] as [string, Partial<IsolatedNamespaceProps>][])("rejects an undeclared namespace in %s at synth", (prop, props) => {
    const { stack } = tenant(props);
    expect(() => Testing.synth(stack, true)).toThrow(
      new RegExp(
        `\\[test/TeamA\\] ${prop.replace(/[[\].]/g, "\\$&")} = "team-x": namespace "team-x" is not declared on cluster test/Cluster .*Fix: fix the name, declare the namespace, or list it in externalNamespaces`,
      ),
    );
  });

  it("accepts a namespace listed in externalNamespaces, a system namespace, another tenant of the cluster declared later, and a namespace resource", () => {
    const { stack, cluster } = setup();
    new IsolatedNamespace(stack, "TeamA", {
      cluster,
      name: "team-a",
      externalNamespaces: ["ingress-nginx"],
      allowIngressFrom: [{ namespace: "ingress-nginx" }, { namespace: "app-routing-system" }, { namespace: "team-b" }],
      allowEgressToNamespaces: [{ namespace: "shared-cache" }],
    });
    new IsolatedNamespace(stack, "TeamB", { cluster, name: "team-b" });
    // A namespace resource of another stack of the app (e.g. a shared-services stack) counts too.
    const services = new TerraformStack(stack.node.scope!, "services");
    new KubernetesProvider(services, "k8s", {});
    new NamespaceV1(services, "SharedCache", { metadata: { name: "shared-cache" } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("does not count a tenant of another cluster, and passes tokens through", () => {
    const { stack, cluster } = setup();
    const elsewhere = new TerraformStack(stack.node.scope!, "elsewhere");
    new KubernetesProvider(elsewhere, "k8s", {});
    new AzurermProvider(elsewhere, "azurerm", { features: [{}] });
    new IsolatedNamespace(elsewhere, "TeamX", { cluster: importedCluster(elsewhere, "Other"), name: "team-x" });
    new IsolatedNamespace(stack, "TeamA", { cluster, name: "team-a", allowIngressFromNamespaces: ["team-x"] });
    expect(() => Testing.synth(stack, true)).toThrow(
      /allowIngressFromNamespaces\[0\] = "team-x": namespace "team-x" is not declared on cluster test\/Cluster/,
    );
    const tokens = setup();
    const name = new TerraformVariable(tokens.stack, "peer", { type: "string" });
    new IsolatedNamespace(tokens.stack, "TeamA", {
      cluster: tokens.cluster,
      name: "team-a",
      allowIngressFromNamespaces: [name.stringValue],
    });
    expect(() => Testing.synth(tokens.stack, true)).not.toThrow();
  });

  it("rejects an externalNamespaces entry that is not a namespace name", () => {
    expectInvalid(() => tenant({ externalNamespaces: ["Ingress NGINX"] }), "externalNamespaces[0]", '"Ingress NGINX"');
  });
});

describe("IsolatedNamespace cluster-scoped guardrails a tenant cannot edit", () => {
  const manifests = (doc: Json) => resources(doc, "kubernetes_manifest").map((resource) => resource.manifest);
  const ofKind = (doc: Json, kind: string) => manifests(doc).filter((manifest: Json) => manifest.kind === kind);

  it("denies egress to the instance metadata service and the WireServer with a CiliumClusterwideNetworkPolicy (AKS-TEN-04)", () => {
    const [policy] = ofKind(synth(tenant().stack), "CiliumClusterwideNetworkPolicy");
    expect(policy).toEqual({
      apiVersion: "cilium.io/v2",
      kind: "CiliumClusterwideNetworkPolicy",
      metadata: { name: "tenant-team-a-host-endpoints" },
      spec: {
        description: expect.stringContaining("AKS-TEN-04"),
        endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "team-a" } },
        egressDeny: [{ toCIDR: ["169.254.169.254/32", "168.63.129.16/32"] }],
      },
    });
    // Deny rules only: nothing here can widen the namespace's default-deny policy.
    expect(Object.keys(policy.spec)).not.toContain("egress");
    expect(Object.keys(policy.spec)).not.toContain("ingress");
  });

  it("binds a placement policy to the namespace with Deny, failing closed (AKS-TEN-05)", () => {
    const doc = synth(tenant().stack);
    const [policy] = ofKind(doc, "ValidatingAdmissionPolicy");
    const [binding] = ofKind(doc, "ValidatingAdmissionPolicyBinding");
    expect(policy.apiVersion).toBe("admissionregistration.k8s.io/v1");
    expect(policy.metadata.name).toBe("tenant-team-a-placement");
    expect(policy.spec.failurePolicy).toBe("Fail");
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] },
    ]);
    const expressions = policy.spec.validations.map((validation: Json) => validation.expression);
    expect(expressions).toEqual([
      "!has(object.spec.tolerations) || object.spec.tolerations.all(t, has(t.key) && t.key != '' && t.key != 'CriticalAddonsOnly')",
      "!has(object.spec.tolerations) || object.spec.tolerations.all(t, !has(t.key) || t.key != 'tenant' || ((!has(t.operator) || t.operator == 'Equal') && has(t.value) && t.value == request.namespace))",
      "request.operation != 'CREATE' || !has(object.spec.nodeName) || object.spec.nodeName == ''",
    ]);
    expect(binding).toEqual({
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name: "tenant-team-a-placement" },
      spec: {
        policyName: "tenant-team-a-placement",
        validationActions: ["Deny"],
        matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "team-a" } } },
      },
    });
    const bindingResource = resources(doc, "kubernetes_manifest").find(
      (resource) => resource.manifest.kind === "ValidatingAdmissionPolicyBinding",
    );
    expect(bindingResource.depends_on).toEqual([expect.stringMatching(/^kubernetes_manifest\.TeamA_PlacementPolicy_/)]);
  });

  it("makes pods of a namespace with a dedicated pool select that pool", () => {
    const [policy] = ofKind(
      synth(tenant({ trustLevel: "restricted", dedicatedNodePool: { name: "teama" } }).stack),
      "ValidatingAdmissionPolicy",
    );
    expect(policy.spec.validations).toHaveLength(4);
    expect(policy.spec.validations[3]).toEqual({
      expression:
        "has(object.spec.nodeSelector) && 'cdktf-secure-aks/tenant' in object.spec.nodeSelector && object.spec.nodeSelector['cdktf-secure-aks/tenant'] == request.namespace",
      message: expect.stringContaining("dedicated pool"),
      reason: "Forbidden",
    });
  });

  it("needs no version check of its own: no SecureCluster runs a minor older than 1.30, which serves ValidatingAdmissionPolicy v1", () => {
    expect(() => tenant({}, { kubernetesVersion: "1.29" })).toThrow(/\[test\/Cluster\] kubernetesVersion = "1.29"/);
    expect(KUBERNETES_CALENDAR.every((release) => Number(release.minor.split(".")[1]) >= 30)).toBe(true);
  });
});

describe("IsolatedNamespace named by a variable of the tenants stack", () => {
  function build(props: Partial<IsolatedNamespaceProps> = {}) {
    const { app, platform, tenants, cluster } = twoStacks();
    const provider = cluster.kubernetesProvider(tenants, "kubernetes");
    const name = new TerraformVariable(tenants, "namespace", { type: "string" }).stringValue;
    const ns = new IsolatedNamespace(tenants, "TeamA", { cluster, provider, name, ...props });
    return { app, platform, tenants, ns };
  }

  it("synthesizes without a reference from the platform stack back to the tenants stack", () => {
    const { app, platform, tenants, ns } = build({ accessGroups: { writers: [WRITER] } });
    // app.synth() prepares every stack and fails on a circular cross-stack dependency.
    expect(() => app.synth()).not.toThrow();
    const platformDoc = synth(platform);
    expect(JSON.stringify(platformDoc)).not.toContain("var.namespace");
    expect(JSON.stringify(platformDoc)).not.toContain("cross-stack-reference-input-tenants");
    // The tenants stack assigns the restricted members for its namespace itself.
    const own = resources(synth(tenants), "azurerm_resource_policy_assignment");
    expect(own).toHaveLength(8);
    expect(Object.keys(ns.podSecurityRestricted ?? {})).toHaveLength(8);
    for (const assignment of own) {
      expect(assignment.name).toMatch(/^aks-pss-[0-9a-f]{8}-[a-z-]+$/);
      expect(JSON.parse(assignment.parameters).namespaces).toEqual({ value: ["${var.namespace}"] });
      expect(assignment.resource_id).toMatch(
        /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\./,
      );
    }
  });

  it("rejects a dedicated pool, whose taint would be written in the platform stack", () => {
    expect(() => build({ trustLevel: "restricted", dedicatedNodePool: { name: "teama" } })).toThrow(
      /\[tenants\/TeamA\] name = "\$\{TfToken\[TOKEN\.\d+\]\}": is known only in stack tenants.*Fix: give a namespace with a dedicated pool a literal name/,
    );
  });
});

describe("IsolatedNamespace connections: allowFrom / allowTo add policies to the default-deny (AKS-NET-06)", () => {
  const NS = "${kubernetes_namespace_v1.TeamA_Namespace_90CCAB0A.metadata[0].name}";

  it("allowFrom adds one ingress policy per call from the peer's pods, on the given ports", () => {
    const { stack, ns } = tenant({ externalNamespaces: ["ingress-nginx"] });
    const policy = ns.connections.allowFrom(TenantPeer.pods("ingress-nginx", { app: "nginx" }), [
      TenantPort.tcp(8080),
      TenantPort.udp(8125),
    ]);
    expect(policy.node.path).toBe("test/TeamA/AllowFrom0");
    expect(ns.networkPolicies.at(-1)).toBe(policy);
    expect(byName(synth(stack), "kubernetes_network_policy_v1", "allow-from-0")).toEqual({
      metadata: { name: "allow-from-0", namespace: NS },
      spec: {
        pod_selector: {},
        policy_types: ["Ingress"],
        ingress: [
          {
            from: [
              {
                namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "ingress-nginx" } },
                pod_selector: { match_labels: { app: "nginx" } },
              },
            ],
            ports: [
              { port: "8080", protocol: "TCP" },
              { port: "8125", protocol: "UDP" },
            ],
          },
        ],
      },
    });
  });

  it("allowTo a tenant's pods and to IP blocks: one egress policy per call, the Azure host endpoints excepted", () => {
    const { stack, cluster, ns } = tenant();
    const other = new IsolatedNamespace(stack, "TeamB", { cluster, name: "team-b" });
    ns.connections.allowTo(TenantPeer.tenant(other, { app: "db" }), [TenantPort.tcp(5432)]);
    ns.connections.allowTo(TenantPeer.ipBlock("169.254.0.0/16", ["169.254.1.0/24"]));
    const doc = synth(stack);
    expect(byName(doc, "kubernetes_network_policy_v1", "allow-to-0").spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [
        {
          to: [
            {
              namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "team-b" } },
              pod_selector: { match_labels: { app: "db" } },
            },
          ],
          ports: [{ port: "5432", protocol: "TCP" }],
        },
      ],
    });
    expect(byName(doc, "kubernetes_network_policy_v1", "allow-to-1").spec).toEqual({
      pod_selector: {},
      policy_types: ["Egress"],
      egress: [{ to: [{ ip_block: { cidr: "169.254.0.0/16", except: ["169.254.1.0/24", "169.254.169.254/32"] } }] }],
    });
    expect(ns.networkPolicies.map((p) => p.node.id)).toEqual([
      "DefaultDeny",
      "AllowDns",
      "AllowSameNamespace",
      "AllowTo0",
      "AllowTo1",
    ]);
  });

  it("leaves the default policies as they are when no connection is added", () => {
    const names = resources(synth(tenant().stack), "kubernetes_network_policy_v1").map((p) => p.metadata.name);
    expect(names.sort()).toEqual(["allow-dns", "allow-same-namespace", "default-deny-all"]);
  });

  it("warns on an allowTo every address, with the call named", () => {
    const { ns } = tenant();
    ns.connections.allowTo(TenantPeer.ipBlock("0.0.0.0/0"), [TenantPort.tcp(443)]);
    expect(warnings(ns)).toEqual([
      '[namespace/egress-to-everywhere] connections.allowTo[0].cidr = "0.0.0.0/0": lets every tenant pod reach any address outside the cluster (the instance metadata endpoint excepted). Fix: prefer the CIDRs the tenant needs, or egress through a firewall with FQDN rules (AKS-NET-06, NET-07)',
    ]);
  });

  it.each([
    [
      "connections.allowFrom[0].cidr",
      '"10.0.0.0/8"',
      "is an IP block, but ingress rules name pods of the cluster",
      (ns: IsolatedNamespace) => ns.connections.allowFrom(TenantPeer.ipBlock("10.0.0.0/8")),
    ],
    [
      "connections.allowFrom[0].namespace",
      '"Ingress_Nginx"',
      "is not a namespace name",
      (ns: IsolatedNamespace) => ns.connections.allowFrom(TenantPeer.pods("Ingress_Nginx")),
    ],
    [
      "connections.allowFrom[0].podLabels",
      "{}",
      "is empty",
      (ns: IsolatedNamespace) => ns.connections.allowFrom(TenantPeer.pods("ingress-nginx", {})),
    ],
    [
      "connections.allowTo[0].podLabels.app",
      '"-db"',
      "is not a valid label value",
      (ns: IsolatedNamespace) => ns.connections.allowTo(TenantPeer.pods("team-b", { app: "-db" })),
    ],
    [
      "connections.allowTo[0].tcpPorts",
      "70000",
      "is not a TCP port",
      (ns: IsolatedNamespace) => ns.connections.allowTo(TenantPeer.pods("team-b"), [TenantPort.tcp(70000)]),
    ],
    [
      "connections.allowFrom[0].udpPorts",
      "0",
      "is not a UDP port",
      (ns: IsolatedNamespace) => ns.connections.allowFrom(TenantPeer.pods("team-b"), [TenantPort.udp(0)]),
    ],
    [
      "connections.allowTo[0].cidr",
      '"169.254.169.254/32"',
      "is the instance metadata endpoint",
      (ns: IsolatedNamespace) => ns.connections.allowTo(TenantPeer.ipBlock("169.254.169.254/32")),
    ],
    [
      "connections.allowTo[0].except[0]",
      '"10.1.0.0/16"',
      "is not strictly inside connections.allowTo[0].cidr (10.0.0.0/16)",
      (ns: IsolatedNamespace) => ns.connections.allowTo(TenantPeer.ipBlock("10.0.0.0/16", ["10.1.0.0/16"])),
    ],
  ] as [string, string, string, (ns: IsolatedNamespace) => unknown][])(
    "rejects %s = %s",
    (prop, value, problem, connect) => {
      expectInvalid(() => connect(tenant().ns), prop, value);
      expect(() => connect(tenant().ns)).toThrow(`${prop} = ${value}: ${problem}`);
    },
  );

  it("rejects a connection to an undeclared namespace at synth, like the props", () => {
    const { stack, ns } = tenant();
    ns.connections.allowFrom(TenantPeer.pods("team-x"));
    ns.connections.allowTo(TenantPeer.pods("kube-system", { "k8s-app": "metrics-server" }));
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/TeamA\] connections\.allowFrom\[0\]\.namespace = "team-x": namespace "team-x" is not declared on cluster test\/Cluster/,
    );
    const declared = tenant({ externalNamespaces: ["team-x"] });
    declared.ns.connections.allowFrom(TenantPeer.pods("team-x"));
    expect(() => Testing.synth(declared.stack, true)).not.toThrow();
  });
});
