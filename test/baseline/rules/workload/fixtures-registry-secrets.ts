import { TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { ContainerRegistry, ContainerRegistryConfig } from "@cdktf/provider-azurerm/lib/container-registry";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { KeyVault, KeyVaultConfig } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { Rule, RuleFinding, TerraformDocument } from "../../../../lib/baseline/rule";

export const SUBNET =
  "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe";

/** The resources of a compliant registry/vault/Defender setup, for tests to mutate. */
export interface Fixture {
  readonly stack: TerraformStack;
  readonly cluster: KubernetesCluster;
  readonly registry: ContainerRegistry;
  readonly vault: KeyVault;
  readonly identity: UserAssignedIdentity;
  readonly pricing: SecurityCenterSubscriptionPricing;
  readonly secret: KeyVaultSecret;
  readonly key: KeyVaultKey;
}

export interface FixtureOptions {
  registry?: Partial<ContainerRegistryConfig>;
  vault?: Partial<KeyVaultConfig>;
  /** Leave out the private endpoints, lock, diagnostic setting. */
  without?: ("registryEndpoint" | "vaultEndpoint" | "lock" | "vaultDiagnostics")[];
}

const common = { resourceGroupName: "rg", location: "westeurope" };

export function compliantFixture(options: FixtureOptions = {}): Fixture {
  const without = new Set(options.without ?? []);
  const stack = new TerraformStack(Testing.app(), "fixture");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const cluster = new KubernetesCluster(stack, "aks", {
    ...common,
    name: "aks",
    dnsPrefix: "aks",
    defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5", nodeCount: 3 },
    identity: { type: "SystemAssigned" },
    keyVaultSecretsProvider: { secretRotationEnabled: true },
  });
  const registry = new ContainerRegistry(stack, "acr", {
    ...common,
    name: "acrfixture",
    sku: "Premium",
    adminEnabled: false,
    anonymousPullEnabled: false,
    publicNetworkAccessEnabled: false,
    exportPolicyEnabled: false,
    networkRuleSet: [{ defaultAction: "Deny" }],
    ...options.registry,
  });
  if (!without.has("registryEndpoint")) {
    new PrivateEndpoint(stack, "acr_pe", {
      ...common,
      name: "pe-acr",
      subnetId: SUBNET,
      privateServiceConnection: {
        name: "acr",
        isManualConnection: false,
        privateConnectionResourceId: registry.id,
        subresourceNames: ["registry"],
      },
    });
  }
  if (!without.has("lock"))
    new ManagementLock(stack, "acr_lock", { name: "lock", scope: registry.id, lockLevel: "CanNotDelete" });
  new RoleAssignment(stack, "pull", {
    scope: registry.id,
    roleDefinitionName: "AcrPull",
    principalId: cluster.kubeletIdentity.objectId,
  });

  const vault = new KeyVault(stack, "kv", {
    ...common,
    name: "kv-fixture",
    tenantId: "11111111-1111-4111-8111-111111111111",
    skuName: "standard",
    rbacAuthorizationEnabled: true,
    purgeProtectionEnabled: true,
    softDeleteRetentionDays: 90,
    publicNetworkAccessEnabled: false,
    networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
    ...options.vault,
  });
  if (!without.has("vaultEndpoint")) {
    new PrivateEndpoint(stack, "kv_pe", {
      ...common,
      name: "pe-kv",
      subnetId: SUBNET,
      privateServiceConnection: {
        name: "kv",
        isManualConnection: false,
        privateConnectionResourceId: vault.id,
        subresourceNames: ["vault"],
      },
    });
  }
  if (!without.has("vaultDiagnostics")) {
    new MonitorDiagnosticSetting(stack, "kv_diag", {
      name: "audit",
      targetResourceId: vault.id,
      logAnalyticsWorkspaceId: "/subscriptions/x/law",
      enabledLog: [{ categoryGroup: "audit" }],
    });
  }
  const secret = new KeyVaultSecret(stack, "secret", {
    name: "db-password",
    value: "x",
    keyVaultId: vault.id,
    expirationDate: "2027-01-01T00:00:00Z",
  });
  const key = new KeyVaultKey(stack, "key", {
    name: "cmk",
    keyVaultId: vault.id,
    keyType: "RSA",
    keySize: 3072,
    keyOpts: ["wrapKey", "unwrapKey"],
    expirationDate: "2027-01-01T00:00:00Z",
    rotationPolicy: { expireAfter: "P180D", notifyBeforeExpiry: "P29D", automatic: { timeBeforeExpiry: "P30D" } },
  });
  const identity = new UserAssignedIdentity(stack, "tenant_a", { ...common, name: "id-tenant-a" });
  new FederatedIdentityCredential(stack, "tenant_a_fic", {
    name: "tenant-a",
    resourceGroupName: "rg",
    parentId: identity.id,
    audience: ["api://AzureADTokenExchange"],
    issuer: cluster.oidcIssuerUrl,
    subject: "system:serviceaccount:tenant-a:app",
  });
  new RoleAssignment(stack, "read", {
    scope: secret.resourceVersionlessId,
    roleDefinitionName: "Key Vault Secrets User",
    principalId: identity.principalId,
  });
  const pricing = new SecurityCenterSubscriptionPricing(stack, "defender", {
    resourceType: "Containers",
    tier: "Standard",
    extension: [
      { name: "ContainerRegistriesVulnerabilityAssessments" },
      { name: "AgentlessDiscoveryForKubernetes" },
      { name: "ContainerSensor" },
    ],
  });
  return { stack, cluster, registry, vault, identity, pricing, secret, key };
}

export function documentOf(stack: TerraformStack): TerraformDocument {
  return parseTerraformDocument(JSON.parse(Testing.synth(stack)));
}

/** The rule's findings on every resource of its types, by address. */
export function evaluateAll(rule: Rule, stack: TerraformStack): Record<string, RuleFinding | undefined> {
  const document = documentOf(stack);
  const result: Record<string, RuleFinding | undefined> = {};
  for (const type of rule.resourceTypes) {
    for (const resource of document.ofType(type)) result[resource.address] = rule.evaluate(resource, document);
  }
  return result;
}

/** The single applicable finding of the rule on resources of `type`. */
export function evaluateOne(rule: Rule, stack: TerraformStack, type: string, name: string): RuleFinding | undefined {
  const document = documentOf(stack);
  const resource = document.byAddress(`${type}.${name}`);
  if (!resource) throw new Error(`no ${type}.${name} in the fixture`);
  return rule.evaluate(resource, document);
}
