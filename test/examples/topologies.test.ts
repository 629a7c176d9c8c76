import { App, TerraformStack, Testing } from "cdktf";
import { logicalIsolationExample } from "../../examples/logical-isolation";
import { physicalIsolationExample } from "../../examples/physical-isolation";
import { PUBLIC_API_SERVER_REASON, PUBLIC_VAULT_REASON } from "../../examples/config";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { synthSecure } from "../../lib/baseline/synth-secure";
import { BaselineResult } from "../../lib/baseline/checker";
import { Json, resources } from "../cluster/helpers";
import { withExampleEnv } from "./environment";

const BACKEND_ENV = {
  TF_BACKEND_RESOURCE_GROUP: "rg-tfstate",
  TF_BACKEND_STORAGE_ACCOUNT: "sttfstate",
  TF_BACKEND_CONTAINER: "tfstate",
};

interface Synthesized {
  /** cdk.tf.json text by stack name. */
  readonly json: Record<string, string>;
  /** The baseline result of each stack's synth (validations ran). */
  readonly baseline: Record<string, BaselineResult>;
}

/**
 * Builds an example with only `env` set (else offline placeholders), wires cross-stack references
 * like app.synth(), and synthesizes every stack with validations (the baseline).
 */
function synthExampleWith(build: (app: App) => unknown, env: Record<string, string> = {}): Synthesized {
  return withExampleEnv(env, () => {
    const app = Testing.app();
    build(app);
    const stacks = app.node.findAll().filter(TerraformStack.isStack);
    for (const stack of stacks) stack.prepareStack();
    const json = Object.fromEntries(stacks.map((stack) => [stack.node.id, synthSecure(stack)]));
    const baseline = Object.fromEntries(
      stacks.map((stack) => [stack.node.id, SecurityBaseline.of(stack)!.lastResult!]),
    );
    return { json, baseline };
  });
}

const synthExample = (build: (app: App) => unknown): Record<string, string> => synthExampleWith(build).json;

