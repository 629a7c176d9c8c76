import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { AcrIntegration, AcrIntegrationProps } from "../../lib/registry/acr-integration";
import { RegistryAttributes } from "../../lib/registry/imported-registry";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { toPassSecurityBaseline } from "../../lib/baseline/jest-matcher";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { ImportedCluster } from "../../lib/cluster/imported-cluster";
import { KeyVaultCsi } from "../../lib/secrets/key-vault-csi";
import {
  clusterAttributes,
  importedCluster,
  tenantNamespace,
  HUB_ACR_ZONE,
  HUB_KV_ZONE,
  Json,
  KUBELET_OBJECT_ID,
  KUBELET_OBJECT_ID_2,
  PE_SUBNET,
  SUB,
  VNET,
  expectInvalid,
  newStack,
  only,
  resources,
  synth,
} from "./fixtures";

const base: AcrIntegrationProps = {
  registryName: "acrPlatform01",
  resourceGroupName: "rg-acr",
  location: "westeurope",
  privateEndpoint: { subnetId: PE_SUBNET },
};
const REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/rg-shared/providers/Microsoft.ContainerRegistry/registries/acrshared01`;

function params(assignment: Json): Json {
  return JSON.parse(assignment.parameters);
}

describe("AcrIntegration defaults", () => {
  let doc: Json;
  beforeAll(() => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    new AcrIntegration(stack, "Acr", { ...base, clusters: [cluster] });
    doc = synth(stack);
  });

  test("registry is Premium, private and credential-free (AKS-ACR-02..05)", () => {
    const acr = only(doc, "azurerm_container_registry");
    expect(acr.name).toBe("acrPlatform01");
    expect(acr.sku).toBe("Premium");
    expect(acr.admin_enabled).toBe(false);
    expect(acr.anonymous_pull_enabled).toBe(false);
    expect(acr.public_network_access_enabled).toBe(false);
    expect(acr.network_rule_set).toEqual([{ default_action: "Deny", ip_rule: [] }]);
    expect(acr.network_rule_bypass_option).toBe("AzureServices");
    expect(acr.export_policy_enabled).toBe(false);
    expect(acr.retention_policy_in_days).toBe(30);
    expect(acr.zone_redundancy_enabled).toBe(true);
    expect(acr.data_endpoint_enabled).toBe(true);
    expect(acr.quarantine_policy_enabled).toBe(false);
    expect(acr.trust_policy_enabled).toBe(false);
    expect(acr.identity).toBeUndefined();
    expect(acr.encryption).toBeUndefined();
  });

  test("CanNotDelete lock on the registry (AKS-ACR-11)", () => {
    const lock = only(doc, "azurerm_management_lock");
    expect(lock.lock_level).toBe("CanNotDelete");
    expect(lock.scope).toMatch(/^\$\{azurerm_container_registry\.Acr_Registry_[0-9A-F]+\.id\}$/);
  });

  test("private endpoint on the registry sub-resource with a privatelink.azurecr.io zone group (AKS-ACR-04)", () => {
    const pe = only(doc, "azurerm_private_endpoint");
    expect(pe.subnet_id).toBe(PE_SUBNET);
    expect(pe.location).toBe("westeurope");
    expect(pe.resource_group_name).toBe("rg-acr");
    expect(pe.private_service_connection.subresource_names).toEqual(["registry"]);
    expect(pe.private_service_connection.is_manual_connection).toBe(false);
    expect(pe.private_service_connection.private_connection_resource_id).toMatch(
      /^\$\{azurerm_container_registry\..+\.id\}$/,
    );
    const zone = only(doc, "azurerm_private_dns_zone");
    expect(zone.name).toBe("privatelink.azurecr.io");
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual([
      expect.stringMatching(/^\$\{azurerm_private_dns_zone\..+\.id\}$/),
    ]);
    const link = only(doc, "azurerm_private_dns_zone_virtual_network_link");
    expect(link.virtual_network_id).toBe(VNET);
    expect(link.registration_enabled).toBe(false);
  });

  test("AcrPull to the kubelet identity object id (AKS-ACR-01)", () => {
    const ra = only(doc, "azurerm_role_assignment");
    expect(ra.role_definition_name).toBe("AcrPull");
    expect(ra.principal_id).toBe(KUBELET_OBJECT_ID);
    expect(ra.principal_type).toBe("ServicePrincipal");
    expect(ra.skip_service_principal_aad_check).toBe(true);
    expect(ra.scope).toMatch(/^\$\{azurerm_container_registry\..+\.id\}$/);
  });

  test("allowed-images Deny assignment on the cluster (AKS-ACR-07)", () => {
    const pa = only(doc, "azurerm_resource_policy_assignment");
    expect(pa.policy_definition_id).toBe(
      "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469",
    );
    expect(pa.resource_id).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-a`,
    );
    expect(params(pa)).toEqual({
      effect: { value: "Deny" },
      allowedContainerImagesRegex: { value: "^(acrplatform01\\.azurecr\\.io)/.+$" },
      excludedNamespaces: { value: ["azure-arc", "azure-extensions-usage-system", "gatekeeper-system", "kube-system"] },
    });
    const regex = new RegExp(params(pa).allowedContainerImagesRegex.value);
    expect(regex.test("acrplatform01.azurecr.io/team-a/api:1.2.3")).toBe(true);
    expect(regex.test("acrplatform01Xazurecr.io/x:1")).toBe(false);
    expect(regex.test("docker.io/library/nginx:latest")).toBe(false);
    expect(regex.test("acrplatform01.azurecr.io.evil.example/x:1")).toBe(false);
  });

  test("matches the snapshot", () => {
    const stack = newStack();
    new AcrIntegration(stack, "Acr", { ...base, clusters: [importedCluster(stack, "Cluster")] });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});

