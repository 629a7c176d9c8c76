import { Testing } from "cdktf";
import { Rule } from "../../../../lib/baseline/rule";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { aksClu01 } from "../../../../lib/baseline/rules/cluster/aks-clu-01";
import { aksClu02 } from "../../../../lib/baseline/rules/cluster/aks-clu-02";
import { aksClu03 } from "../../../../lib/baseline/rules/cluster/aks-clu-03";
import { aksClu04 } from "../../../../lib/baseline/rules/cluster/aks-clu-04";
import { aksClu05 } from "../../../../lib/baseline/rules/cluster/aks-clu-05";
import { aksClu07 } from "../../../../lib/baseline/rules/cluster/aks-clu-07";
import { aksClu08 } from "../../../../lib/baseline/rules/cluster/aks-clu-08";
import { aksDat01 } from "../../../../lib/baseline/rules/cluster/aks-dat-01";
import { aksDat02 } from "../../../../lib/baseline/rules/cluster/aks-dat-02";
import { aksDat03 } from "../../../../lib/baseline/rules/cluster/aks-dat-03";
import { aksDat04 } from "../../../../lib/baseline/rules/cluster/aks-dat-04";
import { aksLog01 } from "../../../../lib/baseline/rules/cluster/aks-log-01";
import { aksLog02 } from "../../../../lib/baseline/rules/cluster/aks-log-02";
import { aksPod02 } from "../../../../lib/baseline/rules/cluster/aks-pod-02";
import { aksPod03 } from "../../../../lib/baseline/rules/cluster/aks-pod-03";
import { aksPod04 } from "../../../../lib/baseline/rules/cluster/aks-pod-04";
import { aksPod05 } from "../../../../lib/baseline/rules/cluster/aks-pod-05";
import { aksPod06 } from "../../../../lib/baseline/rules/cluster/aks-pod-06";
import { aksPod07 } from "../../../../lib/baseline/rules/cluster/aks-pod-07";
import { aksPod08 } from "../../../../lib/baseline/rules/cluster/aks-pod-08";
import { aksPod09 } from "../../../../lib/baseline/rules/cluster/aks-pod-09";
import { aksPod10 } from "../../../../lib/baseline/rules/cluster/aks-pod-10";
import { aksSec01 } from "../../../../lib/baseline/rules/cluster/aks-sec-01";
import { aksDef02 } from "../../../../lib/baseline/rules/cluster/aks-def-02";
import { getControl } from "../../../../lib/baseline/catalog";
import { SecurityBaseline } from "../../../../lib/baseline/security-baseline";
import { synthError } from "../../helpers";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { makeCluster } from "../../../cluster/helpers";
import { PlatformOptions, evaluatePlatform, platformFixture, withPolicy } from "./fixtures-platform";

const POOL = "azurerm_kubernetes_cluster_node_pool.user";

const RULES: Rule[] = [
  aksClu01,
  aksClu02,
  aksClu03,
  aksClu04,
  aksClu05,
  aksClu07,
  aksClu08,
  aksDat01,
  aksDat02,
  aksDat03,
  aksDat04,
  aksLog01,
  aksLog02,
  aksPod02,
  aksPod03,
  aksPod04,
  aksPod05,
  aksPod06,
  aksPod07,
  aksPod08,
  aksPod09,
  aksPod10,
  aksSec01,
  aksDef02,
];

/** Catalog severities decided for these controls: warnings are optional, opt-in or cost controls. */
function run(rule: Rule, options: PlatformOptions = {}, address?: string) {
  return evaluatePlatform(rule, platformFixture(options), address);
}

function expectOutcome(
  rule: Rule,
  options: PlatformOptions,
  outcome: "passed" | "failed" | "unknown",
  attribute?: string,
  address?: string,
) {
  const finding = run(rule, options, address);
  expect(finding?.outcome).toBe(outcome);
  if (attribute) expect(finding?.attribute).toBe(attribute);
  if (outcome !== "passed") expect(finding?.message).toBeTruthy();
  return finding!;
}

