import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KubernetesCluster, KubernetesClusterConfig } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import {
  KubernetesClusterNodePool,
  KubernetesClusterNodePoolConfig,
} from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { KeyVault, KeyVaultConfig } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { DiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";
import {
  MonitorDiagnosticSetting,
  MonitorDiagnosticSettingConfig,
} from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { Rule, RuleFinding, TerraformDocument } from "../../../../lib/baseline/rule";

const common = { resourceGroupName: "rg", location: "westeurope" };
const TENANT = "11111111-1111-4111-8111-111111111111";
const DEFINITION = "/providers/Microsoft.Authorization/policyDefinitions/";
const INITIATIVE = "/providers/Microsoft.Authorization/policySetDefinitions/";

/** A policy assignment of the fixture: logical name, policy id, parameters (object, or a raw JSON/expression string). */
export interface PolicySpec {
  readonly name: string;
  readonly id: string;
  readonly parameters?: Record<string, unknown> | string;
  readonly enforce?: boolean;
}

/** Assignments that meet every platform/pod-security control (the values SecureCluster's guardrails use). */
export function compliantPolicies(): PolicySpec[] {
  return [
    {
      name: "pss_baseline",
      id: `${INITIATIVE}a8640138-9b0a-4a28-b8cb-1666c838647d`,
      parameters: { effect: { value: "Deny" } },
    },
    {
      name: "pss_restricted",
      id: `${INITIATIVE}42b8ef37-b724-4e24-bbc8-7a7708edfe00`,
      parameters: {
        effect: { value: "Deny" },
        allowedCapabilities: { value: ["NET_BIND_SERVICE"] },
        requiredDropCapabilities: { value: ["ALL"] },
        namespaces: { value: ["team-a"] },
      },
    },
    {
      name: "safeguards",
      id: `${INITIATIVE}c047ea8e-9c78-49b2-958b-37e56d291a44`,
      parameters: { effect: { value: "Audit" } },
    },
    {
      name: "read_only",
      id: `${DEFINITION}df49d893-a74c-421d-bc95-c663042e5b80`,
      parameters: { effect: { value: "Audit" } },
    },
    {
      name: "sys_admin",
      id: `${DEFINITION}d2e7ea85-6b44-4317-a0be-1b951587f626`,
      parameters: { effect: { value: "Deny" } },
    },
    {
      name: "apparmor",
      id: `${DEFINITION}511f5417-5d12-434d-ab2e-816901e72a5e`,
      parameters: { effect: { value: "Deny" }, allowedProfiles: { value: ["runtime/default"] } },
    },
    {
      name: "seccomp",
      id: `${DEFINITION}975ce327-682c-4f2e-aa46-b9598289b86c`,
      parameters: { effect: { value: "Deny" } },
    },
    {
      name: "sysctls",
      id: `${DEFINITION}56d0a13f-712f-466b-8416-56fb354fb823`,
      parameters: { effect: { value: "Deny" }, forbiddenSysctls: { value: ["*"] } },
    },
    {
      name: "proc_mount",
      id: `${DEFINITION}f85eb0dd-92ee-40e9-8a76-db25a507d6d3`,
      parameters: { effect: { value: "Deny" }, procMountType: { value: "Default" } },
    },
    {
      name: "selinux",
      id: `${DEFINITION}e1e6c427-07d9-46ab-9689-bfa85431e636`,
      parameters: { effect: { value: "Deny" } },
    },
    {
      name: "flexvolume",
      id: `${DEFINITION}f4a8fce0-2dd5-4c21-9a36-8f0ec809d663`,
      parameters: { effect: { value: "Deny" }, allowedFlexVolumeDrivers: { value: [] } },
    },
    {
      name: "limits",
      id: `${DEFINITION}e345eecc-fa47-480f-9e88-67dcc122b164`,
      parameters: { effect: { value: "Deny" }, cpuLimit: { value: "4" }, memoryLimit: { value: "8Gi" } },
    },
    {
      name: "default_ns",
      id: `${DEFINITION}9f061a12-e40d-4183-a00e-171812443373`,
      parameters: { effect: { value: "Deny" } },
    },
  ];
}

/** Changes one assignment's parameters (or drops it with `null`). */
export function withPolicy(name: string, change: Partial<PolicySpec> | null): (policies: PolicySpec[]) => PolicySpec[] {
  return (policies) =>
    policies.flatMap((policy) => (policy.name !== name ? [policy] : change === null ? [] : [{ ...policy, ...change }]));
}

export interface PlatformOptions {
  readonly cluster?: (config: KubernetesClusterConfig) => KubernetesClusterConfig;
  readonly pool?: (config: KubernetesClusterNodePoolConfig) => KubernetesClusterNodePoolConfig;
  readonly policies?: (policies: PolicySpec[]) => PolicySpec[];
  /** Changes to the control-plane diagnostic setting; null leaves it out. */
  readonly diagnostic?: ((config: MonitorDiagnosticSettingConfig) => MonitorDiagnosticSettingConfig) | null;
  /** Tenant namespaces created in the stack (default ["team-a"]). */
  readonly namespaces?: string[];
  /** Changes to the KMS vault. */
  readonly vault?: (config: KeyVaultConfig) => KeyVaultConfig;
}

export interface PlatformFixture {
  readonly stack: TerraformStack;
  readonly cluster: KubernetesCluster;
  readonly pool: KubernetesClusterNodePool;
  readonly key: KeyVaultKey;
  readonly diskEncryptionSet: DiskEncryptionSet;
  /** A string variable, for expression (unknown) cases. */
  readonly variable: TerraformVariable;
}

/** A stack of raw provider resources that passes every platform, data, logging and pod-security rule. */
export function platformFixture(options: PlatformOptions = {}): PlatformFixture {
  const stack = new TerraformStack(Testing.app(), "platform");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new KubernetesProvider(stack, "kubernetes", {});
  const variable = new TerraformVariable(stack, "input", { type: "string" });
  const vaultConfig: KeyVaultConfig = {
    ...common,
    name: "kv-kms",
    tenantId: TENANT,
    skuName: "premium",
    purgeProtectionEnabled: true,
    publicNetworkAccessEnabled: false,
    rbacAuthorizationEnabled: true,
  };
  const vault = new KeyVault(stack, "kms_vault", options.vault ? options.vault(vaultConfig) : vaultConfig);
  const key = new KeyVaultKey(stack, "kms_key", {
    name: "kms",
    keyVaultId: vault.id,
    keyType: "RSA",
    keySize: 2048,
    keyOpts: ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
    expirationDate: "2027-01-01T00:00:00Z",
  });
  const diskKey = new KeyVaultKey(stack, "disk_key", {
    name: "disk",
    keyVaultId: vault.id,
    keyType: "RSA",
    keySize: 2048,
    keyOpts: ["wrapKey", "unwrapKey"],
    expirationDate: "2027-01-01T00:00:00Z",
  });
  const diskEncryptionSet = new DiskEncryptionSet(stack, "des", {
    ...common,
    name: "des",
    keyVaultKeyId: diskKey.versionlessId,
    identity: { type: "SystemAssigned" },
  });
  const clusterConfig: KubernetesClusterConfig = {
    ...common,
    name: "aks",
    dnsPrefix: "aks",
    skuTier: "Standard",
    azurePolicyEnabled: true,
    imageCleanerEnabled: true,
    imageCleanerIntervalHours: 168,
    automaticUpgradeChannel: "patch",
    maintenanceWindowAutoUpgrade: {
      frequency: "Weekly",
      interval: 1,
      duration: 4,
      dayOfWeek: "Sunday",
      startTime: "00:00",
    },
    nodeOsUpgradeChannel: "NodeImage",
    maintenanceWindowNodeOs: {
      frequency: "Weekly",
      interval: 1,
      duration: 4,
      dayOfWeek: "Saturday",
      startTime: "00:00",
    },
    diskEncryptionSetId: diskEncryptionSet.id,
    identity: {
      type: "UserAssigned",
      identityIds: [
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks",
      ],
    },
    apiServerAccessProfile: {
      virtualNetworkIntegrationEnabled: true,
      subnetId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/api",
    },
    keyManagementService: { keyVaultKeyId: key.id, keyVaultNetworkAccess: "Private" },
    keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: "2m" },
    omsAgent: { logAnalyticsWorkspaceId: "/subscriptions/x/law", msiAuthForMonitoringEnabled: true },
    microsoftDefender: { logAnalyticsWorkspaceId: "/subscriptions/x/law" },
    defaultNodePool: {
      name: "system",
      vmSize: "Standard_D4ds_v5",
      onlyCriticalAddonsEnabled: true,
      hostEncryptionEnabled: true,
      osDiskType: "Ephemeral",
      nodeCount: 3,
    },
  };
  const cluster = new KubernetesCluster(stack, "aks", options.cluster ? options.cluster(clusterConfig) : clusterConfig);
  const poolConfig: KubernetesClusterNodePoolConfig = {
    name: "user",
    kubernetesClusterId: cluster.id,
    vmSize: "Standard_D4ds_v5",
    mode: "User",
    hostEncryptionEnabled: true,
    osDiskType: "Ephemeral",
  };
  const pool = new KubernetesClusterNodePool(stack, "user", options.pool ? options.pool(poolConfig) : poolConfig);
  if (options.diagnostic !== null) {
    const diagnostic: MonitorDiagnosticSettingConfig = {
      name: "control-plane",
      targetResourceId: cluster.id,
      logAnalyticsWorkspaceId: "/subscriptions/x/law",
      enabledLog: [{ category: "kube-audit-admin" }, { category: "guard" }],
    };
    new MonitorDiagnosticSetting(stack, "diag", options.diagnostic ? options.diagnostic(diagnostic) : diagnostic);
  }
  for (const name of options.namespaces ?? ["team-a"])
    new NamespaceV1(stack, `ns_${name.replace(/-/g, "_")}`, { metadata: { name } });
  const policies = options.policies ? options.policies(compliantPolicies()) : compliantPolicies();
  for (const policy of policies) {
    new ResourcePolicyAssignment(stack, policy.name, {
      name: policy.name,
      resourceId: cluster.id,
      policyDefinitionId: policy.id,
      enforce: policy.enforce,
      parameters:
        policy.parameters === undefined
          ? undefined
          : typeof policy.parameters === "string"
            ? policy.parameters
            : JSON.stringify(policy.parameters),
    });
  }
  return { stack, cluster, pool, key, diskEncryptionSet, variable };
}

/** The parsed document of a fixture. */
export function documentOf(fixture: { stack: TerraformStack }): TerraformDocument {
  return parseTerraformDocument(JSON.parse(Testing.synth(fixture.stack)));
}

/** Evaluates `rule` on the resource at `address` (default the cluster). */
export function evaluatePlatform(
  rule: Rule,
  fixture: { stack: TerraformStack },
  address = "azurerm_kubernetes_cluster.aks",
): RuleFinding | undefined {
  const document = documentOf(fixture);
  const resource = document.byAddress(address);
  if (!resource) throw new Error(`no ${address} in the fixture`);
  return rule.evaluate(resource, document);
}