describe("AcrIntegration clusters", () => {
  test("any number of clusters, one AcrPull each, idempotent grantPull", () => {
    const stack = newStack();
    const a = importedCluster(stack, "A");
    const b = importedCluster(stack, "B", { clusterName: "aks-b", kubeletIdentityObjectId: KUBELET_OBJECT_ID_2 });
    const acr = new AcrIntegration(stack, "Acr", { ...base, clusters: [a] });
    const first = acr.grantPull(b);
    expect(acr.grantPull(b)).toBe(first);
    const doc = synth(stack);
    expect(
      resources(doc, "azurerm_role_assignment")
        .map((r) => r.principal_id)
        .sort(),
    ).toEqual([KUBELET_OBJECT_ID, KUBELET_OBJECT_ID_2]);
    expect(
      resources(doc, "azurerm_resource_policy_assignment")
        .map((r) => r.resource_id)
        .sort(),
    ).toEqual([expect.stringMatching(/aks-a$/), expect.stringMatching(/aks-b$/)]);
    expect(acr.pullRoleAssignments).toHaveLength(2);
    expect(acr.allowedImagesAssignments).toHaveLength(2);
  });

  test("two registries on one cluster share one assignment whose regex allows both, independent of order", () => {
    const regexOf = (order: "ab" | "ba") => {
      const stack = newStack();
      const cluster = importedCluster(stack, "Cluster");
      const mk = (n: string) =>
        new AcrIntegration(stack, n, {
          ...base,
          registryName: n,
          privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_ACR_ZONE },
          clusters: [cluster],
        });
      if (order === "ab") {
        mk("acrAlpha1");
        mk("acrBeta01");
      } else {
        mk("acrBeta01");
        mk("acrAlpha1");
      }
      return params(only(synth(stack), "azurerm_resource_policy_assignment")).allowedContainerImagesRegex.value;
    };
    expect(regexOf("ab")).toBe("^(acralpha1\\.azurecr\\.io|acrbeta01\\.azurecr\\.io)/.+$");
    expect(regexOf("ba")).toBe(regexOf("ab"));
  });

  test("additional prefixes and excluded namespaces are merged", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    new AcrIntegration(stack, "Acr", {
      ...base,
      clusters: [cluster],
      additionalAllowedImagePrefixes: ["mcr.microsoft.com/oss"],
      imagePolicyExcludedNamespaces: ["kube-system", "ingress-system"],
    });
    const p = params(only(synth(stack), "azurerm_resource_policy_assignment"));
    expect(p.allowedContainerImagesRegex.value).toBe("^(acrplatform01\\.azurecr\\.io|mcr\\.microsoft\\.com/oss)/.+$");
    expect(p.excludedNamespaces.value).toEqual(["ingress-system", "kube-system"]);
  });

  test("restrictClusterImages: false grants AcrPull without a policy assignment", () => {
    const stack = newStack();
    new AcrIntegration(stack, "Acr", {
      ...base,
      restrictClusterImages: false,
      clusters: [importedCluster(stack, "Cluster")],
    });
    const doc = synth(stack);
    expect(resources(doc, "azurerm_resource_policy_assignment")).toHaveLength(0);
    expect(resources(doc, "azurerm_role_assignment")).toHaveLength(1);
  });

  test("an unrestricted registry stays allowed when another registry restricts the same cluster", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const zone = { subnetId: PE_SUBNET, privateDnsZoneId: HUB_ACR_ZONE };
    new AcrIntegration(stack, "Open", {
      ...base,
      registryName: "acrOpen01",
      privateEndpoint: zone,
      restrictClusterImages: false,
      clusters: [cluster],
    });
    new AcrIntegration(stack, "Strict", {
      ...base,
      registryName: "acrStrict01",
      privateEndpoint: zone,
      clusters: [cluster],
    });
    const p = params(only(synth(stack), "azurerm_resource_policy_assignment"));
    expect(p.allowedContainerImagesRegex.value).toBe("^(acropen01\\.azurecr\\.io|acrstrict01\\.azurecr\\.io)/.+$");
  });

  test("with a real SecureCluster: kubelet object id, policy in the cluster, endpoint in its ClusterNetwork subnet", () => {
    const stack = newStack();
    const network = {
      virtualNetworkId: VNET,
      nodeSubnetId: `${VNET}/subnets/snet-nodes`,
      apiServerSubnetId: `${VNET}/subnets/snet-api`,
      privateEndpointSubnetId: PE_SUBNET,
      addressSpace: "10.10.0.0/16",
      nodeSubnetCidr: "10.10.0.0/20",
      apiServerSubnetCidr: "10.10.16.0/28",
      privateEndpointSubnetCidr: "10.10.17.0/24",
      outboundType: "userAssignedNATGateway" as const,
      egressDependencies: [],
    };
    const cluster = new SecureCluster(stack, "Cluster", {
      resourceGroupName: "rg-aks",
      location: "westeurope",
      clusterName: "aks-real",
      kubernetesVersion: "1.36",
      entraId: {
        tenantId: "11111111-1111-4111-8111-111111111111",
        adminGroupObjectIds: ["22222222-2222-4222-8222-222222222222"],
      },
      network,
    });
    new AcrIntegration(stack, "Acr", { ...base, privateEndpoint: undefined, clusters: [cluster] });
    const doc = synth(stack);
    const pull = resources(doc, "azurerm_role_assignment").find((r) => r.role_definition_name === "AcrPull");
    expect(pull.principal_id).toMatch(
      /^\$\{azurerm_kubernetes_cluster\.Cluster_[0-9A-F]+\.kubelet_identity\[0\]\.object_id\}$/,
    );
    const images = resources(doc, "azurerm_resource_policy_assignment").find((r) => r.name === "aks-allowed-images");
    expect(images.resource_id).toMatch(/^\$\{azurerm_kubernetes_cluster\..+\.id\}$/);
    expect(only(doc, "azurerm_private_endpoint").subnet_id).toBe(PE_SUBNET);
    expect(only(doc, "azurerm_private_dns_zone_virtual_network_link").virtual_network_id).toBe(VNET);
  });
});

