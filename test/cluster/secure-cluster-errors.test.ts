import { createHash } from "crypto";
import { Fn, TerraformVariable, Testing } from "cdktf";
import { ApiServerAccess } from "../../lib/cluster/api-server-access";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import {
  API_SUBNET,
  GROUP,
  NODE_SUBNET,
  SUB,
  TENANT,
  VNET,
  ZONE,
  baseProps,
  expectInvalid,
  makeCluster,
  newStack,
  only,
  resources,
  synth,
} from "./helpers";

describe("SecureCluster rejects bad input with path, prop, value and fix", () => {
  test("authorized ranges with a private API server without VNet integration", () => {
    expectInvalid(
      () =>
        makeCluster({ apiServerAccess: ApiServerAccess.privateCluster({ authorizedIpRanges: ["203.0.113.0/24"] }) }),
      "apiServerAccess.authorizedIpRanges",
      "203.0.113.0/24",
    );
  });

  test("authorized ranges with a private VNet-integrated API server", () => {
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.vnetIntegration({
            subnetId: API_SUBNET,
            authorizedIpRanges: ["203.0.113.0/24"],
          }),
        }),
      "apiServerAccess.authorizedIpRanges",
      "203.0.113.0/24",
    );
  });

  test("empty authorized ranges", () => {
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges([]) }),
      "apiServerAccess.authorizedIpRanges",
      "[]",
    );
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.vnetIntegration({ subnetId: API_SUBNET, privateCluster: false }),
        }),
      "apiServerAccess.authorizedIpRanges",
      "[]",
    );
  });

  test("0.0.0.0/0 and malformed authorized ranges", () => {
    expectInvalid(
      () =>
        makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["203.0.113.0/24", "0.0.0.0/0"]) }),
      "apiServerAccess.authorizedIpRanges",
      '"0.0.0.0/0"',
    );
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["203.0.113.7/24"]) }),
      "apiServerAccess.authorizedIpRanges",
      '"203.0.113.7/24"',
    );
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["my-office"]) }),
      "apiServerAccess.authorizedIpRanges",
      '"my-office"',
    );
  });

  test("VNet integration without an API-server subnet", () => {
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.vnetIntegration() }),
      "apiServerAccess",
      "vnetIntegration",
    );
  });

  test("invalid pod and service CIDRs", () => {
    expectInvalid(() => makeCluster({ podCidr: "10.244.0.1/16" }), "podCidr", '"10.244.0.1/16"');
    expectInvalid(() => makeCluster({ serviceCidr: "172.16.0.0/33" }), "serviceCidr", '"172.16.0.0/33"');
  });

  test("pod or service CIDR overlapping the VNet, or each other", () => {
    expectInvalid(() => makeCluster({ podCidr: "10.10.128.0/17" }), "podCidr", '"10.10.128.0/17"');
    expectInvalid(
      () => makeCluster({ serviceCidr: "10.0.0.0/8", dnsServiceIp: "10.0.0.10" }),
      "serviceCidr",
      '"10.0.0.0/8"',
    );
    expectInvalid(() => makeCluster({ podCidr: "172.16.0.0/13" }), "serviceCidr", '"172.16.0.0/16"');
    expectInvalid(
      () =>
        makeCluster({
          existingNetwork: {
            nodeSubnetId: NODE_SUBNET,
            outboundType: "userDefinedRouting",
            addressSpace: ["10.10.0.1/16"],
          },
        }),
      "existingNetwork.addressSpace",
      '"10.10.0.1/16"',
    );
  });

  test("DNS service IP outside the service CIDR, its network address or first address", () => {
    expectInvalid(() => makeCluster({ dnsServiceIp: "10.0.0.10" }), "dnsServiceIp", '"10.0.0.10"');
    expectInvalid(() => makeCluster({ dnsServiceIp: "172.16.0.0" }), "dnsServiceIp", '"172.16.0.0"');
    expectInvalid(() => makeCluster({ dnsServiceIp: "172.16.0.1" }), "dnsServiceIp", '"172.16.0.1"');
    expectInvalid(() => makeCluster({ dnsServiceIp: "not-an-ip" }), "dnsServiceIp", '"not-an-ip"');
  });

  test("admin groups: empty or not UUIDs; tenant id not a UUID", () => {
    expectInvalid(
      () => makeCluster({ entraId: { tenantId: TENANT, adminGroupObjectIds: [] } }),
      "entraId.adminGroupObjectIds",
      "[]",
    );
    expectInvalid(
      () => makeCluster({ entraId: { tenantId: TENANT, adminGroupObjectIds: ["aks-admins"] } }),
      "entraId.adminGroupObjectIds",
      '"aks-admins"',
    );
    expectInvalid(
      () => makeCluster({ entraId: { tenantId: "contoso.onmicrosoft.com", adminGroupObjectIds: [GROUP] } }),
      "entraId.tenantId",
      '"contoso.onmicrosoft.com"',
    );
    expectInvalid(
      () => makeCluster({ entraId: { tenantId: "", adminGroupObjectIds: [GROUP] } }),
      "entraId.tenantId",
      '""',
    );
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
    expectInvalid(() => makeCluster({ userNodePool: { name: "User" } }), "userNodePool.name", '"User"');
    expectInvalid(() => makeCluster({ userNodePool: { name: "1pool" } }), "userNodePool.name", '"1pool"');
    expectInvalid(
      () => makeCluster({ userNodePool: { name: "averylongpool" } }),
      "userNodePool.name",
      '"averylongpool"',
    );
    expectInvalid(() => makeCluster({ userNodePool: { name: "system" } }), "userNodePool.name", '"system"');
    const { cluster } = makeCluster();
    expectInvalid(() => cluster.addNodePool("Bad", { name: "tenant-a" }), "addNodePool(Bad).name", '"tenant-a"');
  });

  test("min > max nodes, and other pool sizing errors", () => {
    expectInvalid(() => makeCluster({ systemNodePool: { minCount: 5, maxCount: 3 } }), "systemNodePool.minCount", "5");
    expectInvalid(() => makeCluster({ userNodePool: { minCount: 4, maxCount: 2 } }), "userNodePool.minCount", "4");
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
      () =>
        makeCluster({
          keyManagementService: {
            keyVaultKeyId: "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef",
          },
        }),
      "keyManagementService.keyVaultNetworkAccess",
      '"Private"',
    );
    expectInvalid(
      () =>
        makeCluster({
          keyManagementService: {
            keyVaultKeyId: "https://kv-aks.vault.azure.net/keys/etcd",
            keyVaultNetworkAccess: "Public",
          },
        }),
      "keyManagementService.keyVaultKeyId",
      "keys/etcd",
    );
  });

  test("malformed disk encryption set id", () => {
    expectInvalid(() => makeCluster({ diskEncryptionSetId: "des-aks" }), "diskEncryptionSetId", '"des-aks"');
  });

  test("malformed private DNS zone ids and names", () => {
    const bad = (zone: string) =>
      makeCluster({ apiServerAccess: ApiServerAccess.privateCluster({ privateDnsZoneId: zone }) });
    expectInvalid(
      () => bad("privatelink.westeurope.azmk8s.io"),
      "apiServerAccess.privateDnsZoneId",
      "privatelink.westeurope.azmk8s.io",
    );
    expectInvalid(() => bad("None"), "apiServerAccess.privateDnsZoneId", '"None"');
    expectInvalid(
      () => bad(ZONE.replace(SUB, "not-a-subscription")),
      "apiServerAccess.privateDnsZoneId",
      "not-a-subscription",
    );
    expectInvalid(
      () => bad(ZONE.replace("privatelink.westeurope.azmk8s.io", "privatelink.blob.core.windows.net")),
      "apiServerAccess.privateDnsZoneId",
      "privatelink.blob.core.windows.net",
    );
    expectInvalid(
      () => bad(ZONE.replace("westeurope", "northeurope")),
      "apiServerAccess.privateDnsZoneId",
      "northeurope",
    );
  });

  test("exactly one of network and existingNetwork", () => {
    expectInvalid(() => makeCluster({ existingNetwork: undefined }), "network", "undefined");
  });

  test("other validated settings", () => {
    expectInvalid(() => makeCluster({ imageCleanerIntervalHours: 0 }), "imageCleanerIntervalHours", "0");
    expectInvalid(
      () => makeCluster({ secretRotationInterval: "two minutes" }),
      "secretRotationInterval",
      '"two minutes"',
    );
    expectInvalid(() => makeCluster({ logRetentionInDays: 7 }), "logRetentionInDays", "7");
    expectInvalid(
      () => makeCluster({ autoUpgradeWindow: { durationHours: 2 } }),
      "autoUpgradeWindow.durationHours",
      "2",
    );
    expectInvalid(
      () => makeCluster({ nodeOsUpgradeWindow: { startTime: "25:00" } }),
      "nodeOsUpgradeWindow.startTime",
      '"25:00"',
    );
    expectInvalid(
      () => makeCluster({ additionalLogCategories: ["kube-audit-everything"] }),
      "additionalLogCategories",
      '"kube-audit-everything"',
    );
    expectInvalid(
      () =>
        makeCluster({
          existingNetwork: { nodeSubnetId: NODE_SUBNET, outboundType: "loadBalancer" as "userDefinedRouting" },
        }),
      "existingNetwork.outboundType",
      '"loadBalancer"',
    );
  });

  test("node pool taints", () => {
    const { cluster } = makeCluster();
    expectInvalid(
      () => cluster.addNodePool("Tainted", { name: "tenanta", nodeTaints: ["tenant=a"] }),
      "addNodePool(Tainted).nodeTaints",
      '"tenant=a"',
    );
    expectInvalid(
      () => cluster.addNodePool("Critical", { name: "tenantb", nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] }),
      "addNodePool(Critical).nodeTaints",
      "CriticalAddonsOnly",
    );
    expectInvalid(
      () => makeCluster({ userNodePool: { nodeTaints: ["tenant=a"] } }),
      "userNodePool.nodeTaints",
      '"tenant=a"',
    );
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
        existingNetwork: {
          nodeSubnetId: v("subnet").stringValue,
          outboundType: "userDefinedRouting",
          addressSpace: v("space", "list(string)").listValue,
        },
        apiServerAccess: ApiServerAccess.privateCluster({ privateDnsZoneId: v("zone").stringValue }),
        userNodePool: {
          name: v("pool").stringValue,
          minCount: v("min", "number").numberValue,
          maxCount: v("max", "number").numberValue,
        },
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
  test("a 63-character cluster name with underscores and an explicit prefix: every derived name stays within Azure's rules", () => {
    const name = `a_${"b".repeat(60)}c`;
    const { stack } = makeCluster({ clusterName: name, dnsPrefix: "aks-long" });
    const doc = synth(stack);
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.name).toBe(name);
    expect(aks.dns_prefix).toBe("aks-long");
    // Log Analytics workspace: 4-63 alphanumerics and '-', alphanumeric at both ends (provider validate.LogAnalyticsWorkspaceName).
    const workspace = only(doc, "azurerm_log_analytics_workspace").name as string;
    expect(workspace).toMatch(/^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$/);
    expect(workspace.length).toBe(63);
    expect(workspace).toBe(
      `log-a-${"b".repeat(48)}-${createHash("sha256")
        .update(`a-${"b".repeat(60)}c`)
        .digest("hex")
        .slice(0, 8)}`,
    );
    // Data collection rule: at most 64 characters.
    const rule = only(doc, "azurerm_monitor_data_collection_rule").name as string;
    expect(rule.length).toBe(64);
    expect(rule).toBe(`MSCI-a_${"b".repeat(48)}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`);
    // User-assigned identity: 3-128 characters, so the plain prefix fits.
    expect(only(doc, "azurerm_user_assigned_identity").name).toBe(`id-${name}`);
  });

  test("derived names are stable and distinct for long names sharing their first characters; short names are unchanged", () => {
    const names = (clusterName: string) => {
      const doc = synth(makeCluster({ clusterName, dnsPrefix: "aks" }).stack);
      return [
        only(doc, "azurerm_log_analytics_workspace").name,
        only(doc, "azurerm_monitor_data_collection_rule").name,
      ];
    };
    const a = names(`${"x".repeat(60)}-01`);
    const b = names(`${"x".repeat(60)}-02`);
    expect(a).toEqual(names(`${"x".repeat(60)}-01`));
    expect(a[0]).not.toBe(b[0]);
    expect(a[1]).not.toBe(b[1]);
    expect(names("aks-test")).toEqual(["log-aks-test", "MSCI-aks-test"]);
    // 59 characters still fit "log-" unshortened; 60 do not.
    expect(names("a".repeat(59))[0]).toBe(`log-${"a".repeat(59)}`);
    expect(names("a".repeat(60))[0]).toHaveLength(63);
  });

  test("a token cluster name gets the same rule as a Terraform expression", () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, "name", { type: "string" }).stringValue;
    new SecureCluster(stack, "Cluster", baseProps({ clusterName: name, dnsPrefix: "aks" }));
    const doc = synth(stack);
    expect(only(doc, "azurerm_log_analytics_workspace").name).toBe(
      '${(length(replace(var.name, "_", "-")) <= 59) ? "log-${replace(var.name, "_", "-")}" : "log-${substr(replace(var.name, "_", "-"), 0, 50)}-${substr(sha256(replace(var.name, "_", "-")), 0, 8)}"}',
    );
    expect(only(doc, "azurerm_monitor_data_collection_rule").name).toBe(
      '${(length(var.name) <= 59) ? "MSCI-${var.name}" : "MSCI-${substr(var.name, 0, 50)}-${substr(sha256(var.name), 0, 8)}"}',
    );
  });

  test("a sub-zone of the region's AKS private zone is accepted", () => {
    const zone = ZONE.replace("privatelink.westeurope", "team1.privatelink.westeurope");
    const { stack } = makeCluster({
      location: "West Europe",
      apiServerAccess: ApiServerAccess.privateCluster({ privateDnsZoneId: zone }),
    });
    expect(only(synth(stack), "azurerm_kubernetes_cluster").private_dns_zone_id).toBe(zone);
  });

  test("KMS with Public vault access needs no VNet integration", () => {
    const { stack } = makeCluster({
      keyManagementService: {
        keyVaultKeyId: "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef",
        keyVaultNetworkAccess: "Public",
      },
    });
    expect(only(synth(stack), "azurerm_kubernetes_cluster").key_management_service.key_vault_network_access).toBe(
      "Public",
    );
  });
});

