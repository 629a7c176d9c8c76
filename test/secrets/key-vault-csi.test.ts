import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { ISecureCluster } from "../../lib/cluster/cluster-ref";
import { ITenantNamespace, TenantWorkloadIdentity } from "../../lib/namespace/tenant-namespace-ref";
import { KeyVaultCsi, KeyVaultCsiProps } from "../../lib/secrets/key-vault-csi";
import { VaultAttributes } from "../../lib/secrets/imported-vault";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { toPassSecurityBaseline } from "../../lib/baseline/jest-matcher";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import {
  importedCluster,
  tenantNamespace,
  HUB_KV_ZONE,
  Json,
  PE_SUBNET,
  SUB,
  TENANT,
  VNET,
  WORKSPACE,
  expectInvalid,
  newStack,
  only,
  resources,
  synth,
} from "../registry/fixtures";

const base: KeyVaultCsiProps = {
  vaultName: "kv-team-a-prod",
  resourceGroupName: "rg-kv",
  location: "westeurope",
  privateEndpoint: { subnetId: PE_SUBNET },
  placeholderExpirationDate: "2027-06-30T00:00:00Z",
};
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-shared`;

/** The one SecretProviderClass of a document (an IsolatedNamespace adds manifests of its own). */
function onlySecretProviderClass(doc: Json): Json {
  const classes = resources(doc, "kubernetes_manifest").filter((m) => m.manifest.kind === "SecretProviderClass");
  expect(classes).toHaveLength(1);
  return classes[0];
}

/**
 * A tenant namespace whose Kubernetes namespace is managed elsewhere (ITenantNamespace.namespace
 * undefined, e.g. by a GitOps tool), with one workload identity per service account. Test-local
 * because IsolatedNamespace always creates its namespace and guardrails: the snapshot was recorded
 * without them, and the "no namespace resource" case cannot be built with it.
 */
class PlainNamespace extends Construct implements ITenantNamespace {
  public readonly workloadIdentities: TenantWorkloadIdentity[] = [];

  constructor(
    scope: Construct,
    id: string,
    public readonly cluster: ISecureCluster,
    public readonly namespaceName: string,
    serviceAccounts: string[],
  ) {
    super(scope, id);
    for (const serviceAccountName of serviceAccounts) {
      const identity = new UserAssignedIdentity(this, `Identity-${serviceAccountName}`, {
        name: `id-${namespaceName}-${serviceAccountName}`,
        resourceGroupName: "rg-aks",
        location: "westeurope",
      });
      this.workloadIdentities.push({
        serviceAccountName,
        identity,
        clientId: identity.clientId,
        principalId: identity.principalId,
      });
    }
  }

  public workloadIdentity(serviceAccountName: string): TenantWorkloadIdentity | undefined {
    return this.workloadIdentities.find((w) => w.serviceAccountName === serviceAccountName);
  }
}

function setup(props: Partial<KeyVaultCsiProps> = {}, serviceAccounts = ["api"]) {
  const stack = newStack();
  const cluster = importedCluster(stack, "Cluster");
  const namespace = tenantNamespace(stack, "TeamA", cluster, "team-a", serviceAccounts);
  const kv = new KeyVaultCsi(stack, "Kv", { ...base, cluster, ...props });
  return { stack, cluster, namespace, kv };
}

function realCluster(stack: TerraformStack): SecureCluster {
  return new SecureCluster(stack, "Aks", {
    resourceGroupName: "rg-aks",
    location: "westeurope",
    clusterName: "aks-real",
    kubernetesVersion: "1.36",
    entraId: { tenantId: TENANT, adminGroupObjectIds: ["22222222-2222-4222-8222-222222222222"] },
    existingNetwork: {
      nodeSubnetId: `${VNET}/subnets/snet-nodes`,
      outboundType: "userDefinedRouting",
      addressSpace: ["10.10.0.0/16"],
    },
  });
}

describe("KeyVaultCsi defaults", () => {
  let doc: Json;
  beforeAll(() => {
    doc = synth(setup().stack);
  });

  test("vault: RBAC, purge protection, 90-day soft delete, private (AKS-SEC-03..05)", () => {
    const kv = only(doc, "azurerm_key_vault");
    expect(kv.name).toBe("kv-team-a-prod");
    expect(kv.tenant_id).toBe(TENANT);
    expect(kv.sku_name).toBe("standard");
    expect(kv.rbac_authorization_enabled).toBe(true);
    expect(kv.enable_rbac_authorization).toBeUndefined();
    expect(kv.access_policy).toBeUndefined();
    expect(kv.purge_protection_enabled).toBe(true);
    expect(kv.soft_delete_retention_days).toBe(90);
    expect(kv.public_network_access_enabled).toBe(false);
    expect(kv.network_acls).toEqual({
      default_action: "Deny",
      bypass: "AzureServices",
      ip_rules: [],
      virtual_network_subnet_ids: [],
    });
    expect(kv.enabled_for_deployment).toBe(false);
    expect(kv.enabled_for_template_deployment).toBe(false);
    expect(kv.enabled_for_disk_encryption).toBe(false);
    expect(kv.contact).toBeUndefined();
  });

  test("private endpoint on the vault sub-resource with a privatelink.vaultcore.azure.net zone group", () => {
    const pe = only(doc, "azurerm_private_endpoint");
    expect(pe.subnet_id).toBe(PE_SUBNET);
    expect(pe.private_service_connection.subresource_names).toEqual(["vault"]);
    expect(pe.private_service_connection.private_connection_resource_id).toMatch(/^\$\{azurerm_key_vault\..+\.id\}$/);
    expect(only(doc, "azurerm_private_dns_zone").name).toBe("privatelink.vaultcore.azure.net");
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual([
      expect.stringMatching(/^\$\{azurerm_private_dns_zone\..+\.id\}$/),
    ]);
    expect(only(doc, "azurerm_private_dns_zone_virtual_network_link").virtual_network_id).toBe(VNET);
  });

  test("audit logs to the cluster's workspace (AKS-SEC-06)", () => {
    const diag = only(doc, "azurerm_monitor_diagnostic_setting");
    expect(diag.target_resource_id).toMatch(/^\$\{azurerm_key_vault\..+\.id\}$/);
    expect(diag.log_analytics_workspace_id).toBe(WORKSPACE);
    expect(diag.enabled_log).toEqual([{ category_group: "audit" }]);
    expect(diag.log).toBeUndefined();
  });

  test("matches the snapshot", () => {
    // Recorded with a namespace that creates one identity and nothing else (see PlainNamespace).
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const namespace = new PlainNamespace(stack, "TeamA", cluster, "team-a", ["api"]);
    const kv = new KeyVaultCsi(stack, "Kv", { ...base, cluster });
    kv.grantRead(namespace, { secrets: ["db-password"] });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});

describe("KeyVaultCsi.grantRead", () => {
  test("secret-scoped Key Vault Secrets User to the workload identity principal id, versionless secret scope (AKS-SEC-02)", () => {
    const { stack, namespace, kv } = setup();
    const grant = kv.grantRead(namespace, { secrets: ["db-password", "api-key"] });
    const doc = synth(stack);
    const ras = resources(doc, "azurerm_role_assignment");
    expect(ras).toHaveLength(2);
    for (const ra of ras) {
      expect(ra.role_definition_name).toBe("Key Vault Secrets User");
      expect(ra.principal_id).toMatch(
        /^\$\{azurerm_user_assigned_identity\.TeamA_Identity-api_[0-9A-F]+\.principal_id\}$/,
      );
      expect(ra.principal_type).toBe("ServicePrincipal");
      expect(ra.skip_service_principal_aad_check).toBe(true);
    }
    expect(ras.map((r) => r.scope).sort()).toEqual([
      expect.stringMatching(/^\$\{azurerm_key_vault\.Kv_Vault_[0-9A-F]+\.id\}\/secrets\/api-key$/),
      expect.stringMatching(/^\$\{azurerm_key_vault\.Kv_Vault_[0-9A-F]+\.id\}\/secrets\/db-password$/),
    ]);
    expect(grant.roleAssignments.every((r) => r.node.path.startsWith("test/TeamA/"))).toBe(true);
  });

  test("SecretProviderClass in the namespace with workload identity parameters", () => {
    const { stack, namespace, kv } = setup();
    const grant = kv.grantRead(namespace, { secrets: ["db-password", "api-key"] });
    expect(grant.secretProviderClass!.node.path.startsWith("test/TeamA/")).toBe(true);
    const spc = onlySecretProviderClass(synth(stack)).manifest;
    expect(spc.apiVersion).toBe("secrets-store.csi.x-k8s.io/v1");
    expect(spc.kind).toBe("SecretProviderClass");
    expect(spc.metadata).toEqual({ name: "kv-team-a-prod-api", namespace: "team-a" });
    expect(spc.spec.provider).toBe("azure");
    expect(spc.spec.parameters).toEqual({
      usePodIdentity: "false",
      clientID: expect.stringMatching(
        /^\$\{azurerm_user_assigned_identity\.TeamA_Identity-api_[0-9A-F]+\.client_id\}$/,
      ),
      keyvaultName: "kv-team-a-prod",
      tenantId: TENANT,
      objects:
        "array:\n  - |\n    objectName: db-password\n    objectType: secret\n  - |\n    objectName: api-key\n    objectType: secret\n",
    });
  });

  test("SecretProviderClass objects keep secret names that YAML would read as numbers as strings", () => {
    const { stack, namespace, kv } = setup();
    kv.grantRead(namespace, { secrets: ["0123", "1e3"] });
    const objects: string = onlySecretProviderClass(synth(stack)).manifest.spec.parameters.objects;
    expect(objects).toBe(
      'array:\n  - |\n    objectName: "0123"\n    objectType: secret\n  - |\n    objectName: "1e3"\n    objectType: secret\n',
    );
  });

  test("without secrets: one vault-wide grant; the SecretProviderClass mounts the vault's secrets, also those added later", () => {
    const { stack, namespace, kv } = setup();
    kv.addSecret("Db", { name: "db-password", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
    const grant = kv.grantRead(namespace);
    kv.addSecret("Api", { name: "api-key", value: "y", expirationDate: "2030-01-01T00:00:00Z" });
    const doc = JSON.parse(Testing.synth(stack, true));
    const grants = resources(doc, "azurerm_role_assignment");
    expect(grants).toHaveLength(1);
    expect(grants[0].scope).toMatch(/^\$\{azurerm_key_vault\..+\.id\}$/);
    expect(grants[0].depends_on).toBeUndefined();
    expect(grant.secretProviderClass.node.path).toBe("test/TeamA/KeyVaultRead-test-Kv-api/SecretProviderClass");
    const spc = onlySecretProviderClass(doc).manifest;
    expect(spc.metadata).toEqual({ name: "kv-team-a-prod-api", namespace: "team-a" });
    expect(spc.spec.parameters.objects).toBe(
      "array:\n  - |\n    objectName: db-password\n    objectType: secret\n  - |\n    objectName: api-key\n    objectType: secret\n",
    );
  });

  test("without secrets on a vault that has none: synth fails naming the grant, the prop and the fix", () => {
    const { stack, namespace, kv } = setup();
    kv.grantRead(namespace);
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/TeamA\/KeyVaultRead-test-Kv-api\] grantRead\.secrets = undefined: is omitted and vault test\/Kv has no secret added with addSecret.*Fix: list the secrets to mount/,
    );
  });

  test("the SecretProviderClass depends on the namespace resource of an IsolatedNamespace", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster", { virtualNetworkId: undefined });
    const namespace = tenantNamespace(stack, "TeamA", cluster, "team-a", ["api"]);
    // A cluster without a known VNet: a hub-owned zone (linked to every spoke by its owner) avoids the AKS-NET-17 error.
    const kv = new KeyVaultCsi(stack, "Kv", {
      ...base,
      privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_KV_ZONE },
      cluster,
    });
    kv.grantRead(namespace, { secrets: ["db-password"] });
    const doc = synth(stack);
    // The namespace's other manifests are its cluster-scoped guardrails (AKS-TEN-04, TEN-05).
    const manifest = resources(doc, "kubernetes_manifest").find(
      (candidate) => candidate.manifest.kind === "SecretProviderClass",
    );
    expect(manifest.depends_on).toEqual([
      expect.stringMatching(/^kubernetes_namespace_v1\.TeamA_Namespace_[0-9A-F]+$/),
    ]);
    expect(Object.keys(doc.resource.kubernetes_namespace_v1)).toEqual([manifest.depends_on[0].split(".")[1]]);
    expect(manifest.manifest.metadata.namespace).toBe("team-a");
  });

  test("a namespace reference without a namespace resource adds no dependency", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const namespace = new PlainNamespace(stack, "TeamA", cluster, "team-a", ["api"]);
    const kv = new KeyVaultCsi(stack, "Kv", { ...base, cluster });
    kv.grantRead(namespace, { secrets: ["db-password"] });
    expect(onlySecretProviderClass(synth(stack)).depends_on).toBeUndefined();
  });

  test("a secret-scoped grant waits for the secret when addSecret creates it in the same stack, in either order", () => {
    const { stack, namespace, kv } = setup({}, ["api", "worker"]);
    kv.addSecret("Db", { name: "db-password", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
    kv.grantRead(namespace, { secrets: ["DB-Password", "external"], serviceAccountName: "api" });
    kv.grantRead(namespace, { secrets: ["api-key"], serviceAccountName: "worker" });
    kv.addSecret("Api", { name: "api-key", value: "y", expirationDate: "2030-01-01T00:00:00Z" });
    const doc = synth(stack);
    const grant = (suffix: string) =>
      resources(doc, "azurerm_role_assignment").find((r) => r.scope.endsWith(`/secrets/${suffix}`));
    expect(grant("DB-Password").depends_on).toEqual([
      expect.stringMatching(/^azurerm_key_vault_secret\.Kv_Db_[0-9A-F]+$/),
    ]);
    expect(grant("api-key").depends_on).toEqual([
      expect.stringMatching(/^azurerm_key_vault_secret\.Kv_Api_[0-9A-F]+$/),
    ]);
    // Nothing creates "external": the grant waits for its placeholder; "api-key"'s placeholder gave way to addSecret.
    expect(grant("external").depends_on).toEqual([
      expect.stringMatching(/^azurerm_key_vault_secret\.KeyVaultPlaceholders-test-Kv_external_[0-9A-F]+$/),
    ]);
    expect(
      resources(doc, "azurerm_key_vault_secret")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["api-key", "db-password", "external"]);
    expect(kv.placeholderSecrets.map((p) => p.nameInput)).toEqual(["external"]);
  });

  test("a grant in a tenant stack does not depend across stacks on the platform's secret", () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, "platform");
    const tenant = new TerraformStack(app, "tenant");
    const cluster = importedCluster(platform, "Cluster");
    const kv = new KeyVaultCsi(platform, "Kv", { ...base, cluster });
    kv.addSecret("Db", { name: "db-password", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
    const namespace = tenantNamespace(tenant, "TeamA", cluster, "team-a", ["api"]);
    const grant = kv.grantRead(namespace, { secrets: ["db-password"] });
    expect(grant.roleAssignments[0].dependsOn).toBeUndefined();
  });

  test("picks the named service account among several", () => {
    const { stack, namespace, kv } = setup({}, ["api", "worker"]);
    kv.grantRead(namespace, { secrets: ["queue-key"], serviceAccountName: "worker", secretProviderClassName: "queue" });
    const doc = synth(stack);
    expect(only(doc, "azurerm_role_assignment").principal_id).toContain("TeamA_Identity-worker_");
    expect(onlySecretProviderClass(doc).manifest.metadata.name).toBe("queue");
  });

  test("tenant in another stack: grants and SecretProviderClass live in the tenant stack", () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, "platform");
    const tenant = new TerraformStack(app, "tenant");
    const cluster = importedCluster(platform, "Cluster");
    const kv = new KeyVaultCsi(platform, "Kv", { ...base, cluster });
    const namespace = tenantNamespace(tenant, "TeamA", cluster, "team-a", ["api"]);
    kv.grantRead(namespace, { secrets: ["db-password"] });
    const platformDoc = JSON.parse(Testing.synth(platform));
    expect(resources(platformDoc, "azurerm_role_assignment")).toHaveLength(0);
    expect(resources(platformDoc, "kubernetes_manifest")).toHaveLength(0);
    expect(grantPaths(kv)).toEqual(["tenant/TeamA/KeyVaultRead-platform-Kv-api/SecretsUser-db-password"]);
  });

  test("imported vault: name from the id, no vault, diagnostics or endpoint; grants on the given id", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const namespace = tenantNamespace(stack, "TeamA", cluster, "team-a", ["api"]);
    const kv = KeyVaultCsi.fromVaultAttributes(stack, "Kv", { vaultId: VAULT_ID, cluster });
    kv.grantRead(namespace, { secrets: ["db-password"], secretsExist: true });
    const doc = synth(stack);
    expect(resources(doc, "azurerm_key_vault_secret")).toHaveLength(0);
    expect(only(doc, "azurerm_role_assignment").depends_on).toBeUndefined();
    expect(resources(doc, "azurerm_key_vault")).toHaveLength(0);
    expect(resources(doc, "azurerm_monitor_diagnostic_setting")).toHaveLength(0);
    expect(resources(doc, "azurerm_private_endpoint")).toHaveLength(0);
    expect(only(doc, "azurerm_role_assignment").scope).toBe(`${VAULT_ID}/secrets/db-password`);
    expect(onlySecretProviderClass(doc).manifest.spec.parameters.keyvaultName).toBe("kv-shared");
  });

  test("asks its cluster for secret rotation (AKS-SEC-01), once for the cluster prop and once per grant", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const asked = jest.spyOn(cluster, "requireSecretRotation");
    const requesters = () => asked.mock.calls.map(([requester]) => requester.node.path);
    const namespace = tenantNamespace(stack, "TeamA", cluster, "team-a", ["api"]);
    const kv = new KeyVaultCsi(stack, "Kv", { ...base, cluster });
    expect(requesters()).toEqual(["test/Kv"]);
    kv.grantRead(namespace);
    expect(requesters()).toEqual(["test/Kv", "test/Kv"]);
  });
});

function grantPaths(kv: KeyVaultCsi): string[] {
  return kv.grants.flatMap((g) => g.roleAssignments.map((r) => r.node.path));
}

describe("KeyVaultCsi with a SecureCluster", () => {
  test("turns rotation on when the add-on block was removed or rotation disabled (AKS-SEC-01)", () => {
    const stack = newStack();
    const cluster = realCluster(stack);
    cluster.kubernetesCluster.putKeyVaultSecretsProvider({
      secretRotationEnabled: false,
      secretRotationInterval: "5m",
    });
    new KeyVaultCsi(stack, "Kv", { ...base, cluster });
    expect(only(synth(stack), "azurerm_kubernetes_cluster").key_vault_secrets_provider).toEqual({
      secret_rotation_enabled: true,
      secret_rotation_interval: "5m",
    });

    const stack2 = newStack();
    const cluster2 = realCluster(stack2);
    cluster2.kubernetesCluster.resetKeyVaultSecretsProvider();
    new KeyVaultCsi(stack2, "Kv", { ...base, cluster: cluster2 });
    expect(only(synth(stack2), "azurerm_kubernetes_cluster").key_vault_secrets_provider).toEqual({
      secret_rotation_enabled: true,
      secret_rotation_interval: "2m",
    });
  });

  test("keeps SecureCluster's own setting and uses its workspace and tenant", () => {
    const stack = newStack();
    const cluster = realCluster(stack);
    new KeyVaultCsi(stack, "Kv", { ...base, cluster });
    const doc = synth(stack);
    expect(only(doc, "azurerm_kubernetes_cluster").key_vault_secrets_provider).toEqual({
      secret_rotation_enabled: true,
      secret_rotation_interval: "2m",
    });
    const diag = resources(doc, "azurerm_monitor_diagnostic_setting").find((d) => d.name === "kv-audit-logs");
    expect(diag.log_analytics_workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\..+\.id\}$/);
    expect(only(doc, "azurerm_key_vault").tenant_id).toBe(TENANT);
  });
});

describe("KeyVaultCsi secrets and keys (AKS-SEC-07)", () => {
  test("addSecret sets the expiry and waits for the private endpoint", () => {
    const { stack, kv } = setup();
    kv.addSecret("Db", {
      name: "db-password",
      value: "s3cr3t",
      expirationDate: "2026-12-31T00:00:00Z",
      contentType: "text/plain",
    });
    const secret = only(synth(stack), "azurerm_key_vault_secret");
    expect(secret.name).toBe("db-password");
    expect(secret.expiration_date).toBe("2026-12-31T00:00:00Z");
    expect(secret.key_vault_id).toMatch(/^\$\{azurerm_key_vault\..+\.id\}$/);
    expect(secret.depends_on).toEqual([
      expect.stringMatching(/^azurerm_private_endpoint\./),
      expect.stringMatching(/^azurerm_private_dns_zone_virtual_network_link\./),
    ]);
  });

  test("addKey sets the expiry and an automatic rotation policy", () => {
    const { stack, kv } = setup();
    kv.addKey("Kms", { name: "aks-kms", expirationDate: "2030-06-30T00:00:00Z" });
    const key = only(synth(stack), "azurerm_key_vault_key");
    expect(key.key_type).toBe("RSA");
    expect(key.key_size).toBe(3072);
    expect(key.curve).toBeUndefined();
    expect(key.key_opts).toEqual(["decrypt", "encrypt", "unwrapKey", "wrapKey"]);
    expect(key.expiration_date).toBe("2030-06-30T00:00:00Z");
    expect(key.rotation_policy).toEqual({
      automatic: { time_before_expiry: "P30D" },
      expire_after: "P180D",
      notify_before_expiry: "P29D",
    });
    expect(key.lifecycle).toEqual({ ignore_changes: ["expiration_date"] });
  });

  test("EC key on a premium vault", () => {
    const { stack, kv } = setup({ skuName: "premium" });
    kv.addKey("Ec", {
      name: "signing",
      expirationDate: "2030-06-30T00:00:00Z",
      keyType: "EC-HSM",
      rotation: { expireAfter: "P1Y", timeBeforeExpiry: "P60D", notifyBeforeExpiry: "P30D" },
    });
    const doc = synth(stack);
    const key = only(doc, "azurerm_key_vault_key");
    expect(key.key_type).toBe("EC-HSM");
    expect(key.curve).toBe("P-256");
    expect(key.key_size).toBeUndefined();
    expect(key.key_opts).toEqual(["sign", "verify"]);
    expect(only(doc, "azurerm_key_vault").sku_name).toBe("premium");
  });
});

describe("KeyVaultCsi options", () => {
  test("BYO hub zone and explicit workspace", () => {
    const workspace = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/log-sec`;
    const { stack } = setup({
      privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_KV_ZONE },
      logAnalyticsWorkspaceId: workspace,
      softDeleteRetentionDays: 30,
      networkAclsBypass: "None",
    });
    const doc = synth(stack);
    expect(resources(doc, "azurerm_private_dns_zone")).toHaveLength(0);
    expect(only(doc, "azurerm_private_endpoint").private_dns_zone_group.private_dns_zone_ids).toEqual([HUB_KV_ZONE]);
    expect(only(doc, "azurerm_monitor_diagnostic_setting").log_analytics_workspace_id).toBe(workspace);
    expect(only(doc, "azurerm_key_vault").soft_delete_retention_days).toBe(30);
    expect(only(doc, "azurerm_key_vault").network_acls.bypass).toBe("None");
  });

  test("tokens are never rejected", () => {
    const stack = newStack();
    const v = (n: string, type = "string") => new TerraformVariable(stack, n, { type });
    const kv = new KeyVaultCsi(stack, "Kv", {
      ...base,
      vaultName: v("name").stringValue,
      tenantId: v("tenant").stringValue,
      softDeleteRetentionDays: v("days", "number").numberValue,
      logAnalyticsWorkspaceId: WORKSPACE,
    });
    kv.addSecret("S", { name: v("secret").stringValue, value: "x", expirationDate: v("exp").stringValue });
    const doc = synth(stack);
    expect(only(doc, "azurerm_key_vault").name).toBe("${var.name}");
    expect(only(doc, "azurerm_key_vault_secret").expiration_date).toBe("${var.exp}");
  });

  test("deterministic synthesis", () => {
    const build = () => {
      const { stack, namespace, kv } = setup({}, ["api", "worker"]);
      kv.grantRead(namespace, { secrets: ["b", "a"], serviceAccountName: "worker" });
      kv.grantRead(namespace, { serviceAccountName: "api" });
      kv.addKey("K", { name: "k", expirationDate: "2030-01-01T00:00:00Z" });
      return Testing.synth(stack);
    };
    expect(build()).toBe(build());
  });
});