describe("AcrIntegration options", () => {
  test("BYO hub zone: no zone, no link, zone group uses the given id", () => {
    const stack = newStack();
    new AcrIntegration(stack, "Acr", {
      ...base,
      privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_ACR_ZONE },
    });
    const doc = synth(stack);
    expect(resources(doc, "azurerm_private_dns_zone")).toHaveLength(0);
    expect(resources(doc, "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(0);
    expect(only(doc, "azurerm_private_endpoint").private_dns_zone_group.private_dns_zone_ids).toEqual([HUB_ACR_ZONE]);
  });

  test("customer-managed key: user-assigned identity, encryption block, key access before the registry (AKS-ACR-10)", () => {
    const stack = newStack();
    const vaultId = `/subscriptions/${SUB}/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-cmk`;
    new AcrIntegration(stack, "Acr", {
      ...base,
      customerManagedKey: { keyVaultKeyId: "https://kv-cmk.vault.azure.net/keys/acr-cmk", keyVaultId: vaultId },
    });
    const doc = synth(stack);
    const acr = only(doc, "azurerm_container_registry");
    expect(acr.identity.type).toBe("UserAssigned");
    expect(acr.identity.identity_ids).toEqual([
      expect.stringMatching(/^\$\{azurerm_user_assigned_identity\..+\.id\}$/),
    ]);
    expect(acr.encryption).toEqual([
      {
        key_vault_key_id: "https://kv-cmk.vault.azure.net/keys/acr-cmk",
        identity_client_id: expect.stringMatching(/\.client_id\}$/),
      },
    ]);
    const grant = only(doc, "azurerm_role_assignment");
    expect(grant.role_definition_name).toBe("Key Vault Crypto Service Encryption User");
    expect(grant.scope).toBe(vaultId);
    expect(grant.principal_id).toMatch(/\.principal_id\}$/);
    expect(acr.depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\./)]);
  });

  test("deleteLock: false, other retention, no zone redundancy", () => {
    const stack = newStack();
    new AcrIntegration(stack, "Acr", {
      ...base,
      deleteLock: false,
      retentionDays: 7,
      zoneRedundancyEnabled: false,
      networkRuleBypassOption: "None",
    });
    const doc = synth(stack);
    expect(resources(doc, "azurerm_management_lock")).toHaveLength(0);
    const acr = only(doc, "azurerm_container_registry");
    expect(acr.retention_policy_in_days).toBe(7);
    expect(acr.zone_redundancy_enabled).toBe(false);
    expect(acr.network_rule_bypass_option).toBe("None");
  });

  test("imported registry: no registry, lock or zone; AcrPull on its id; login server from the id", () => {
    const stack = newStack();
    const acr = AcrIntegration.fromRegistryAttributes(stack, "Shared", {
      registryId: REGISTRY_ID,
      clusters: [importedCluster(stack, "Cluster")],
    });
    const doc = synth(stack);
    expect(resources(doc, "azurerm_container_registry")).toHaveLength(0);
    expect(resources(doc, "azurerm_management_lock")).toHaveLength(0);
    expect(resources(doc, "azurerm_private_endpoint")).toHaveLength(0);
    expect(only(doc, "azurerm_role_assignment").scope).toBe(REGISTRY_ID);
    expect(acr.loginServer).toBe("acrshared01.azurecr.io");
    expect(params(only(doc, "azurerm_resource_policy_assignment")).allowedContainerImagesRegex.value).toBe(
      "^(acrshared01\\.azurecr\\.io)/.+$",
    );
  });

  test("imported registry with a spoke endpoint", () => {
    const stack = newStack();
    AcrIntegration.fromRegistryAttributes(stack, "Shared", {
      registryId: REGISTRY_ID,
      resourceGroupName: "rg-spoke",
      location: "westeurope",
      privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_ACR_ZONE },
    });
    const pe = only(synth(stack), "azurerm_private_endpoint");
    expect(pe.private_service_connection.private_connection_resource_id).toBe(REGISTRY_ID);
    expect(pe.resource_group_name).toBe("rg-spoke");
  });

  test("tokens are never rejected", () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, "name", { type: "string" }).stringValue;
    const days = new TerraformVariable(stack, "days", { type: "number" }).numberValue;
    const subnet = new TerraformVariable(stack, "subnet", { type: "string" }).stringValue;
    new AcrIntegration(stack, "Acr", {
      ...base,
      registryName: name,
      retentionDays: days,
      loginServer: "acrfromvar.azurecr.io",
      privateEndpoint: { subnetId: subnet },
      clusters: [importedCluster(stack, "Cluster")],
    });
    const doc = synth(stack);
    expect(only(doc, "azurerm_container_registry").name).toBe("${var.name}");
    // The endpoint subnet's VNet (an expression) and the cluster's VNet, which may differ: both are linked.
    expect(resources(doc, "azurerm_private_dns_zone_virtual_network_link").map((l) => l.virtual_network_id)).toEqual([
      expect.stringContaining("var.subnet"),
      VNET,
    ]);
  });

  test("deterministic synthesis", () => {
    const build = () => {
      const stack = newStack();
      const a = importedCluster(stack, "A");
      const b = importedCluster(stack, "B", { clusterName: "aks-b", kubeletIdentityObjectId: KUBELET_OBJECT_ID_2 });
      new AcrIntegration(stack, "Acr", { ...base, clusters: [a, b] });
      return Testing.synth(stack);
    };
    expect(build()).toBe(build());
  });
});

