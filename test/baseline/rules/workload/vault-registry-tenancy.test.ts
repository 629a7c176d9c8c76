import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Namespace } from "@cdktf/provider-kubernetes/lib/namespace";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { aksNet17 } from "../../../../lib/baseline/rules/workload/aks-net-17";
import { aksSec09 } from "../../../../lib/baseline/rules/workload/aks-sec-09";
import { aksAcr12 } from "../../../../lib/baseline/rules/workload/aks-acr-12";
import { aksAcr07 } from "../../../../lib/baseline/rules/workload/aks-acr-07";
import { evaluateAll } from "./fixtures-registry-secrets";

const common = { resourceGroupName: "rg", location: "westeurope" };
const SUB = "00000000-0000-4000-8000-000000000000";
const LITERAL_VNET = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-literal`;

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "fixture");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

/** A cluster on a subnet of its own VNet. */
function clusterIn(stack: TerraformStack, id: string): { cluster: KubernetesCluster; vnet: VirtualNetwork } {
  const vnet = new VirtualNetwork(stack, `${id}_vnet`, {
    ...common,
    name: `vnet-${id}`,
    addressSpace: ["10.0.0.0/16"],
  });
  const subnet = new Subnet(stack, `${id}_nodes`, {
    resourceGroupName: "rg",
    name: "nodes",
    virtualNetworkName: vnet.name,
    addressPrefixes: ["10.0.0.0/22"],
  });
  const cluster = new KubernetesCluster(stack, id, {
    ...common,
    name: id,
    dnsPrefix: id,
    defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5", nodeCount: 3, vnetSubnetId: subnet.id },
    identity: { type: "SystemAssigned" },
    oidcIssuerEnabled: true,
  });
  return { cluster, vnet };
}

/** A registry with a private endpoint in its own zone, linked to `vnet`. */
function privateRegistry(stack: TerraformStack, vnetId: string | undefined) {
  const registry = new ContainerRegistry(stack, "acr", {
    ...common,
    name: "acrshared",
    sku: "Premium",
    publicNetworkAccessEnabled: false,
  });
  const zone = new PrivateDnsZone(stack, "acr_zone", { resourceGroupName: "rg", name: "privatelink.azurecr.io" });
  if (vnetId)
    new PrivateDnsZoneVirtualNetworkLink(stack, "acr_link_a", {
      resourceGroupName: "rg",
      name: "a",
      privateDnsZoneName: zone.name,
      virtualNetworkId: vnetId,
    });
  new PrivateEndpoint(stack, "acr_pe", {
    ...common,
    name: "pe-acr",
    subnetId: `${LITERAL_VNET}/subnets/pe`,
    privateServiceConnection: {
      name: "acr",
      isManualConnection: false,
      privateConnectionResourceId: registry.id,
      subresourceNames: ["registry"],
    },
    privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [zone.id] },
  });
  return { registry, zone };
}

describe("AKS-NET-17 private DNS zone linked to every consuming cluster's VNet", () => {
  test("passes when every cluster that pulls is in a linked VNet", () => {
    const stack = newStack();
    const a = clusterIn(stack, "aks_a");
    const { registry } = privateRegistry(stack, a.vnet.id);
    new RoleAssignment(stack, "pull_a", {
      scope: registry.id,
      roleDefinitionName: "AcrPull",
      principalId: a.cluster.kubeletIdentity.objectId,
    });
    expect(evaluateAll(aksNet17, stack)["azurerm_private_endpoint.acr_pe"]).toMatchObject({
      outcome: "passed",
      message: expect.stringContaining("azurerm_kubernetes_cluster.aks_a"),
    });
  });

  test("fails naming a second cluster whose VNet is not linked", () => {
    const stack = newStack();
    const a = clusterIn(stack, "aks_a");
    const b = clusterIn(stack, "aks_b");
    const { registry } = privateRegistry(stack, a.vnet.id);
    new RoleAssignment(stack, "pull_a", {
      scope: registry.id,
      roleDefinitionName: "AcrPull",
      principalId: a.cluster.kubeletIdentity.objectId,
    });
    new RoleAssignment(stack, "pull_b", {
      scope: registry.id,
      roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d",
      principalId: b.cluster.kubeletIdentity.objectId,
    });
    expect(evaluateAll(aksNet17, stack)["azurerm_private_endpoint.acr_pe"]).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining(
        "azurerm_kubernetes_cluster.aks_b uses this registry, but its VNet (azurerm_virtual_network.aks_b_vnet)",
      ),
    });
  });

  test("vault: a workload identity federated with a cluster makes it a consumer; a literal VNet id link counts", () => {
    const stack = newStack();
    const a = clusterIn(stack, "aks_a");
    const vault = new KeyVault(stack, "kv", { ...common, name: "kv-x", tenantId: SUB, skuName: "standard" });
    const zone = new PrivateDnsZone(stack, "kv_zone", {
      resourceGroupName: "rg",
      name: "privatelink.vaultcore.azure.net",
    });
    new PrivateEndpoint(stack, "kv_pe", {
      ...common,
      name: "pe-kv",
      subnetId: `${LITERAL_VNET}/subnets/pe`,
      privateServiceConnection: {
        name: "kv",
        isManualConnection: false,
        privateConnectionResourceId: vault.id,
        subresourceNames: ["vault"],
      },
      privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [zone.id] },
    });
    const identity = new UserAssignedIdentity(stack, "wi", { ...common, name: "id-a" });
    new FederatedIdentityCredential(stack, "wi_fic", {
      name: "a",
      resourceGroupName: "rg",
      parentId: identity.id,
      audience: ["api://AzureADTokenExchange"],
      issuer: a.cluster.oidcIssuerUrl,
      subject: "system:serviceaccount:team-a:app",
    });
    new RoleAssignment(stack, "read", {
      scope: `${vault.id}/secrets/db`,
      roleDefinitionName: "Key Vault Secrets User",
      principalId: identity.principalId,
    });
    expect(evaluateAll(aksNet17, stack)["azurerm_private_endpoint.kv_pe"]).toMatchObject({ outcome: "failed" });
    new PrivateDnsZoneVirtualNetworkLink(stack, "kv_link", {
      resourceGroupName: "rg",
      name: "a",
      privateDnsZoneName: "privatelink.vaultcore.azure.net",
      virtualNetworkId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-aks_a`,
    });
    // The link names the zone literally and the VNet by a literal id with the VNet's name.
    const zoneLiteral = evaluateAll(aksNet17, stack)["azurerm_private_endpoint.kv_pe"];
    expect(zoneLiteral).toMatchObject({ outcome: "passed" });
  });

  test("unknown for a hub zone from outside the document or a VNet only apply knows; not applicable without consumers", () => {
    const stack = newStack();
    const a = clusterIn(stack, "aks_a");
    const registry = new ContainerRegistry(stack, "acr", { ...common, name: "acrshared", sku: "Premium" });
    const hubZone = new TerraformVariable(stack, "zone", { type: "string" }).stringValue;
    new PrivateEndpoint(stack, "acr_pe", {
      ...common,
      name: "pe-acr",
      subnetId: `${LITERAL_VNET}/subnets/pe`,
      privateServiceConnection: {
        name: "acr",
        isManualConnection: false,
        privateConnectionResourceId: registry.id,
        subresourceNames: ["registry"],
      },
      privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [hubZone] },
    });
    expect(evaluateAll(aksNet17, stack)["azurerm_private_endpoint.acr_pe"]).toBeUndefined();
    new RoleAssignment(stack, "pull_a", {
      scope: registry.id,
      roleDefinitionName: "AcrPull",
      principalId: a.cluster.kubeletIdentity.objectId,
    });
    expect(evaluateAll(aksNet17, stack)["azurerm_private_endpoint.acr_pe"]).toMatchObject({
      outcome: "unknown",
      message: expect.stringContaining("outside this document"),
    });
  });
});