const cluster = (change: Record<string, unknown>): PlatformOptions => ({
  cluster: (config) => ({ ...config, ...change }),
});
const pool = (change: Record<string, unknown>): PlatformOptions => ({ pool: (config) => ({ ...config, ...change }) });
const defaultPool = (change: Record<string, unknown>): PlatformOptions => ({
  cluster: (config) => ({ ...config, defaultNodePool: { ...config.defaultNodePool, ...change } }),
});
const policy = (name: string, change: Parameters<typeof withPolicy>[1]): PlatformOptions => ({
  policies: withPolicy(name, change),
});

describe("platform, data, logging and pod-security rules", () => {
  test.each(RULES.map((rule) => [rule.id, rule] as const))("%s: title and severity from the catalog", (id, rule) => {
    expect(rule.title).toBe(getControl(id).title);
    expect(rule.severity).toBe(getControl(id).severity);
    expect(rule.fix.length).toBeGreaterThan(20);
  });

  test("the compliant fixture passes every rule, on the cluster and on the node pool", () => {
    const fixture = platformFixture();
    for (const rule of RULES) {
      expect([rule.id, evaluatePlatform(rule, fixture)?.outcome]).toEqual([rule.id, "passed"]);
      if (rule.resourceTypes.includes("azurerm_kubernetes_cluster_node_pool"))
        expect([rule.id, evaluatePlatform(rule, fixture, POOL)?.outcome]).toEqual([rule.id, "passed"]);
    }
  });
});

describe("AKS-CLU-01 Azure Policy add-on", () => {
  test("absent is the provider default false: failed", () =>
    void expectOutcome(aksClu01, cluster({ azurePolicyEnabled: undefined }), "failed", "azure_policy_enabled"));
  test("false fails", () =>
    void expectOutcome(aksClu01, cluster({ azurePolicyEnabled: false }), "failed", "azure_policy_enabled"));
  test("an expression is unknown", () => {
    const fixture = platformFixture();
    fixture.cluster.addOverride("azure_policy_enabled", '${var.input == "x"}');
    expect(evaluatePlatform(aksClu01, fixture)).toMatchObject({
      outcome: "unknown",
      attribute: "azure_policy_enabled",
    });
  });
});

describe("AKS-CLU-02 automatic upgrades", () => {
  test("stable passes", () => void expectOutcome(aksClu02, cluster({ automaticUpgradeChannel: "stable" }), "passed"));
  test.each(["node-image", "rapid", "none"])("%s fails", (channel) =>
    expect(
      expectOutcome(aksClu02, cluster({ automaticUpgradeChannel: channel }), "failed", "automatic_upgrade_channel")
        .value,
    ).toBe(channel),
  );
  test("absent (provider default: no auto-upgrade) fails", () =>
    void expectOutcome(
      aksClu02,
      cluster({ automaticUpgradeChannel: undefined }),
      "failed",
      "automatic_upgrade_channel",
    ));
  test("no maintenance_window_auto_upgrade fails", () =>
    void expectOutcome(
      aksClu02,
      cluster({ maintenanceWindowAutoUpgrade: undefined }),
      "failed",
      "maintenance_window_auto_upgrade",
    ));
  test("an expression is unknown", () => {
    const fixture = platformFixture();
    fixture.cluster.automaticUpgradeChannel = fixture.variable.stringValue;
    expect(evaluatePlatform(aksClu02, fixture)).toMatchObject({
      outcome: "unknown",
      attribute: "automatic_upgrade_channel",
    });
  });
});

describe("AKS-CLU-03 node OS patching", () => {
  test("absent is the 4.x default NodeImage: passed", () =>
    void expectOutcome(aksClu03, cluster({ nodeOsUpgradeChannel: undefined }), "passed", "node_os_upgrade_channel"));
  test("SecurityPatch passes", () =>
    void expectOutcome(aksClu03, cluster({ nodeOsUpgradeChannel: "SecurityPatch" }), "passed"));
  test("no node-OS maintenance window still passes (recommended, not required)", () =>
    void expectOutcome(aksClu03, cluster({ maintenanceWindowNodeOs: undefined }), "passed"));
  test.each(["None", "Unmanaged"])("%s fails", (channel) =>
    expect(
      expectOutcome(aksClu03, cluster({ nodeOsUpgradeChannel: channel }), "failed", "node_os_upgrade_channel").value,
    ).toBe(channel),
  );
  test("an expression is unknown", () => {
    const fixture = platformFixture();
    fixture.cluster.nodeOsUpgradeChannel = fixture.variable.stringValue;
    expect(evaluatePlatform(aksClu03, fixture)).toMatchObject({
      outcome: "unknown",
      attribute: "node_os_upgrade_channel",
    });
  });
});

