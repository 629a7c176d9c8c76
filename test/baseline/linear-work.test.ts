import { TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { checkDocument } from "../../lib/baseline/checker";
import { parseTerraformDocument } from "../../lib/baseline/document";
import { Rule, TerraformDocument } from "../../lib/baseline/rule";
import { referencedAmong, referencesResource, resourcesReferencing } from "../../lib/baseline/references";
import { ALL_RULES } from "../../lib/baseline/rules/index";
import { namesNamespace, selectorMatches } from "../../lib/baseline/rules/workload/cluster-scoped-guards";
import { namespaces, objectsIn, placement } from "../../lib/baseline/rules/workload/tenant-namespaces";
import { TenantPlatform } from "../../lib/topology/tenant-platform";
import { GROUP, Json, TENANT } from "../cluster/helpers";

/**
 * Issue 14: a rule that scans every resource of a type for each resource it judges makes the check
 * quadratic in tenants (1,000 tenants took 30 minutes). These tests count the work the rules ask of
 * the document (look-ups plus resources handed out by ofType, see TerraformDocument.work) at N and
 * 4N tenants, without timing anything: linear rules grow about 4x, a scan per tenant about 16x.
 * The total and every rule on its own must stay within MAX_GROWTH.
 */
const N = 8;
const MAX_GROWTH = 5;

/** The JSON of every stack of a TenantPlatform with `tenants` trusted tenants, each with a writers group and one workload identity. */
function platformDocuments(tenants: number): Json[] {
  const app = Testing.app();
  const platform = new TenantPlatform(app, "scale", {
    name: "scale",
    location: "westeurope",
    tenantId: TENANT,
    adminGroupObjectIds: [GROUP],
    kubernetesVersion: "1.36",
    configureStack: (stack: TerraformStack) => {
      new AzurermProvider(stack, "azurerm", { features: [{}] });
    },
    tenants: Array.from({ length: tenants }, (_, i) => ({
      name: `tenant-${i}`,
      trustLevel: "trusted" as const,
      accessGroups: { writers: [`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`] },
      workloadIdentities: [{ serviceAccountName: "app" }],
    })),
  });
  return platform.placements
    .flatMap((placement) => [placement.platformStack, placement.tenantStack])
    .map((stack) => JSON.parse(Testing.synth(stack)) as Json);
}

const ref = (address: string, attribute: string): string => `\${${address}.${attribute}}`;

/**
 * Hand-written JSON with the shapes the tenant rules index that TenantPlatform does not emit:
 * namespaces by reference and by name expression, workloads with budgets and autoscalers,
 * NetworkPolicy manifests, restricted tenants' tainted pools, objects whose namespace only apply
 * knows, unversioned types, vault grants to workload identities, per-namespace allowed-images assignments,
 * and issue 10's shapes: CiliumClusterwideNetworkPolicy and ValidatingAdmissionPolicy (+ binding)
 * manifests per namespace, custom role definitions and their namespace-scoped assignments, Roles
 * bound by name, and the quota scoped to the system priority classes.
 */
function rawDocument(tenants: number): Json {
  const resource: Record<string, Record<string, Json>> = {};
  const add = (type: string, name: string, config: Json): string => {
    resource[type] = { ...(resource[type] ?? {}), [name]: config };
    return `${type}.${name}`;
  };
  const cluster = add("azurerm_kubernetes_cluster", "aks", {
    name: "aks",
    resource_group_name: "rg",
    default_node_pool: { name: "system", vnet_subnet_id: "${azurerm_subnet.nodes.id}" },
  });
  add("azurerm_subnet", "nodes", { name: "nodes" });
  add("azurerm_key_vault", "vault", { name: "kv" });
  for (let i = 0; i < tenants; i += 1) {
    const typed = i % 2 === 0;
    const namespace = add(typed ? "kubernetes_namespace_v1" : "kubernetes_namespace", `ns${i}`, {
      metadata:
        i % 3 === 0
          ? { name: "${var.tenant_" + i + "}", labels: { "cdktf-secure-aks/trust-level": "restricted" } }
          : { name: `team-${i}`, labels: { "cdktf-secure-aks/trust-level": "trusted" } },
    });
    const inNamespace = i % 3 === 0 ? ref(namespace, "metadata[0].name") : `team-${i}`;
    add("kubernetes_network_policy_v1", `deny${i}`, {
      metadata: { name: "deny", namespace: inNamespace },
      spec: { pod_selector: {}, policy_types: ["Ingress", "Egress"] },
    });
    add("kubernetes_manifest", `allow${i}`, {
      manifest: {
        kind: "NetworkPolicy",
        metadata: { name: "allow", namespace: inNamespace },
        spec: { podSelector: {}, ingress: [{}] },
      },
    });
    add(typed ? "kubernetes_resource_quota_v1" : "kubernetes_resource_quota", `quota${i}`, {
      metadata: { name: "q", namespace: inNamespace },
      spec: { hard: { pods: "10" } },
    });
    add("kubernetes_limit_range_v1", `limits${i}`, {
      metadata: { name: "l", namespace: "${var.somewhere}" },
      spec: { limit: [{ type: "Container", default: { cpu: "1" }, default_request: { cpu: "1" } }] },
    });
    add("kubernetes_default_service_account_v1", `default${i}`, {
      metadata: { namespace: inNamespace },
      automount_service_account_token: false,
    });
    add("kubernetes_service_account_v1", `app${i}`, {
      metadata: { name: "app", namespace: inNamespace },
      automount_service_account_token: false,
    });
    add("kubernetes_deployment_v1", `web${i}`, {
      metadata: { name: "web", namespace: inNamespace },
      spec: { replicas: 2, template: { metadata: { labels: { app: "web" } } } },
    });
    add("kubernetes_pod_disruption_budget_v1", `pdb${i}`, {
      metadata: { name: "web", namespace: inNamespace },
      spec: { max_unavailable: "1", selector: { match_labels: { app: "web" } } },
    });
    add("kubernetes_horizontal_pod_autoscaler_v2", `hpa${i}`, {
      metadata: { name: "web", namespace: inNamespace },
      spec: { scale_target_ref: { name: `web-${i}` } },
    });
    add("azurerm_kubernetes_cluster_node_pool", `pool${i}`, {
      name: `pool${i}`,
      kubernetes_cluster_id: ref(cluster, "id"),
      node_taints: [`tenant=team-${i}:NoSchedule`],
    });
    const identity = add("azurerm_user_assigned_identity", `id${i}`, { name: `id-${i}` });
    add("azurerm_federated_identity_credential", `fic${i}`, {
      name: "fic",
      parent_id: ref(identity, "id"),
      audience: ["api://AzureADTokenExchange"],
      issuer: ref(cluster, "oidc_issuer_url"),
      subject: `system:serviceaccount:team-${i}:app`,
    });
    add("azurerm_role_assignment", `secrets${i}`, {
      scope: "${azurerm_key_vault.vault.id}",
      role_definition_name: "Key Vault Secrets User",
      principal_id: ref(identity, "principal_id"),
    });
    add("azurerm_resource_policy_assignment", `images${i}`, {
      name: `images-${i}`,
      resource_id: ref(cluster, "id"),
      policy_definition_id: "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469",
      parameters: JSON.stringify({
        effect: { value: "Deny" },
        namespaces: { value: [inNamespace] },
        allowedContainerImagesRegex: { value: `^acr\\.azurecr\\.io/team-${i}/.+$` },
      }),
    });
    add("azurerm_role_assignment", `writer${i}`, {
      scope: `${ref(cluster, "id")}/namespaces/team-${i}`,
      role_definition_name: "Azure Kubernetes Service RBAC Writer",
      principal_id: `group-${i}`,
    });
    // Issue 10's cluster-scoped guards, named by literal or by reference to the namespace.
    add("kubernetes_manifest", `hostdeny${i}`, {
      manifest: {
        kind: "CiliumClusterwideNetworkPolicy",
        metadata: { name: `host-${i}` },
        spec: {
          endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": inNamespace } },
          egressDeny: [{ toCIDR: ["169.254.169.254/32", "168.63.129.16/32"] }],
        },
      },
    });
    add("kubernetes_manifest", `placement${i}`, {
      manifest: {
        kind: "ValidatingAdmissionPolicy",
        metadata: { name: `placement-${i}` },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: { resourceRules: [{ operations: ["CREATE"], resources: ["pods"] }] },
          validations: [{ expression: "object.spec.tolerations.all(t, t.key != 'CriticalAddonsOnly')" }],
        },
      },
    });
    add("kubernetes_manifest", `placementbinding${i}`, {
      manifest: {
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: `placement-${i}` },
        spec: {
          policyName: `placement-${i}`,
          validationActions: ["Deny"],
          matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": inNamespace } } },
        },
      },
    });
    // The quota scoped to the system priority classes, custom Azure roles granted per namespace, and namespaced Roles bound by name.
    add("kubernetes_resource_quota_v1", `nosystem${i}`, {
      metadata: { name: "no-system-priority", namespace: inNamespace },
      spec: {
        hard: { pods: "0" },
        scope_selector: {
          match_expression: [
            {
              scope_name: "PriorityClass",
              operator: "In",
              values: ["system-cluster-critical", "system-node-critical"],
            },
          ],
        },
      },
    });
    const role = add("azurerm_role_definition", `tenantrole${i}`, {
      name: `tenant-${i}`,
      scope: ref(cluster, "id"),
      permissions: [{ data_actions: ["Microsoft.ContainerService/managedClusters/apps/deployments/write"] }],
    });
    add("azurerm_role_assignment", `custom${i}`, {
      scope: `${ref(cluster, "id")}/namespaces/team-${i}`,
      role_definition_id: ref(role, "role_definition_resource_id"),
      principal_id: `group-${i}`,
    });
    add("kubernetes_role_v1", `role${i}`, {
      metadata: { name: `role-${i}`, namespace: inNamespace },
      rule: [{ api_groups: ["apps"], resources: ["deployments"], verbs: ["create"] }],
    });
    add("kubernetes_role_binding_v1", `binding${i}`, {
      metadata: { name: "writers", namespace: inNamespace },
      role_ref: { api_group: "rbac.authorization.k8s.io", kind: "Role", name: `role-${i}` },
      subject: [{ kind: "Group", name: `group-${i}` }],
    });
  }
  return { resource };
}