describe("tokens for whole lists are never rejected", () => {
  const listVar = (stack: ReturnType<typeof newStack>, name: string) =>
    new TerraformVariable(stack, name, { type: "list(string)" }).listValue;

  test("additionalLogCategories as a list token becomes a dynamic enabled_log block next to the fixed ones", () => {
    const stack = newStack();
    new SecureCluster(stack, "Cluster", baseProps({ additionalLogCategories: listVar(stack, "categories") }));
    const setting = only(JSON.parse(Testing.synth(stack, true)), "azurerm_monitor_diagnostic_setting");
    expect(setting.enabled_log).toEqual([
      { category: "kube-audit-admin" },
      { category: "guard" },
      { category: "kube-controller-manager" },
      { category: "cluster-autoscaler" },
    ]);
    expect(setting.dynamic).toEqual({
      enabled_log: {
        for_each:
          '${setsubtract(var.categories, ["kube-audit-admin", "guard", "kube-controller-manager", "cluster-autoscaler"])}',
        content: { category: "${enabled_log.value}" },
      },
    });
  });

  test("a literal list of categories keeps element checks and has no dynamic block", () => {
    const stack = newStack();
    const category = new TerraformVariable(stack, "category", { type: "string" }).stringValue;
    new SecureCluster(stack, "Cluster", baseProps({ additionalLogCategories: [category, "kube-audit"] }));
    const setting = only(synth(stack), "azurerm_monitor_diagnostic_setting");
    expect(setting.dynamic).toBeUndefined();
    expect(setting.enabled_log.map((l: { category: string }) => l.category)).toEqual([
      "kube-audit-admin",
      "guard",
      "kube-controller-manager",
      "cluster-autoscaler",
      "${var.category}",
      "kube-audit",
    ]);
    expectInvalid(
      () => makeCluster({ additionalLogCategories: [Fn.upper("x"), "kube-everything"] }),
      "additionalLogCategories",
      '"kube-everything"',
    );
  });

  test("nodeTaints as a list token is passed through; literal elements are still checked", () => {
    const stack = newStack();
    const cluster = new SecureCluster(
      stack,
      "Cluster",
      baseProps({ userNodePool: { nodeTaints: listVar(stack, "userTaints") } }),
    );
    cluster.addNodePool("Tenant", { name: "tenanta", nodeTaints: listVar(stack, "tenantTaints") });
    const pools = resources(JSON.parse(Testing.synth(stack, true)), "azurerm_kubernetes_cluster_node_pool");
    expect(pools.map((p) => p.node_taints).sort()).toEqual(["${var.tenantTaints}", "${var.userTaints}"]);
    const taint = new TerraformVariable(stack, "taint", { type: "string" }).stringValue;
    expectInvalid(
      () => cluster.addNodePool("Mixed", { name: "mixed", nodeTaints: [taint, "tenant=b"] }),
      "addNodePool(Mixed).nodeTaints",
      '"tenant=b"',
    );
  });

  test("admin groups and zones as list tokens", () => {
    const stack = newStack();
    new SecureCluster(
      stack,
      "Cluster",
      baseProps({
        entraId: { tenantId: TENANT, adminGroupObjectIds: listVar(stack, "groups") },
        systemNodePool: { zones: listVar(stack, "zones") },
      }),
    );
    const aks = only(JSON.parse(Testing.synth(stack, true)), "azurerm_kubernetes_cluster");
    expect(aks.azure_active_directory_role_based_access_control.admin_group_object_ids).toBe("${var.groups}");
    expect(aks.default_node_pool.zones).toBe("${var.zones}");
  });
});