describe("AKS-CLU-04 Image Cleaner", () => {
  test("disabled fails", () =>
    void expectOutcome(aksClu04, cluster({ imageCleanerEnabled: false }), "failed", "image_cleaner_enabled"));
  test("absent enabled (default false) fails", () =>
    void expectOutcome(aksClu04, cluster({ imageCleanerEnabled: undefined }), "failed", "image_cleaner_enabled"));
  test("absent interval is the 4.x default 0: failed", () =>
    void expectOutcome(
      aksClu04,
      cluster({ imageCleanerIntervalHours: undefined }),
      "failed",
      "image_cleaner_interval_hours",
    ));
  test.each([24, 2160])(
    "interval %d (bound) passes",
    (hours) => void expectOutcome(aksClu04, cluster({ imageCleanerIntervalHours: hours }), "passed"),
  );
  test.each([23, 2161])("interval %d fails", (hours) =>
    expect(
      expectOutcome(aksClu04, cluster({ imageCleanerIntervalHours: hours }), "failed", "image_cleaner_interval_hours")
        .value,
    ).toBe(hours),
  );
  test("an interval expression is unknown", () => {
    const fixture = platformFixture();
    fixture.cluster.imageCleanerIntervalHours = fixture.variable.numberValue;
    expect(evaluatePlatform(aksClu04, fixture)).toMatchObject({
      outcome: "unknown",
      attribute: "image_cleaner_interval_hours",
    });
  });
});

describe("AKS-CLU-05 system pool for critical add-ons", () => {
  test("absent (default false) fails", () =>
    void expectOutcome(
      aksClu05,
      defaultPool({ onlyCriticalAddonsEnabled: undefined }),
      "failed",
      "default_node_pool.only_critical_addons_enabled",
    ));
  test("false fails", () =>
    void expectOutcome(
      aksClu05,
      defaultPool({ onlyCriticalAddonsEnabled: false }),
      "failed",
      "default_node_pool.only_critical_addons_enabled",
    ));
  test("a User pool passes, also with mode absent", () =>
    void expectOutcome(aksClu05, pool({ mode: undefined }), "passed", "mode", POOL));
  test("an extra System pool without the CriticalAddonsOnly taint fails", () =>
    void expectOutcome(aksClu05, pool({ mode: "System" }), "failed", "node_taints", POOL));
  test("an extra System pool with the taint passes", () =>
    void expectOutcome(
      aksClu05,
      pool({ mode: "System", nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] }),
      "passed",
      "node_taints",
      POOL,
    ));
  test("an expression is unknown", () => {
    const fixture = platformFixture();
    fixture.cluster.addOverride("default_node_pool.only_critical_addons_enabled", "${var.input}");
    expect(evaluatePlatform(aksClu05, fixture)).toMatchObject({ outcome: "unknown" });
  });
});

