import { TerraformStack, Testing, Token } from "cdktf";
import { TENANT_GUARDRAIL_RESOURCES } from "../../../../lib/util/azure-roles";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { DefaultServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/default-service-account-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { SubscriptionPolicyAssignment } from "@cdktf/provider-azurerm/lib/subscription-policy-assignment";
import { ManagementGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/management-group-policy-assignment";
import { StatefulSetV1 } from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import { DaemonSetV1 } from "@cdktf/provider-kubernetes/lib/daemon-set-v1";
import { Daemonset } from "@cdktf/provider-kubernetes/lib/daemonset";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { CronJob } from "@cdktf/provider-kubernetes/lib/cron-job";
import { ReplicationControllerV1 } from "@cdktf/provider-kubernetes/lib/replication-controller-v1";
import { Deployment } from "@cdktf/provider-kubernetes/lib/deployment";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudget } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { Rule, RuleFinding } from "../../../../lib/baseline/rule";
import { WORKLOAD_RULES } from "../../../../lib/baseline/rules/workload/index";

const rule = (id: string): Rule => WORKLOAD_RULES.find((candidate) => candidate.id === id)!;
const common = { resourceGroupName: "rg", location: "westeurope" };

interface Tenancy {
  stack: TerraformStack;
  cluster: KubernetesCluster;
  namespace: NamespaceV1;
  identity: UserAssignedIdentity;
}

/** A compliant tenant namespace next to its cluster, from raw provider classes. */
function tenancy(options: { labels?: Record<string, string>; skip?: string[]; trustLevel?: string } = {}): Tenancy {
  const skip = new Set(options.skip ?? []);
  const stack = new TerraformStack(Testing.app(), "fixture");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new KubernetesProvider(stack, "k8s", {});
  const cluster = new KubernetesCluster(stack, "aks", {
    ...common,
    name: "aks",
    dnsPrefix: "aks",
    defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5" },
    identity: { type: "SystemAssigned" },
  });
  const namespace = new NamespaceV1(stack, "team_a", {
    metadata: {
      name: "team-a",
      labels: options.labels ?? {
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
        "cdktf-secure-aks/trust-level": options.trustLevel ?? "trusted",
      },
    },
  });
  const ns = namespace.metadata.name;
  if (!skip.has("deny"))
    new NetworkPolicyV1(stack, "deny", {
      metadata: { name: "deny", namespace: ns },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
  if (!skip.has("quota")) {
    new ResourceQuotaV1(stack, "quota", {
      metadata: { name: "quota", namespace: ns },
      spec: {
        hard: {
          "requests.cpu": "4",
          "requests.memory": "8Gi",
          "limits.cpu": "8",
          "limits.memory": "16Gi",
          pods: "50",
          "services.loadbalancers": "0",
          "services.nodeports": "0",
          configmaps: "100",
          secrets: "100",
          services: "20",
          persistentvolumeclaims: "10",
          "requests.storage": "256Gi",
          "requests.ephemeral-storage": "16Gi",
          "limits.ephemeral-storage": "64Gi",
        },
      },
    });
  }
  if (!skip.has("hostDeny")) {
    new Manifest(stack, "host_deny", {
      manifest: {
        apiVersion: "cilium.io/v2",
        kind: "CiliumClusterwideNetworkPolicy",
        metadata: { name: "team-a-host" },
        spec: {
          endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "team-a" } },
          egressDeny: [{ toCIDR: ["169.254.169.254/32", "168.63.129.16/32"] }],
        },
      },
    });
  }
  if (!skip.has("placement")) {
    new Manifest(stack, "placement", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: "placement" },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: {
            resourceRules: [
              { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] },
            ],
          },
          validations: [
            {
              expression:
                "!has(object.spec.tolerations) || object.spec.tolerations.all(t, has(t.key) && t.key != 'CriticalAddonsOnly')",
            },
          ],
        },
      },
    });
    new Manifest(stack, "placement_binding", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: "placement" },
        spec: {
          policyName: "placement",
          validationActions: ["Deny"],
          matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "team-a" } } },
        },
      },
    });
  }
  if (!skip.has("priority")) {
    new ResourceQuotaV1(stack, "priority", {
      metadata: { name: "priority", namespace: ns },
      spec: {
        hard: { pods: "0" },
        scopeSelector: {
          matchExpression: [
            { scopeName: "PriorityClass", operator: "In", values: ["system-cluster-critical", "system-node-critical"] },
          ],
        },
      },
    });
  }
  if (!skip.has("limits"))
    new LimitRangeV1(stack, "limits", {
      metadata: { name: "limits", namespace: ns },
      spec: { limit: [{ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "100m" } }] },
    });
  if (!skip.has("defaultSa"))
    new DefaultServiceAccountV1(stack, "default_sa", {
      metadata: { namespace: ns },
      automountServiceAccountToken: false,
    });
  const identity = new UserAssignedIdentity(stack, "orders", { ...common, name: "id-orders" });
  new FederatedIdentityCredential(stack, "orders_fic", {
    name: "orders",
    resourceGroupName: "rg",
    parentId: identity.id,
    issuer: cluster.oidcIssuerUrl,
    subject: "system:serviceaccount:team-a:orders",
    audience: ["api://AzureADTokenExchange"],
  });
  new ServiceAccountV1(stack, "orders_sa", {
    metadata: {
      name: "orders",
      namespace: ns,
      annotations: { "azure.workload.identity/client-id": identity.clientId },
    },
    automountServiceAccountToken: false,
  });
  new RoleAssignment(stack, "writers", {
    scope: `${cluster.id}/namespaces/team-a`,
    roleDefinitionName: "Azure Kubernetes Service RBAC Writer",
    principalId: "33333333-3333-4333-8333-333333333333",
  });
  return { stack, cluster, namespace, identity };
}

function evaluate(candidate: Rule, fixture: { stack: TerraformStack }, address: string): RuleFinding | undefined {
  const document = parseTerraformDocument(JSON.parse(Testing.synth(fixture.stack)));
  return candidate.evaluate(document.byAddress(address)!, document);
}
const NS = "kubernetes_namespace_v1.team_a";

describe("namespace rules pass a compliant tenant", () => {
  it.each([
    "AKS-NS-01",
    "AKS-POD-01",
    "AKS-NET-06",
    "AKS-NS-02",
    "AKS-NS-03",
    "AKS-IAM-12",
    "AKS-TEN-04",
    "AKS-TEN-05",
    "AKS-TEN-08",
    "AKS-TEN-09",
  ])("%s", (id) => {
    expect(evaluate(rule(id), tenancy(), NS)).toMatchObject({ outcome: "passed" });
  });
  it("ignores system namespaces", () => {
    const fixture = tenancy();
    new NamespaceV1(fixture.stack, "system", { metadata: { name: "kube-system" } });
    for (const id of ["AKS-POD-01", "AKS-NET-06", "AKS-NS-02"])
      expect(evaluate(rule(id), fixture, "kubernetes_namespace_v1.system")).toBeUndefined();
  });
});