describe("automaticUpgradeChannel and the version attributes", () => {
  const ignored = (overrides: Parameters<typeof makeCluster>[0]) => {
    const { stack, cluster } = makeCluster(overrides);
    cluster.addNodePool("Tenant", { name: "tenanta" });
    const doc = synth(stack);
    return {
      cluster: only(doc, "azurerm_kubernetes_cluster").lifecycle.ignore_changes,
      pools: resources(doc, "azurerm_kubernetes_cluster_node_pool").map((p) => p.lifecycle.ignore_changes),
    };
  };

  test('"stable" moves the minor version, so the cluster and every pool ignore the version attributes', () => {
    expect(ignored({ automaticUpgradeChannel: "stable", kubernetesVersion: "1.36" })).toEqual({
      cluster: ["default_node_pool[0].node_count", "kubernetes_version", "default_node_pool[0].orchestrator_version"],
      pools: [
        ["node_count", "orchestrator_version"],
        ["node_count", "orchestrator_version"],
      ],
    });
  });

  test('"patch" with MAJOR.MINOR keeps the version managed by Terraform', () => {
    expect(ignored({ kubernetesVersion: "1.36" })).toEqual({
      cluster: ["default_node_pool[0].node_count"],
      pools: [["node_count"], ["node_count"]],
    });
    expect(ignored({ kubernetesVersion: "1.36.2" }).pools).toEqual([
      ["node_count", "orchestrator_version"],
      ["node_count", "orchestrator_version"],
    ]);
  });
});