/** Work the rules ask of the documents (TerraformDocument.work: look-ups plus resources visited). */
function work(documents: readonly Json[], rules: readonly Rule[]): number {
  let total = 0;
  for (const json of documents) {
    const document: TerraformDocument = parseTerraformDocument(json as Record<string, unknown>);
    const before = document.work.lookups + document.work.visited;
    checkDocument(document, { rules });
    total += document.work.lookups + document.work.visited - before;
  }
  return total;
}

/** A rule that scans every namespace for each namespace: what the guard must catch. */
const QUADRATIC: Rule = {
  id: "TEST-QUADRATIC",
  title: "scans per namespace",
  severity: "warning",
  references: {},
  resourceTypes: ["kubernetes_namespace_v1", "kubernetes_namespace"],
  fix: "none",
  evaluate: (namespace, document) => ({
    outcome: document.ofType(namespace.type).some((other) => other !== namespace && other.config === namespace.config)
      ? "failed"
      : "passed",
  }),
};

describe("baseline work grows linearly with tenants (issue 14)", () => {
  it.each([
    ["a TenantPlatform", platformDocuments],
    ["hand-written JSON with every indexed shape", (tenants: number) => [rawDocument(tenants)]],
  ] as const)(`%s: ${N} to ${4 * N} tenants at most ${MAX_GROWTH}x the work`, (_, documents) => {
    const [smallDocuments, largeDocuments] = [documents(N), documents(4 * N)];
    const small = work(smallDocuments, ALL_RULES);
    const large = work(largeDocuments, ALL_RULES);
    expect(small).toBeGreaterThan(0);
    expect(large / small).toBeLessThanOrEqual(MAX_GROWTH);
    // Rule by rule too: one quadratic rule among a hundred linear ones hides in the total at these sizes.
    const quadratic = ALL_RULES.map((rule) => ({
      rule: rule.id,
      small: work(smallDocuments, [rule]),
      large: work(largeDocuments, [rule]),
    })).filter((w) => w.large > MAX_GROWTH * w.small);
    expect(quadratic).toEqual([]);
  });

  it("the counter sees a rule that scans a type per resource", () => {
    const documents = [rawDocument(N)];
    const larger = [rawDocument(4 * N)];
    const growth = work(larger, [QUADRATIC]) / work(documents, [QUADRATIC]);
    expect(growth).toBeGreaterThan(10);
  });
});

