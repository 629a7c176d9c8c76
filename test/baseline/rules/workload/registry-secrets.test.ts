import { TerraformResource, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { ContainerRegistryToken } from "@cdktf/provider-azurerm/lib/container-registry-token";
import { RoleAssignment, RoleAssignmentConfig } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { DataProtectionBackupInstanceKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-protection-backup-instance-kubernetes-cluster";
import { aksAcr01 } from "../../../../lib/baseline/rules/workload/aks-acr-01";
import { aksAcr02 } from "../../../../lib/baseline/rules/workload/aks-acr-02";
import { aksAcr03 } from "../../../../lib/baseline/rules/workload/aks-acr-03";
import { aksAcr04 } from "../../../../lib/baseline/rules/workload/aks-acr-04";
import { aksAcr05 } from "../../../../lib/baseline/rules/workload/aks-acr-05";
import { aksAcr06 } from "../../../../lib/baseline/rules/workload/aks-acr-06";
import { aksAcr08 } from "../../../../lib/baseline/rules/workload/aks-acr-08";
import { aksAcr10 } from "../../../../lib/baseline/rules/workload/aks-acr-10";
import { aksAcr11 } from "../../../../lib/baseline/rules/workload/aks-acr-11";
import { aksDef01 } from "../../../../lib/baseline/rules/workload/aks-def-01";
import { aksSec02 } from "../../../../lib/baseline/rules/workload/aks-sec-02";
import { aksSec03 } from "../../../../lib/baseline/rules/workload/aks-sec-03";
import { aksSec04 } from "../../../../lib/baseline/rules/workload/aks-sec-04";
import { aksSec05 } from "../../../../lib/baseline/rules/workload/aks-sec-05";
import { aksSec06 } from "../../../../lib/baseline/rules/workload/aks-sec-06";
import { aksSec07 } from "../../../../lib/baseline/rules/workload/aks-sec-07";
import { aksDat05 } from "../../../../lib/baseline/rules/workload/aks-dat-05";
import { compliantFixture, evaluateAll, evaluateOne } from "./fixtures-registry-secrets";

const registry = (rule: typeof aksAcr02, options = {}) =>
  evaluateOne(rule, compliantFixture(options).stack, "azurerm_container_registry", "acr");
const vault = (rule: typeof aksAcr02, options = {}) =>
  evaluateOne(rule, compliantFixture(options).stack, "azurerm_key_vault", "kv");
const unresolved = Token.asString("${var.flag}") as unknown as boolean;

describe("AKS-ACR-01 AcrPull to the kubelet object id", () => {
  it("passes for the kubelet identity's object id", () => {
    expect(evaluateOne(aksAcr01, compliantFixture().stack, "azurerm_role_assignment", "pull")).toMatchObject({
      outcome: "passed",
      attribute: "principal_id",
    });
  });
  it("fails for the kubelet identity's client id", () => {
    const f = compliantFixture();
    new RoleAssignment(f.stack, "bad", {
      scope: f.registry.id,
      roleDefinitionName: "AcrPull",
      principalId: f.cluster.kubeletIdentity.clientId,
    });
    expect(evaluateOne(aksAcr01, f.stack, "azurerm_role_assignment", "bad")).toMatchObject({
      outcome: "failed",
      attribute: "principal_id",
    });
  });
  it("fails AcrPull to the cluster's control-plane or add-on identity, which does not pull", () => {
    const f = compliantFixture();
    new RoleAssignment(f.stack, "control_plane", {
      scope: f.registry.id,
      roleDefinitionName: "AcrPull",
      principalId: f.cluster.identity.principalId,
    });
    new RoleAssignment(f.stack, "addon", {
      scope: f.registry.id,
      roleDefinitionName: "AcrPull",
      principalId: f.cluster.keyVaultSecretsProvider.secretIdentity.get(0).objectId,
    });
    const all = evaluateAll(aksAcr01, f.stack);
    expect(all["azurerm_role_assignment.control_plane"]).toMatchObject({
      outcome: "failed",
      attribute: "principal_id",
      message: expect.stringContaining("control-plane identity of azurerm_kubernetes_cluster.aks"),
    });
    expect(all["azurerm_role_assignment.addon"]).toMatchObject({
      outcome: "failed",
      attribute: "principal_id",
      message: expect.stringContaining("Key Vault secrets provider identity"),
    });
  });
  it("fails broad roles on the registry given to a cluster identity, by name or id", () => {
    const f = compliantFixture();
    new RoleAssignment(f.stack, "push", {
      scope: f.registry.id,
      roleDefinitionName: "AcrPush",
      principalId: f.cluster.kubeletIdentity.objectId,
    });
    new RoleAssignment(f.stack, "owner", {
      scope: f.registry.id,
      roleDefinitionId:
        "/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
      principalId: f.cluster.identity.principalId,
    });
    new RoleAssignment(f.stack, "contributor", {
      scope: f.registry.id,
      roleDefinitionName: "Contributor",
      principalId: f.cluster.kubeletIdentity.objectId,
    });
    new RoleAssignment(f.stack, "dynamic", {
      scope: f.registry.id,
      roleDefinitionName: "${var.role}",
      principalId: f.cluster.kubeletIdentity.objectId,
    });
    new RoleAssignment(f.stack, "ci_push", {
      scope: f.registry.id,
      roleDefinitionName: "AcrPush",
      principalId: "55555555-5555-4555-8555-555555555555",
    });
    const all = evaluateAll(aksAcr01, f.stack);
    expect(all["azurerm_role_assignment.push"]).toMatchObject({
      outcome: "failed",
      attribute: "role_definition_name",
      value: "AcrPush",
    });
    expect(all["azurerm_role_assignment.owner"]).toMatchObject({
      outcome: "failed",
      value: "Owner",
      message: expect.stringContaining("control-plane identity"),
    });
    expect(all["azurerm_role_assignment.contributor"]).toMatchObject({ outcome: "failed", value: "Contributor" });
    expect(all["azurerm_role_assignment.dynamic"]).toMatchObject({
      outcome: "unknown",
      attribute: "role_definition_name",
    });
    // A CI principal pushing is not a cluster identity: not this rule's concern.
    expect(all["azurerm_role_assignment.ci_push"]).toBeUndefined();
  });
  it("passes a bring-your-own kubelet identity and fails AcrPull to a control-plane user-assigned identity", () => {
    const f = compliantFixture();
    const kubelet = new UserAssignedIdentity(f.stack, "kubelet", {
      resourceGroupName: "rg",
      location: "westeurope",
      name: "id-kubelet",
    });
    const controlPlane = new UserAssignedIdentity(f.stack, "control", {
      resourceGroupName: "rg",
      location: "westeurope",
      name: "id-control",
    });
    f.cluster.putIdentity({ type: "UserAssigned", identityIds: [controlPlane.id] });
    f.cluster.putKubeletIdentity({
      userAssignedIdentityId: kubelet.id,
      clientId: kubelet.clientId,
      objectId: kubelet.principalId,
    });
    new RoleAssignment(f.stack, "byo", {
      scope: f.registry.id,
      roleDefinitionName: "AcrPull",
      principalId: kubelet.principalId,
    });
    new RoleAssignment(f.stack, "cp", {
      scope: f.registry.id,
      roleDefinitionName: "AcrPull",
      principalId: controlPlane.principalId,
    });
    const all = evaluateAll(aksAcr01, f.stack);
    expect(all["azurerm_role_assignment.byo"]).toMatchObject({ outcome: "passed" });
    expect(all["azurerm_role_assignment.cp"]).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("azurerm_user_assigned_identity.control, the control-plane identity"),
    });
  });
  it("is unknown for a literal principal and ignores other roles", () => {
    const f = compliantFixture();
    new RoleAssignment(f.stack, "literal", {
      scope: f.registry.id,
      roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d",
      principalId: "44444444-4444-4444-8444-444444444444",
    });
    const all = evaluateAll(aksAcr01, f.stack);
    expect(all["azurerm_role_assignment.literal"]).toMatchObject({ outcome: "unknown" });
    expect(all["azurerm_role_assignment.read"]).toBeUndefined();
  });
});

