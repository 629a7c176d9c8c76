import { App, TerraformStack, Testing } from "cdktf";
import { logicalIsolationExample } from "../../examples/logical-isolation";
import { physicalIsolationExample } from "../../examples/physical-isolation";
import { Json, resources } from "../cluster/helpers";

const EXAMPLE_ENV = ["ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "AKS_ADMIN_GROUP_OBJECT_IDS", "AZURE_LOCATION", "RESOURCE_PREFIX", "FIREWALL_PRIVATE_IP", "SECURITY_CONTACT_EMAIL", "ORDERS_DB_CONNECTION", "TF_BACKEND_RESOURCE_GROUP", "TF_BACKEND_STORAGE_ACCOUNT", "TF_BACKEND_CONTAINER"];

/** Builds an example offline (placeholders), wires cross-stack references like app.synth(), and synthesizes every stack with validations (the baseline). */
function synthExample(build: (app: App) => unknown): Record<string, string> {
  const saved = Object.fromEntries(EXAMPLE_ENV.map((name) => [name, process.env[name]]));
  for (const name of EXAMPLE_ENV) delete process.env[name];
  try {
    const app = Testing.app();
    build(app);
    const stacks = app.node.findAll().filter(TerraformStack.isStack);
    for (const stack of stacks) stack.prepareStack();
    return Object.fromEntries(stacks.map((stack) => [stack.node.id, Testing.synth(stack, true)]));
  } finally {
    for (const name of EXAMPLE_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

describe("example: logical-isolation", () => {
  const stacks = synthExample(logicalIsolationExample);
  const platform: Json = JSON.parse(stacks["logical-platform"]);
  const tenants: Json = JSON.parse(stacks["logical-tenants"]);

  it("has one platform and one tenant stack", () => {
    expect(Object.keys(stacks).sort()).toEqual(["logical-platform", "logical-tenants"]);
    expect(resources(platform, "azurerm_kubernetes_cluster")).toHaveLength(1);
  });

  it("places three tenants in the shared cluster, the restricted one on its own pool", () => {
    expect(resources(tenants, "kubernetes_namespace_v1").map((ns) => [ns.metadata.name, ns.metadata.labels["cdktf-secure-aks/trust-level"]])).toEqual([
      ["team-a", "trusted"],
      ["team-b", "trusted"],
      ["team-c", "restricted"],
    ]);
    expect(resources(platform, "azurerm_kubernetes_cluster_node_pool").find((pool) => pool.name === "teamc").node_taints).toEqual(["tenant=team-c:NoSchedule"]);
  });

  it("wires a private registry, a private vault and Defender to the cluster", () => {
    const registry = resources(platform, "azurerm_container_registry")[0];
    expect(registry).toMatchObject({ sku: "Premium", public_network_access_enabled: false, admin_enabled: false });
    const pull = resources(platform, "azurerm_role_assignment").find((a) => a.role_definition_name === "AcrPull");
    expect(pull.principal_id).toMatch(/kubelet_identity\[0\]\.object_id\}$/);
    expect(resources(platform, "azurerm_key_vault")[0]).toMatchObject({ rbac_authorization_enabled: true, purge_protection_enabled: true, public_network_access_enabled: false });
    expect(resources(platform, "azurerm_security_center_subscription_pricing")[0]).toMatchObject({ resource_type: "Containers", tier: "Standard" });
    expect(resources(platform, "azurerm_kubernetes_cluster")[0].microsoft_defender).toBeDefined();
  });

  it("grants team-a's workload identity its one secret and mounts it with a SecretProviderClass", () => {
    const read = resources(tenants, "azurerm_role_assignment").find((a) => a.role_definition_name === "Key Vault Secrets User");
    expect(read.scope).toMatch(/\/secrets\/orders-db$/);
    expect(read.principal_id).toMatch(/^\$\{azurerm_user_assigned_identity\..+\.principal_id\}$/);
    const manifest = resources(tenants, "kubernetes_manifest")[0];
    expect(manifest.manifest).toMatchObject({ apiVersion: "secrets-store.csi.x-k8s.io/v1", kind: "SecretProviderClass", metadata: { namespace: "team-a" } });
    expect(manifest.depends_on).toEqual([expect.stringMatching(/^kubernetes_namespace_v1\.team-a_Namespace_/)]);
  });

  it("matches the snapshots", () => {
    expect(stacks).toMatchSnapshot();
  });
});

describe("example: physical-isolation", () => {
  const stacks = synthExample(physicalIsolationExample);

  it("gives each hostile tenant its own cluster, registry and vault", () => {
    expect(Object.keys(stacks).sort()).toEqual([
      "physical-blue-platform",
      "physical-blue-tenants",
      "physical-green-platform",
      "physical-green-tenants",
      "physical-red-platform",
      "physical-red-tenants",
    ]);
    for (const tenant of ["red", "green", "blue"]) {
      const platform: Json = JSON.parse(stacks[`physical-${tenant}-platform`]);
      expect(resources(platform, "azurerm_kubernetes_cluster").map((c) => c.name)).toEqual([`aks-physical-${tenant}`]);
      expect(resources(platform, "azurerm_container_registry").map((r) => r.name)).toEqual([`acrsecaks${tenant}`]);
      expect(resources(platform, "azurerm_key_vault").map((v) => v.name)).toEqual([`kv-secaks-${tenant}`]);
      const tenantStack: Json = JSON.parse(stacks[`physical-${tenant}-tenants`]);
      expect(resources(tenantStack, "kubernetes_namespace_v1").map((ns) => ns.metadata.name)).toEqual([tenant]);
    }
  });

  it("mounts each tenant's secrets with a SecretProviderClass in its namespace, created after the namespace", () => {
    for (const tenant of ["red", "green", "blue"]) {
      const tenantStack: Json = JSON.parse(stacks[`physical-${tenant}-tenants`]);
      const manifests = resources(tenantStack, "kubernetes_manifest");
      expect(manifests).toHaveLength(1);
      expect(manifests[0].manifest).toMatchObject({ kind: "SecretProviderClass", metadata: { namespace: tenant }, spec: { parameters: { keyvaultName: `kv-secaks-${tenant}` } } });
      expect(manifests[0].manifest.spec.parameters.objects).toMatch(/objectName: /);
      expect(manifests[0].depends_on).toEqual([expect.stringMatching(new RegExp(`^kubernetes_namespace_v1\\.${tenant}_Namespace_`))]);
    }
  });

  it("uses distinct address spaces per cluster", () => {
    const spaces = ["blue", "green", "red"].map((t) => resources(JSON.parse(stacks[`physical-${t}-platform`]), "azurerm_virtual_network")[0].address_space[0]);
    expect(new Set(spaces).size).toBe(3);
  });

  it("matches the snapshots", () => {
    expect(stacks).toMatchSnapshot();
  });
});