describe("addressing AKS would reject", () => {
  test("pod, service and VNet ranges overlapping AKS's reserved ranges", () => {
    for (const cidr of ["169.254.0.0/16", "172.30.0.0/16", "172.31.128.0/17", "192.0.2.0/24", "172.16.0.0/12"]) {
      expectInvalid(() => makeCluster({ podCidr: cidr }), "podCidr", JSON.stringify(cidr));
    }
    expectInvalid(
      () => makeCluster({ serviceCidr: "172.30.0.0/16", dnsServiceIp: "172.30.0.10" }),
      "serviceCidr",
      '"172.30.0.0/16"',
    );
    expectInvalid(
      () => makeCluster({ serviceCidr: "169.254.0.0/24", dnsServiceIp: "169.254.0.10" }),
      "serviceCidr",
      '"169.254.0.0/24"',
    );
    expectInvalid(
      () =>
        makeCluster({
          existingNetwork: {
            nodeSubnetId: NODE_SUBNET,
            outboundType: "userDefinedRouting",
            addressSpace: ["10.10.0.0/16", "192.0.2.0/25"],
          },
        }),
      "existingNetwork.addressSpace",
      '"192.0.2.0/25"',
    );
  });

  test("service CIDR larger than /12 or smaller than /24; pod CIDR smaller than a node's /24", () => {
    expectInvalid(
      () => makeCluster({ serviceCidr: "10.64.0.0/11", dnsServiceIp: "10.64.0.10" }),
      "serviceCidr",
      '"10.64.0.0/11"',
    );
    expectInvalid(() => makeCluster({ serviceCidr: "172.16.0.0/25" }), "serviceCidr", '"172.16.0.0/25"');
    expectInvalid(
      () => makeCluster({ serviceCidr: "172.16.0.0/29", dnsServiceIp: "172.16.0.5" }),
      "serviceCidr",
      '"172.16.0.0/29"',
    );
    expectInvalid(() => makeCluster({ podCidr: "192.168.0.0/25" }), "podCidr", '"192.168.0.0/25"');
    // The limits themselves are accepted.
    const edge = only(
      synth(makeCluster({ serviceCidr: "10.64.0.0/12", podCidr: "192.168.0.0/24" }).stack),
      "azurerm_kubernetes_cluster",
    ).network_profile;
    expect(edge).toMatchObject({
      service_cidr: "10.64.0.0/12",
      dns_service_ip: "10.64.0.10",
      pod_cidr: "192.168.0.0/24",
    });
    expect(
      only(synth(makeCluster({ serviceCidr: "172.16.0.0/24" }).stack), "azurerm_kubernetes_cluster").network_profile
        .service_cidr,
    ).toBe("172.16.0.0/24");
  });

  test("DNS service IP on the broadcast address", () => {
    expectInvalid(() => makeCluster({ dnsServiceIp: "172.16.255.255" }), "dnsServiceIp", '"172.16.255.255"');
    expectInvalid(
      () => makeCluster({ serviceCidr: "172.16.0.0/24", dnsServiceIp: "172.16.0.255" }),
      "dnsServiceIp",
      "broadcast",
    );
  });

  test("public pod and service ranges synthesize with a warning (AKS allows them, outside its support)", () => {
    const { stack, cluster } = makeCluster({ podCidr: "40.0.0.0/16", serviceCidr: "100.64.0.0/16" });
    const aks = only(synth(stack), "azurerm_kubernetes_cluster");
    expect(aks.network_profile).toMatchObject({ pod_cidr: "40.0.0.0/16", service_cidr: "100.64.0.0/16" });
    const warnings = cluster.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\[cidr\/public-range\] podCidr = "40\.0\.0\.0\/16": lies outside RFC 1918 and RFC 6598 space\..* Fix: /,
      ),
    ]);
    const none = makeCluster().cluster.node.metadata.filter((m) => m.type === "@cdktf/warn");
    expect(none).toEqual([]);
  });
});