describe("registry attribute rules", () => {
  it.each([
    [aksAcr02, "admin_enabled", { adminEnabled: true }],
    [aksAcr03, "anonymous_pull_enabled", { anonymousPullEnabled: true }],
    [aksAcr05, "export_policy_enabled", { exportPolicyEnabled: undefined }],
  ] as const)("%# %s passes when secure and fails when weaker or defaulted", (rule, attribute, weaker) => {
    expect(registry(rule)).toMatchObject({ outcome: "passed", attribute });
    expect(registry(rule, { registry: weaker })).toMatchObject({ outcome: "failed", attribute });
  });
  it("reports expressions as unknown", () => {
    expect(registry(aksAcr02, { registry: { adminEnabled: unresolved } })).toMatchObject({
      outcome: "unknown",
      attribute: "admin_enabled",
    });
  });
});

describe("AKS-ACR-04 private registry", () => {
  it("passes for a private Premium registry with a private endpoint", () =>
    expect(registry(aksAcr04)).toMatchObject({ outcome: "passed" }));
  it("fails a Standard registry", () =>
    expect(registry(aksAcr04, { registry: { sku: "Standard" } })).toMatchObject({
      outcome: "failed",
      attribute: "sku",
    }));
  it("fails public access by default", () =>
    expect(registry(aksAcr04, { registry: { publicNetworkAccessEnabled: undefined } })).toMatchObject({
      outcome: "failed",
      attribute: "public_network_access_enabled",
    }));
  it("fails an Allow rule set", () =>
    expect(registry(aksAcr04, { registry: { networkRuleSet: [{ defaultAction: "Allow" }] } })).toMatchObject({
      outcome: "failed",
      attribute: "network_rule_set.default_action",
    }));
  it("fails without a private endpoint", () =>
    expect(registry(aksAcr04, { without: ["registryEndpoint"] })).toMatchObject({
      outcome: "failed",
      attribute: "private_endpoint",
    }));
  it("is unknown for an expression", () =>
    expect(registry(aksAcr04, { registry: { publicNetworkAccessEnabled: unresolved } })).toMatchObject({
      outcome: "unknown",
    }));
});