describe("example: logical-isolation", () => {
  const stacks = synthExample(logicalIsolationExample);
  const platform: Json = JSON.parse(stacks["logical-platform"]);
  const tenants: Json = JSON.parse(stacks["logical-tenants"]);

  it("has one platform and one tenant stack", () => {
    expect(Object.keys(stacks).sort()).toEqual(["logical-platform", "logical-tenants"]);
    expect(resources(platform, "azurerm_kubernetes_cluster")).toHaveLength(1);
  });

  it("places three tenants in the shared cluster, the restricted one on its own pool", () => {
    expect(
      resources(tenants, "kubernetes_namespace_v1").map((ns) => [
        ns.metadata.name,
        ns.metadata.labels["cdktf-secure-aks/trust-level"],
      ]),
    ).toEqual([
      ["team-a", "trusted"],
      ["team-b", "trusted"],
      ["team-c", "restricted"],
    ]);
    expect(
      resources(platform, "azurerm_kubernetes_cluster_node_pool").find((pool) => pool.name === "teamc").node_taints,
    ).toEqual(["tenant=team-c:NoSchedule"]);
    expect(Object.values(tenants.output).map((output: Json) => JSON.parse(output.value).tolerations[0].value)).toEqual([
      "team-c",
    ]);
  });

  it("names resources with RESOURCE_PREFIX and keeps a private API server by default", () => {
    expect(resources(platform, "azurerm_resource_group").map((rg) => rg.name)).toEqual(["rg-secaks-logical"]);
    const aks = resources(platform, "azurerm_kubernetes_cluster")[0];
    expect(aks.name).toBe("aks-secaks-logical");
    expect(aks.private_cluster_enabled).toBe(true);
    expect(aks.api_server_access_profile).toBeUndefined();
  });

  it("lets team-a reach team-b, which allows ingress from it", () => {
    const policy = (ns: string, name: string) =>
      resources(tenants, "kubernetes_network_policy_v1").find(
        (r) => r.metadata.name === name && r.metadata.namespace.includes(`kubernetes_namespace_v1.${ns}_`),
      );
    const selector = (ns: string) => ({ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": ns } } });
    expect(policy("team-a", "allow-egress-to-namespaces").spec.egress).toEqual([{ to: [selector("team-b")] }]);
    expect(policy("team-b", "allow-ingress-from-namespaces").spec.ingress).toEqual([{ from: [selector("team-a")] }]);
  });

  it("restricts each tenant namespace to its own repositories of the shared registry (AKS-ACR-12)", () => {
    const scopes = resources(tenants, "azurerm_resource_policy_assignment").map((a) => JSON.parse(a.parameters));
    expect(scopes.map((p) => [p.effect.value, p.namespaces.value, p.allowedContainerImagesRegex.value])).toEqual(
      ["team-a", "team-b", "team-c"].map((ns) => ["Deny", [ns], `^(acrsecakslogical\\.azurecr\\.io/${ns})/.+$`]),
    );
  });

  it("writes no secret value into Terraform: only a placeholder in the tenant stack whose value Terraform ignores, created before the grant", () => {
    expect(resources(platform, "azurerm_key_vault_secret")).toHaveLength(0);
    const secrets = resources(tenants, "azurerm_key_vault_secret");
    expect(secrets.map((s) => s.name)).toEqual(["orders-db"]);
    expect(secrets[0].value).toMatch(/^placeholder: /);
    expect(secrets[0].lifecycle.ignore_changes).toEqual(expect.arrayContaining(["value", "expiration_date"]));
    expect(secrets[0].expiration_date).toBeDefined();
    const grant = resources(tenants, "azurerm_role_assignment").find((a) =>
      String(a.scope).endsWith("/secrets/orders-db"),
    );
    expect(grant.depends_on).toEqual([
      expect.stringMatching(
        /^azurerm_key_vault_secret\.KeyVaultPlaceholders-logical-platform-Vault_orders-db_[0-9A-F]+$/,
      ),
    ]);
  });

  it("wires a private registry, a private vault and Defender to the cluster", () => {
    const registry = resources(platform, "azurerm_container_registry")[0];
    expect(registry).toMatchObject({ sku: "Premium", public_network_access_enabled: false, admin_enabled: false });
    const pull = resources(platform, "azurerm_role_assignment").find((a) => a.role_definition_name === "AcrPull");
    expect(pull.principal_id).toMatch(/kubelet_identity\[0\]\.object_id\}$/);
    expect(resources(platform, "azurerm_key_vault")[0]).toMatchObject({
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      public_network_access_enabled: false,
    });
    expect(resources(platform, "azurerm_security_center_subscription_pricing")[0]).toMatchObject({
      resource_type: "Containers",
      tier: "Standard",
    });
    expect(resources(platform, "azurerm_kubernetes_cluster")[0].microsoft_defender).toBeDefined();
  });

  it("gives team-a's developers the tenant Writer role defined in the platform stack, never the built-in Writer (AKS-TEN-06)", () => {
    const writer = resources(tenants, "azurerm_role_assignment").find(
      (a) => /\/namespaces\/team-a$/.test(a.scope) && a.role_definition_id !== undefined,
    );
    expect(writer.principal_type).toBe("Group");
    expect(writer.role_definition_id).toMatch(
      /cross-stack-output-azurerm_role_definitionTenantRoles-logical-platform-Cluster_Writer_/,
    );
    expect(
      resources(tenants, "azurerm_role_assignment").some((a) =>
        /RBAC (Writer|Admin)$/.test(a.role_definition_name ?? ""),
      ),
    ).toBe(false);
    const definition = resources(platform, "azurerm_role_definition").find((d) =>
      d.name.startsWith("AKS tenant namespace Writer"),
    );
    expect(definition.permissions[0].data_actions).toContain(
      "Microsoft.ContainerService/managedClusters/networking.k8s.io/networkpolicies/read",
    );
    expect(definition.permissions[0].data_actions).not.toContain(
      "Microsoft.ContainerService/managedClusters/networking.k8s.io/networkpolicies/*",
    );
  });

  it("grants team-a's workload identity its one secret and mounts it with a SecretProviderClass", () => {
    const read = resources(tenants, "azurerm_role_assignment").find(
      (a) => a.role_definition_name === "Key Vault Secrets User",
    );
    expect(read.scope).toMatch(/\/secrets\/orders-db$/);
    expect(read.principal_id).toMatch(/^\$\{azurerm_user_assigned_identity\..+\.principal_id\}$/);
    const manifest = resources(tenants, "kubernetes_manifest").find(
      (candidate) => candidate.manifest.kind === "SecretProviderClass",
    );
    expect(manifest.manifest).toMatchObject({
      apiVersion: "secrets-store.csi.x-k8s.io/v1",
      kind: "SecretProviderClass",
      metadata: { namespace: "team-a" },
    });
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
      expect(resources(platform, "azurerm_kubernetes_cluster").map((c) => c.name)).toEqual([
        `aks-secaks-physical-${tenant}`,
      ]);
      expect(resources(platform, "azurerm_container_registry").map((r) => r.name)).toEqual([`acrsecaks${tenant}`]);
      expect(resources(platform, "azurerm_key_vault").map((v) => v.name)).toEqual([`kv-secaks-${tenant}`]);
      const tenantStack: Json = JSON.parse(stacks[`physical-${tenant}-tenants`]);
      expect(resources(tenantStack, "kubernetes_namespace_v1").map((ns) => ns.metadata.name)).toEqual([tenant]);
    }
  });

  it("grants each workload identity only the secrets its SecretProviderClass mounts", () => {
    for (const tenant of ["red", "green", "blue"]) {
      const tenantStack: Json = JSON.parse(stacks[`physical-${tenant}-tenants`]);
      const grants = resources(tenantStack, "azurerm_role_assignment").filter(
        (a) => a.role_definition_name === "Key Vault Secrets User",
      );
      expect(grants.map((a) => a.scope)).toEqual([expect.stringMatching(/\/secrets\/app-config$/)]);
      const spc = resources(tenantStack, "kubernetes_manifest").find(
        (candidate) => candidate.manifest.kind === "SecretProviderClass",
      ).manifest;
      expect(spc.kind).toBe("SecretProviderClass");
      expect(spc.spec.parameters.objects).toContain("app-config");
    }
  });

  it("mounts each tenant's secrets with a SecretProviderClass in its namespace, created after the namespace", () => {
    for (const tenant of ["red", "green", "blue"]) {
      const tenantStack: Json = JSON.parse(stacks[`physical-${tenant}-tenants`]);
      // Besides the SecretProviderClass: the tenant's cluster-scoped guardrails (AKS-TEN-04, TEN-05).
      expect(
        resources(tenantStack, "kubernetes_manifest")
          .map((m) => m.manifest.kind)
          .sort(),
      ).toEqual([
        "CiliumClusterwideNetworkPolicy",
        "SecretProviderClass",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
      ]);
      const manifests = resources(tenantStack, "kubernetes_manifest").filter(
        (m) => m.manifest.kind === "SecretProviderClass",
      );
      expect(manifests).toHaveLength(1);
      expect(manifests[0].manifest).toMatchObject({
        kind: "SecretProviderClass",
        metadata: { namespace: tenant },
        spec: { parameters: { keyvaultName: `kv-secaks-${tenant}` } },
      });
      expect(manifests[0].manifest.spec.parameters.objects).toMatch(/objectName: /);
      expect(manifests[0].depends_on).toEqual([
        expect.stringMatching(new RegExp(`^kubernetes_namespace_v1\\.${tenant}_Namespace_`)),
      ]);
    }
  });

  it("uses distinct address spaces per cluster", () => {
    const spaces = ["blue", "green", "red"].map(
      (t) => resources(JSON.parse(stacks[`physical-${t}-platform`]), "azurerm_virtual_network")[0].address_space[0],
    );
    expect(new Set(spaces).size).toBe(3);
  });

  it("matches the snapshots", () => {
    expect(stacks).toMatchSnapshot();
  });
});