describe("namespace rules fail a weakened tenant", () => {
  it.each([
    [
      "AKS-POD-01",
      { labels: { "pod-security.kubernetes.io/enforce": "baseline" } },
      "metadata.labels.pod-security.kubernetes.io/enforce",
    ],
    ["AKS-NET-06", { skip: ["deny"] }, "kubernetes_network_policy_v1"],
    ["AKS-NS-02", { skip: ["quota", "priority"] }, "kubernetes_resource_quota_v1"],
    ["AKS-NS-03", { skip: ["limits"] }, "kubernetes_limit_range_v1"],
    ["AKS-IAM-12", { skip: ["defaultSa"] }, "kubernetes_default_service_account_v1"],
  ] as [string, Parameters<typeof tenancy>[0], string][])("%s", (id, options, attribute) => {
    expect(evaluate(rule(id), tenancy(options), NS)).toMatchObject({ outcome: "failed", attribute });
  });

  it("AKS-NS-02 wants load balancers and node ports at 0 (AKS-NET-10 quota part)", () => {
    const fixture = tenancy({ skip: ["quota"] });
    new ResourceQuotaV1(fixture.stack, "loose", {
      metadata: { name: "loose", namespace: "team-a" },
      spec: {
        hard: { "requests.cpu": "4", "requests.memory": "8Gi", "limits.cpu": "8", "limits.memory": "16Gi", pods: "50" },
      },
    });
    expect(evaluate(rule("AKS-NS-02"), fixture, NS)).toMatchObject({
      outcome: "failed",
      attribute: "spec.hard.services.loadbalancers",
    });
  });

  it.each([
    "flux-system",
    "dapr-system",
    "aks-istio-system",
    "aks-istio-ingress",
    "aks-istio-egress",
    "app-routing-system",
  ])("treats the add-on namespace %s as a system namespace", (name) => {
    const fixture = tenancy();
    new NamespaceV1(fixture.stack, "addon", { metadata: { name } });
    new ServiceAccountV1(fixture.stack, "tenant_app", {
      metadata: { name: "app", namespace: name },
      automountServiceAccountToken: false,
    });
    for (const id of ["AKS-NS-01", "AKS-POD-01", "AKS-NET-06"])
      expect(evaluate(rule(id), fixture, "kubernetes_namespace_v1.addon")).toBeUndefined();
    expect(evaluate(rule("AKS-NS-01"), fixture, "kubernetes_service_account_v1.tenant_app")).toMatchObject({
      outcome: "failed",
      value: name,
    });
  });

  it("unknown cases with raw provider classes: POD-01 label, NS-02 quota, IAM-12 default ServiceAccount", () => {
    const labels = tenancy({
      labels: {
        "pod-security.kubernetes.io/enforce": "${var.level}",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
      },
    });
    expect(evaluate(rule("AKS-POD-01"), labels, NS)).toMatchObject({
      outcome: "unknown",
      attribute: "metadata.labels.pod-security.kubernetes.io/enforce",
    });
    const quota = tenancy({ skip: ["quota"] });
    new ResourceQuotaV1(quota.stack, "dynamic", {
      metadata: { name: "q", namespace: "team-a" },
      spec: {
        hard: {
          "requests.cpu": "4",
          "requests.memory": "8Gi",
          "limits.cpu": "8",
          "limits.memory": "16Gi",
          pods: "50",
          "services.loadbalancers": "${var.lbs}",
          "services.nodeports": "0",
        },
      },
    });
    expect(evaluate(rule("AKS-NS-02"), quota, NS)).toMatchObject({
      outcome: "unknown",
      attribute: "spec.hard.services.loadbalancers",
      value: "${var.lbs}",
    });
    const whole = tenancy({ skip: ["quota"] });
    new ResourceQuotaV1(whole.stack, "dynamic", {
      metadata: { name: "q", namespace: "team-a" },
      spec: { hard: Token.asStringMap("${var.hard}") },
    });
    expect(evaluate(rule("AKS-NS-02"), whole, NS)).toMatchObject({
      outcome: "unknown",
      attribute: "spec.hard.requests.cpu",
    });
    const account = tenancy({ skip: ["defaultSa"] });
    new DefaultServiceAccountV1(account.stack, "default_sa", {
      metadata: { namespace: "team-a" },
      automountServiceAccountToken: Token.asAny("${var.mount}"),
    });
    expect(evaluate(rule("AKS-IAM-12"), account, NS)).toMatchObject({
      outcome: "unknown",
      attribute: "kubernetes_default_service_account_v1.automount_service_account_token",
    });
  });

  it("AKS-NS-02 is bounded by any quota, and closed when any quota sets 0", () => {
    const fixture = tenancy({ skip: ["quota"] });
    new ResourceQuotaV1(fixture.stack, "compute", {
      metadata: { name: "compute", namespace: "team-a" },
      spec: {
        hard: {
          "requests.cpu": "4",
          "requests.memory": "8Gi",
          "limits.cpu": "8",
          "limits.memory": "16Gi",
          pods: "50",
          "services.loadbalancers": "5",
        },
      },
    });
    new ResourceQuotaV1(fixture.stack, "exposure", {
      metadata: { name: "exposure", namespace: "team-a" },
      spec: { hard: { "services.loadbalancers": "0", "services.nodeports": "0" } },
    });
    expect(evaluate(rule("AKS-NS-02"), fixture, NS)).toMatchObject({ outcome: "passed" });
  });

  it("AKS-NS-01 fails workloads in the default namespace", () => {
    const fixture = tenancy();
    new ServiceAccountV1(fixture.stack, "stray", { metadata: { name: "stray" }, automountServiceAccountToken: false });
    expect(evaluate(rule("AKS-NS-01"), fixture, "kubernetes_service_account_v1.stray")).toMatchObject({
      outcome: "failed",
      attribute: "metadata.namespace",
    });
  });

  it("AKS-NS-01 resolves a namespace reference to the declared namespace, and is unknown for a variable", () => {
    const fixture = tenancy();
    const system = new NamespaceV1(fixture.stack, "sys", { metadata: { name: "kube-system" } });
    const template = { metadata: { labels: { app: "x" } }, spec: { container: [{ name: "x", image: "x" }] } };
    new StatefulSetV1(fixture.stack, "in_tenant", {
      metadata: { name: "a", namespace: fixture.namespace.metadata.name },
      spec: { serviceName: "a", selector: { matchLabels: { app: "x" } }, template },
    });
    new StatefulSetV1(fixture.stack, "in_system", {
      metadata: { name: "b", namespace: system.metadata.name },
      spec: { serviceName: "b", selector: { matchLabels: { app: "x" } }, template },
    });
    new StatefulSetV1(fixture.stack, "in_variable", {
      metadata: { name: "c", namespace: "${var.ns}" },
      spec: { serviceName: "c", selector: { matchLabels: { app: "x" } }, template },
    });
    expect(evaluate(rule("AKS-NS-01"), fixture, "kubernetes_stateful_set_v1.in_tenant")).toMatchObject({
      outcome: "passed",
      message: "placed in team-a (kubernetes_namespace_v1.team_a)",
    });
    expect(evaluate(rule("AKS-NS-01"), fixture, "kubernetes_stateful_set_v1.in_system")).toMatchObject({
      outcome: "failed",
      value: "kube-system",
    });
    expect(evaluate(rule("AKS-NS-01"), fixture, "kubernetes_stateful_set_v1.in_variable")).toMatchObject({
      outcome: "unknown",
      attribute: "metadata.namespace",
      value: "${var.ns}",
    });
  });

  it("AKS-NS-01 judges every workload type, v1 and unversioned", () => {
    const fixture = tenancy();
    const template = { metadata: { labels: { app: "x" } }, spec: { container: [{ name: "x", image: "x" }] } };
    const jobTemplate = { metadata: {}, spec: { template } };
    new DaemonSetV1(fixture.stack, "ds", {
      metadata: { name: "ds" },
      spec: { selector: { matchLabels: { app: "x" } }, template },
    });
    new Daemonset(fixture.stack, "ds_old", {
      metadata: { name: "ds", namespace: "kube-system" },
      spec: { selector: { matchLabels: { app: "x" } }, template },
    });
    new JobV1(fixture.stack, "job", { metadata: { name: "job", namespace: "default" }, spec: { template } });
    new CronJob(fixture.stack, "cron", {
      metadata: { name: "cron", namespace: "team-a" },
      spec: { schedule: "* * * * *", jobTemplate },
    });
    new ReplicationControllerV1(fixture.stack, "rc", {
      metadata: { name: "rc" },
      spec: { selector: { app: "x" }, template },
    });
    new Deployment(fixture.stack, "deploy_old", { metadata: { name: "d" }, spec: { template } });
    const ns01 = rule("AKS-NS-01");
    for (const type of [
      "kubernetes_daemon_set_v1",
      "kubernetes_daemonset",
      "kubernetes_job_v1",
      "kubernetes_cron_job",
      "kubernetes_replication_controller_v1",
      "kubernetes_deployment",
    ])
      expect(ns01.resourceTypes).toContain(type);
    expect(evaluate(ns01, fixture, "kubernetes_daemon_set_v1.ds")).toMatchObject({
      outcome: "failed",
      value: "absent (default)",
    });
    expect(evaluate(ns01, fixture, "kubernetes_daemonset.ds_old")).toMatchObject({
      outcome: "failed",
      value: "kube-system",
    });
    expect(evaluate(ns01, fixture, "kubernetes_job_v1.job")).toMatchObject({ outcome: "failed", value: "default" });
    expect(evaluate(ns01, fixture, "kubernetes_cron_job.cron")).toMatchObject({ outcome: "passed", value: "team-a" });
    expect(evaluate(ns01, fixture, "kubernetes_replication_controller_v1.rc")).toMatchObject({ outcome: "failed" });
    expect(evaluate(ns01, fixture, "kubernetes_deployment.deploy_old")).toMatchObject({ outcome: "failed" });
  });

  it("AKS-NS-01 judges kubernetes_manifest workloads and namespaced manifests", () => {
    const fixture = tenancy();
    const manifest = (id: string, body: Record<string, unknown>) =>
      new Manifest(fixture.stack, id, { manifest: { apiVersion: "apps/v1", ...body } });
    manifest("rs", { kind: "ReplicaSet", metadata: { name: "rs" } });
    manifest("cm_default", { kind: "ConfigMap", metadata: { name: "cm" } });
    manifest("cm_system", { kind: "ConfigMap", metadata: { name: "cm", namespace: "kube-system" } });
    manifest("spc", {
      kind: "SecretProviderClass",
      metadata: { name: "spc", namespace: fixture.namespace.metadata.name },
    });
    manifest("dynamic_kind", { kind: "${var.kind}", metadata: { name: "x" } });
    const ns01 = rule("AKS-NS-01");
    expect(evaluate(ns01, fixture, "kubernetes_manifest.rs")).toMatchObject({
      outcome: "failed",
      attribute: "manifest.metadata.namespace",
      value: "absent (default)",
    });
    expect(evaluate(ns01, fixture, "kubernetes_manifest.cm_default")).toBeUndefined();
    expect(evaluate(ns01, fixture, "kubernetes_manifest.cm_system")).toMatchObject({
      outcome: "failed",
      value: "kube-system",
    });
    expect(evaluate(ns01, fixture, "kubernetes_manifest.spc")).toMatchObject({ outcome: "passed" });
    expect(evaluate(ns01, fixture, "kubernetes_manifest.dynamic_kind")).toMatchObject({
      outcome: "unknown",
      attribute: "manifest.kind",
    });
  });

  it("AKS-IAM-12 fails a ServiceAccount that mounts its token", () => {
    const fixture = tenancy();
    new ServiceAccountV1(fixture.stack, "mounting", { metadata: { name: "mounting", namespace: "team-a" } });
    expect(evaluate(rule("AKS-IAM-12"), fixture, "kubernetes_service_account_v1.mounting")).toMatchObject({
      outcome: "failed",
      attribute: "automount_service_account_token",
    });
    expect(evaluate(rule("AKS-IAM-12"), fixture, "kubernetes_service_account_v1.orders_sa")).toMatchObject({
      outcome: "passed",
    });
  });
});