describe("AKS-ACR-06 no repository tokens", () => {
  it("passes without tokens and fails with one", () => {
    expect(registry(aksAcr06)).toMatchObject({ outcome: "passed" });
    const f = compliantFixture();
    new ContainerRegistryToken(f.stack, "token", {
      name: "ci",
      resourceGroupName: "rg",
      containerRegistryName: f.registry.name,
      scopeMapId: "/x",
    });
    expect(evaluateOne(aksAcr06, f.stack, "azurerm_container_registry", "acr")).toMatchObject({
      outcome: "failed",
      value: ["azurerm_container_registry_token.token"],
    });
  });
  it("is unknown for a token whose registry name only apply knows, and ignores tokens of other registries", () => {
    const f = compliantFixture();
    new ContainerRegistryToken(f.stack, "remote", {
      name: "ci",
      resourceGroupName: "rg",
      containerRegistryName: "${var.registry}",
      scopeMapId: "/x",
    });
    new ContainerRegistryToken(f.stack, "other", {
      name: "ci",
      resourceGroupName: "rg",
      containerRegistryName: "someotherregistry",
      scopeMapId: "/x",
    });
    expect(evaluateOne(aksAcr06, f.stack, "azurerm_container_registry", "acr")).toMatchObject({
      outcome: "unknown",
      value: ["azurerm_container_registry_token.remote"],
    });
  });
});