describe("resource ids and subnets", () => {
  const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-aks`;
  const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-log/providers/Microsoft.OperationalInsights/workspaces/log-central`;
  const KEY = "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef";

  test("malformed subnet, VNet, vault and workspace ids", () => {
    expectInvalid(
      () => makeCluster({ existingNetwork: { nodeSubnetId: "snet-nodes", outboundType: "userDefinedRouting" } }),
      "existingNetwork.nodeSubnetId",
      '"snet-nodes"',
    );
    expectInvalid(
      () => makeCluster({ existingNetwork: { nodeSubnetId: VNET, outboundType: "userDefinedRouting" } }),
      "existingNetwork.nodeSubnetId",
      "vnet-aks",
    );
    expectInvalid(
      () =>
        makeCluster({
          existingNetwork: { nodeSubnetId: NODE_SUBNET, apiServerSubnetId: "api", outboundType: "userDefinedRouting" },
        }),
      "existingNetwork.apiServerSubnetId",
      '"api"',
    );
    expectInvalid(
      () =>
        makeCluster({
          existingNetwork: {
            nodeSubnetId: NODE_SUBNET,
            virtualNetworkId: "vnet-aks",
            outboundType: "userDefinedRouting",
          },
        }),
      "existingNetwork.virtualNetworkId",
      '"vnet-aks"',
    );
    expectInvalid(
      () =>
        makeCluster({
          existingNetwork: { nodeSubnetId: NODE_SUBNET.replace(SUB, "sub-1"), outboundType: "userDefinedRouting" },
        }),
      "existingNetwork.nodeSubnetId",
      "sub-1",
    );
    expectInvalid(
      () =>
        makeCluster({
          keyManagementService: { keyVaultKeyId: KEY, keyVaultNetworkAccess: "Public", keyVaultId: "kv-aks" },
        }),
      "keyManagementService.keyVaultId",
      '"kv-aks"',
    );
    expectInvalid(
      () =>
        makeCluster({
          keyManagementService: {
            keyVaultKeyId: KEY,
            keyVaultNetworkAccess: "Public",
            keyVaultId: "https://kv-aks.vault.azure.net/",
          },
        }),
      "keyManagementService.keyVaultId",
      "vault.azure.net",
    );
    expectInvalid(() => makeCluster({ logAnalyticsWorkspaceId: "law" }), "logAnalyticsWorkspaceId", '"law"');
    expectInvalid(
      () => makeCluster({ logAnalyticsWorkspaceId: "0b6e2b4e-8b5f-4bb4-9e39-2d0a4c8e6b11" }),
      "logAnalyticsWorkspaceId",
      "0b6e2b4e",
    );
    expectInvalid(
      () => makeCluster({ logAnalyticsWorkspaceId: WORKSPACE, logAnalyticsWorkspaceLocation: "west-europe" }),
      "logAnalyticsWorkspaceLocation",
      '"west-europe"',
    );
  });

  test("valid ids pass, in any letter case", () => {
    const { stack } = makeCluster({
      existingNetwork: {
        nodeSubnetId: NODE_SUBNET,
        apiServerSubnetId: API_SUBNET,
        virtualNetworkId: VNET.toLowerCase(),
        outboundType: "userDefinedRouting",
      },
      apiServerAccess: ApiServerAccess.vnetIntegration(),
      keyManagementService: { keyVaultKeyId: KEY, keyVaultId: VAULT },
      logAnalyticsWorkspaceId: WORKSPACE,
    });
    const aks = only(synth(stack), "azurerm_kubernetes_cluster");
    expect(aks.api_server_access_profile.subnet_id).toBe(API_SUBNET);
    expect(aks.oms_agent.log_analytics_workspace_id).toBe(WORKSPACE);
  });

  test("an API-server subnet that is the node subnet, or in another VNet", () => {
    expectInvalid(
      () =>
        makeCluster({
          existingNetwork: {
            nodeSubnetId: NODE_SUBNET,
            apiServerSubnetId: NODE_SUBNET.toUpperCase(),
            outboundType: "userDefinedRouting",
          },
        }),
      "existingNetwork.apiServerSubnetId",
      "SNET-NODES",
    );
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.vnetIntegration({ subnetId: NODE_SUBNET }) }),
      "apiServerAccess.subnetId",
      "snet-nodes",
    );
    const other = API_SUBNET.replace("vnet-aks", "vnet-hub");
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.vnetIntegration({ subnetId: other }) }),
      "apiServerAccess.subnetId",
      "vnet-hub",
    );
    expectInvalid(
      () =>
        makeCluster({
          existingNetwork: {
            nodeSubnetId: NODE_SUBNET,
            virtualNetworkId: VNET.replace("vnet-aks", "vnet-hub"),
            outboundType: "userDefinedRouting",
          },
        }),
      "existingNetwork.virtualNetworkId",
      "vnet-hub",
    );
  });

  test("resource group name and location", () => {
    expectInvalid(() => makeCluster({ resourceGroupName: "" }), "resourceGroupName", '""');
    expectInvalid(() => makeCluster({ resourceGroupName: "rg-aks." }), "resourceGroupName", '"rg-aks."');
    expectInvalid(() => makeCluster({ resourceGroupName: "rg/aks" }), "resourceGroupName", '"rg/aks"');
    expectInvalid(() => makeCluster({ location: "" }), "location", '""');
    expect(
      only(synth(makeCluster({ resourceGroupName: "rg_(aks).prod-ü" }).stack), "azurerm_kubernetes_cluster")
        .resource_group_name,
    ).toBe("rg_(aks).prod-ü");
  });
});