describe("AcrIntegration bad input", () => {
  const build = (props: Partial<AcrIntegrationProps>) => () => {
    const stack = newStack();
    return new AcrIntegration(stack, "Acr", { ...base, ...props } as AcrIntegrationProps);
  };

  test("registry names", () => {
    expectInvalid(build({ registryName: "acr" }), "test/Acr", "registryName", '"acr"');
    expectInvalid(build({ registryName: "acr-platform" }), "test/Acr", "registryName", '"acr-platform"');
    expectInvalid(build({ registryName: "a".repeat(51) }), "test/Acr", "registryName", "aaaa");
    expectInvalid(build({ registryName: undefined }), "test/Acr", "registryName", "undefined");
  });

  test("non-Premium SKU with private networking", () => {
    expectInvalid(build({ sku: "Standard" }), "test/Acr", "sku", '"Standard"');
    expectInvalid(build({ sku: "Basic" }), "test/Acr", "sku", '"Basic"');
  });

  test("retention days out of 1-365 (0 turns retention off)", () => {
    expectInvalid(build({ retentionDays: 0 }), "test/Acr", "retentionDays", "0");
    expectInvalid(build({ retentionDays: NaN }), "test/Acr", "retentionDays", "NaN");
    expectInvalid(build({ retentionDays: -1 }), "test/Acr", "retentionDays", "-1");
    expectInvalid(build({ retentionDays: 366 }), "test/Acr", "retentionDays", "366");
    expectInvalid(build({ retentionDays: 1.5 }), "test/Acr", "retentionDays", "1.5");
  });

  test("missing private endpoint, resource group or location", () => {
    expectInvalid(build({ privateEndpoint: undefined }), "test/Acr", "privateEndpoint", "undefined");
    expectInvalid(build({ resourceGroupName: undefined }), "test/Acr", "resourceGroupName", "undefined");
    expectInvalid(build({ location: undefined }), "test/Acr", "location", "undefined");
  });

  test("bad private endpoint ids", () => {
    expectInvalid(build({ privateEndpoint: { subnetId: VNET } }), "test/Acr", "privateEndpoint.subnetId", VNET);
    const wrongZone = HUB_ACR_ZONE.replace("privatelink.azurecr.io", "privatelink.vaultcore.azure.net");
    expectInvalid(
      build({ privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: wrongZone } }),
      "test/Acr",
      "privateEndpoint.privateDnsZoneId",
      "privatelink.vaultcore.azure.net",
    );
    expectInvalid(
      build({ privateEndpoint: { subnetId: PE_SUBNET, virtualNetworkIds: [] } }),
      "test/Acr",
      "privateEndpoint.virtualNetworkIds",
      "[]",
    );
    expectInvalid(
      build({ privateEndpoint: { subnetId: PE_SUBNET, virtualNetworkIds: [VNET, VNET] } }),
      "test/Acr",
      "privateEndpoint.virtualNetworkIds",
      "vnet-aks",
    );
  });

  test("a second privatelink.azurecr.io zone in the same resource group", () => {
    expectInvalid(
      () => {
        const stack = newStack();
        new AcrIntegration(stack, "First", base);
        new AcrIntegration(stack, "Acr", { ...base, registryName: "acrSecond01" });
      },
      "test/Acr",
      "privateEndpoint.privateDnsZoneId",
      "undefined",
    );
  });

  test("customer-managed key id", () => {
    expectInvalid(
      build({ customerManagedKey: { keyVaultKeyId: "kv-cmk/keys/acr" } }),
      "test/Acr",
      "customerManagedKey.keyVaultKeyId",
      '"kv-cmk/keys/acr"',
    );
  });

  test("customer-managed key: the vault id must be the key's vault", () => {
    const keyVaultKeyId = "https://kv-cmk.vault.azure.net/keys/acr-cmk";
    const cmk = (keyVaultId: string) => build({ customerManagedKey: { keyVaultKeyId, keyVaultId } });
    expectInvalid(cmk("kv-cmk"), "test/Acr", "customerManagedKey.keyVaultId", '"kv-cmk"');
    expectInvalid(
      cmk(`/subscriptions/${SUB}/resourceGroups/rg-kv/providers/Microsoft.Storage/storageAccounts/kvcmk`),
      "test/Acr",
      "customerManagedKey.keyVaultId",
      "storageAccounts",
    );
    expectInvalid(
      cmk(`/subscriptions/${SUB}/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-other`),
      "test/Acr",
      "customerManagedKey.keyVaultId",
      "kv-other",
    );
    expect(() =>
      cmk(`/subscriptions/${SUB}/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/KV-CMK`)(),
    ).not.toThrow();
  });

  test("customer-managed key: identity ids", () => {
    const identity = {
      id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-acr`,
      clientId: "66666666-6666-4666-8666-666666666666",
      principalId: "77777777-7777-4777-8777-777777777777",
    };
    const cmk = (override: Partial<typeof identity>) =>
      build({
        customerManagedKey: {
          keyVaultKeyId: "https://kv-cmk.vault.azure.net/keys/acr-cmk",
          identity: { ...identity, ...override },
        },
      });
    expect(() => cmk({})()).not.toThrow();
    expectInvalid(cmk({ id: "id-acr" }), "test/Acr", "customerManagedKey.identity.id", '"id-acr"');
    expectInvalid(cmk({ id: VNET }), "test/Acr", "customerManagedKey.identity.id", "virtualNetworks");
    expectInvalid(
      cmk({ clientId: "id-acr-client" }),
      "test/Acr",
      "customerManagedKey.identity.clientId",
      '"id-acr-client"',
    );
    expectInvalid(cmk({ principalId: "" }), "test/Acr", "customerManagedKey.identity.principalId", '""');
    expectInvalid(
      cmk({ principalId: identity.clientId }),
      "test/Acr",
      "customerManagedKey.identity.principalId",
      identity.clientId,
    );
  });

  test("customer-managed key on an imported registry", () => {
    AcrIntegration.fromRegistryAttributes(newStack(), "Acr", {
      registryId: REGISTRY_ID,
      // @ts-expect-error a key applies only to a registry AcrIntegration creates (ACR takes it at creation)
      customerManagedKey: { keyVaultKeyId: "https://kv-cmk.vault.azure.net/keys/acr-cmk" },
    });
  });

  test("customer-managed key from a vault of the stack: RSA only, trusted services must pass its firewall", () => {
    const withVault = (bypass: "AzureServices" | "None", keyType: "RSA" | "EC") => {
      const stack = newStack();
      const cluster = importedCluster(stack, "Cluster");
      const vault = new KeyVaultCsi(stack, "Kv", {
        vaultName: "kv-cmk",
        resourceGroupName: "rg-kv",
        location: "westeurope",
        cluster,
        privateEndpoint: { subnetId: PE_SUBNET },
        networkAclsBypass: bypass,
      });
      const key = vault.addKey("AcrKey", { name: "acr-cmk", expirationDate: "2030-01-01T00:00:00Z", keyType });
      new AcrIntegration(stack, "Acr", {
        ...base,
        customerManagedKey: { keyVaultKeyId: key.versionlessId, keyVaultId: vault.vaultId },
      });
      return stack;
    };
    expect(() => Testing.synth(withVault("AzureServices", "RSA"), true)).not.toThrow();
    expect(() => Testing.synth(withVault("None", "RSA"), true)).toThrow(
      /\[test\/Acr\] customerManagedKey\.keyVaultId = .*is test\/Kv\/Vault, whose network ACL lets no trusted Azure service through.*Fix: keep networkAclsBypass "AzureServices"/,
    );
    expect(() => Testing.synth(withVault("AzureServices", "EC"), true)).toThrow(
      /\[test\/Acr\] customerManagedKey\.keyVaultKeyId = .*of key type EC; ACR encrypts only with RSA or RSA-HSM keys/,
    );
  });

  test("customer-managed key of another vault of the stack", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const mk = (id: string, name: string) =>
      new KeyVaultCsi(stack, id, {
        vaultName: name,
        resourceGroupName: "rg-kv",
        location: "westeurope",
        cluster,
        privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_KV_ZONE },
      });
    const a = mk("A", "kv-a-cmk");
    const b = mk("B", "kv-b-cmk");
    const key = a.addKey("AcrKey", { name: "acr-cmk", expirationDate: "2030-01-01T00:00:00Z" });
    new AcrIntegration(stack, "Acr", {
      ...base,
      customerManagedKey: { keyVaultKeyId: key.versionlessId, keyVaultId: b.vaultId },
    });
    expect(() => Testing.synth(stack, true)).toThrow(
      /customerManagedKey\.keyVaultId = .*is not the vault of the key test\/A\/AcrKey/,
    );
  });

  test("loginServer must be the created registry's", () => {
    expectInvalid(build({ loginServer: "evil.example.com" }), "test/Acr", "loginServer", '"evil.example.com"');
    expectInvalid(
      build({ loginServer: "acrother01.azurecr.io" }),
      "test/Acr",
      "loginServer",
      '"acrother01.azurecr.io"',
    );
    expectInvalid(
      build({ loginServer: "acrPlatform01.azurecr.io" }),
      "test/Acr",
      "loginServer",
      '"acrPlatform01.azurecr.io"',
    );
    for (const loginServer of ["acrplatform01.azurecr.io", "acrplatform01.azurecr.cn", "acrplatform01.azurecr.us"]) {
      expect(build({ loginServer })().loginServer).toBe(loginServer);
    }
  });

  test("imported registry id and creation-only props", () => {
    expectInvalid(
      () => AcrIntegration.fromRegistryAttributes(newStack(), "Acr", { registryId: "/subscriptions/x/registries/y" }),
      "test/Acr",
      "registryId",
      "/subscriptions/x/registries/y",
    );
    // @ts-expect-error sku applies only to a registry AcrIntegration creates
    AcrIntegration.fromRegistryAttributes(newStack(), "Acr", { registryId: REGISTRY_ID, sku: "Premium" });
    expectInvalid(
      () =>
        AcrIntegration.fromRegistryAttributes(newStack(), "Acr", {
          registryId: REGISTRY_ID,
          registryName: "acrOther01",
        }),
      "test/Acr",
      "registryName",
      '"acrOther01"',
    );
  });

  test("allowed-images options", () => {
    expectInvalid(
      build({ imagePolicyExcludedNamespaces: ["gatekeeper-system"] }),
      "test/Acr",
      "imagePolicyExcludedNamespaces",
      "gatekeeper-system",
    );
    const withCluster = (props: Partial<AcrIntegrationProps>) => () => {
      const stack = newStack();
      return new AcrIntegration(stack, "Acr", {
        ...base,
        ...props,
        clusters: [importedCluster(stack, "Cluster")],
      } as AcrIntegrationProps);
    };
    expectInvalid(
      withCluster({ additionalAllowedImagePrefixes: ["https://mcr.microsoft.com/"] }),
      "test/Acr",
      "additionalAllowedImagePrefixes",
      "https://mcr.microsoft.com/",
    );
    expectInvalid(
      withCluster({ additionalAllowedImagePrefixes: ["docker.io/*"] }),
      "test/Acr",
      "additionalAllowedImagePrefixes",
      "docker.io/*",
    );
    expectInvalid(
      withCluster({ imagePolicyExcludedNamespaces: ["kube-system", "Bad_NS"] }),
      "test/Acr",
      "imagePolicyExcludedNamespaces",
      "Bad_NS",
    );
  });

  test("a token registry name needs loginServer for the regex", () => {
    expectInvalid(
      () => {
        const stack = newStack();
        const name = new TerraformVariable(stack, "name", { type: "string" }).stringValue;
        new AcrIntegration(stack, "Acr", {
          ...base,
          registryName: name,
          clusters: [importedCluster(stack, "Cluster")],
        });
      },
      "test/Acr",
      "loginServer",
      "undefined",
    );
  });

  test("a kubelet identity value that is not an object id (UUID)", () => {
    // fromClusterAttributes rejects it already ...
    expectInvalid(
      () => importedCluster(newStack(), "Cluster", { kubeletIdentityObjectId: "not-an-object-id" }),
      "test/Cluster",
      "kubeletIdentityObjectId",
      '"not-an-object-id"',
    );
    // ... and AcrIntegration still checks what another ISecureCluster implementation hands it.
    class ClientIdCluster extends ImportedCluster {
      public override readonly kubeletIdentityObjectId = "not-an-object-id";
    }
    expectInvalid(
      () => {
        const stack = newStack();
        const cluster = new ClientIdCluster(stack, "Cluster", clusterAttributes());
        new AcrIntegration(stack, "Acr", { ...base, clusters: [cluster] });
      },
      "test/Acr",
      "clusters",
      '"not-an-object-id"',
    );
  });
});

describe("AcrIntegration and the security baseline", () => {
  test("the default output passes with zero suppressions and synth validation succeeds", () => {
    expect.extend({ toPassSecurityBaseline });
    const stack = newStack();
    new AcrIntegration(stack, "Acr", { ...base, clusters: [importedCluster(stack, "Cluster")] });
    expect(SecurityBaseline.of(stack)).toBeDefined();
    expect(stack).toPassSecurityBaseline();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("every cluster that pulls resolves the registry privately (AKS-NET-17)", () => {
  const OTHER_VNET = `/subscriptions/${SUB}/resourceGroups/rg-net2/providers/Microsoft.Network/virtualNetworks/vnet-aks-2`;

  test("a second cluster in another VNet gets its VNet linked to privatelink.azurecr.io, once", () => {
    const stack = newStack();
    const a = importedCluster(stack, "A");
    const b = importedCluster(stack, "B", {
      clusterName: "aks-b",
      kubeletIdentityObjectId: KUBELET_OBJECT_ID_2,
      virtualNetworkId: OTHER_VNET,
    });
    const acr = new AcrIntegration(stack, "Acr", { ...base, clusters: [a, b] });
    acr.grantPull(b);
    const links = resources(synth(stack), "azurerm_private_dns_zone_virtual_network_link");
    expect(links.map((l) => [l.name, l.virtual_network_id, l.registration_enabled])).toEqual([
      ["link-vnet-aks", VNET, false],
      ["link-vnet-aks-2", OTHER_VNET, false],
    ]);
    expect(links[1].private_dns_zone_name).toMatch(
      /^\$\{azurerm_private_dns_zone\.Acr_PrivateDnsZone_[0-9A-F]+\.name\}$/,
    );
    expect(acr.privateDnsZoneLinks).toHaveLength(2);
  });

  test("a cluster in the endpoint's VNet (or a VNet already listed, in any case) adds no link", () => {
    const stack = newStack();
    const b = importedCluster(stack, "B", {
      clusterName: "aks-b",
      kubeletIdentityObjectId: KUBELET_OBJECT_ID_2,
      virtualNetworkId: VNET.toUpperCase(),
    });
    new AcrIntegration(stack, "Acr", { ...base, clusters: [importedCluster(stack, "A"), b] });
    expect(resources(synth(stack), "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(1);
  });

  test("a hub-owned zone (privateDnsZoneId) is linked by its owner: nothing is created here", () => {
    const stack = newStack();
    const b = importedCluster(stack, "B", {
      clusterName: "aks-b",
      kubeletIdentityObjectId: KUBELET_OBJECT_ID_2,
      virtualNetworkId: OTHER_VNET,
    });
    new AcrIntegration(stack, "Acr", {
      ...base,
      privateEndpoint: { subnetId: PE_SUBNET, privateDnsZoneId: HUB_ACR_ZONE },
      clusters: [importedCluster(stack, "A"), b],
    });
    expect(resources(synth(stack), "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(0);
  });

  test("a cluster whose VNet is unknown at synth fails, naming the cluster", () => {
    // Only the node subnet is known, not the VNet.
    const subnetOnly = (scope: Construct, id: string, nodeSubnetId: string) =>
      importedCluster(scope, id, {
        clusterName: "aks-token",
        kubeletIdentityObjectId: KUBELET_OBJECT_ID_2,
        virtualNetworkId: undefined,
        nodeSubnetId,
      });
    expectInvalid(
      () => {
        const stack = newStack();
        const subnet = new TerraformVariable(stack, "subnet", { type: "string" }).stringValue;
        new AcrIntegration(stack, "Acr", {
          ...base,
          clusters: [importedCluster(stack, "A"), subnetOnly(stack, "Tok", subnet)],
        });
      },
      "test/Acr",
      "clusters",
      '"test/Tok"',
    );
    // A literal node subnet id gives its VNet.
    const stack = newStack();
    new AcrIntegration(stack, "Acr", {
      ...base,
      clusters: [importedCluster(stack, "A"), subnetOnly(stack, "Lit", `${OTHER_VNET}/subnets/snet-nodes`)],
    });
    expect(
      resources(synth(stack), "azurerm_private_dns_zone_virtual_network_link").map((l) => l.virtual_network_id),
    ).toEqual([VNET, OTHER_VNET]);
  });
});

describe("AcrIntegration.restrictNamespace (AKS-ACR-12)", () => {
  const params = (assignment: Json) => JSON.parse(assignment.parameters);

  test("a Deny assignment of febd0533 limited to the namespace, in its stack, admitting only its repository of this registry plus the cluster's other prefixes", () => {
    const app = Testing.app();
    const platform = new TerraformStack(app, "platform");
    const tenants = new TerraformStack(app, "tenants");
    const cluster = importedCluster(platform, "Cluster");
    const acr = new AcrIntegration(platform, "Acr", {
      ...base,
      clusters: [cluster],
      additionalAllowedImagePrefixes: ["mcr.microsoft.com/oss"],
    });
    const other = AcrIntegration.fromRegistryAttributes(platform, "Other", {
      registryId: REGISTRY_ID,
      clusters: [cluster],
    });
    const scope = acr.restrictNamespace(tenantNamespace(tenants, "TeamA", cluster, "team-a", ["api"]));
    const doc = JSON.parse(Testing.synth(tenants));
    const assignment = only(doc, "azurerm_resource_policy_assignment");
    expect(assignment.policy_definition_id).toBe(
      "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469",
    );
    expect(assignment.resource_id).toContain("managedClusters/aks-a");
    expect(assignment.name).toMatch(/^img-[0-9a-f]{6}-team-a$/);
    expect(params(assignment)).toEqual({
      effect: { value: "Deny" },
      namespaces: { value: ["team-a"] },
      allowedContainerImagesRegex: {
        value: `^(acrplatform01\\.azurecr\\.io/team-a|${other.loginServer.replace(/\./g, "\\.")}|mcr\\.microsoft\\.com/oss)/.+$`,
      },
    });
    expect(scope.repositoryPrefix).toBe("acrplatform01.azurecr.io/team-a");
    expect(acr.namespaceImageScopes).toEqual([scope]);
    expect(resources(JSON.parse(Testing.synth(platform)), "azurerm_resource_policy_assignment")).toHaveLength(1);
  });

  test("a custom repository, and a namespace name from a token, are written as given", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const acr = new AcrIntegration(stack, "Acr", { ...base, clusters: [cluster] });
    acr.restrictNamespace(tenantNamespace(stack, "TeamA", cluster, "team-a", []), { repository: "apps/team-a" });
    const ns = new TerraformVariable(stack, "ns", { type: "string" }).stringValue;
    acr.restrictNamespace(tenantNamespace(stack, "Dyn", cluster, ns, []));
    const regexes = resources(synth(stack), "azurerm_resource_policy_assignment")
      .filter((a) => params(a).namespaces)
      .map((a) => [params(a).namespaces.value[0], params(a).allowedContainerImagesRegex.value]);
    expect(regexes).toEqual(
      expect.arrayContaining([
        ["team-a", "^(acrplatform01\\.azurecr\\.io/apps/team-a)/.+$"],
        ["${var.ns}", "^(acrplatform01\\.azurecr\\.io/${var.ns})/.+$"],
      ]),
    );
    expect(regexes).toHaveLength(2);
  });

  test("bad input: a repository that is not a path, the same namespace twice", () => {
    const setup = () => {
      const stack = newStack();
      const cluster = importedCluster(stack, "Cluster");
      return {
        acr: new AcrIntegration(stack, "Acr", { ...base, clusters: [cluster] }),
        namespace: tenantNamespace(stack, "TeamA", cluster, "team-a", []),
      };
    };
    expectInvalid(
      () => {
        const { acr, namespace } = setup();
        acr.restrictNamespace(namespace, { repository: "Team-A/" });
      },
      "test/Acr",
      "restrictNamespace.repository",
      '"Team-A/"',
    );
    expectInvalid(
      () => {
        const { acr, namespace } = setup();
        acr.restrictNamespace(namespace);
        acr.restrictNamespace(namespace);
      },
      "test/Acr",
      "restrictNamespace.namespace",
      '"team-a"',
    );
  });
});

describe("AcrIntegration.fromRegistryAttributes (a registry created elsewhere)", () => {
  test("AcrPull and the allowed-images restriction on the imported registry's id and login server; nothing of the registry itself", () => {
    const stack = newStack();
    const cluster = importedCluster(stack, "Cluster");
    const registry = AcrIntegration.fromRegistryAttributes(stack, "Shared", {
      registryId: REGISTRY_ID,
      loginServer: "acrshared01.azurecr.cn",
      clusters: [cluster],
    });
    registry.restrictNamespace(tenantNamespace(stack, "TeamA", cluster, "team-a", []));
    const doc = synth(stack);
    for (const type of ["azurerm_container_registry", "azurerm_management_lock", "azurerm_private_endpoint"]) {
      expect(resources(doc, type)).toHaveLength(0);
    }
    const pull = only(doc, "azurerm_role_assignment");
    expect(pull).toEqual(
      expect.objectContaining({
        scope: REGISTRY_ID,
        role_definition_name: "AcrPull",
        principal_id: KUBELET_OBJECT_ID,
        principal_type: "ServicePrincipal",
        skip_service_principal_aad_check: true,
        description: "AKS-ACR-01 kubelet image pulls (AcrPull 7f951dda-4ed3-4680-a7ca-43fe172d538d)",
      }),
    );
    const regexes = resources(doc, "azurerm_resource_policy_assignment").map(
      (a) => params(a).allowedContainerImagesRegex.value,
    );
    expect(regexes.sort()).toEqual(["^(acrshared01\\.azurecr\\.cn)/.+$", "^(acrshared01\\.azurecr\\.cn/team-a)/.+$"]);
    expect(registry.registryName).toBe("acrshared01");
    expect(registry.pullRoleAssignments).toHaveLength(1);
    expect(registry.namespaceImageScopes).toHaveLength(1);
    expect(registry.privateEndpoint).toBeUndefined();
    expect(registry.privateDnsZone).toBeUndefined();
  });

  test("an endpoint of its own links the zone to every cluster that pulls", () => {
    const stack = newStack();
    const OTHER_VNET = `/subscriptions/${SUB}/resourceGroups/rg-net2/providers/Microsoft.Network/virtualNetworks/vnet-aks-2`;
    const registry = AcrIntegration.fromRegistryAttributes(stack, "Shared", {
      registryId: REGISTRY_ID,
      resourceGroupName: "rg-spoke",
      location: "westeurope",
      privateEndpoint: { subnetId: PE_SUBNET },
    });
    registry.grantPull(importedCluster(stack, "B", { virtualNetworkId: OTHER_VNET }));
    const doc = synth(stack);
    expect(only(doc, "azurerm_private_endpoint").private_service_connection.private_connection_resource_id).toBe(
      REGISTRY_ID,
    );
    expect(only(doc, "azurerm_private_dns_zone").name).toBe("privatelink.azurecr.io");
    expect(resources(doc, "azurerm_private_dns_zone_virtual_network_link").map((l) => l.virtual_network_id)).toEqual([
      VNET,
      OTHER_VNET,
    ]);
    expect(registry.privateDnsZoneLinks).toHaveLength(2);
  });

  test("bad attributes", () => {
    const vaultId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-shared`;
    const mk = (attributes: Partial<RegistryAttributes>) => () => {
      const stack = newStack();
      return AcrIntegration.fromRegistryAttributes(stack, "Acr", { registryId: REGISTRY_ID, ...attributes });
    };
    expectInvalid(mk({ registryId: vaultId }), "test/Acr", "registryId", "Microsoft.KeyVault");
    expectInvalid(mk({ registryName: "acrOther01" }), "test/Acr", "registryName", '"acrOther01"');
    expectInvalid(
      mk({ privateEndpoint: { subnetId: PE_SUBNET }, location: "westeurope" }),
      "test/Acr",
      "resourceGroupName",
      "undefined",
    );
    expectInvalid(
      mk({ imagePolicyExcludedNamespaces: ["ingress"] }),
      "test/Acr",
      "imagePolicyExcludedNamespaces",
      "ingress",
    );
    // An id known only at apply: the name (for the regex) must come with it.
    expectInvalid(
      () => {
        const stack = newStack();
        const id = new TerraformVariable(stack, "acr", { type: "string" }).stringValue;
        AcrIntegration.fromRegistryAttributes(stack, "Acr", {
          registryId: id,
          clusters: [importedCluster(stack, "C")],
        });
      },
      "test/Acr",
      "loginServer",
      "undefined",
    );
    expectInvalid(
      () => {
        const stack = newStack();
        const id = new TerraformVariable(stack, "acr", { type: "string" }).stringValue;
        AcrIntegration.fromRegistryAttributes(stack, "Acr", { registryId: id, registryName: "acr-shared" });
      },
      "test/Acr",
      "registryName",
      '"acr-shared"',
    );
  });
});