describe("PodDisruptionBudgets (AKS-NS-04)", () => {
  it("pass with one eviction allowed and fail with none", () => {
    const fixture = tenancy();
    new PodDisruptionBudgetV1(fixture.stack, "ok", {
      metadata: { name: "ok", namespace: "team-a" },
      spec: { maxUnavailable: "1", selector: { matchLabels: { app: "web" } } },
    });
    new PodDisruptionBudgetV1(fixture.stack, "blocking", {
      metadata: { name: "blocking", namespace: "team-a" },
      spec: { minAvailable: "100%", selector: { matchLabels: { app: "api" } } },
    });
    expect(evaluate(rule("AKS-NS-04"), fixture, "kubernetes_pod_disruption_budget_v1.ok")).toMatchObject({
      outcome: "passed",
    });
    expect(evaluate(rule("AKS-NS-04"), fixture, "kubernetes_pod_disruption_budget_v1.blocking")).toMatchObject({
      outcome: "failed",
      attribute: "spec.min_available",
    });
  });
});

describe("PodDisruptionBudgets against replica counts (AKS-NS-04)", () => {
  const budget = (
    fixture: Tenancy,
    id: string,
    spec: Record<string, unknown>,
    labels: Record<string, string> = { app: "web" },
  ) =>
    new PodDisruptionBudgetV1(fixture.stack, id, {
      metadata: { name: id, namespace: "team-a" },
      spec: { ...spec, selector: { matchLabels: labels } },
    });
  const deployment = (
    fixture: Tenancy,
    id: string,
    replicas: string | undefined,
    labels: Record<string, string> = { app: "web" },
  ) =>
    new DeploymentV1(fixture.stack, id, {
      metadata: { name: id, namespace: "team-a" },
      spec: {
        ...(replicas === undefined ? {} : { replicas }),
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { container: [{ name: "web", image: "web" }] } },
      },
    });
  const ns04 = (fixture: Tenancy, id: string) =>
    evaluate(rule("AKS-NS-04"), fixture, `kubernetes_pod_disruption_budget_v1.${id}`);

  it("is unknown for a min_available count when no workload of the document gives the replicas", () => {
    const fixture = tenancy();
    budget(fixture, "count", { minAvailable: "2" });
    expect(ns04(fixture, "count")).toMatchObject({
      outcome: "unknown",
      attribute: "spec.min_available",
      message: expect.stringContaining("no workload of this document matches"),
    });
  });
  it("passes a count below the matched replicas and fails one that leaves nothing evictable", () => {
    const fixture = tenancy();
    deployment(fixture, "web", "3");
    budget(fixture, "two", { minAvailable: "2" });
    budget(fixture, "three", { minAvailable: "3" });
    budget(fixture, "most", { minAvailable: "90%" });
    expect(ns04(fixture, "two")).toMatchObject({ outcome: "passed", message: "1 of 3 replica(s) can be evicted" });
    expect(ns04(fixture, "three")).toMatchObject({
      outcome: "failed",
      attribute: "spec.min_available",
      message: expect.stringContaining("with 3 replica(s)"),
    });
    // 90% of 3 rounds up to 3: nothing can be evicted.
    expect(ns04(fixture, "most")).toMatchObject({ outcome: "failed" });
  });
  it("counts the default of one replica, and is unknown for replicas that are expressions or autoscaled", () => {
    const single = tenancy();
    deployment(single, "web", undefined);
    budget(single, "one", { minAvailable: "1" });
    expect(ns04(single, "one")).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("with 1 replica(s)"),
    });
    const variable = tenancy();
    deployment(variable, "web", "${var.replicas}");
    budget(variable, "one", { minAvailable: "1" });
    expect(ns04(variable, "one")).toMatchObject({
      outcome: "unknown",
      message: expect.stringContaining("are an expression"),
    });
    const scaled = tenancy();
    deployment(scaled, "web", "3");
    new HorizontalPodAutoscalerV2(scaled.stack, "hpa", {
      metadata: { name: "web", namespace: "team-a" },
      spec: { maxReplicas: 10, scaleTargetRef: { kind: "Deployment", name: "web" } },
    });
    budget(scaled, "one", { minAvailable: "1" });
    expect(ns04(scaled, "one")).toMatchObject({ outcome: "unknown", message: expect.stringContaining("autoscaler") });
  });
  it("keeps the percentage rules when replicas are unknown, and judges max_unavailable", () => {
    const fixture = tenancy();
    budget(fixture, "half", { minAvailable: "50%" });
    budget(fixture, "none", { maxUnavailable: "0%" });
    budget(fixture, "expr", { maxUnavailable: "${var.max}" });
    expect(ns04(fixture, "half")).toMatchObject({
      outcome: "passed",
      message: expect.stringContaining("replicas unknown"),
    });
    expect(ns04(fixture, "none")).toMatchObject({ outcome: "failed", attribute: "spec.max_unavailable" });
    expect(ns04(fixture, "expr")).toMatchObject({ outcome: "unknown", attribute: "spec" });
  });
  it("judges the unversioned budget type", () => {
    const fixture = tenancy();
    new PodDisruptionBudget(fixture.stack, "old", {
      metadata: { name: "old", namespace: "team-a" },
      spec: { minAvailable: "100%", selector: { matchLabels: { app: "x" } } },
    });
    expect(rule("AKS-NS-04").resourceTypes).toContain("kubernetes_pod_disruption_budget");
    expect(evaluate(rule("AKS-NS-04"), fixture, "kubernetes_pod_disruption_budget.old")).toMatchObject({
      outcome: "failed",
    });
  });
});