describe("optional registry controls (warnings)", () => {
  it("AKS-ACR-10 fails without a customer-managed key", () => {
    expect(aksAcr10.severity).toBe("warning");
    expect(registry(aksAcr10)).toMatchObject({ outcome: "failed", attribute: "encryption.key_vault_key_id" });
    expect(
      registry(aksAcr10, {
        registry: { encryption: [{ keyVaultKeyId: "https://kv.vault.azure.net/keys/k/0123", identityClientId: "x" }] },
      }),
    ).toMatchObject({ outcome: "passed" });
  });
  it("AKS-ACR-10 passes a reference to a declared key and is unknown for a variable", () => {
    const f = compliantFixture();
    f.registry.putEncryption([{ keyVaultKeyId: f.key.id, identityClientId: f.identity.clientId }]);
    expect(evaluateOne(aksAcr10, f.stack, "azurerm_container_registry", "acr")).toMatchObject({
      outcome: "passed",
      message: "customer-managed key azurerm_key_vault_key.key",
    });
    expect(
      registry(aksAcr10, { registry: { encryption: [{ keyVaultKeyId: "${var.cmk}", identityClientId: "x" }] } }),
    ).toMatchObject({ outcome: "unknown", attribute: "encryption.key_vault_key_id", value: "${var.cmk}" });
  });
  it("AKS-ACR-11 is unknown for a lock on a scope only apply knows or with an expression level", () => {
    const f = compliantFixture({ without: ["lock"] });
    new ManagementLock(f.stack, "remote_lock", {
      name: "lock",
      scope: "${var.registry_id}",
      lockLevel: "CanNotDelete",
    });
    expect(evaluateOne(aksAcr11, f.stack, "azurerm_container_registry", "acr")).toMatchObject({
      outcome: "unknown",
      value: "azurerm_management_lock.remote_lock",
    });
    const g = compliantFixture({ without: ["lock"] });
    new ManagementLock(g.stack, "level", { name: "lock", scope: g.registry.id, lockLevel: "${var.level}" });
    expect(evaluateOne(aksAcr11, g.stack, "azurerm_container_registry", "acr")).toMatchObject({
      outcome: "unknown",
      value: "azurerm_management_lock.level",
    });
    new ManagementLock(g.stack, "readonly", { name: "ro", scope: g.registry.id, lockLevel: "ReadOnly" });
    expect(evaluateOne(aksAcr11, g.stack, "azurerm_container_registry", "acr")).toMatchObject({
      outcome: "passed",
      value: "azurerm_management_lock.readonly",
    });
  });
  it("AKS-ACR-11 wants a CanNotDelete lock", () => {
    expect(aksAcr11.severity).toBe("warning");
    expect(registry(aksAcr11)).toMatchObject({ outcome: "passed" });
    expect(registry(aksAcr11, { without: ["lock"] })).toMatchObject({ outcome: "failed" });
  });
});

describe("Defender for Containers (AKS-DEF-01, AKS-ACR-08)", () => {
  const pricing = (rule: typeof aksDef01, f = compliantFixture()) =>
    evaluateOne(rule, f.stack, "azurerm_security_center_subscription_pricing", "defender");
  it("passes the Standard plan with its extensions", () => {
    expect(pricing(aksDef01)).toMatchObject({ outcome: "passed", attribute: "tier" });
    expect(pricing(aksAcr08)).toMatchObject({ outcome: "passed" });
  });
  it("fails the Free tier and missing extensions", () => {
    const free = compliantFixture();
    free.pricing.tier = "Free";
    expect(pricing(aksDef01, free)).toMatchObject({ outcome: "failed", attribute: "tier" });
    const bare = compliantFixture();
    bare.pricing.putExtension([{ name: "ContainerSensor" }]);
    expect(pricing(aksDef01, bare)).toMatchObject({ outcome: "failed", attribute: "extension" });
    expect(pricing(aksAcr08, bare)).toMatchObject({ outcome: "failed", attribute: "extension" });
  });
  it("is unknown when the plan's resource type is an expression", () => {
    const f = compliantFixture();
    f.pricing.resourceType = "${var.plan}";
    expect(pricing(aksAcr08, f)).toMatchObject({ outcome: "unknown", attribute: "resource_type" });
    expect(pricing(aksDef01, f)).toMatchObject({ outcome: "unknown", attribute: "resource_type" });
  });
  it("does not judge other plans", () => {
    const other = compliantFixture();
    other.pricing.resourceType = "VirtualMachines";
    expect(pricing(aksDef01, other)).toBeUndefined();
  });
});