describe("KeyVaultCsi bad input", () => {
  const build = (props: Partial<KeyVaultCsiProps>) => () => setup(props);

  test("vault names", () => {
    expectInvalid(build({ vaultName: "kv" }), "test/Kv", "vaultName", '"kv"');
    expectInvalid(build({ vaultName: "1kv-team" }), "test/Kv", "vaultName", '"1kv-team"');
    expectInvalid(build({ vaultName: "kv-team-" }), "test/Kv", "vaultName", '"kv-team-"');
    expectInvalid(build({ vaultName: "kv--team" }), "test/Kv", "vaultName", '"kv--team"');
    expectInvalid(build({ vaultName: "kv_team" }), "test/Kv", "vaultName", '"kv_team"');
    expectInvalid(build({ vaultName: "k".repeat(25) }), "test/Kv", "vaultName", "kkkk");
    expectInvalid(build({ vaultName: undefined }), "test/Kv", "vaultName", "undefined");
  });

  test("soft delete retention out of 7-90", () => {
    expectInvalid(build({ softDeleteRetentionDays: 6 }), "test/Kv", "softDeleteRetentionDays", "6");
    expectInvalid(build({ softDeleteRetentionDays: 91 }), "test/Kv", "softDeleteRetentionDays", "91");
  });

  test("missing tenant, workspace or endpoint without a cluster", () => {
    const bare = (props: Partial<KeyVaultCsiProps>) => () => new KeyVaultCsi(newStack(), "Kv", { ...base, ...props });
    expectInvalid(bare({}), "test/Kv", "tenantId", "undefined");
    expectInvalid(bare({ tenantId: TENANT }), "test/Kv", "logAnalyticsWorkspaceId", "undefined");
    expectInvalid(
      bare({ tenantId: TENANT, logAnalyticsWorkspaceId: WORKSPACE, privateEndpoint: undefined }),
      "test/Kv",
      "privateEndpoint",
      "undefined",
    );
    expectInvalid(
      bare({ tenantId: "not-a-tenant", logAnalyticsWorkspaceId: WORKSPACE }),
      "test/Kv",
      "tenantId",
      '"not-a-tenant"',
    );
  });

  test("imported vault id and creation-only props", () => {
    expectInvalid(
      () => KeyVaultCsi.fromVaultAttributes(newStack(), "Kv", { vaultId: "kv-shared", tenantId: TENANT }),
      "test/Kv",
      "vaultId",
      '"kv-shared"',
    );
    // Creation-only props are no attributes of an imported vault: the type rejects them.
    KeyVaultCsi.fromVaultAttributes(newStack(), "Kv", {
      vaultId: VAULT_ID,
      tenantId: TENANT,
      // @ts-expect-error softDeleteRetentionDays applies only to a vault KeyVaultCsi creates
      softDeleteRetentionDays: 90,
    });
  });

  test("grantRead to a namespace without a workload identity for the service account", () => {
    expectInvalid(
      () => {
        const { namespace, kv } = setup({}, []);
        kv.grantRead(namespace, { secrets: ["a"] });
      },
      "test/Kv",
      "grantRead.namespace",
      '"team-a"',
    );
    expectInvalid(
      () => {
        const { namespace, kv } = setup({}, ["api"]);
        kv.grantRead(namespace, { secrets: ["a"], serviceAccountName: "worker" });
      },
      "test/Kv",
      "grantRead.serviceAccountName",
      '"worker"',
    );
    expectInvalid(
      () => {
        const { namespace, kv } = setup({}, ["api", "worker"]);
        kv.grantRead(namespace, { secrets: ["a"] });
      },
      "test/Kv",
      "grantRead.serviceAccountName",
      "undefined",
    );
  });

  test("invalid secret names", () => {
    const grant = (secrets: string[]) => () => {
      const { namespace, kv } = setup();
      kv.grantRead(namespace, { secrets });
    };
    expectInvalid(grant(["db_password"]), "test/Kv", "grantRead.secrets", '"db_password"');
    expectInvalid(grant(["a".repeat(128)]), "test/Kv", "grantRead.secrets", "aaaa");
    expectInvalid(grant([""]), "test/Kv", "grantRead.secrets", '""');
    expectInvalid(grant([]), "test/Kv", "grantRead.secrets", "[]");
    expectInvalid(grant(["a", "a"]), "test/Kv", "grantRead.secrets", '"a"');
    expectInvalid(
      () => setup().kv.addSecret("S", { name: "db.password", value: "x", expirationDate: "2026-12-31T00:00:00Z" }),
      "test/Kv",
      "addSecret.name",
      '"db.password"',
    );
  });

  test("granting the same service account twice", () => {
    expectInvalid(
      () => {
        const { namespace, kv } = setup();
        kv.grantRead(namespace, { secrets: ["a"] });
        kv.grantRead(namespace, { secrets: ["b"] });
      },
      "test/Kv",
      "grantRead",
      '"team-a/api"',
    );
  });

  test("expiry and key options", () => {
    expectInvalid(
      () => setup().kv.addSecret("S", { name: "a", value: "x", expirationDate: "2026-12-31" }),
      "test/Kv",
      "addSecret.expirationDate",
      '"2026-12-31"',
    );
    const key = (o: object) => () =>
      setup().kv.addKey("K", { name: "k", expirationDate: "2030-01-01T00:00:00Z", ...o });
    expectInvalid(key({ keyType: "RSA-HSM" }), "test/Kv", "addKey.keyType", '"RSA-HSM"');
    expectInvalid(key({ keySize: 1024 }), "test/Kv", "addKey.keySize", "1024");
    expectInvalid(key({ keyType: "EC", keySize: 2048 }), "test/Kv", "addKey.keySize", "2048");
    expectInvalid(key({ rotation: { expireAfter: "90 days" } }), "test/Kv", "addKey.rotation.expireAfter", '"90 days"');
    expectInvalid(key({ rotation: { expireAfter: "P14D" } }), "test/Kv", "addKey.rotation.expireAfter", '"P14D"');
    expectInvalid(
      key({ rotation: { expireAfter: "P30D", timeBeforeExpiry: "P28D" } }),
      "test/Kv",
      "addKey.rotation.timeBeforeExpiry",
      '"P28D"',
    );
    expectInvalid(key({ expirationDate: "tomorrow" }), "test/Kv", "addKey.expirationDate", '"tomorrow"');
    expectInvalid(
      key({ expirationDate: "2027-02-31T00:00:00Z" }),
      "test/Kv",
      "addKey.expirationDate",
      '"2027-02-31T00:00:00Z"',
    );
    expectInvalid(
      key({ expirationDate: "2030-01-01T24:00:00Z" }),
      "test/Kv",
      "addKey.expirationDate",
      '"2030-01-01T24:00:00Z"',
    );
    expectInvalid(
      key({ expirationDate: "2020-01-01T00:00:00Z" }),
      "test/Kv",
      "addKey.expirationDate",
      '"2020-01-01T00:00:00Z"',
    );
    expectInvalid(
      () => setup().kv.addSecret("S", { name: "a", value: "x", expirationDate: "2027-02-29T00:00:00Z" }),
      "test/Kv",
      "addSecret.expirationDate",
      '"2027-02-29T00:00:00Z"',
    );
    expect(() =>
      setup().kv.addSecret("S", { name: "a", value: "x", expirationDate: "2028-02-29T00:00:00Z" }),
    ).not.toThrow();
  });

  test("key operations", () => {
    const key = (o: object) => () =>
      setup({ skuName: "premium" }).kv.addKey("K", { name: "k", expirationDate: "2030-01-01T00:00:00Z", ...o });
    expectInvalid(key({ keyOpts: ["wrap"] }), "test/Kv", "addKey.keyOpts", '"wrap"');
    expectInvalid(key({ keyOpts: ["Sign"] }), "test/Kv", "addKey.keyOpts", '"Sign"');
    expectInvalid(key({ keyOpts: [] }), "test/Kv", "addKey.keyOpts", "[]");
    expectInvalid(key({ keyOpts: ["wrapKey", "wrapKey"] }), "test/Kv", "addKey.keyOpts", '"wrapKey"');
    expectInvalid(key({ keyType: "EC", keyOpts: ["sign", "wrapKey"] }), "test/Kv", "addKey.keyOpts", '"wrapKey"');
    expect(key({ keyOpts: ["sign", "verify"] })).not.toThrow();
  });

  test("rotation notification window", () => {
    const key = (rotation: object) => () =>
      setup().kv.addKey("K", { name: "k", expirationDate: "2030-01-01T00:00:00Z", rotation });
    expectInvalid(key({ notifyBeforeExpiry: "P6D" }), "test/Kv", "addKey.rotation.notifyBeforeExpiry", '"P6D"');
    expectInvalid(
      key({ expireAfter: "P90D", notifyBeforeExpiry: "P90D" }),
      "test/Kv",
      "addKey.rotation.notifyBeforeExpiry",
      '"P90D"',
    );
    expectInvalid(
      key({ expireAfter: "P90D", notifyBeforeExpiry: "P84D" }),
      "test/Kv",
      "addKey.rotation.notifyBeforeExpiry",
      '"P84D"',
    );
    expect(key({ expireAfter: "P90D", notifyBeforeExpiry: "P83D" })).not.toThrow();
  });

  test("duplicate secret and key names, case-insensitively", () => {
    const date = "2030-01-01T00:00:00Z";
    expectInvalid(
      () => {
        const { kv } = setup();
        kv.addSecret("A", { name: "db-password", value: "x", expirationDate: date });
        kv.addSecret("B", { name: "DB-Password", value: "y", expirationDate: date });
      },
      "test/Kv",
      "addSecret.name",
      '"DB-Password"',
    );
    expectInvalid(
      () => {
        const { kv } = setup();
        kv.addKey("A", { name: "kms", expirationDate: date });
        kv.addKey("B", { name: "KMS", expirationDate: date });
      },
      "test/Kv",
      "addKey.name",
      '"KMS"',
    );
    // Keys and secrets are separate collections.
    expect(() => {
      const { kv } = setup();
      kv.addKey("A", { name: "shared", expirationDate: date });
      kv.addSecret("B", { name: "shared", value: "x", expirationDate: date });
    }).not.toThrow();
    expectInvalid(
      () => {
        const { namespace, kv } = setup();
        kv.grantRead(namespace, { secrets: ["Db", "db"] });
      },
      "test/Kv",
      "grantRead.secrets",
      '"db"',
    );
  });

  test("two SecretProviderClasses of one name in a namespace", () => {
    expectInvalid(
      () => {
        const { stack, namespace, kv } = setup({}, ["api", "worker"]);
        kv.grantRead(namespace, { secrets: ["a"], serviceAccountName: "api", secretProviderClassName: "secrets" });
        const other = new KeyVaultCsi(stack, "Other", {
          ...base,
          vaultName: "kv-team-a-other",
          privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_KV_ZONE },
          cluster: namespace.cluster,
        });
        other.grantRead(namespace, {
          secrets: ["b"],
          serviceAccountName: "worker",
          secretProviderClassName: "secrets",
        });
      },
      "test/Other",
      "grantRead.secretProviderClassName",
      '"secrets"',
    );
    // Default names are unique per vault and service account.
    expect(() => {
      const { stack, namespace, kv } = setup();
      kv.grantRead(namespace, { secrets: ["a"] });
      new KeyVaultCsi(stack, "Other", {
        ...base,
        vaultName: "kv-team-a-other",
        privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_KV_ZONE },
        cluster: namespace.cluster,
      }).grantRead(namespace, { secrets: ["a"] });
    }).not.toThrow();
  });

  test("workspace id shape", () => {
    expectInvalid(build({ logAnalyticsWorkspaceId: "log-aks" }), "test/Kv", "logAnalyticsWorkspaceId", '"log-aks"');
    expectInvalid(build({ logAnalyticsWorkspaceId: PE_SUBNET }), "test/Kv", "logAnalyticsWorkspaceId", "snet-pe");
  });
});