describe("dedicated pools (AKS-NS-05, warning)", () => {
  it("applies to restricted tenants and finds their tainted pool", () => {
    expect(evaluate(rule("AKS-NS-05"), tenancy(), NS)).toBeUndefined();
    const fixture = tenancy({ trustLevel: "restricted" });
    expect(evaluate(rule("AKS-NS-05"), fixture, NS)).toMatchObject({ outcome: "unknown" });
    new KubernetesClusterNodePool(fixture.stack, "teama", {
      name: "teama",
      kubernetesClusterId: fixture.cluster.id,
      vmSize: "Standard_D4ds_v5",
      nodeTaints: ["tenant=team-a:NoSchedule"],
    });
    expect(evaluate(rule("AKS-NS-05"), fixture, NS)).toMatchObject({ outcome: "passed" });
  });
});

describe("access rules", () => {
  it("AKS-IAM-06 passes namespace-scoped tenant roles and fails Cluster Admin at namespace scope", () => {
    const fixture = tenancy();
    new RoleAssignment(fixture.stack, "admin_ns", {
      scope: `${fixture.cluster.id}/namespaces/team-a`,
      roleDefinitionName: "Azure Kubernetes Service RBAC Cluster Admin",
      principalId: "44444444-4444-4444-8444-444444444444",
    });
    new RoleAssignment(fixture.stack, "writer_cluster", {
      scope: fixture.cluster.id,
      roleDefinitionName: "Azure Kubernetes Service RBAC Writer",
      principalId: "44444444-4444-4444-8444-444444444444",
    });
    expect(evaluate(rule("AKS-IAM-06"), fixture, "azurerm_role_assignment.writers")).toMatchObject({
      outcome: "passed",
    });
    expect(evaluate(rule("AKS-IAM-06"), fixture, "azurerm_role_assignment.admin_ns")).toMatchObject({
      outcome: "failed",
      attribute: "role_definition_name",
    });
    expect(evaluate(rule("AKS-IAM-06"), fixture, "azurerm_role_assignment.writer_cluster")).toMatchObject({
      outcome: "failed",
      attribute: "scope",
    });
  });

  it("AKS-IAM-06 is unknown for a role given by an expression at namespace scope", () => {
    const fixture = tenancy();
    new RoleAssignment(fixture.stack, "dynamic_ns", {
      scope: `${fixture.cluster.id}/namespaces/team-a`,
      roleDefinitionId: "${data.azurerm_role_definition.role.id}",
      principalId: "44444444-4444-4444-8444-444444444444",
    });
    expect(evaluate(rule("AKS-IAM-06"), fixture, "azurerm_role_assignment.dynamic_ns")).toMatchObject({
      outcome: "unknown",
      attribute: "role_definition_id",
    });
  });

  it("AKS-IAM-07 fails cluster-admin bindings and passes edit in a namespace", () => {
    const fixture = tenancy();
    new RoleBindingV1(fixture.stack, "edit", {
      metadata: { name: "edit", namespace: "team-a" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
      subject: [{ kind: "Group", name: "g", apiGroup: "rbac.authorization.k8s.io" }],
    });
    new ClusterRoleBindingV1(fixture.stack, "god", {
      metadata: { name: "god" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subject: [{ kind: "Group", name: "g", apiGroup: "rbac.authorization.k8s.io" }],
    });
    expect(evaluate(rule("AKS-IAM-07"), fixture, "kubernetes_role_binding_v1.edit")).toMatchObject({
      outcome: "passed",
    });
    expect(evaluate(rule("AKS-IAM-07"), fixture, "kubernetes_cluster_role_binding_v1.god")).toMatchObject({
      outcome: "failed",
      attribute: "role_ref.name",
    });
  });
});

describe("workload identities (AKS-IAM-10, AKS-TEN-03)", () => {
  it("pass one identity federated to one ServiceAccount of the cluster's issuer", () => {
    const fixture = tenancy();
    expect(evaluate(rule("AKS-IAM-10"), fixture, "azurerm_federated_identity_credential.orders_fic")).toMatchObject({
      outcome: "passed",
      attribute: "subject",
    });
    expect(evaluate(rule("AKS-TEN-03"), fixture, "azurerm_user_assigned_identity.orders")).toMatchObject({
      outcome: "passed",
    });
  });

  it("fail an identity shared by two tenants and a wrong audience", () => {
    const fixture = tenancy();
    new FederatedIdentityCredential(fixture.stack, "shared_fic", {
      name: "shared",
      resourceGroupName: "rg",
      parentId: fixture.identity.id,
      issuer: fixture.cluster.oidcIssuerUrl,
      subject: "system:serviceaccount:team-b:orders",
      audience: ["api://AzureADTokenExchange"],
    });
    new FederatedIdentityCredential(fixture.stack, "bad_audience", {
      name: "bad",
      resourceGroupName: "rg",
      parentId: "/x",
      issuer: fixture.cluster.oidcIssuerUrl,
      subject: "system:serviceaccount:team-a:x",
      audience: ["api://other"],
    });
    expect(evaluate(rule("AKS-IAM-10"), fixture, "azurerm_federated_identity_credential.shared_fic")).toMatchObject({
      outcome: "failed",
      attribute: "parent_id",
    });
    expect(evaluate(rule("AKS-TEN-03"), fixture, "azurerm_user_assigned_identity.orders")).toMatchObject({
      outcome: "failed",
    });
    expect(evaluate(rule("AKS-IAM-10"), fixture, "azurerm_federated_identity_credential.bad_audience")).toMatchObject({
      outcome: "failed",
      attribute: "audience",
    });
  });

  it("is unknown for an audience expression or a sibling credential with an expression subject", () => {
    const fixture = tenancy();
    new FederatedIdentityCredential(fixture.stack, "aud", {
      name: "aud",
      resourceGroupName: "rg",
      parentId: "/z",
      issuer: fixture.cluster.oidcIssuerUrl,
      subject: "system:serviceaccount:team-a:z",
      audience: ["${var.audience}"],
    });
    new FederatedIdentityCredential(fixture.stack, "dyn", {
      name: "dyn",
      resourceGroupName: "rg",
      parentId: fixture.identity.id,
      issuer: fixture.cluster.oidcIssuerUrl,
      subject: "${var.subject}",
      audience: ["api://AzureADTokenExchange"],
    });
    expect(evaluate(rule("AKS-IAM-10"), fixture, "azurerm_federated_identity_credential.aud")).toMatchObject({
      outcome: "unknown",
      attribute: "audience",
    });
    expect(evaluate(rule("AKS-IAM-10"), fixture, "azurerm_federated_identity_credential.orders_fic")).toMatchObject({
      outcome: "unknown",
      attribute: "parent_id",
    });
  });

  it("is unknown for an issuer from another stack", () => {
    const fixture = tenancy();
    new FederatedIdentityCredential(fixture.stack, "remote", {
      name: "remote",
      resourceGroupName: "rg",
      parentId: "/y",
      issuer: "${data.terraform_remote_state.platform.outputs.issuer}",
      subject: "system:serviceaccount:team-a:y",
      audience: ["api://AzureADTokenExchange"],
    });
    expect(evaluate(rule("AKS-IAM-10"), fixture, "azurerm_federated_identity_credential.remote")).toMatchObject({
      outcome: "unknown",
      attribute: "issuer",
    });
  });
});

describe("hostile tenants (AKS-TEN-01)", () => {
  it("fails a hostile namespace next to other tenants and passes one alone", () => {
    const alone = tenancy({ trustLevel: "hostile" });
    expect(evaluate(rule("AKS-TEN-01"), alone, NS)).toMatchObject({ outcome: "passed" });
    new NamespaceV1(alone.stack, "team_b", {
      metadata: { name: "team-b", labels: { "cdktf-secure-aks/trust-level": "trusted" } },
    });
    expect(evaluate(rule("AKS-TEN-01"), alone, NS)).toMatchObject({ outcome: "failed" });
    expect(evaluate(rule("AKS-TEN-01"), tenancy(), NS)).toBeUndefined();
  });
});

describe("cluster-scoped workload rules", () => {
  const ALLOWED = "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469";

  it("AKS-ACR-07 applies when a registry is declared and wants a Deny regex", () => {
    const fixture = tenancy();
    expect(evaluate(rule("AKS-ACR-07"), fixture, "azurerm_kubernetes_cluster.aks")).toBeUndefined();
    new ContainerRegistry(fixture.stack, "acr", { ...common, name: "acrx", sku: "Premium" });
    expect(evaluate(rule("AKS-ACR-07"), fixture, "azurerm_kubernetes_cluster.aks")).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment",
    });
    new ResourcePolicyAssignment(fixture.stack, "images", {
      name: "images",
      resourceId: fixture.cluster.id,
      policyDefinitionId: ALLOWED,
      parameters: JSON.stringify({ effect: { value: "Deny" }, allowedContainerImagesRegex: { value: "^.*$" } }),
    });
    expect(evaluate(rule("AKS-ACR-07"), fixture, "azurerm_kubernetes_cluster.aks")).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.allowedContainerImagesRegex",
    });
    const good = tenancy();
    new ContainerRegistry(good.stack, "acr", { ...common, name: "acrx", sku: "Premium" });
    new ResourcePolicyAssignment(good.stack, "images", {
      name: "images",
      resourceId: good.cluster.id,
      policyDefinitionId: ALLOWED,
      parameters: JSON.stringify({
        effect: { value: "Deny" },
        allowedContainerImagesRegex: { value: "^acrx\\.azurecr\\.io/.+$" },
      }),
    });
    expect(evaluate(rule("AKS-ACR-07"), good, "azurerm_kubernetes_cluster.aks")).toMatchObject({ outcome: "passed" });
  });

  it("AKS-GOV-01 counts a guardrail only with effect Deny, by exact id, covering the cluster", () => {
    const SUBSCRIPTION = "/subscriptions/00000000-0000-4000-8000-000000000000";
    const PRIVATE = "/providers/Microsoft.Authorization/policyDefinitions/040732e8-d947-40b8-95d6-854c95024bf8";
    const judge = (build: (fixture: Tenancy) => void) => {
      const fixture = tenancy();
      build(fixture);
      return evaluate(rule("AKS-GOV-01"), fixture, "azurerm_kubernetes_cluster.aks");
    };
    expect(
      judge(
        (f) =>
          new SubscriptionPolicyAssignment(f.stack, "audit", {
            name: "audit",
            subscriptionId: SUBSCRIPTION,
            policyDefinitionId: PRIVATE,
          }),
      ),
    ).toMatchObject({ outcome: "failed", attribute: "policy_assignment.parameters.effect", value: "audit" });
    expect(
      judge(
        (f) =>
          new SubscriptionPolicyAssignment(f.stack, "report", {
            name: "report",
            subscriptionId: SUBSCRIPTION,
            policyDefinitionId: PRIVATE,
            parameters: JSON.stringify({ effect: { value: "Deny" } }),
            enforce: false,
          }),
      ),
    ).toMatchObject({ outcome: "failed", value: "audit" });
    expect(
      judge(
        (f) =>
          new ManagementGroupPolicyAssignment(f.stack, "mg", {
            name: "mg",
            managementGroupId: "/providers/Microsoft.Management/managementGroups/platform",
            policyDefinitionId: PRIVATE,
            parameters: JSON.stringify({ effect: { value: "Deny" } }),
          }),
      ),
    ).toMatchObject({ outcome: "passed", message: "azurerm_management_group_policy_assignment.mg" });
    expect(
      judge(
        (f) =>
          new SubscriptionPolicyAssignment(f.stack, "custom", {
            name: "custom",
            subscriptionId: SUBSCRIPTION,
            policyDefinitionId: `${SUBSCRIPTION}/providers/Microsoft.Authorization/policyDefinitions/040732e8-d947-40b8-95d6-854c95024bf8`,
            parameters: JSON.stringify({ effect: { value: "Deny" } }),
          }),
      ),
    ).toMatchObject({ outcome: "failed", attribute: "policy_assignment" });
    expect(
      judge(
        (f) =>
          new SubscriptionPolicyAssignment(f.stack, "excluded", {
            name: "excluded",
            subscriptionId: SUBSCRIPTION,
            policyDefinitionId: PRIVATE,
            parameters: JSON.stringify({ effect: { value: "Deny" } }),
            notScopes: [f.cluster.id],
          }),
      ),
    ).toMatchObject({ outcome: "failed", attribute: "policy_assignment" });
    expect(
      judge(
        (f) =>
          new SubscriptionPolicyAssignment(f.stack, "dynamic", {
            name: "dynamic",
            subscriptionId: SUBSCRIPTION,
            policyDefinitionId: PRIVATE,
            parameters: "${jsonencode(var.parameters)}",
          }),
      ),
    ).toMatchObject({ outcome: "unknown", attribute: "policy_assignment.parameters" });
  });

  describe("AKS-ACR-07 regex must reject public registries", () => {
    const judge = (regex: unknown, registries = ["acrx"]) => {
      const fixture = tenancy();
      for (const name of registries)
        new ContainerRegistry(fixture.stack, `acr_${name}`, { ...common, name, sku: "Premium" });
      new ResourcePolicyAssignment(fixture.stack, "images", {
        name: "images",
        resourceId: fixture.cluster.id,
        policyDefinitionId: ALLOWED,
        parameters: JSON.stringify({
          effect: { value: "Deny" },
          ...(regex === undefined ? {} : { allowedContainerImagesRegex: { value: regex } }),
        }),
      });
      return evaluate(rule("AKS-ACR-07"), fixture, "azurerm_kubernetes_cluster.aks");
    };
    const ATTRIBUTE = "policy_assignment.parameters.allowedContainerImagesRegex";

    it.each([
      [".+", "docker.io/library/nginx:latest"],
      ["azurecr\\.io/", "attacker.azurecr.io/app:1"],
      ["acrx\\.azurecr\\.io/.+", "attackeracrx.azurecr.io/app:1"],
      ["^acrx.azurecr.io/.+$", "acrx-azurecr.io/app:1"],
      ["^acrx\\.azurecr\\.io", "acrx.azurecr.io.attacker.example/app:1"],
      ["^(acrx\\.azurecr\\.io|ghcr\\.io)/.+$", "ghcr.io/attacker/app:1"],
      ["^[a-z]+:latest$|^acrx\\.azurecr\\.io/", "nginx:latest"],
    ])("fails %s, which admits %s", (regex, image) => {
      expect(judge(regex)).toMatchObject({
        outcome: "failed",
        attribute: ATTRIBUTE,
        value: regex,
        message: expect.stringContaining(image),
      });
    });
    it("passes the regex AcrIntegration derives from login servers, for one or several registries", () => {
      expect(judge("^(acrx\\.azurecr\\.io)/.+$")).toMatchObject({ outcome: "passed" });
      expect(
        judge("^(acrx\\.azurecr\\.io|acry\\.azurecr\\.io|mcr\\.microsoft\\.com/oss)/.+$", ["acrx", "acry"]),
      ).toMatchObject({ outcome: "passed" });
    });
    it("fails an absent regex and lookarounds RE2 cannot compile", () => {
      expect(judge(undefined)).toMatchObject({ outcome: "failed", attribute: ATTRIBUTE, value: undefined });
      expect(judge("^(?!docker\\.io).+$")).toMatchObject({
        outcome: "failed",
        message: expect.stringContaining("RE2"),
      });
      expect(judge("^(acrx)\\.azurecr\\.io/\\1")).toMatchObject({
        outcome: "failed",
        message: expect.stringContaining("RE2"),
      });
    });
    it("is unknown for RE2-only syntax and for a regex JavaScript cannot compile", () => {
      expect(judge("(?i)^acrx\\.azurecr\\.io/.+$")).toMatchObject({ outcome: "unknown", attribute: ATTRIBUTE });
      expect(judge("^[[:alpha:]]+\\.azurecr\\.io/")).toMatchObject({ outcome: "unknown" });
      expect(judge("^(acrx\\.azurecr\\.io/.+$")).toMatchObject({
        outcome: "unknown",
        message: expect.stringContaining("does not compile"),
      });
    });
  });

  it("AKS-ACR-09 and AKS-GOV-01 are warnings that pass once their assignments exist", () => {
    expect(rule("AKS-ACR-09").severity).toBe("warning");
    expect(rule("AKS-GOV-01").severity).toBe("warning");
    const fixture = tenancy();
    expect(evaluate(rule("AKS-ACR-09"), fixture, "azurerm_kubernetes_cluster.aks")).toMatchObject({
      outcome: "failed",
    });
    expect(evaluate(rule("AKS-GOV-01"), fixture, "azurerm_kubernetes_cluster.aks")).toMatchObject({
      outcome: "failed",
    });
    new ResourcePolicyAssignment(fixture.stack, "integrity", {
      name: "integrity",
      resourceId: fixture.cluster.id,
      location: "westeurope",
      policyDefinitionId:
        "/providers/Microsoft.Authorization/policySetDefinitions/af28bf8b-c669-4dd3-9137-1e68fdc61bd6",
      identity: { type: "SystemAssigned" },
    });
    new SubscriptionPolicyAssignment(fixture.stack, "private", {
      name: "private",
      subscriptionId: "/subscriptions/00000000-0000-4000-8000-000000000000",
      policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/040732e8-d947-40b8-95d6-854c95024bf8",
      parameters: JSON.stringify({ effect: { value: "Deny" } }),
    });
    expect(evaluate(rule("AKS-ACR-09"), fixture, "azurerm_kubernetes_cluster.aks")).toMatchObject({
      outcome: "passed",
    });
    expect(evaluate(rule("AKS-GOV-01"), fixture, "azurerm_kubernetes_cluster.aks")).toMatchObject({
      outcome: "passed",
    });
  });
});