describe("AKS-SEC-02 least-privilege vault access", () => {
  const SUB = "33333333-3333-4333-8333-333333333333";
  const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-shared`;
  const grant = (f: ReturnType<typeof compliantFixture>, id: string, config: Partial<RoleAssignmentConfig>) =>
    new RoleAssignment(f.stack, id, {
      scope: f.vault.id,
      roleDefinitionName: "Key Vault Secrets User",
      principalId: f.identity.principalId,
      ...config,
    });
  const sec02 = (f: ReturnType<typeof compliantFixture>, id: string) =>
    evaluateOne(aksSec02, f.stack, "azurerm_role_assignment", id);

  describe("passes", () => {
    it("a Secrets User grant on one secret to a workload identity federated to one ServiceAccount", () => {
      expect(evaluateOne(aksSec02, compliantFixture().stack, "azurerm_role_assignment", "read")).toMatchObject({
        outcome: "passed",
        attribute: "principal_id",
      });
    });
    it("literal vault and secret ids as scope", () => {
      const f = compliantFixture();
      grant(f, "vault", { scope: VAULT });
      grant(f, "onSecret", { scope: `${VAULT}/secrets/db-password` });
      expect(sec02(f, "vault")).toMatchObject({ outcome: "passed" });
      expect(sec02(f, "onSecret")).toMatchObject({ outcome: "passed" });
    });
    it("the role given by its id", () => {
      const f = compliantFixture();
      grant(f, "byId", {
        roleDefinitionName: undefined,
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`,
      });
      expect(sec02(f, "byId")).toMatchObject({ outcome: "passed" });
    });
  });

  describe("fails", () => {
    it("a grant to the add-on's shared identity", () => {
      const f = compliantFixture();
      grant(f, "shared", { principalId: f.cluster.keyVaultSecretsProvider.secretIdentity.get(0).objectId });
      expect(sec02(f, "shared")).toMatchObject({ outcome: "failed", attribute: "principal_id" });
    });
    it("a grant to the kubelet identity, also by role id", () => {
      const f = compliantFixture();
      grant(f, "kubelet", {
        roleDefinitionName: undefined,
        roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6",
        principalId: f.cluster.kubeletIdentity.objectId,
      });
      expect(sec02(f, "kubelet")).toMatchObject({ outcome: "failed", attribute: "principal_id" });
    });
    it("a grant to a group, even on one secret", () => {
      const f = compliantFixture();
      grant(f, "group", {
        scope: f.secret.resourceVersionlessId,
        principalId: "44444444-4444-4444-8444-444444444444",
        principalType: "Group",
      });
      expect(sec02(f, "group")).toMatchObject({ outcome: "failed", attribute: "principal_type" });
    });
    it("an identity federated to two ServiceAccounts", () => {
      const f = compliantFixture();
      new FederatedIdentityCredential(f.stack, "second_fic", {
        name: "tenant-a-worker",
        resourceGroupName: "rg",
        parentId: f.identity.id,
        audience: ["api://AzureADTokenExchange"],
        issuer: f.cluster.oidcIssuerUrl,
        subject: "system:serviceaccount:tenant-a:worker",
      });
      expect(sec02(f, "read")).toMatchObject({
        outcome: "failed",
        attribute: "principal_id",
        message: expect.stringContaining("several ServiceAccounts"),
      });
    });
    it("a scope above one vault: resource group or subscription", () => {
      const f = compliantFixture();
      const rg = new ResourceGroup(f.stack, "rg", { name: "rg", location: "westeurope" });
      grant(f, "onGroup", { scope: rg.id });
      grant(f, "onSubscription", { scope: `/subscriptions/${SUB}` });
      grant(f, "onOther", { scope: f.registry.id });
      expect(sec02(f, "onGroup")).toMatchObject({ outcome: "failed", attribute: "scope" });
      expect(sec02(f, "onSubscription")).toMatchObject({ outcome: "failed", attribute: "scope" });
      expect(sec02(f, "onOther")).toMatchObject({ outcome: "failed", attribute: "scope" });
    });
    it("a vault-wide officer role to a workload identity", () => {
      const f = compliantFixture();
      grant(f, "broad", { roleDefinitionName: "Key Vault Secrets Officer" });
      expect(sec02(f, "broad")).toMatchObject({ outcome: "failed", attribute: "role_definition_name" });
    });
  });

  describe("is unknown", () => {
    it("for a literal principal it cannot place", () => {
      const f = compliantFixture();
      grant(f, "literal", { principalId: "44444444-4444-4444-8444-444444444444" });
      expect(sec02(f, "literal")).toMatchObject({ outcome: "unknown", attribute: "principal_id" });
    });
    it("for a principal from a variable, and an identity without a federated credential here", () => {
      const f = compliantFixture();
      grant(f, "fromVar", { principalId: new TerraformVariable(f.stack, "principal", { type: "string" }).stringValue });
      const loose = new UserAssignedIdentity(f.stack, "loose", {
        name: "id-loose",
        resourceGroupName: "rg",
        location: "westeurope",
      });
      grant(f, "unfederated", { principalId: loose.principalId });
      expect(sec02(f, "fromVar")).toMatchObject({ outcome: "unknown", attribute: "principal_id" });
      expect(sec02(f, "unfederated")).toMatchObject({
        outcome: "unknown",
        attribute: "principal_id",
        message: expect.stringContaining("no federated credential"),
      });
    });
    it("for a scope from a variable or a data source", () => {
      const f = compliantFixture();
      grant(f, "scopeVar", {
        scope: `${new TerraformVariable(f.stack, "vault_id", { type: "string" }).stringValue}/secrets/db-password`,
      });
      expect(sec02(f, "scopeVar")).toMatchObject({ outcome: "unknown", attribute: "scope" });
    });
    it("for a broad role to a workload identity on a scope it cannot trace, and ignores it outside vaults", () => {
      const f = compliantFixture();
      grant(f, "broadVar", {
        roleDefinitionName: "Key Vault Administrator",
        scope: new TerraformVariable(f.stack, "scope", { type: "string" }).stringValue,
      });
      grant(f, "broadElsewhere", { roleDefinitionName: "Key Vault Administrator", scope: f.registry.id });
      const all = evaluateAll(aksSec02, f.stack);
      expect(all["azurerm_role_assignment.broadVar"]).toMatchObject({
        outcome: "unknown",
        attribute: "role_definition_name",
      });
      expect(all["azurerm_role_assignment.broadElsewhere"]).toBeUndefined();
    });
  });

  it("ignores assignments of other roles", () => {
    expect(evaluateAll(aksSec02, compliantFixture().stack)["azurerm_role_assignment.pull"]).toBeUndefined();
  });

  describe("grants in a tenant stack (the vault and cluster come through remote state)", () => {
    const twoStacks = (principal: "tenant" | "kubelet") => {
      const app = Testing.app();
      const platform = new TerraformStack(app, "platform");
      const tenant = new TerraformStack(app, "tenant");
      new AzurermProvider(platform, "azurerm", { features: [{}] });
      new AzurermProvider(tenant, "azurerm", { features: [{}] });
      const cluster = new KubernetesCluster(platform, "aks", {
        name: "aks",
        location: "westeurope",
        resourceGroupName: "rg",
        dnsPrefix: "aks",
        defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5", nodeCount: 3 },
        identity: { type: "SystemAssigned" },
        keyVaultSecretsProvider: { secretRotationEnabled: true },
      });
      const vault = new KeyVault(platform, "kv", {
        name: "kv-platform",
        location: "westeurope",
        resourceGroupName: "rg",
        tenantId: "11111111-1111-4111-8111-111111111111",
        skuName: "standard",
      });
      const identity = new UserAssignedIdentity(tenant, "tenant_a", {
        name: "id-tenant-a",
        resourceGroupName: "rg",
        location: "westeurope",
      });
      new FederatedIdentityCredential(tenant, "tenant_a_fic", {
        name: "tenant-a",
        resourceGroupName: "rg",
        parentId: identity.id,
        audience: ["api://AzureADTokenExchange"],
        issuer: cluster.oidcIssuerUrl,
        subject: "system:serviceaccount:tenant-a:app",
      });
      new RoleAssignment(tenant, "read", {
        scope: `${vault.id}/secrets/db-password`,
        roleDefinitionName: "Key Vault Secrets User",
        principalId:
          principal === "tenant"
            ? identity.principalId
            : cluster.keyVaultSecretsProvider.secretIdentity.get(0).objectId,
      });
      for (const stack of [platform, tenant]) stack.prepareStack();
      return evaluateOne(aksSec02, tenant, "azurerm_role_assignment", "read");
    };
    it("is unknown for a workload identity on a vault of another stack (never silently skipped)", () => {
      expect(twoStacks("tenant")).toMatchObject({
        outcome: "unknown",
        attribute: "scope",
        value: expect.stringContaining("terraform_remote_state"),
      });
    });
    it("fails the add-on's shared identity taken from another stack", () => {
      expect(twoStacks("kubelet")).toMatchObject({
        outcome: "failed",
        attribute: "principal_id",
        value: expect.stringContaining("terraform_remote_state"),
      });
    });
  });
});