describe.each([
  ["logical-isolation", logicalIsolationExample],
  ["physical-isolation", physicalIsolationExample],
] as [string, (app: App) => unknown][])("example %s with its environment set", (_, build) => {
  const RANGES = "203.0.113.0/24, 198.51.100.7/32";

  it("passes the baseline without any suppression by default", () => {
    for (const [stack, result] of Object.entries(synthExampleWith(build).baseline)) {
      expect([stack, result.summary.errors, result.suppressions]).toEqual([stack, 0, []]);
    }
  });

  it("uses a public API server limited to AKS_AUTHORIZED_IP_RANGES plus the cluster's firewall egress IP, accepted by a documented suppression", () => {
    const { json, baseline } = synthExampleWith(build, { AKS_AUTHORIZED_IP_RANGES: RANGES });
    const platforms = Object.keys(json).filter((name) => name.endsWith("-platform"));
    expect(platforms.length).toBeGreaterThan(0);
    for (const name of platforms) {
      const aks = resources(JSON.parse(json[name]), "azurerm_kubernetes_cluster")[0];
      expect(aks.private_cluster_enabled).toBe(false);
      expect(aks.api_server_access_profile.authorized_ip_ranges).toEqual([
        "203.0.113.0/24",
        "198.51.100.7/32",
        expect.stringMatching(/^\$\{azurerm_public_ip\.Network_FirewallPublicIp_[A-F0-9]+\.ip_address\}\/32$/),
      ]);
      expect(baseline[name].suppressions.map((s) => [s.ruleId, s.reason, s.status])).toEqual([
        ["AKS-NET-01", PUBLIC_API_SERVER_REASON, "used"],
        // The deployer outside the VNet writes the placeholder secrets through the vault's firewall.
        ["AKS-SEC-05", PUBLIC_VAULT_REASON, "used"],
      ]);
      const vault = resources(JSON.parse(json[name]), "azurerm_key_vault")[0];
      expect([
        vault.public_network_access_enabled,
        vault.network_acls.default_action,
        vault.network_acls.ip_rules,
      ]).toEqual([true, "Deny", ["203.0.113.0/24", "198.51.100.7"]]);
    }
    for (const [stack, result] of Object.entries(baseline)) {
      expect([stack, result.summary.errors]).toEqual([stack, 0]);
      if (!stack.endsWith("-platform")) expect(result.suppressions).toEqual([]);
    }
  });

  it("gives each tenant's Entra group namespace-scoped access (AKS_TENANT_GROUP_<TENANT>, placeholders by default)", () => {
    const GROUP_A = "aaaaaaaa-0000-4000-8000-00000000000a";
    const { json } = synthExampleWith(build, { AKS_TENANT_GROUP_TEAM_A: GROUP_A, AKS_TENANT_GROUP_RED: GROUP_A });
    const tenantStacks = Object.keys(json).filter((name) => name.endsWith("-tenants"));
    let namespaces = 0;
    for (const name of tenantStacks) {
      const doc: Json = JSON.parse(json[name]);
      // The tenant Writer role (TenantRoles, AKS-TEN-06) defined in the cluster's stack, never the built-in Writer.
      const writers = resources(doc, "azurerm_role_assignment").filter((r) =>
        /azurerm_role_definitionTenantRoles-.*_Writer_/.test(r.role_definition_id ?? ""),
      );
      expect(
        resources(doc, "azurerm_role_assignment").filter((r) =>
          /RBAC (Writer|Admin)$/.test(r.role_definition_name ?? ""),
        ),
      ).toEqual([]);
      for (const ns of resources(doc, "kubernetes_namespace_v1").map((n) => n.metadata.name)) {
        namespaces++;
        const grant = writers.find((r) => r.scope.endsWith(`/namespaces/${ns}`));
        expect([ns, grant?.principal_type]).toEqual([ns, "Group"]);
        if (ns === "team-a" || ns === "red") expect(grant.principal_id).toBe(GROUP_A);
        else expect(grant.principal_id).toMatch(/^00000000-0000-4000-8000-[0-9a-f]{12}$/);
      }
    }
    expect(namespaces).toBe(3);
  });

  it("creates each private cluster's zone and links it to the cluster VNet and AKS_DNS_LINK_VNET_IDS, so the tenant stacks have a way in", () => {
    const RUNNER =
      "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-ci/providers/Microsoft.Network/virtualNetworks/vnet-runners";
    const { json } = synthExampleWith(build, { AKS_DNS_LINK_VNET_IDS: RUNNER });
    for (const name of Object.keys(json).filter((n) => n.endsWith("-platform"))) {
      const doc: Json = JSON.parse(json[name]);
      const aks = resources(doc, "azurerm_kubernetes_cluster")[0];
      expect(aks.private_dns_zone_id).toMatch(/^\$\{azurerm_private_dns_zone\./);
      expect(resources(doc, "azurerm_private_dns_zone").map((z) => z.name)).toContain(
        `${aks.name}.privatelink.westeurope.azmk8s.io`,
      );
      const links = resources(doc, "azurerm_private_dns_zone_virtual_network_link").filter((l) =>
        /ApiServerPrivateDnsZone/.test(l.private_dns_zone_name),
      );
      expect(links.map((l) => l.virtual_network_id)).toEqual([
        expect.stringMatching(/^\$\{azurerm_virtual_network\./),
        RUNNER,
      ]);
    }
  });

  it("wires every stack to the azurerm backend and reads the platform stack's state through it", () => {
    const { json } = synthExampleWith(build, BACKEND_ENV);
    for (const [name, text] of Object.entries(json)) {
      const doc: Json = JSON.parse(text);
      expect(doc.terraform.backend).toEqual({
        azurerm: {
          resource_group_name: "rg-tfstate",
          storage_account_name: "sttfstate",
          container_name: "tfstate",
          key: `${name}.tfstate`,
          use_azuread_auth: true,
        },
      });
      if (!name.endsWith("-tenants")) continue;
      const platformName = name.replace(/-tenants$/, "-platform");
      const remote = doc.data.terraform_remote_state[`cross-stack-reference-input-${platformName}`];
      expect(remote).toMatchObject({
        backend: "azurerm",
        config: {
          resource_group_name: "rg-tfstate",
          storage_account_name: "sttfstate",
          container_name: "tfstate",
          key: `${platformName}.tfstate`,
          use_azuread_auth: true,
        },
      });
      expect(doc.provider.kubernetes[0].host).toMatch(
        new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-${platformName}\\.outputs\\.`),
      );
    }
  });
});