describe("AKS-TEN-08 no pods of the system priority classes", () => {
  it("fails without the scoped quota, and when it closes one class only or admits pods", () => {
    expect(evaluate(rule("AKS-TEN-08"), tenancy({ skip: ["priority"] }), NS)).toMatchObject({
      outcome: "failed",
      attribute: "kubernetes_resource_quota_v1",
      value: ["system-cluster-critical", "system-node-critical"],
    });
    const one = tenancy({ skip: ["priority"] });
    new ResourceQuotaV1(one.stack, "node", {
      metadata: { name: "node", namespace: "team-a" },
      spec: {
        hard: { pods: "0" },
        scopeSelector: {
          matchExpression: [{ scopeName: "PriorityClass", operator: "In", values: ["system-node-critical"] }],
        },
      },
    });
    expect(evaluate(rule("AKS-TEN-08"), one, NS)).toMatchObject({
      outcome: "failed",
      attribute: "spec.scope_selector",
      value: ["system-cluster-critical"],
    });
    const some = tenancy({ skip: ["priority"] });
    new ResourceQuotaV1(some.stack, "some", {
      metadata: { name: "some", namespace: "team-a" },
      spec: {
        hard: { pods: "2" },
        scopeSelector: {
          matchExpression: [
            { scopeName: "PriorityClass", operator: "In", values: ["system-cluster-critical", "system-node-critical"] },
          ],
        },
      },
    });
    expect(evaluate(rule("AKS-TEN-08"), some, NS)).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("preempt"),
    });
  });

  it("passes two quotas that close one class each, and is unknown when pods or the values are expressions", () => {
    const two = tenancy({ skip: ["priority"] });
    for (const name of ["system-cluster-critical", "system-node-critical"]) {
      new ResourceQuotaV1(two.stack, name, {
        metadata: { name, namespace: "team-a" },
        spec: {
          hard: { pods: "0" },
          scopeSelector: { matchExpression: [{ scopeName: "PriorityClass", operator: "In", values: [name] }] },
        },
      });
    }
    expect(evaluate(rule("AKS-TEN-08"), two, NS)).toMatchObject({ outcome: "passed" });
    const pods = tenancy({ skip: ["priority"] });
    new ResourceQuotaV1(pods.stack, "dynamic", {
      metadata: { name: "dynamic", namespace: "team-a" },
      spec: {
        hard: { pods: "${var.pods}" },
        scopeSelector: {
          matchExpression: [
            { scopeName: "PriorityClass", operator: "In", values: ["system-cluster-critical", "system-node-critical"] },
          ],
        },
      },
    });
    expect(evaluate(rule("AKS-TEN-08"), pods, NS)).toMatchObject({
      outcome: "unknown",
      attribute: "spec.scope_selector",
    });
    const values = tenancy({ skip: ["priority"] });
    new ResourceQuotaV1(values.stack, "dynamic", {
      metadata: { name: "dynamic", namespace: "team-a" },
      spec: {
        hard: { pods: "0" },
        scopeSelector: {
          matchExpression: [{ scopeName: "PriorityClass", operator: "In", values: Token.asList("${var.classes}") }],
        },
      },
    });
    expect(evaluate(rule("AKS-TEN-08"), values, NS)).toMatchObject({ outcome: "unknown" });
  });
});