describe("AKS-CLU-07 SLA tier (error: Free is weaker than the baseline and needs a suppression)", () => {
  test("Premium passes", () => void expectOutcome(aksClu07, cluster({ skuTier: "Premium" }), "passed"));
  test("absent is Free: failed", () =>
    expect(expectOutcome(aksClu07, cluster({ skuTier: undefined }), "failed", "sku_tier").value).toMatch(/Free/));
  test("Free fails", () => void expectOutcome(aksClu07, cluster({ skuTier: "Free" }), "failed", "sku_tier"));
  test("long-term support without Premium fails", () =>
    void expectOutcome(aksClu07, cluster({ supportPlan: "AKSLongTermSupport" }), "failed", "support_plan"));
  test("a Free SecureCluster stops synth until the choice is suppressed with a reason", () => {
    const free = makeCluster({ skuTier: "Free" });
    expect(synthError(free.stack)).toMatch(
      /AKS-CLU-07 .*\[error\] failed on azurerm_kubernetes_cluster\..*sku_tier = "Free"/,
    );
    const accepted = makeCluster({ skuTier: "Free" });
    SecurityBaseline.suppress(
      accepted.cluster,
      "AKS-CLU-07",
      "Dev cluster on the Free tier: no SLA needed, destroyed nightly",
    );
    expect(synthError(accepted.stack)).toBe("");
    const finding = SecurityBaseline.of(accepted.stack)!.lastResult!.findings.find((f) => f.ruleId === "AKS-CLU-07");
    expect(finding).toMatchObject({
      outcome: "suppressed",
      suppressedOutcome: "failed",
      suppression: { reason: "Dev cluster on the Free tier: no SLA needed, destroyed nightly" },
    });
  });
  test("an expression is unknown", () => {
    const fixture = platformFixture();
    fixture.cluster.skuTier = fixture.variable.stringValue;
    expect(evaluatePlatform(aksClu07, fixture)).toMatchObject({ outcome: "unknown", attribute: "sku_tier" });
  });
});

