import { TerraformVariable, Testing } from "cdktf";
import { ApiServerAccess } from "../../lib/cluster/api-server-access";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { API_SUBNET, GROUP, NODE_SUBNET, SUB, TENANT, ZONE, baseProps, expectInvalid, makeCluster, newStack, only, synth } from "./helpers";

describe("SecureCluster rejects bad input with path, prop, value and fix", () => {
  test("authorized ranges with a private API server without VNet integration", () => {
    expectInvalid(() => makeCluster({ apiServerAccess: ApiServerAccess.privateCluster({ authorizedIpRanges: ["203.0.113.0/24"] }) }), "apiServerAccess.authorizedIpRanges", "203.0.113.0/24");
  });

  test("authorized ranges with a private VNet-integrated API server", () => {
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.vnetIntegration({ subnetId: API_SUBNET, authorizedIpRanges: ["203.0.113.0/24"] }) }),
      "apiServerAccess.authorizedIpRanges",
      "203.0.113.0/24",
    );
  });

  test("empty authorized ranges", () => {
    expectInvalid(() => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges([]) }), "apiServerAccess.authorizedIpRanges", "[]");
    expectInvalid(() => makeCluster({ apiServerAccess: ApiServerAccess.vnetIntegration({ subnetId: API_SUBNET, privateCluster: false }) }), "apiServerAccess.authorizedIpRanges", "[]");
  });

  test("0.0.0.0/0 and malformed authorized ranges", () => {
    expectInvalid(() => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["203.0.113.0/24", "0.0.0.0/0"]) }), "apiServerAccess.authorizedIpRanges", '"0.0.0.0/0"');
    expectInvalid(() => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["203.0.113.7/24"]) }), "apiServerAccess.authorizedIpRanges", '"203.0.113.7/24"');
    expectInvalid(() => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["my-office"]) }), "apiServerAccess.authorizedIpRanges", '"my-office"');
  });

  test("VNet integration without an API-server subnet", () => {
    expectInvalid(() => makeCluster({ apiServerAccess: ApiServerAccess.vnetIntegration() }), "apiServerAccess", "vnetIntegration");
  });

  test("invalid pod and service CIDRs", () => {
    expectInvalid(() => makeCluster({ podCidr: "10.244.0.1/16" }), "podCidr", '"10.244.0.1/16"');
    expectInvalid(() => makeCluster({ serviceCidr: "172.16.0.0/33" }), "serviceCidr", '"172.16.0.0/33"');
  });

  test("pod or service CIDR overlapping the VNet, or each other", () => {
    expectInvalid(() => makeCluster({ podCidr: "10.10.128.0/17" }), "podCidr", '"10.10.128.0/17"');
    expectInvalid(() => makeCluster({ serviceCidr: "10.0.0.0/8", dnsServiceIp: "10.0.0.10" }), "serviceCidr", '"10.0.0.0/8"');
    expectInvalid(() => makeCluster({ podCidr: "172.16.0.0/12" }), "serviceCidr", '"172.16.0.0/16"');
    expectInvalid(() => makeCluster({ existingNetwork: { nodeSubnetId: NODE_SUBNET, outboundType: "userDefinedRouting", addressSpace: ["10.10.0.1/16"] } }), "existingNetwork.addressSpace", '"10.10.0.1/16"');
  });

  test("DNS service IP outside the service CIDR, its network address or first address", () => {
    expectInvalid(() => makeCluster({ dnsServiceIp: "10.0.0.10" }), "dnsServiceIp", '"10.0.0.10"');
    expectInvalid(() => makeCluster({ dnsServiceIp: "172.16.0.0" }), "dnsServiceIp", '"172.16.0.0"');
    expectInvalid(() => makeCluster({ dnsServiceIp: "172.16.0.1" }), "dnsServiceIp", '"172.16.0.1"');
    expectInvalid(() => makeCluster({ dnsServiceIp: "not-an-ip" }), "dnsServiceIp", '"not-an-ip"');
  });

  test("admin groups: empty or not UUIDs; tenant id not a UUID", () => {
    expectInvalid(() => makeCluster({ entraId: { tenantId: TENANT, adminGroupObjectIds: [] } }), "entraId.adminGroupObjectIds", "[]");
    expectInvalid(() => makeCluster({ entraId: { tenantId: TENANT, adminGroupObjectIds: ["aks-admins"] } }), "entraId.adminGroupObjectIds", '"aks-admins"');
    expectInvalid(() => makeCluster({ entraId: { tenantId: "contoso.onmicrosoft.com", adminGroupObjectIds: [GROUP] } }), "entraId.tenantId", '"contoso.onmicrosoft.com"');
    expectInvalid(() => makeCluster({ entraId: { tenantId: "", adminGroupObjectIds: [GROUP] } }), "entraId.tenantId", '""');
  });

  test("invalid cluster names and DNS prefixes", () => {
    expectInvalid(() => makeCluster({ clusterName: "-aks" }), "clusterName", '"-aks"');
    expectInvalid(() => makeCluster({ clusterName: "aks_" }), "clusterName", '"aks_"');
    expectInvalid(() => makeCluster({ clusterName: "a".repeat(64) }), "clusterName", "a".repeat(64));
    expectInvalid(() => makeCluster({ clusterName: "aks.prod" }), "clusterName", '"aks.prod"');
    expectInvalid(() => makeCluster({ dnsPrefix: "1aks" }), "dnsPrefix", '"1aks"');
    expectInvalid(() => makeCluster({ dnsPrefix: "aks-" }), "dnsPrefix", '"aks-"');
    expectInvalid(() => makeCluster({ dnsPrefix: "a".repeat(55) }), "dnsPrefix", "a".repeat(55));
    // A valid cluster name that is not a valid DNS prefix needs an explicit dnsPrefix.
    expectInvalid(() => makeCluster({ clusterName: "01-aks" }), "dnsPrefix", '"01-aks"');
  });

  test("invalid node pool names", () => {
    expectInvalid(() => makeCluster({ userNodePool: { name: "User" } }), "name", '"User"');
    expectInvalid(() => makeCluster({ userNodePool: { name: "1pool" } }), "name", '"1pool"');
    expectInvalid(() => makeCluster({ userNodePool: { name: "averylongpool" } }), "name", '"averylongpool"');
    expectInvalid(() => makeCluster({ userNodePool: { name: "system" } }), "name", '"system"');
    const { cluster } = makeCluster();
    expectInvalid(() => cluster.addNodePool("Bad", { name: "tenant-a" }), "name", '"tenant-a"');
  });

  test("min > max nodes, and other pool sizing errors", () => {
    expectInvalid(() => makeCluster({ systemNodePool: { minCount: 5, maxCount: 3 } }), "systemNodePool.minCount", "5");
    expectInvalid(() => makeCluster({ userNodePool: { minCount: 4, maxCount: 2 } }), "minCount", "4");
    expectInvalid(() => makeCluster({ systemNodePool: { minCount: 0, maxCount: 3 } }), "systemNodePool.minCount", "0");
    expectInvalid(() => makeCluster({ systemNodePool: { osDiskSizeGb: 200 } }), "systemNodePool.osDiskSizeGb", "200");
    expectInvalid(() => makeCluster({ systemNodePool: { maxPods: 400 } }), "systemNodePool.maxPods", "400");
    expectInvalid(() => makeCluster({ systemNodePool: { zones: ["4"] } }), "systemNodePool.zones", '["4"]');
  });

  test("bad Kubernetes versions", () => {
    for (const v of ["1.33.x", "v1.33", "1", "1.33.1.2", "latest", "1.033", "2.0"]) {
      expectInvalid(() => makeCluster({ kubernetesVersion: v }), "kubernetesVersion", JSON.stringify(v));
    }
  });

  test("KMS with Private vault access but no API-server VNet integration", () => {
    expectInvalid(
      () => makeCluster({ keyManagementService: { keyVaultKeyId: "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef" } }),
      "keyManagementService.keyVaultNetworkAccess",
      '"Private"',
    );
    expectInvalid(
      () => makeCluster({ keyManagementService: { keyVaultKeyId: "https://kv-aks.vault.azure.net/keys/etcd", keyVaultNetworkAccess: "Public" } }),
      "keyManagementService.keyVaultKeyId",
      "keys/etcd",
    );
  });

  test("malformed disk encryption set id", () => {
    expectInvalid(() => makeCluster({ diskEncryptionSetId: "des-aks" }), "diskEncryptionSetId", '"des-aks"');
  });

  test("malformed private DNS zone ids and names", () => {
    const bad = (zone: string) => makeCluster({ apiServerAccess: ApiServerAccess.privateCluster({ privateDnsZoneId: zone }) });
    expectInvalid(() => bad("privatelink.westeurope.azmk8s.io"), "apiServerAccess.privateDnsZoneId", "privatelink.westeurope.azmk8s.io");
    expectInvalid(() => bad("None"), "apiServerAccess.privateDnsZoneId", '"None"');
    expectInvalid(() => bad(ZONE.replace(SUB, "not-a-subscription")), "apiServerAccess.privateDnsZoneId", "not-a-subscription");
    expectInvalid(() => bad(ZONE.replace("privatelink.westeurope.azmk8s.io", "privatelink.blob.core.windows.net")), "apiServerAccess.privateDnsZoneId", "privatelink.blob.core.windows.net");
    expectInvalid(() => bad(ZONE.replace("westeurope", "northeurope")), "apiServerAccess.privateDnsZoneId", "northeurope");
  });

  test("exactly one of network and existingNetwork", () => {
    expectInvalid(() => makeCluster({ existingNetwork: undefined }), "network", "undefined");
  });

  test("other validated settings", () => {
    expectInvalid(() => makeCluster({ imageCleanerIntervalHours: 0 }), "imageCleanerIntervalHours", "0");
    expectInvalid(() => makeCluster({ secretRotationInterval: "two minutes" }), "secretRotationInterval", '"two minutes"');
    expectInvalid(() => makeCluster({ logRetentionInDays: 7 }), "logRetentionInDays", "7");
    expectInvalid(() => makeCluster({ autoUpgradeWindow: { durationHours: 2 } }), "autoUpgradeWindow.durationHours", "2");
    expectInvalid(() => makeCluster({ nodeOsUpgradeWindow: { startTime: "25:00" } }), "nodeOsUpgradeWindow.startTime", '"25:00"');
    expectInvalid(() => makeCluster({ additionalLogCategories: ["kube-audit-everything"] }), "additionalLogCategories", '"kube-audit-everything"');
    expectInvalid(() => makeCluster({ existingNetwork: { nodeSubnetId: NODE_SUBNET, outboundType: "loadBalancer" as "userDefinedRouting" } }), "existingNetwork.outboundType", '"loadBalancer"');
  });

  test("node pool taints", () => {
    const { cluster } = makeCluster();
    expectInvalid(() => cluster.addNodePool("Tainted", { name: "tenanta", nodeTaints: ["tenant=a"] }), "nodeTaints", '"tenant=a"');
    expectInvalid(() => cluster.addNodePool("Critical", { name: "tenantb", nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] }), "nodeTaints", "CriticalAddonsOnly");
  });

  test("tokens are never rejected", () => {
    const stack = newStack();
    const v = (name: string, type = "string") => new TerraformVariable(stack, name, { type });
    const cluster = new SecureCluster(
      stack,
      "Cluster",
      baseProps({
        clusterName: v("name").stringValue,
        kubernetesVersion: v("version").stringValue,
        location: v("location").stringValue,
        entraId: { tenantId: v("tenant").stringValue, adminGroupObjectIds: v("groups", "list(string)").listValue },
        podCidr: v("pod").stringValue,
        serviceCidr: v("svc").stringValue,
        existingNetwork: { nodeSubnetId: v("subnet").stringValue, outboundType: "userDefinedRouting", addressSpace: v("space", "list(string)").listValue },
        apiServerAccess: ApiServerAccess.privateCluster({ privateDnsZoneId: v("zone").stringValue }),
        userNodePool: { name: v("pool").stringValue, minCount: v("min", "number").numberValue, maxCount: v("max", "number").numberValue },
      }),
    );
    cluster.registerTenantNamespace(v("ns").stringValue);
    const doc = JSON.parse(Testing.synth(stack, true));
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.name).toBe("${var.name}");
    expect(aks.network_profile.dns_service_ip).toBe("${cidrhost(var.svc, 10)}");
    expect(aks.private_dns_zone_id).toBe("${var.zone}");
    expect(synth(stack).resource.azurerm_role_assignment).toBeDefined();
  });
});

describe("valid edge cases pass", () => {
  test("a 63-character cluster name with underscores and an explicit prefix", () => {
    const name = `a_${"b".repeat(60)}c`;
    const { stack } = makeCluster({ clusterName: name, dnsPrefix: "aks-long" });
    const aks = only(synth(stack), "azurerm_kubernetes_cluster");
    expect(aks.name).toBe(name);
    expect(aks.dns_prefix).toBe("aks-long");
  });

  test("a sub-zone of the region's AKS private zone is accepted", () => {
    const zone = ZONE.replace("privatelink.westeurope", "team1.privatelink.westeurope");
    const { stack } = makeCluster({ location: "West Europe", apiServerAccess: ApiServerAccess.privateCluster({ privateDnsZoneId: zone }) });
    expect(only(synth(stack), "azurerm_kubernetes_cluster").private_dns_zone_id).toBe(zone);
  });

  test("KMS with Public vault access needs no VNet integration", () => {
    const { stack } = makeCluster({ keyManagementService: { keyVaultKeyId: "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef", keyVaultNetworkAccess: "Public" } });
    expect(only(synth(stack), "azurerm_kubernetes_cluster").key_management_service.key_vault_network_access).toBe("Public");
  });
});