describe("Key Vault rules", () => {
  it("AKS-SEC-03 wants rbac_authorization_enabled", () => {
    expect(vault(aksSec03)).toMatchObject({ outcome: "passed", attribute: "rbac_authorization_enabled" });
    expect(vault(aksSec03, { vault: { rbacAuthorizationEnabled: undefined } })).toMatchObject({ outcome: "failed" });
    expect(
      vault(aksSec03, { vault: { rbacAuthorizationEnabled: undefined, enableRbacAuthorization: true } }),
    ).toMatchObject({ outcome: "passed", attribute: "enable_rbac_authorization" });
    expect(vault(aksSec03, { vault: { rbacAuthorizationEnabled: unresolved } })).toMatchObject({ outcome: "unknown" });
  });
  it("AKS-SEC-04 wants purge protection and 90 days", () => {
    expect(vault(aksSec04)).toMatchObject({ outcome: "passed" });
    expect(vault(aksSec04, { vault: { purgeProtectionEnabled: undefined } })).toMatchObject({
      outcome: "failed",
      attribute: "purge_protection_enabled",
    });
    expect(vault(aksSec04, { vault: { softDeleteRetentionDays: 7 } })).toMatchObject({
      outcome: "failed",
      attribute: "soft_delete_retention_days",
    });
  });
  it("AKS-SEC-05 wants a private vault", () => {
    expect(vault(aksSec05)).toMatchObject({ outcome: "passed" });
    expect(vault(aksSec05, { vault: { publicNetworkAccessEnabled: undefined } })).toMatchObject({
      outcome: "failed",
      attribute: "public_network_access_enabled",
    });
    expect(
      vault(aksSec05, { vault: { networkAcls: { defaultAction: "Allow", bypass: "AzureServices" } } }),
    ).toMatchObject({ outcome: "failed", attribute: "network_acls.default_action" });
    expect(vault(aksSec05, { without: ["vaultEndpoint"] })).toMatchObject({
      outcome: "failed",
      attribute: "private_endpoint",
    });
  });
  it("AKS-SEC-06 wants audit logs", () => {
    expect(vault(aksSec06)).toMatchObject({ outcome: "passed" });
    expect(vault(aksSec06, { without: ["vaultDiagnostics"] })).toMatchObject({ outcome: "failed" });
  });
  it("AKS-SEC-06 is unknown for a setting on a target only apply knows, or with expression categories", () => {
    const f = compliantFixture({ without: ["vaultDiagnostics"] });
    new MonitorDiagnosticSetting(f.stack, "remote", {
      name: "audit",
      targetResourceId: "${var.vault_id}",
      logAnalyticsWorkspaceId: "/law",
      enabledLog: [{ categoryGroup: "audit" }],
    });
    expect(evaluateOne(aksSec06, f.stack, "azurerm_key_vault", "kv")).toMatchObject({
      outcome: "unknown",
      attribute: "azurerm_monitor_diagnostic_setting.target_resource_id",
    });
    const g = compliantFixture({ without: ["vaultDiagnostics"] });
    new MonitorDiagnosticSetting(g.stack, "dynamic", {
      name: "audit",
      targetResourceId: g.vault.id,
      logAnalyticsWorkspaceId: "/law",
      enabledLog: [{ categoryGroup: "${var.group}" }],
    });
    expect(evaluateOne(aksSec06, g.stack, "azurerm_key_vault", "kv")).toMatchObject({
      outcome: "unknown",
      attribute: "enabled_log",
      value: "azurerm_monitor_diagnostic_setting.dynamic",
    });
  });
  it("AKS-SEC-07 wants expiry and key rotation", () => {
    const f = compliantFixture();
    expect(evaluateOne(aksSec07, f.stack, "azurerm_key_vault_secret", "secret")).toMatchObject({ outcome: "passed" });
    expect(evaluateOne(aksSec07, f.stack, "azurerm_key_vault_key", "key")).toMatchObject({ outcome: "passed" });
    new KeyVaultSecret(f.stack, "forever", { name: "forever", value: "x", keyVaultId: f.vault.id });
    f.key.resetRotationPolicy();
    expect(evaluateOne(aksSec07, f.stack, "azurerm_key_vault_secret", "forever")).toMatchObject({
      outcome: "failed",
      attribute: "expiration_date",
    });
    expect(evaluateOne(aksSec07, f.stack, "azurerm_key_vault_key", "key")).toMatchObject({
      outcome: "failed",
      attribute: "rotation_policy",
    });
  });
  it("AKS-SEC-07: an expiry expression is unknown unless it references a declared timestamp resource", () => {
    const f = compliantFixture();
    new KeyVaultSecret(f.stack, "variable", {
      name: "v",
      value: "x",
      keyVaultId: f.vault.id,
      expirationDate: "${var.expiry}",
    });
    const offset = new TerraformResource(f.stack, "expiry", { terraformResourceType: "time_offset" });
    new KeyVaultSecret(f.stack, "offset", {
      name: "o",
      value: "x",
      keyVaultId: f.vault.id,
      expirationDate: `\${${offset.terraformResourceType}.${offset.friendlyUniqueId}.rfc3339}`,
    });
    new KeyVaultSecret(f.stack, "garbage", {
      name: "g",
      value: "x",
      keyVaultId: f.vault.id,
      expirationDate: "next year",
    });
    const all = evaluateAll(aksSec07, f.stack);
    expect(all["azurerm_key_vault_secret.variable"]).toMatchObject({
      outcome: "unknown",
      attribute: "expiration_date",
      value: "${var.expiry}",
    });
    expect(all["azurerm_key_vault_secret.offset"]).toMatchObject({
      outcome: "passed",
      message: "expiry from time_offset.expiry",
    });
    expect(all["azurerm_key_vault_secret.garbage"]).toMatchObject({
      outcome: "failed",
      attribute: "expiration_date",
      value: "next year",
    });
  });
});