describe("policy-assignment rules", () => {
  test("AKS-CLU-08: missing safeguards fails; Deny is also accepted; an effect expression is unknown", () => {
    expectOutcome(aksClu08, policy("safeguards", null), "failed", "policy_assignment");
    expectOutcome(aksClu08, policy("safeguards", { parameters: { effect: { value: "Deny" } } }), "passed");
    expectOutcome(aksClu08, policy("safeguards", { parameters: "${var.input}" }), "unknown");
  });

  test("AKS-CLU-08: no parameters means the initiative default Audit, which is the catalog value", () =>
    void expectOutcome(aksClu08, policy("safeguards", { parameters: undefined }), "passed"));

  test("AKS-POD-02: the initiative's default effect (Audit) fails", () =>
    expect(
      expectOutcome(
        aksPod02,
        policy("pss_baseline", { parameters: undefined }),
        "failed",
        "policy_assignment.parameters.effect",
      ).value,
    ).toBe("audit"));
  test("AKS-POD-02: missing fails; enforce=false downgrades Deny; expression is unknown", () => {
    expectOutcome(aksPod02, policy("pss_baseline", null), "failed", "policy_assignment");
    expectOutcome(
      aksPod02,
      policy("pss_baseline", { enforce: false }),
      "failed",
      "policy_assignment.parameters.effect",
    );
    expectOutcome(aksPod02, policy("pss_baseline", { parameters: "${var.input}" }), "unknown");
  });
  test("AKS-POD-02: an assignment on another cluster does not count", () => {
    const fixture = platformFixture();
    const document = parseTerraformDocument(JSON.parse(Testing.synth(fixture.stack)));
    const raw = JSON.parse(Testing.synth(fixture.stack));
    raw.resource.azurerm_resource_policy_assignment.pss_baseline.resource_id = "${azurerm_kubernetes_cluster.other.id}";
    raw.resource.azurerm_kubernetes_cluster.other = { ...raw.resource.azurerm_kubernetes_cluster.aks, name: "other" };
    const moved = parseTerraformDocument(raw);
    expect(aksPod02.evaluate(document.byAddress("azurerm_kubernetes_cluster.aks")!, document)?.outcome).toBe("passed");
    expect(aksPod02.evaluate(moved.byAddress("azurerm_kubernetes_cluster.aks")!, moved)).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment",
    });
  });

  test("AKS-POD-03: the initiative's default capability parameters fail", () => {
    const parameters = { effect: { value: "Deny" }, namespaces: { value: ["team-a"] } };
    expectOutcome(
      aksPod03,
      policy("pss_restricted", { parameters }),
      "failed",
      "policy_assignment.parameters.allowedCapabilities",
    );
    expectOutcome(
      aksPod03,
      policy("pss_restricted", { parameters: { ...parameters, allowedCapabilities: { value: ["NET_BIND_SERVICE"] } } }),
      "failed",
      "policy_assignment.parameters.requiredDropCapabilities",
    );
    expectOutcome(
      aksPod03,
      policy("pss_restricted", {
        parameters: {
          ...parameters,
          allowedCapabilities: { value: ["NET_BIND_SERVICE", "NET_RAW"] },
          requiredDropCapabilities: { value: ["ALL"] },
        },
      }),
      "failed",
      "policy_assignment.parameters.allowedCapabilities",
    );
  });
  test("AKS-POD-03: Audit fails; a tenant namespace outside the assignment fails", () => {
    expectOutcome(
      aksPod03,
      policy("pss_restricted", {
        parameters: {
          effect: { value: "Audit" },
          allowedCapabilities: { value: ["NET_BIND_SERVICE"] },
          requiredDropCapabilities: { value: ["ALL"] },
        },
      }),
      "failed",
      "policy_assignment.parameters.effect",
    );
    expect(
      expectOutcome(aksPod03, { namespaces: ["team-a", "team-b"] }, "failed", "policy_assignment.parameters.namespaces")
        .message,
    ).toContain("team-b");
  });
  test("AKS-POD-03: tenant namespaces without an assignment fail; no tenants and no assignment: not applicable", () => {
    expectOutcome(aksPod03, policy("pss_restricted", null), "failed", "policy_assignment");
    expect(run(aksPod03, { namespaces: [], policies: withPolicy("pss_restricted", null) })).toBeUndefined();
    expect(
      run(aksPod03, { namespaces: ["kube-system"], policies: withPolicy("pss_restricted", null) }),
    ).toBeUndefined();
  });
  test("AKS-POD-03: an assignment without a namespaces list covers every namespace; parameters as an expression are unknown", () => {
    expectOutcome(
      aksPod03,
      policy("pss_restricted", {
        parameters: {
          effect: { value: "Deny" },
          allowedCapabilities: { value: ["NET_BIND_SERVICE"] },
          requiredDropCapabilities: { value: ["ALL"] },
        },
      }),
      "passed",
    );
    expectOutcome(aksPod03, policy("pss_restricted", { parameters: "${var.input}" }), "unknown");
  });

  test("AKS-POD-04: missing fails; Audit (catalog) and Deny pass", () => {
    expectOutcome(aksPod04, policy("read_only", null), "failed", "policy_assignment");
    expectOutcome(aksPod04, policy("read_only", { parameters: { effect: { value: "Deny" } } }), "passed");
  });
  test("AKS-POD-05: the default Audit fails; missing fails", () => {
    expectOutcome(
      aksPod05,
      policy("sys_admin", { parameters: undefined }),
      "failed",
      "policy_assignment.parameters.effect",
    );
    expectOutcome(aksPod05, policy("sys_admin", null), "failed", "policy_assignment");
  });
  test("AKS-POD-06: an unconfined profile fails; missing fails; Audit is accepted (SecureCluster's choice)", () => {
    expectOutcome(
      aksPod06,
      policy("apparmor", {
        parameters: { effect: { value: "Deny" }, allowedProfiles: { value: ["runtime/default", "unconfined"] } },
      }),
      "failed",
      "policy_assignment.parameters.allowedProfiles",
    );
    expectOutcome(aksPod06, policy("apparmor", null), "failed", "policy_assignment");
    expectOutcome(
      aksPod06,
      policy("apparmor", {
        parameters: { effect: { value: "Audit" }, allowedProfiles: { value: ["runtime/default"] } },
      }),
      "passed",
    );
  });
  test("AKS-POD-07: the restricted initiative alone passes; neither fails", () => {
    expectOutcome(aksPod07, policy("seccomp", null), "passed");
    expectOutcome(
      aksPod07,
      { policies: (list) => withPolicy("pss_restricted", null)(withPolicy("seccomp", null)(list)) },
      "failed",
      "policy_assignment",
    );
  });
  test.each(["sysctls", "proc_mount", "selinux", "flexvolume"])(
    "AKS-POD-08: without %s fails",
    (name) => void expectOutcome(aksPod08, policy(name, null), "failed", "policy_assignment"),
  );
  test("AKS-POD-08: the PSS baseline initiative (a8640138) does not contain these definitions, so it does not cover them", () => {
    // builtins.json: a8640138 = 95edb821, 82985f06, 47a1ee2f, c26596ff, 098fc59e; none of 56d0a13f/f85eb0dd/e1e6c427/f4a8fce0.
    expectOutcome(
      aksPod08,
      policy("selinux", { parameters: undefined }),
      "failed",
      "policy_assignment.parameters.effect",
    );
  });
  test("AKS-POD-09: missing fails; expression effect unknown", () => {
    expectOutcome(aksPod09, policy("limits", null), "failed", "policy_assignment");
    expectOutcome(aksPod09, policy("limits", { parameters: "${var.input}" }), "unknown");
  });
  test("AKS-POD-10: Audit fails; missing fails", () => {
    expectOutcome(
      aksPod10,
      policy("default_ns", { parameters: { effect: { value: "Audit" } } }),
      "failed",
      "policy_assignment.parameters.effect",
    );
    expectOutcome(aksPod10, policy("default_ns", null), "failed", "policy_assignment");
  });
});