describe("AKS-TEN-09 object-count, storage and ephemeral-storage quotas", () => {
  const loose = (hard: Record<string, string>) => {
    const fixture = tenancy({ skip: ["quota"] });
    new ResourceQuotaV1(fixture.stack, "loose", { metadata: { name: "loose", namespace: "team-a" }, spec: { hard } });
    return evaluate(rule("AKS-TEN-09"), fixture, NS);
  };
  const ALL: Record<string, string> = {
    configmaps: "100",
    secrets: "100",
    services: "20",
    persistentvolumeclaims: "10",
    "requests.storage": "256Gi",
    "requests.ephemeral-storage": "16Gi",
    "limits.ephemeral-storage": "64Gi",
  };
  const without = (key: string) => Object.fromEntries(Object.entries(ALL).filter(([candidate]) => candidate !== key));

  it("fails the first key no quota bounds, ignoring scoped quotas", () => {
    // Only the priority-class quota is left, and a scoped quota bounds nothing for the namespace.
    expect(evaluate(rule("AKS-TEN-09"), tenancy({ skip: ["quota"] }), NS)).toMatchObject({
      outcome: "failed",
      attribute: "kubernetes_resource_quota_v1",
    });
    expect(loose(without("secrets"))).toMatchObject({ outcome: "failed", attribute: "spec.hard.secrets" });
    expect(loose(without("limits.ephemeral-storage"))).toMatchObject({
      outcome: "failed",
      attribute: "spec.hard.limits.ephemeral-storage",
    });
  });

  it("accepts the count/<resource> spelling, and is unknown for an expression", () => {
    expect(loose({ ...without("configmaps"), "count/configmaps": "50" })).toMatchObject({ outcome: "passed" });
    expect(loose({ ...ALL, "requests.storage": "${var.storage}" })).toMatchObject({
      outcome: "unknown",
      attribute: "spec.hard.requests.storage",
      value: "${var.storage}",
    });
  });
});