describe("KeyVaultCsi and the security baseline", () => {
  test("the default output passes with zero suppressions and synth validation succeeds", () => {
    expect.extend({ toPassSecurityBaseline });
    const { stack, namespace, kv } = setup();
    kv.grantRead(namespace, { secrets: ["db-password"] });
    kv.addSecret("Db", { name: "db-password", value: "x", expirationDate: "2026-12-31T00:00:00Z" });
    kv.addKey("Key", { name: "data-key", expirationDate: "2030-06-30T00:00:00Z" });
    expect(SecurityBaseline.of(stack)).toBeDefined();
    expect(stack).toPassSecurityBaseline();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("KeyVaultCsi placeholders (issue 15: the secret exists before its grant)", () => {
  test("a listed secret nothing creates gets a placeholder: non-secret value, expiry, value/content type/expiry ignored, after the endpoint", () => {
    const { stack, namespace, kv } = setup();
    kv.grantRead(namespace, { secrets: ["orders-db"] });
    const doc = synth(stack);
    const secret = only(doc, "azurerm_key_vault_secret");
    expect(secret.name).toBe("orders-db");
    expect(secret.key_vault_id).toMatch(/^\$\{azurerm_key_vault\.Kv_Vault_[0-9A-F]+\.id\}$/);
    expect(secret.value).toMatch(/^placeholder: /);
    expect(secret.content_type).toMatch(/^placeholder/);
    expect(secret.expiration_date).toBe("2027-06-30T00:00:00Z");
    expect(secret.lifecycle).toEqual({
      ignore_changes: ["value", "content_type", "expiration_date", "not_before_date", "tags"],
    });
    expect(secret.depends_on).toEqual([
      expect.stringMatching(/^azurerm_private_endpoint\./),
      expect.stringMatching(/^azurerm_private_dns_zone_virtual_network_link\./),
    ]);
    const grant = only(doc, "azurerm_role_assignment");
    expect(grant.scope).toMatch(/\/secrets\/orders-db$/);
    expect(grant.depends_on).toEqual([
      expect.stringMatching(/^azurerm_key_vault_secret\.KeyVaultPlaceholders-test-Kv_orders-db_[0-9A-F]+$/),
    ]);
  });

  test("one placeholder per secret name (case-insensitive) across grants", () => {
    const { stack, namespace, kv } = setup({}, ["api", "worker"]);
    kv.grantRead(namespace, { secrets: ["orders-db"], serviceAccountName: "api" });
    kv.grantRead(namespace, { secrets: ["Orders-DB"], serviceAccountName: "worker" });
    const doc = synth(stack);
    expect(resources(doc, "azurerm_key_vault_secret")).toHaveLength(1);
    for (const grant of resources(doc, "azurerm_role_assignment"))
      expect(grant.depends_on).toEqual([expect.stringContaining("KeyVaultPlaceholders-test-Kv_orders-db_")]);
  });

  test("grant in a tenant stack: the placeholder lives there (applied from inside the network), after the vault's stack", () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, "platform");
    const tenant = new TerraformStack(app, "tenant");
    const other = new TerraformStack(app, "other");
    const cluster = importedCluster(platform, "Cluster");
    const kv = KeyVaultCsi.fromVaultAttributes(platform, "Kv", {
      vaultId: VAULT_ID,
      cluster,
      privateEndpoint: { subnetId: PE_SUBNET },
      resourceGroupName: "rg-kv",
      location: "westeurope",
      placeholderExpirationDate: "2027-06-30T00:00:00Z",
    });
    kv.grantRead(tenantNamespace(tenant, "TeamA", cluster, "team-a", ["api"]), { secrets: ["orders-db"] });
    // A second stack granting the same secret waits for the stack that created its placeholder.
    kv.grantRead(tenantNamespace(other, "TeamB", cluster, "team-b", ["api"]), { secrets: ["orders-db"] });
    const platformDoc = JSON.parse(Testing.synth(platform));
    const tenantDoc = JSON.parse(Testing.synth(tenant));
    expect(resources(platformDoc, "azurerm_key_vault_secret")).toHaveLength(0);
    const placeholder = only(tenantDoc, "azurerm_key_vault_secret");
    expect(placeholder.key_vault_id).toBe(VAULT_ID);
    expect(placeholder.depends_on).toBeUndefined();
    expect(only(tenantDoc, "azurerm_role_assignment").depends_on).toEqual([
      expect.stringMatching(/^azurerm_key_vault_secret\.KeyVaultPlaceholders-platform-Kv_orders-db_[0-9A-F]+$/),
    ]);
    expect(resources(JSON.parse(Testing.synth(other)), "azurerm_key_vault_secret")).toHaveLength(0);
    expect(tenant.dependencies).toEqual([platform]);
    expect(other.dependencies).toEqual([platform, tenant]);
  });

  test("a grant from a stack the vault's stack depends on fails", () => {
    expectInvalid(
      () => {
        const app = Testing.app();
        const platform = new TerraformStack(app, "platform");
        const tenant = new TerraformStack(app, "tenant");
        platform.addDependency(tenant);
        const cluster = importedCluster(platform, "Cluster");
        const kv = new KeyVaultCsi(platform, "Kv", { ...base, cluster });
        kv.grantRead(tenantNamespace(tenant, "TeamA", cluster, "team-a", ["api"]), { secrets: ["orders-db"] });
      },
      "platform/Kv",
      "grantRead.namespace",
      '"tenant"',
    );
  });

  test("the placeholder value never holds a token's secret and names come through tokens", () => {
    const { stack, namespace, kv } = setup();
    const name = new TerraformVariable(stack, "secret", { type: "string" }).stringValue;
    kv.grantRead(namespace, { secrets: [name] });
    const secret = only(synth(stack), "azurerm_key_vault_secret");
    expect(secret.name).toBe("${var.secret}");
    expect(secret.value).toContain("<name>");
  });

  test("placeholderExpirationDate is required once a placeholder is needed, and checked", () => {
    expectInvalid(
      () => {
        const { namespace, kv } = setup({ placeholderExpirationDate: undefined });
        kv.grantRead(namespace, { secrets: ["orders-db"] });
      },
      "test/Kv",
      "placeholderExpirationDate",
      "undefined",
    );
    expect(() => {
      const { namespace, kv } = setup({ placeholderExpirationDate: undefined });
      kv.addSecret("Db", { name: "orders-db", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
      kv.grantRead(namespace, { secrets: ["orders-db"] });
    }).not.toThrow();
    expectInvalid(
      () => setup({ placeholderExpirationDate: "2027-06-30" }),
      "test/Kv",
      "placeholderExpirationDate",
      '"2027-06-30"',
    );
  });

  test("secretsExist: only for listed secrets of an imported vault", () => {
    expectInvalid(
      () => {
        const { namespace, kv } = setup();
        kv.grantRead(namespace, { secrets: ["orders-db"], secretsExist: true });
      },
      "test/Kv",
      "grantRead.secretsExist",
      "true",
    );
    expectInvalid(
      () => {
        const stack = newStack();
        const cluster = importedCluster(stack, "Cluster");
        const namespace = tenantNamespace(stack, "TeamA", cluster, "team-a", ["api"]);
        KeyVaultCsi.fromVaultAttributes(stack, "Kv", { vaultId: VAULT_ID, cluster }).grantRead(namespace, {
          secretsExist: true,
        });
      },
      "test/Kv",
      "grantRead.secretsExist",
      "true",
    );
  });
});

describe("KeyVaultCsi on a vault serving several namespaces (issue 10 item 6)", () => {
  function twoTenants(
    stackOf: (app: ReturnType<typeof Testing.app>) => [TerraformStack, TerraformStack, TerraformStack],
  ) {
    const app = Testing.app();
    const [platform, stackA, stackB] = stackOf(app);
    const cluster = importedCluster(platform, "Cluster");
    const kv = new KeyVaultCsi(platform, "Kv", { ...base, cluster });
    const teamA = tenantNamespace(stackA, "TeamA", cluster, "team-a", ["api"]);
    const teamB = tenantNamespace(stackB, "TeamB", cluster, "team-b", ["api"]);
    return { app, platform, cluster, kv, teamA, teamB };
  }
  const oneStack = (app: ReturnType<typeof Testing.app>): [TerraformStack, TerraformStack, TerraformStack] => {
    const stack = new TerraformStack(app, "test");
    return [stack, stack, stack];
  };
  const threeStacks = (app: ReturnType<typeof Testing.app>): [TerraformStack, TerraformStack, TerraformStack] => [
    new TerraformStack(app, "platform"),
    new TerraformStack(app, "tenant-a"),
    new TerraformStack(app, "tenant-b"),
  ];

  test("a vault-wide grant to a second namespace fails when it is made", () => {
    expectInvalid(
      () => {
        const { kv, teamA, teamB } = twoTenants(oneStack);
        kv.addSecret("Db", { name: "db", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
        kv.grantRead(teamA, { secrets: ["db"] });
        kv.grantRead(teamB);
      },
      "test/Kv",
      "grantRead.secrets",
      "undefined",
    );
  });

  test("a second namespace on a vault that already has a vault-wide grant fails, also across stacks", () => {
    let message = "";
    try {
      const { kv, teamA, teamB } = twoTenants(threeStacks);
      kv.addSecret("Db", { name: "db", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
      kv.grantRead(teamA);
      kv.grantRead(teamB, { secrets: ["db"] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('[platform/Kv] grantRead.namespace = "team-b"');
    expect(message).toContain('vault-wide grant to namespace "team-a" (tenant-a/TeamA');
    expect(message).toContain('Fix: list the secrets in the grant of "team-a"');
    expect(message).toContain("own vault");
  });

  test("two constructs importing or creating the same vault name are one vault", () => {
    expectInvalid(
      () => {
        const { app, cluster, kv, teamA, teamB } = twoTenants(threeStacks);
        kv.addSecret("Db", { name: "db", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
        kv.grantRead(teamA);
        const other = new TerraformStack(app, "other");
        KeyVaultCsi.fromVaultAttributes(other, "Adopted", {
          vaultId: `/subscriptions/${SUB}/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/KV-TEAM-A-PROD`,
          cluster,
        }).grantRead(teamB, { secrets: ["db"], secretsExist: true });
      },
      "other/Adopted",
      "grantRead.namespace",
      '"team-b"',
    );
  });

  test("secret-scoped grants to several namespaces, and vault-wide grants within one namespace, are fine", () => {
    expect(() => {
      const { kv, teamA, teamB } = twoTenants(threeStacks);
      kv.grantRead(teamA, { secrets: ["a"] });
      kv.grantRead(teamB, { secrets: ["b"] });
    }).not.toThrow();
    expect(() => {
      const stack = newStack();
      const cluster = importedCluster(stack, "Cluster");
      const namespace = tenantNamespace(stack, "TeamA", cluster, "team-a", ["api", "worker"]);
      const kv = new KeyVaultCsi(stack, "Kv", { ...base, cluster });
      kv.addSecret("Db", { name: "db", value: "x", expirationDate: "2030-01-01T00:00:00Z" });
      kv.grantRead(namespace, { serviceAccountName: "api" });
      kv.grantRead(namespace, { serviceAccountName: "worker" });
    }).not.toThrow();
  });
});

describe("SecretProviderClass names are unique per cluster namespace across constructs and stacks", () => {
  test("a second namespace construct for the same namespace fails when the clashing class is created", () => {
    expectInvalid(
      () => {
        const app = Testing.app();
        const platform = new TerraformStack(app, "platform");
        const cluster = importedCluster(platform, "Cluster");
        const kv = new KeyVaultCsi(platform, "Kv", { ...base, cluster });
        const first = tenantNamespace(new TerraformStack(app, "tenants-1"), "TeamA", cluster, "team-a", ["api"]);
        const second = tenantNamespace(new TerraformStack(app, "tenants-2"), "TeamA", cluster, "team-a", ["worker"]);
        kv.grantRead(first, { secrets: ["a"], secretProviderClassName: "secrets" });
        kv.grantRead(second, { secrets: ["b"], secretProviderClassName: "secrets" });
      },
      "platform/Kv",
      "grantRead.secretProviderClassName",
      '"secrets"',
    );
  });

  test("the same name in the same namespace of another cluster is fine", () => {
    expect(() => {
      const stack = newStack();
      const kv = new KeyVaultCsi(stack, "Kv", { ...base, cluster: importedCluster(stack, "C1") });
      kv.grantRead(
        tenantNamespace(stack, "A1", importedCluster(stack, "C2", { clusterName: "aks-b" }), "team-a", ["api"]),
        {
          secrets: ["a"],
          secretProviderClassName: "secrets",
        },
      );
      kv.grantRead(
        tenantNamespace(stack, "A2", importedCluster(stack, "C3", { clusterName: "aks-c" }), "team-a", ["api"]),
        {
          secrets: ["a"],
          secretProviderClassName: "secrets",
        },
      );
    }).not.toThrow();
  });
});

describe("every cluster that reads the vault resolves it privately (AKS-NET-17)", () => {
  const OTHER_VNET = `/subscriptions/${SUB}/resourceGroups/rg-net2/providers/Microsoft.Network/virtualNetworks/vnet-aks-2`;

  test("a namespace of a cluster in another VNet gets that VNet linked to privatelink.vaultcore.azure.net, in the vault's stack", () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, "platform");
    const other = new TerraformStack(app, "other");
    const kv = new KeyVaultCsi(platform, "Kv", { ...base, cluster: importedCluster(platform, "Cluster") });
    const second = importedCluster(other, "Second", { clusterName: "aks-b", virtualNetworkId: OTHER_VNET });
    kv.grantRead(tenantNamespace(other, "TeamB", second, "team-b", ["api"]), { secrets: ["b"] });
    kv.grantRead(tenantNamespace(other, "TeamC", second, "team-c", ["api"]), { secrets: ["c"] });
    const links = resources(JSON.parse(Testing.synth(platform)), "azurerm_private_dns_zone_virtual_network_link");
    expect(links.map((l) => [l.name, l.virtual_network_id])).toEqual([
      ["link-vnet-aks", VNET],
      ["link-vnet-aks-2", OTHER_VNET],
    ]);
    expect(resources(JSON.parse(Testing.synth(other)), "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(
      0,
    );
  });

  test("a SecureCluster on an existing network by literal subnet id: its VNet is derived", () => {
    const stack = newStack();
    const cluster = realCluster(stack);
    const kv = new KeyVaultCsi(stack, "Kv", {
      ...base,
      privateEndpoint: { subnetId: `${OTHER_VNET}/subnets/snet-pe` },
      cluster,
    });
    expect(kv.privateDnsZoneLinks.map((l) => l.virtualNetworkIdInput)).toEqual([OTHER_VNET, VNET]);
  });

  test("a cluster whose VNet cannot be known fails, naming it; a hub zone needs no link", () => {
    expectInvalid(
      () => {
        const stack = newStack();
        new KeyVaultCsi(stack, "Kv", {
          ...base,
          cluster: importedCluster(stack, "Double", { virtualNetworkId: undefined }),
        });
      },
      "test/Kv",
      "cluster",
      '"test/Double"',
    );
    expect(() => {
      const stack = newStack();
      new KeyVaultCsi(stack, "Kv", {
        ...base,
        privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_KV_ZONE },
        cluster: importedCluster(stack, "Double", { virtualNetworkId: undefined }),
      });
    }).not.toThrow();
  });
});

describe("KeyVaultCsi deployerIpRanges (Terraform reaching the data plane without the private endpoint)", () => {
  test("turns public access on behind a default-Deny firewall admitting only the ranges; /32 as the bare address", () => {
    const { stack } = setup({ deployerIpRanges: ["203.0.113.0/24", "198.51.100.7/32", "192.0.2.10"] });
    const kv = only(synth(stack), "azurerm_key_vault");
    expect(kv.public_network_access_enabled).toBe(true);
    expect(kv.network_acls).toEqual({
      default_action: "Deny",
      bypass: "AzureServices",
      ip_rules: ["203.0.113.0/24", "198.51.100.7", "192.0.2.10"],
      virtual_network_subnet_ids: [],
    });
  });

  test("the baseline refuses it (AKS-SEC-05) unless suppressed with a reason", () => {
    const { stack, kv } = setup({ deployerIpRanges: ["203.0.113.0/24"] });
    expect(() => Testing.synth(stack, true)).toThrow(/AKS-SEC-05/);
    SecurityBaseline.suppress(
      kv,
      "AKS-SEC-05",
      "CI runner outside the VNet writes placeholders; firewall admits only its egress range",
    );
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test("bad input: empty, not a block, an imported vault", () => {
    expectInvalid(() => setup({ deployerIpRanges: [] }), "test/Kv", "deployerIpRanges", "[]");
    expectInvalid(
      () => setup({ deployerIpRanges: ["203.0.113.1/24"] }),
      "test/Kv",
      "deployerIpRanges",
      '"203.0.113.1/24"',
    );
    expectInvalid(() => setup({ deployerIpRanges: ["runner"] }), "test/Kv", "deployerIpRanges", '"runner"');
    KeyVaultCsi.fromVaultAttributes(newStack(), "Kv", {
      vaultId: VAULT_ID,
      tenantId: TENANT,
      // @ts-expect-error deployerIpRanges applies only to a vault KeyVaultCsi creates (its firewall)
      deployerIpRanges: ["203.0.113.0/24"],
    });
  });
});

describe("KeyVaultCsi.fromVaultAttributes (a vault created elsewhere)", () => {
  test("read grants, SecretProviderClass, placeholder and key on the imported vault's id; nothing of the vault itself", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const namespace = tenantNamespace(stack, "TeamA", cluster, "team-a", ["api"]);
    const vault = KeyVaultCsi.fromVaultAttributes(stack, "Kv", {
      vaultId: VAULT_ID,
      cluster,
      placeholderExpirationDate: "2027-06-30T00:00:00Z",
    });
    const grant = vault.grantRead(namespace, { secrets: ["orders-db"] });
    const key = vault.addKey("Key", { name: "data-key", expirationDate: "2030-06-30T00:00:00Z" });
    const doc = synth(stack);
    for (const type of ["azurerm_key_vault", "azurerm_monitor_diagnostic_setting", "azurerm_private_endpoint"]) {
      expect(resources(doc, type)).toHaveLength(0);
    }
    expect(only(doc, "azurerm_role_assignment")).toEqual(
      expect.objectContaining({
        scope: `${VAULT_ID}/secrets/orders-db`,
        role_definition_name: "Key Vault Secrets User",
        principal_type: "ServicePrincipal",
        description:
          "AKS-SEC-02 team-a/api reads one secret (Key Vault Secrets User 4633458b-17de-408a-b874-0445c86b69e6)",
        depends_on: [expect.stringMatching(/^azurerm_key_vault_secret\./)],
      }),
    );
    const placeholder = only(doc, "azurerm_key_vault_secret");
    expect(placeholder.key_vault_id).toBe(VAULT_ID);
    expect(placeholder.expiration_date).toBe("2027-06-30T00:00:00Z");
    expect(only(doc, "azurerm_key_vault_key").key_vault_id).toBe(VAULT_ID);
    expect(onlySecretProviderClass(doc).manifest.spec.parameters).toEqual(
      expect.objectContaining({ keyvaultName: "kv-shared", tenantId: TENANT }),
    );
    expect(vault.vaultName).toBe("kv-shared");
    expect(vault.tenantId).toBe(TENANT);
    expect(vault.grants).toEqual([grant]);
    expect(vault.keys.map((k) => k.node.path)).toEqual([key.node.path]);
    expect(vault.placeholderSecrets).toHaveLength(1);
    expect(vault.privateDnsZone).toBeUndefined();
  });

  test("bad attributes", () => {
    const mk = (attributes: Partial<VaultAttributes>) => () =>
      KeyVaultCsi.fromVaultAttributes(newStack(), "Kv", { vaultId: VAULT_ID, tenantId: TENANT, ...attributes });
    const registryId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr01`;
    expectInvalid(mk({ vaultId: registryId }), "test/Kv", "vaultId", "Microsoft.ContainerRegistry");
    expectInvalid(mk({ vaultName: "kv-other" }), "test/Kv", "vaultName", '"kv-other"');
    expectInvalid(mk({ tenantId: undefined }), "test/Kv", "tenantId", "undefined");
    expectInvalid(mk({ tenantId: "contoso" }), "test/Kv", "tenantId", '"contoso"');
    expectInvalid(
      mk({ placeholderExpirationDate: "2027-02-30T00:00:00Z" }),
      "test/Kv",
      "placeholderExpirationDate",
      "2027-02-30",
    );
    expectInvalid(
      mk({ privateEndpoint: { subnetId: PE_SUBNET }, resourceGroupName: "rg-spoke" }),
      "test/Kv",
      "location",
      "undefined",
    );
    // An id known only at apply: the name (the SecretProviderClass keyvaultName) must come with it.
    expectInvalid(
      () => {
        const stack = newStack();
        const id = new TerraformVariable(stack, "kv", { type: "string" }).stringValue;
        KeyVaultCsi.fromVaultAttributes(stack, "Kv", { vaultId: id, tenantId: TENANT });
      },
      "test/Kv",
      "vaultName",
      "undefined",
    );
  });
});