describe("AKS-DAT-01 KMS (warning)", () => {
  test("absent fails (warning)", () =>
    void expectOutcome(aksDat01, cluster({ keyManagementService: undefined }), "failed", "key_management_service"));
  test("Public network access to a private vault fails", () =>
    void expectOutcome(
      aksDat01,
      cluster({
        keyManagementService: { keyVaultKeyId: "${azurerm_key_vault_key.kms_key.id}", keyVaultNetworkAccess: "Public" },
      }),
      "failed",
      "key_management_service.key_vault_network_access",
    ));
  test("Public network access (the default) to a public vault passes", () =>
    void expectOutcome(
      aksDat01,
      {
        vault: (config) => ({ ...config, publicNetworkAccessEnabled: true }),
        cluster: (config) => ({
          ...config,
          keyManagementService: { keyVaultKeyId: "${azurerm_key_vault_key.kms_key.id}" },
        }),
      },
      "passed",
    ));
  test("a versionless key id fails", () =>
    void expectOutcome(
      aksDat01,
      cluster({
        keyManagementService: {
          keyVaultKeyId: "${azurerm_key_vault_key.kms_key.versionless_id}",
          keyVaultNetworkAccess: "Private",
        },
      }),
      "failed",
      "key_management_service.key_vault_key_id",
    ));
  test("Private without API-server VNet integration fails", () =>
    void expectOutcome(
      aksDat01,
      cluster({ apiServerAccessProfile: { virtualNetworkIntegrationEnabled: false } }),
      "failed",
      "api_server_access_profile.virtual_network_integration_enabled",
    ));
  test("a key from a variable is unknown", () =>
    void expectOutcome(
      aksDat01,
      cluster({ keyManagementService: { keyVaultKeyId: "${var.input}", keyVaultNetworkAccess: "Private" } }),
      "unknown",
      "key_management_service.key_vault_key_id",
    ));
});

describe("AKS-DAT-02 host encryption", () => {
  test("default pool without it fails", () =>
    void expectOutcome(
      aksDat02,
      defaultPool({ hostEncryptionEnabled: undefined }),
      "failed",
      "default_node_pool.host_encryption_enabled",
    ));
  test("a node pool with false fails", () =>
    void expectOutcome(aksDat02, pool({ hostEncryptionEnabled: false }), "failed", "host_encryption_enabled", POOL));
  test("a node pool without it (default false) fails", () =>
    void expectOutcome(
      aksDat02,
      pool({ hostEncryptionEnabled: undefined }),
      "failed",
      "host_encryption_enabled",
      POOL,
    ));
  test("an expression is unknown", () => {
    const fixture = platformFixture();
    fixture.pool.hostEncryptionEnabled = fixture.variable.booleanValue;
    expect(evaluatePlatform(aksDat02, fixture, POOL)).toMatchObject({
      outcome: "unknown",
      attribute: "host_encryption_enabled",
    });
  });
});

describe("AKS-DAT-03 disk CMK (warning)", () => {
  test("absent fails", () =>
    void expectOutcome(aksDat03, cluster({ diskEncryptionSetId: undefined }), "failed", "disk_encryption_set_id"));
  test("a literal DES id passes", () =>
    void expectOutcome(
      aksDat03,
      cluster({
        diskEncryptionSetId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des",
      }),
      "passed",
    ));
  test("a variable is unknown", () =>
    void expectOutcome(
      aksDat03,
      cluster({ diskEncryptionSetId: "${var.input}" }),
      "unknown",
      "disk_encryption_set_id",
    ));
});