describe("AKS-TEN-04 platform-owned deny of IMDS and WireServer", () => {
  const withPolicy = (spec: Record<string, unknown>) => {
    const fixture = tenancy({ skip: ["hostDeny"] });
    new Manifest(fixture.stack, "custom", {
      manifest: {
        apiVersion: "cilium.io/v2",
        kind: "CiliumClusterwideNetworkPolicy",
        metadata: { name: "custom" },
        spec,
      },
    });
    return evaluate(rule("AKS-TEN-04"), fixture, NS);
  };

  it("fails without the policy, for one address missing, for a port-narrowed rule and for another namespace", () => {
    expect(evaluate(rule("AKS-TEN-04"), tenancy({ skip: ["hostDeny"] }), NS)).toMatchObject({
      outcome: "failed",
      value: ["169.254.169.254", "168.63.129.16"],
    });
    const selector = { matchLabels: { "k8s:io.kubernetes.pod.namespace": "team-a" } };
    expect(withPolicy({ endpointSelector: selector, egressDeny: [{ toCIDR: ["169.254.169.254/32"] }] })).toMatchObject({
      outcome: "failed",
      value: ["168.63.129.16"],
    });
    expect(
      withPolicy({
        endpointSelector: selector,
        egressDeny: [
          {
            toCIDR: ["169.254.169.254/32", "168.63.129.16/32"],
            toPorts: [{ ports: [{ port: "80", protocol: "TCP" }] }],
          },
        ],
      }),
    ).toMatchObject({ outcome: "failed" });
    expect(
      withPolicy({
        endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "team-b" } },
        egressDeny: [{ toCIDR: ["169.254.169.254/32", "168.63.129.16/32"] }],
      }),
    ).toMatchObject({ outcome: "failed" });
  });

  it("passes a policy over every endpoint with wider blocks (toCIDRSet), and is unknown for an expression selector", () => {
    expect(
      withPolicy({
        endpointSelector: {},
        egressDeny: [{ toCIDRSet: [{ cidr: "169.254.0.0/16" }, { cidr: "168.63.129.0/24" }] }],
      }),
    ).toMatchObject({ outcome: "passed" });
    expect(
      withPolicy({
        endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": "${var.namespace}" } },
        egressDeny: [{ toCIDR: ["169.254.169.254/32", "168.63.129.16/32"] }],
      }),
    ).toMatchObject({ outcome: "unknown" });
  });
});