describe("AKS-DAT-05 backup (warning)", () => {
  it("fails without and passes with a backup instance", () => {
    expect(aksDat05.severity).toBe("warning");
    const f = compliantFixture();
    expect(evaluateOne(aksDat05, f.stack, "azurerm_kubernetes_cluster", "aks")).toMatchObject({ outcome: "failed" });
    new DataProtectionBackupInstanceKubernetesCluster(f.stack, "backup", {
      name: "aks",
      location: "westeurope",
      vaultId: "/x",
      kubernetesClusterId: f.cluster.id,
      snapshotResourceGroupName: "rg",
      backupPolicyId: "/y",
    });
    expect(evaluateOne(aksDat05, f.stack, "azurerm_kubernetes_cluster", "aks")).toMatchObject({ outcome: "passed" });
  });
  it("is unknown for a backup instance of a cluster only apply knows", () => {
    const f = compliantFixture();
    new DataProtectionBackupInstanceKubernetesCluster(f.stack, "remote", {
      name: "aks",
      location: "westeurope",
      vaultId: "/x",
      kubernetesClusterId: "${var.cluster_id}",
      snapshotResourceGroupName: "rg",
      backupPolicyId: "/y",
    });
    expect(evaluateOne(aksDat05, f.stack, "azurerm_kubernetes_cluster", "aks")).toMatchObject({
      outcome: "unknown",
      value: "${var.cluster_id}",
    });
  });
});