describe("AKS-DAT-04 ephemeral OS disks (warning)", () => {
  test("Managed on the default pool fails", () =>
    void expectOutcome(aksDat04, defaultPool({ osDiskType: "Managed" }), "failed", "default_node_pool.os_disk_type"));
  test("absent on a node pool (Managed) fails", () =>
    void expectOutcome(aksDat04, pool({ osDiskType: undefined }), "failed", "os_disk_type", POOL));
  test("an expression is unknown", () => {
    const fixture = platformFixture();
    fixture.pool.osDiskType = fixture.variable.stringValue;
    expect(evaluatePlatform(aksDat04, fixture, POOL)).toMatchObject({ outcome: "unknown", attribute: "os_disk_type" });
  });
});

describe("AKS-LOG-01 control-plane audit logs", () => {
  const logs = (enabledLog: Record<string, string>[]): PlatformOptions => ({
    diagnostic: (config) => ({ ...config, enabledLog }),
  });
  test.each(["audit", "allLogs"])(
    "category_group %s covers kube-audit-admin and guard",
    (group) => void expectOutcome(aksLog01, logs([{ categoryGroup: group }]), "passed"),
  );
  test("kube-audit (superset of kube-audit-admin) with guard passes", () =>
    void expectOutcome(aksLog01, logs([{ category: "kube-audit" }, { category: "guard" }]), "passed"));
  test("without guard fails, naming it", () =>
    expect(
      expectOutcome(aksLog01, logs([{ category: "kube-audit-admin" }]), "failed", "enabled_log").message,
    ).toContain("guard"));
  test("without kube-audit-admin fails", () =>
    void expectOutcome(
      aksLog01,
      logs([{ category: "guard" }, { category: "kube-apiserver" }]),
      "failed",
      "enabled_log",
    ));
  test("no diagnostic setting fails", () =>
    void expectOutcome(aksLog01, { diagnostic: null }, "failed", "azurerm_monitor_diagnostic_setting"));
  test("a setting on another resource does not count", () =>
    void expectOutcome(
      aksLog01,
      { diagnostic: (config) => ({ ...config, targetResourceId: "${azurerm_key_vault.kms_vault.id}" }) },
      "failed",
      "azurerm_monitor_diagnostic_setting",
    ));
  test("a setting whose target is a variable is unknown", () =>
    void expectOutcome(
      aksLog01,
      { diagnostic: (config) => ({ ...config, targetResourceId: "${var.input}" }) },
      "unknown",
    ));
  test("a category from a variable is unknown", () =>
    void expectOutcome(aksLog01, logs([{ category: "${var.input}" }]), "unknown", "enabled_log"));
});

describe("AKS-LOG-02 Container Insights with MSI", () => {
  test("no oms_agent fails", () =>
    void expectOutcome(aksLog02, cluster({ omsAgent: undefined }), "failed", "oms_agent"));
  test("key-based auth (default false) fails", () =>
    void expectOutcome(
      aksLog02,
      cluster({ omsAgent: { logAnalyticsWorkspaceId: "/subscriptions/x/law" } }),
      "failed",
      "oms_agent.msi_auth_for_monitoring_enabled",
    ));
  test("an expression is unknown", () =>
    void expectOutcome(
      aksLog02,
      cluster({
        omsAgent: { logAnalyticsWorkspaceId: "/subscriptions/x/law", msiAuthForMonitoringEnabled: "${var.input}" },
      }),
      "unknown",
    ));
});