describe("AKS-TEN-05 enforced node placement", () => {
  it("fails without a binding, with a Warn-only binding, and with a policy that fails open", () => {
    expect(evaluate(rule("AKS-TEN-05"), tenancy({ skip: ["placement"] }), NS)).toMatchObject({
      outcome: "failed",
      attribute: "ValidatingAdmissionPolicyBinding",
    });
    const warn = tenancy({ skip: ["placement"] });
    new Manifest(warn.stack, "p", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: "p" },
        spec: {
          matchConstraints: { resourceRules: [{ operations: ["CREATE"], resources: ["pods"] }] },
          validations: [{ expression: "object.spec.tolerations.all(t, t.key != 'CriticalAddonsOnly')" }],
        },
      },
    });
    new Manifest(warn.stack, "b", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: "p" },
        spec: { policyName: "p", validationActions: ["Warn"] },
      },
    });
    expect(evaluate(rule("AKS-TEN-05"), warn, NS)).toMatchObject({ outcome: "failed" });
    const open = tenancy({ skip: ["placement"] });
    new Manifest(open.stack, "p", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: "p" },
        spec: {
          failurePolicy: "Ignore",
          matchConstraints: { resourceRules: [{ operations: ["CREATE"], resources: ["pods"] }] },
          validations: [{ expression: "object.spec.tolerations.all(t, t.key != 'CriticalAddonsOnly')" }],
        },
      },
    });
    new Manifest(open.stack, "b", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: "p" },
        spec: { policyName: "p", validationActions: ["Deny"] },
      },
    });
    expect(evaluate(rule("AKS-TEN-05"), open, NS)).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("fails open"),
    });
  });

  it("is unknown when the binding's namespace selector is an expression", () => {
    const fixture = tenancy({ skip: ["placement"] });
    new Manifest(fixture.stack, "b", {
      manifest: {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: "p" },
        spec: {
          policyName: "p",
          validationActions: ["Deny"],
          matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "${var.ns}" } } },
        },
      },
    });
    expect(evaluate(rule("AKS-TEN-05"), fixture, NS)).toMatchObject({ outcome: "unknown" });
  });
});

describe("AKS-TEN-06 tenant roles cannot write the guardrails", () => {
  const P = "Microsoft.ContainerService/managedClusters/";
  const assign = (fixture: Tenancy, props: { roleDefinitionName?: string; roleDefinitionId?: string }) =>
    new RoleAssignment(fixture.stack, "tenant_role", {
      scope: `${fixture.cluster.id}/namespaces/team-a`,
      principalId: "44444444-4444-4444-8444-444444444444",
      ...props,
    });
  const custom = (fixture: Tenancy, dataActions: string[], notDataActions: string[] = []) =>
    new RoleDefinition(fixture.stack, "custom", {
      name: "tenant",
      scope: "/subscriptions/x",
      permissions: [{ dataActions, notDataActions }],
    });
  const judge = (fixture: Tenancy, address = "azurerm_role_assignment.tenant_role") =>
    evaluate(rule("AKS-TEN-06"), fixture, address);

  it("fails the built-in Writer and Admin at namespace scope, passes the Reader", () => {
    // The compliant fixture grants the built-in Writer: exactly what this control refuses.
    expect(evaluate(rule("AKS-TEN-06"), tenancy(), "azurerm_role_assignment.writers")).toMatchObject({
      outcome: "failed",
      attribute: "role_definition_name",
      value: "Azure Kubernetes Service RBAC Writer",
    });
    const admin = tenancy();
    assign(admin, {
      roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/3498e952-d568-435e-9b2c-8d77e338d7f7",
    });
    expect(judge(admin)).toMatchObject({ outcome: "failed", attribute: "role_definition_id" });
    const reader = tenancy();
    assign(reader, { roleDefinitionName: "Azure Kubernetes Service RBAC Reader" });
    expect(judge(reader)).toMatchObject({ outcome: "passed" });
  });

  it("judges a custom role of the document by its data actions", () => {
    const good = tenancy();
    assign(good, {
      roleDefinitionId: custom(good, [`${P}pods/*`, `${P}networking.k8s.io/networkpolicies/read`, `${P}endpoints/read`])
        .roleDefinitionResourceId,
    });
    expect(judge(good)).toMatchObject({ outcome: "passed" });
    const writesPolicies = tenancy();
    assign(writesPolicies, {
      roleDefinitionId: custom(writesPolicies, [`${P}pods/*`, `${P}networking.k8s.io/networkpolicies/*`])
        .roleDefinitionResourceId,
    });
    expect(judge(writesPolicies)).toMatchObject({
      outcome: "failed",
      attribute: "permissions.data_actions",
      value: expect.stringContaining("networking.k8s.io/networkpolicies"),
    });
    const wildcard = tenancy();
    assign(wildcard, {
      roleDefinitionId: custom(wildcard, [`${P}*`], [`${P}resourcequotas/write`]).roleDefinitionResourceId,
    });
    expect(judge(wildcard)).toMatchObject({ outcome: "failed", value: expect.stringContaining("every resource") });
  });

  it.each(TENANT_GUARDRAIL_RESOURCES)("fails a custom role that writes %s", (resource) => {
    const fixture = tenancy();
    assign(fixture, {
      roleDefinitionId: custom(fixture, [`${P}pods/*`, `${P}${resource}/write`]).roleDefinitionResourceId,
    });
    expect(judge(fixture)).toMatchObject({
      outcome: "failed",
      attribute: "permissions.data_actions",
      value: expect.stringContaining(resource),
    });
  });

  it("is unknown for a role defined outside the document", () => {
    const fixture = tenancy();
    assign(fixture, { roleDefinitionId: "${data.terraform_remote_state.platform.outputs.writer}" });
    expect(judge(fixture)).toMatchObject({ outcome: "unknown", attribute: "role_definition_id" });
  });

  it("fails RoleBindings to edit or admin and judges a namespaced Role by its rules", () => {
    const edit = tenancy();
    new RoleBindingV1(edit.stack, "edit", {
      metadata: { name: "edit", namespace: "team-a" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
      subject: [{ kind: "Group", name: "g", apiGroup: "rbac.authorization.k8s.io" }],
    });
    expect(judge(edit, "kubernetes_role_binding_v1.edit")).toMatchObject({
      outcome: "failed",
      attribute: "role_ref.name",
      value: "edit",
    });
    const roleFixture = (resources: string[], verbs: string[]) => {
      const fixture = tenancy();
      const role = new RoleV1(fixture.stack, "role", {
        metadata: { name: "tenant-writer", namespace: "team-a" },
        rule: [{ apiGroups: ["networking.k8s.io"], resources, verbs }],
      });
      new RoleBindingV1(fixture.stack, "bind", {
        metadata: { name: "bind", namespace: "team-a" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
        subject: [{ kind: "Group", name: "g", apiGroup: "rbac.authorization.k8s.io" }],
      });
      return judge(fixture, "kubernetes_role_binding_v1.bind");
    };
    expect(roleFixture(["networkpolicies"], ["get", "list", "watch"])).toMatchObject({ outcome: "passed" });
    expect(roleFixture(["networkpolicies"], ["delete"])).toMatchObject({
      outcome: "failed",
      attribute: "rule",
      value: "networking.k8s.io/networkpolicies",
    });
    expect(roleFixture(Token.asList("${var.resources}"), ["delete"])).toMatchObject({
      outcome: "unknown",
      attribute: "rule",
    });
  });
});