describe("AKS-SEC-09 no vault-wide read on a vault shared by namespaces", () => {
  function vaultWithReaders(grants: { id: string; namespace: string; scope: "vault" | "secret" }[]) {
    const stack = newStack();
    const a = clusterIn(stack, "aks_a");
    const vault = new KeyVault(stack, "kv", { ...common, name: "kv-x", tenantId: SUB, skuName: "standard" });
    for (const grant of grants) {
      const identity = new UserAssignedIdentity(stack, `${grant.id}_id`, { ...common, name: `id-${grant.id}` });
      new FederatedIdentityCredential(stack, `${grant.id}_fic`, {
        name: grant.id,
        resourceGroupName: "rg",
        parentId: identity.id,
        audience: ["api://AzureADTokenExchange"],
        issuer: a.cluster.oidcIssuerUrl,
        subject: `system:serviceaccount:${grant.namespace}:app`,
      });
      new RoleAssignment(stack, grant.id, {
        scope: grant.scope === "vault" ? vault.id : `${vault.id}/secrets/${grant.id}`,
        roleDefinitionName: "Key Vault Secrets User",
        principalId: identity.principalId,
      });
    }
    return stack;
  }

  test("passes a vault-wide grant when only its namespace reads the vault", () => {
    const all = evaluateAll(
      aksSec09,
      vaultWithReaders([
        { id: "a1", namespace: "team-a", scope: "vault" },
        { id: "a2", namespace: "team-a", scope: "secret" },
      ]),
    );
    expect(all["azurerm_role_assignment.a1"]).toMatchObject({ outcome: "passed" });
    expect(all["azurerm_role_assignment.a2"]).toBeUndefined();
  });

  test("fails a vault-wide grant when another namespace reads the same vault", () => {
    const all = evaluateAll(
      aksSec09,
      vaultWithReaders([
        { id: "a1", namespace: "team-a", scope: "vault" },
        { id: "b1", namespace: "team-b", scope: "secret" },
      ]),
    );
    expect(all["azurerm_role_assignment.a1"]).toMatchObject({
      outcome: "failed",
      attribute: "scope",
      message: expect.stringContaining("also serves namespace team-b"),
    });
  });

  test("unknown when the grant's principal or the other reader cannot be tied to a namespace", () => {
    const stack = vaultWithReaders([{ id: "a1", namespace: "team-a", scope: "vault" }]);
    const principal = new TerraformVariable(stack, "principal", { type: "string" }).stringValue;
    new RoleAssignment(stack, "other", {
      scope: "${azurerm_key_vault.kv.id}",
      roleDefinitionName: "Key Vault Secrets User",
      principalId: principal,
    });
    const all = evaluateAll(aksSec09, stack);
    expect(all["azurerm_role_assignment.a1"]).toMatchObject({ outcome: "unknown" });
    expect(all["azurerm_role_assignment.other"]).toMatchObject({ outcome: "unknown", attribute: "principal_id" });
  });
});