/** What the indexes replace: a scan of every resource of the types with referencesResource. */
const scan = (document: TerraformDocument, value: unknown, types: readonly string[], attribute?: string): string[] =>
  types
    .flatMap((type) => document.ofType(type))
    .filter((resource) => referencesResource(value, resource, attribute))
    .map((resource) => resource.address);

describe("the indexes answer exactly what the scans they replace answered", () => {
  const document = parseTerraformDocument({
    resource: {
      kubernetes_namespace: { a: {}, "a-b": {}, "odd.name": {}, b: {} },
      kubernetes_namespace_v1: { a: {}, a_1: {}, z: {} },
      azurerm_subnet: { nodes: {}, "nodes-2": {} },
      azurerm_subnet_route_table_association: {
        one: { subnet_id: "${azurerm_subnet.nodes.id}" },
        two: { subnet_id: ["${azurerm_subnet.nodes-2.id}", { x: "${lower(azurerm_subnet.nodes.id)}" }] },
        three: { subnet_id: "${azurerm_subnet.nodes.name}" },
      },
    },
  });
  const namespaceTypes = ["kubernetes_namespace_v1", "kubernetes_namespace"];

  it.each([
    ["${kubernetes_namespace.a.id}", "id"],
    ["${kubernetes_namespace.a-b.id}", "id"],
    ["${kubernetes_namespace.a-b.id}", undefined],
    ["${kubernetes_namespace.odd.name.id}", "id"],
    ["${kubernetes_namespace_v1.a.metadata[0].name}-${kubernetes_namespace.b.metadata.0.name}", "metadata.0.name"],
    ["${kubernetes_namespace_v1.a_1.metadata[0].name}", "metadata.0.name"],
    ["${x-kubernetes_namespace_v1.z.id}", "id"],
    ["${data.kubernetes_namespace_v1.z.id}", "id"],
    ["${xkubernetes_namespace_v1.z.id}", "id"],
    ["kubernetes_namespace_v1.z.id", "id"],
    ['${format("%s", kubernetes_namespace_v1.z.id, kubernetes_namespace.a.id)}', "id"],
    [["${kubernetes_namespace.b.id}", { nested: "${kubernetes_namespace_v1.a.id}" }], "id"],
    [42, undefined],
  ] as const)("referencedAmong(%j, %s) equals the scan, in the scan's order", (value, attribute) => {
    expect(referencedAmong(document, value, namespaceTypes, attribute).map((resource) => resource.address)).toEqual(
      scan(document, value, namespaceTypes, attribute),
    );
  });

  it("the cases above include references the scan finds, across both types and to a name with a dot", () => {
    expect(
      scan(
        document,
        "${kubernetes_namespace_v1.a.metadata[0].name}-${kubernetes_namespace.b.metadata.0.name}",
        namespaceTypes,
        "metadata.0.name",
      ),
    ).toEqual(["kubernetes_namespace_v1.a", "kubernetes_namespace.b"]);
    expect(scan(document, "${kubernetes_namespace.odd.name.id}", namespaceTypes, "id")).toEqual([
      "kubernetes_namespace.odd.name",
    ]);
    expect(scan(document, "${x-kubernetes_namespace_v1.z.id}", namespaceTypes, "id")).toEqual([
      "kubernetes_namespace_v1.z",
    ]);
  });

  it("resourcesReferencing equals the scan over the referrers", () => {
    const types = ["azurerm_subnet_route_table_association"];
    for (const target of document.ofType("azurerm_subnet")) {
      for (const attribute of ["id", "name", undefined]) {
        const expected = types
          .flatMap((type) => document.ofType(type))
          .filter((referrer) => referencesResource(referrer.config.subnet_id, target, attribute));
        expect(resourcesReferencing(document, target, types, "subnet_id", attribute)).toEqual(expected);
      }
    }
  });

  it("objectsIn equals placement() asked for every object and namespace", () => {
    const raw = parseTerraformDocument(rawDocument(6) as Record<string, unknown>);
    const types = [
      "kubernetes_network_policy_v1",
      "kubernetes_limit_range_v1",
      "kubernetes_resource_quota_v1",
      "kubernetes_resource_quota",
    ];
    const seen = { certain: 0, possible: 0 };
    for (const namespace of namespaces(raw)) {
      const objects = types.flatMap((type) => raw.ofType(type));
      const expected = {
        certain: objects.filter((object) => placement(object, namespace, raw) === "in"),
        possible: objects.filter((object) => placement(object, namespace, raw) === "maybe"),
      };
      expect(objectsIn(raw, types, namespace)).toEqual(expected);
      seen.certain += expected.certain.length;
      seen.possible += expected.possible.length;
    }
    // Both answers occur: literal and referenced namespaces, and objects whose namespace only apply knows.
    expect(seen.certain).toBeGreaterThan(0);
    expect(seen.possible).toBeGreaterThan(0);
  });

  it("selectorMatches equals namesNamespace asked for every selector value and namespace", () => {
    const raw = parseTerraformDocument(rawDocument(6) as Record<string, unknown>);
    // Literal names, references to namespaces, a namespace's own name expression, other expressions, non-strings, several values per object, none.
    const values: unknown[][] = [
      ["team-1"],
      ["${kubernetes_namespace_v1.ns0.metadata[0].name}"],
      ["${var.tenant_3}"],
      ["${var.elsewhere}"],
      [42, undefined],
      ["team-2", "${kubernetes_namespace_v1.ns0.metadata[0].name}"],
      ["team-4", "${var.elsewhere}"],
      [],
      ["kube-system"],
      ["team-1"],
    ];
    const matches = selectorMatches(raw, values);
    const seen = new Set<string>();
    for (const namespace of namespaces(raw)) {
      const answers = values.map((objectValues) => objectValues.map((value) => namesNamespace(value, namespace)));
      const naming = answers.flatMap((answer, index) => (answer.includes("yes") ? [index] : []));
      const undecided = answers.findIndex((answer) => !answer.includes("yes") && answer.includes("maybe"));
      expect(matches.naming(namespace)).toEqual(naming);
      expect(matches.firstUndecided(namespace)).toBe(undecided === -1 ? undefined : undecided);
      answers.flat().forEach((answer) => seen.add(answer));
    }
    expect([...seen].sort()).toEqual(["maybe", "no", "yes"]);
  });
});