describe("smaller gaps", () => {
  const KEY = "https://kv-aks.vault.azure.net/keys/etcd/0123456789abcdef0123456789abcdef";

  test("keyVaultNetworkAccess must be exactly Private or Public", () => {
    const bad = (access: string) =>
      makeCluster({ keyManagementService: { keyVaultKeyId: KEY, keyVaultNetworkAccess: access as "Private" } });
    expectInvalid(() => bad("private"), "keyManagementService.keyVaultNetworkAccess", '"private"');
    expectInvalid(() => bad("Internal"), "keyManagementService.keyVaultNetworkAccess", '"Internal"');
  });

  test("Kubernetes versions older than every minor on AKS's calendar", () => {
    for (const v of ["1.9", "1.26", "1.27.15", "1.31"])
      expectInvalid(() => makeCluster({ kubernetesVersion: v }), "kubernetesVersion", JSON.stringify(v));
  });

  test("authorized ranges that together cover the whole internet", () => {
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["0.0.0.0/1", "128.0.0.0/1"]) }),
      "apiServerAccess.authorizedIpRanges",
      '["0.0.0.0/1","128.0.0.0/1"]',
    );
    const quarters = ["192.0.0.0/2", "0.0.0.0/2", "128.0.0.0/2", "64.0.0.0/3", "96.0.0.0/3"];
    expectInvalid(
      () => makeCluster({ apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(quarters) }),
      "apiServerAccess.authorizedIpRanges",
      "192.0.0.0/2",
    );
    // One half alone is broad but not everything.
    const { stack } = makeCluster({
      apiServerAccess: ApiServerAccess.publicWithAuthorizedRanges(["0.0.0.0/1", "203.0.113.0/24"]),
    });
    expect(only(synth(stack), "azurerm_kubernetes_cluster").api_server_access_profile.authorized_ip_ranges).toEqual([
      "0.0.0.0/1",
      "203.0.113.0/24",
    ]);
  });

  test("a private DNS zone for a public VNet-integrated API server is an error, not silently dropped", () => {
    expectInvalid(
      () =>
        makeCluster({
          apiServerAccess: ApiServerAccess.vnetIntegration({
            subnetId: API_SUBNET,
            privateCluster: false,
            authorizedIpRanges: ["203.0.113.0/24"],
            privateDnsZoneId: ZONE,
          }),
        }),
      "apiServerAccess.privateDnsZoneId",
      "privatelink.westeurope.azmk8s.io",
    );
  });
});