describe("AKS-ACR-12 tenant namespaces restricted to their own repositories", () => {
  const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`;
  const POLICY = "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469";
  function tenants(names: string[]) {
    const stack = newStack();
    new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
    for (const name of names) new Namespace(stack, name.replace("-", "_"), { metadata: { name } });
    return stack;
  }
  const assign = (stack: TerraformStack, id: string, namespaces: unknown, regex: string, effect = "Deny") =>
    new ResourcePolicyAssignment(stack, id, {
      name: id,
      resourceId: CLUSTER_ID,
      policyDefinitionId: POLICY,
      parameters: JSON.stringify({
        effect: { value: effect },
        namespaces: { value: namespaces },
        allowedContainerImagesRegex: { value: regex },
      }),
    });

  test("passes a namespace limited to its repository of the shared registry (other registries may stay whole)", () => {
    const stack = tenants(["team-a", "team-b"]);
    assign(stack, "img_a", ["team-a"], "^(acrshared\\.azurecr\\.io/team-a|mcr\\.microsoft\\.com/oss)/.+$");
    const all = evaluateAll(aksAcr12, stack);
    expect(all["kubernetes_namespace.team_a"]).toMatchObject({ outcome: "passed" });
    expect(all["kubernetes_namespace.team_b"]).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.namespaces",
    });
  });

  test("fails an assignment that admits the whole registry, or only audits", () => {
    const stack = tenants(["team-a", "team-b"]);
    assign(stack, "img_a", ["team-a"], "^(acrshared\\.azurecr\\.io)/.+$");
    assign(stack, "img_b", ["team-b"], "^(acrshared\\.azurecr\\.io/team-b)/.+$", "Audit");
    const all = evaluateAll(aksAcr12, stack);
    expect(all["kubernetes_namespace.team_a"]).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("whole registry acrshared.azurecr.io"),
    });
    expect(all["kubernetes_namespace.team_b"]).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.effect",
    });
  });

  test("unknown for an effect known only at apply; not applicable with one tenant or for system namespaces", () => {
    const stack = tenants(["team-a", "team-b", "kube-system"]);
    const effect = new TerraformVariable(stack, "effect", { type: "string" }).stringValue;
    assign(stack, "img_a", ["team-a"], "^(acrshared\\.azurecr\\.io/team-a)/.+$", effect);
    const all = evaluateAll(aksAcr12, stack);
    expect(all["kubernetes_namespace.team_a"]).toMatchObject({ outcome: "unknown" });
    expect(all["kubernetes_namespace.kube_system"]).toBeUndefined();
    expect(evaluateAll(aksAcr12, tenants(["team-a"]))["kubernetes_namespace.team_a"]).toBeUndefined();
  });
});

describe("AKS-ACR-07 does not count a namespace-limited allowed-images assignment as cluster coverage", () => {
  test("only the per-tenant assignment: failed; with the cluster-wide one too: passed", () => {
    const stack = newStack();
    const { cluster } = clusterIn(stack, "aks_a");
    new ContainerRegistry(stack, "acr", { ...common, name: "acrshared", sku: "Premium" });
    const assign = (id: string, extra: Record<string, unknown>) =>
      new ResourcePolicyAssignment(stack, id, {
        name: id,
        resourceId: cluster.id,
        policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469",
        parameters: JSON.stringify({
          effect: { value: "Deny" },
          allowedContainerImagesRegex: { value: "^(acrshared\\.azurecr\\.io/team-a)/.+$" },
          ...extra,
        }),
      });
    assign("tenant", { namespaces: { value: ["team-a"] } });
    expect(evaluateAll(aksAcr07, stack)["azurerm_kubernetes_cluster.aks_a"]).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.namespaces",
    });
    assign("cluster", {});
    expect(evaluateAll(aksAcr07, stack)["azurerm_kubernetes_cluster.aks_a"]).toMatchObject({ outcome: "passed" });
  });
});