describe("AKS-SEC-01 Key Vault CSI provider with rotation", () => {
  test("no block fails", () =>
    void expectOutcome(
      aksSec01,
      cluster({ keyVaultSecretsProvider: undefined }),
      "failed",
      "key_vault_secrets_provider",
    ));
  test("rotation absent (default false) fails", () =>
    void expectOutcome(
      aksSec01,
      cluster({ keyVaultSecretsProvider: { secretRotationInterval: "2m" } }),
      "failed",
      "key_vault_secrets_provider.secret_rotation_enabled",
    ));
  test("an expression is unknown", () =>
    void expectOutcome(
      aksSec01,
      cluster({ keyVaultSecretsProvider: { secretRotationEnabled: "${var.input}" } }),
      "unknown",
    ));
  test("the rotation interval: absent is the provider default 2m; up to 1h passes; longer fails", () => {
    const interval = (secretRotationInterval: string | undefined) =>
      cluster({ keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval } });
    expect(
      expectOutcome(aksSec01, interval(undefined), "passed", "key_vault_secrets_provider.secret_rotation_interval")
        .value,
    ).toBe("absent (provider default 2m)");
    expectOutcome(aksSec01, interval("1h"), "passed", "key_vault_secrets_provider.secret_rotation_interval");
    expectOutcome(aksSec01, interval("59m30s"), "passed");
    expect(
      expectOutcome(aksSec01, interval("1h1m"), "failed", "key_vault_secrets_provider.secret_rotation_interval")
        .message,
    ).toContain("at most 1h");
    expectOutcome(aksSec01, interval("24h"), "failed");
    expectOutcome(aksSec01, interval("two minutes"), "failed");
    expectOutcome(aksSec01, interval("0s"), "failed");
    expectOutcome(
      aksSec01,
      interval("${var.interval}"),
      "unknown",
      "key_vault_secrets_provider.secret_rotation_interval",
    );
  });
});

describe("AKS-DEF-02 Defender sensor (warning: DefenderPlan is an opt-in cost)", () => {
  test("no microsoft_defender block fails", () =>
    void expectOutcome(aksDef02, cluster({ microsoftDefender: undefined }), "failed", "microsoft_defender"));
  test("a literal workspace id passes", () =>
    void expectOutcome(aksDef02, {}, "passed", "microsoft_defender.log_analytics_workspace_id"));
  test("a workspace that is a variable is unknown, never passed", () =>
    void expectOutcome(
      aksDef02,
      cluster({ microsoftDefender: { logAnalyticsWorkspaceId: "${var.workspace}" } }),
      "unknown",
      "microsoft_defender.log_analytics_workspace_id",
    ));
  test("a reference to a declared workspace passes", () => {
    const fixture = platformFixture();
    const workspace = new LogAnalyticsWorkspace(fixture.stack, "law", {
      name: "law",
      resourceGroupName: "rg",
      location: "westeurope",
    });
    fixture.cluster.putMicrosoftDefender({ logAnalyticsWorkspaceId: workspace.id });
    expect(evaluatePlatform(aksDef02, fixture)).toMatchObject({
      outcome: "passed",
      message: "sensor reports to azurerm_log_analytics_workspace.law",
    });
  });
});

describe("a default SecureCluster", () => {
  test("passes every error rule here; warnings only for opt-in controls", () => {
    const { stack } = makeCluster();
    const document = parseTerraformDocument(JSON.parse(Testing.synth(stack)));
    const clusters = document.ofType("azurerm_kubernetes_cluster");
    expect(clusters).toHaveLength(1);
    const outcomes: Record<string, string | undefined> = {};
    for (const rule of RULES) {
      for (const type of rule.resourceTypes) {
        for (const resource of document.ofType(type))
          outcomes[`${rule.id} ${resource.address}`] = rule.evaluate(resource, document)?.outcome;
      }
    }
    const notPassed = Object.entries(outcomes).filter(([, outcome]) => outcome !== "passed" && outcome !== undefined);
    const errors = notPassed.filter(([key]) => getControl(key.split(" ")[0]).severity !== "warning");
    expect(errors).toEqual([]);
  });

  test("with a registered tenant namespace passes AKS-POD-03 and, through the restricted initiative, AKS-POD-07", () => {
    const { stack, cluster: secure } = makeCluster();
    secure.registerTenantNamespace("team-a");
    const document = parseTerraformDocument(JSON.parse(Testing.synth(stack)));
    const aks = document.ofType("azurerm_kubernetes_cluster")[0];
    expect(aksPod03.evaluate(aks, document)?.outcome).toBe("passed");
    expect(aksPod07.evaluate(aks, document)?.outcome).toBe("passed");
  });
});
