import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SecureCluster, SecureClusterProps } from "../../lib/cluster/secure-cluster";
import { KubernetesVersion } from "../../lib/cluster/kubernetes-version";
import {
  KUBERNETES_CALENDAR,
  NEWEST_CALENDAR_MINOR,
  TODAY_CONTEXT_KEY,
  creatableMinors,
  longTermSupportMinors,
  minorOf,
  minorStatus,
} from "../../lib/cluster/kubernetes-versions";
import { baseProps, only, resources, synth, thrown } from "./helpers";

/** A cluster synthesized on `today`; returns its stack and the warnings it annotated. */
function clusterOn(
  today: string,
  overrides: Partial<SecureClusterProps>,
): { stack: TerraformStack; warnings: string[] } {
  // After the App reads CDKTF_CONTEXT_JSON (test/setup.ts pins a day there), so this day wins.
  const app = Testing.app();
  app.node.setContext(TODAY_CONTEXT_KEY, today);
  const stack = new TerraformStack(app, "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const cluster = new SecureCluster(stack, "Cluster", baseProps(overrides));
  const warnings = cluster.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
  return { stack, warnings };
}

describe("AKS release calendar", () => {
  test("is ordered, one row per minor, GA before end of life before LTS end", () => {
    const minors = KUBERNETES_CALENDAR.map((r) => Number(r.minor.split(".")[1]));
    expect(minors).toEqual([...minors].sort((a, b) => a - b));
    expect(new Set(minors).size).toBe(minors.length);
    for (const r of KUBERNETES_CALENDAR) {
      expect(r.generallyAvailable < r.endOfLife && r.endOfLife < r.ltsEndOfLife).toBe(true);
    }
  });

  test("on 2026-12-04: 1.35-1.37 creatable, 1.32-1.34 only under LTS (Microsoft's calendar)", () => {
    expect(creatableMinors("2026-12-04")).toEqual(["1.35", "1.36", "1.37"]);
    expect(longTermSupportMinors("2026-12-04")).toEqual(["1.32", "1.33", "1.34", "1.35", "1.36", "1.37"]);
    expect(minorStatus("1.34", "2026-12-04", false).kind).toBe("retired");
    expect(minorStatus("1.34", "2026-12-04", true).kind).toBe("supported");
    expect(minorStatus("1.38", "2026-12-04", false).kind).toBe("unknown-newer");
    expect(minorStatus("1.31", "2026-12-04", true).kind).toBe("retired");
  });

  // The examples are synthesized by `npm run synth`; their minors must be creatable on the day the
  // tests run (the real date, not the pinned one), so an outdated calendar or example fails here.
  test("every example pins a minor AKS still creates today", () => {
    const today = new Date().toISOString().slice(0, 10);
    const examples = readdirSync(join(__dirname, "../../examples")).filter((f) => f.endsWith(".ts"));
    const pinned = examples.flatMap((file) =>
      [
        ...readFileSync(join(__dirname, "../../examples", file), "utf8").matchAll(/kubernetesVersion:\s*"([^"]+)"/g),
      ].map((m) => ({ file, version: m[1] })),
    );
    expect(pinned.length).toBeGreaterThan(0);
    for (const { file, version } of pinned) {
      const status = minorStatus(minorOf(version)!, today, false);
      expect({ file, version, status: status.kind === "supported" ? "supported" : status.kind }).toEqual({
        file,
        version,
        status: "supported",
      });
    }
  });
});

describe("SecureCluster checks kubernetesVersion against the calendar", () => {
  test("a minor past creation support fails with the supported minors and LTS as the way out", () => {
    const error = thrown(() => clusterOn("2026-12-04", { kubernetesVersion: "1.33" }));
    expect(error.constructPath).toBe("test/Cluster");
    expect(error.prop).toBe("kubernetesVersion");
    expect(error.value).toBe("1.33");
    expect(error.message).toContain("AKS support for 1.33 ended on 2026-07-31");
    expect(error.fix).toContain("use a supported minor: 1.35, 1.36, 1.37");
    expect(error.fix).toContain('skuTier "Premium" and supportPlan "AKSLongTermSupport"');
    expect(error.fix).toContain("KubernetesVersion.latestSupported()");
    // A patch version of a retired minor is retired too.
    expect(thrown(() => clusterOn("2026-12-04", { kubernetesVersion: "1.34.9" })).value).toBe("1.34.9");
  });

  test("an LTS minor stays accepted with Premium and AKSLongTermSupport until its LTS end", () => {
    const { stack } = clusterOn("2026-12-04", {
      kubernetesVersion: "1.33",
      skuTier: "Premium",
      supportPlan: "AKSLongTermSupport",
    });
    const aks = only(synth(stack), "azurerm_kubernetes_cluster");
    expect(aks.kubernetes_version).toBe("1.33");
    expect(aks.sku_tier).toBe("Premium");
    expect(aks.support_plan).toBe("AKSLongTermSupport");
    expect(
      thrown(() =>
        clusterOn("2027-08-01", { kubernetesVersion: "1.33", skuTier: "Premium", supportPlan: "AKSLongTermSupport" }),
      ).message,
    ).toContain("long-term support included");
    // The plan alone (Standard tier) is not long-term support.
    expect(
      thrown(() => clusterOn("2026-12-04", { kubernetesVersion: "1.33", supportPlan: "AKSLongTermSupport" })).prop,
    ).toBe("supportPlan");
  });

  test("bad support plans", () => {
    expect(thrown(() => clusterOn("2026-12-04", { supportPlan: "LTS" as "AKSLongTermSupport" })).message).toContain(
      'supportPlan = "LTS"',
    );
  });

  test("warns in one format within 90 days of the end of life, and the JSON does not change", () => {
    const early = clusterOn("2026-12-30", { kubernetesVersion: "1.35" });
    expect(early.warnings).toEqual([]);
    const late = clusterOn("2027-01-01", { kubernetesVersion: "1.35" });
    expect(late.warnings).toEqual([
      '[kubernetes/end-of-life-soon] kubernetesVersion = "1.35": community support of Kubernetes 1.35 on AKS ends on 2027-03-31, in 89 days (calendar read 2026-08-21). Fix: plan the upgrade to 1.36 or 1.37 (az aks upgrade, or automaticUpgradeChannel "stable")',
    ]);
    expect(Testing.synth(late.stack)).toEqual(Testing.synth(early.stack));
    const lts = clusterOn("2027-06-15", {
      kubernetesVersion: "1.33.4",
      skuTier: "Premium",
      supportPlan: "AKSLongTermSupport",
    });
    expect(lts.warnings[0]).toContain("long-term support of Kubernetes 1.33 on AKS ends on 2027-07-31, in 46 days");
  });

  test("a minor newer than the calendar is accepted (AKS decides at apply)", () => {
    expect(
      only(synth(clusterOn("2026-12-04", { kubernetesVersion: "1.38" }).stack), "azurerm_kubernetes_cluster")
        .kubernetes_version,
    ).toBe("1.38");
  });

  test("KubernetesVersion.latestSupported() resolves at plan time, never a preview, and ignores later changes", () => {
    const { stack } = clusterOn("2026-12-04", { kubernetesVersion: KubernetesVersion.latestSupported() });
    const doc = synth(stack);
    const versions = Object.values(doc.data.azurerm_kubernetes_service_versions) as {
      location: string;
      include_preview: boolean;
    }[];
    expect(versions).toEqual([{ location: "westeurope", include_preview: false }]);
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.kubernetes_version).toMatch(/^\$\{data\.azurerm_kubernetes_service_versions\.[^.]+\.latest_version\}$/);
    expect(aks.default_node_pool.orchestrator_version).toBe(aks.kubernetes_version);
    expect(aks.lifecycle.ignore_changes).toEqual([
      "default_node_pool[0].node_count",
      "kubernetes_version",
      "default_node_pool[0].orchestrator_version",
    ]);
    expect(resources(doc, "azurerm_kubernetes_cluster_node_pool")[0].orchestrator_version).toBe(aks.kubernetes_version);
  });
});

test("the newest calendar minor is the Pod Security fallback", () => {
  expect(NEWEST_CALENDAR_MINOR).toBe(KUBERNETES_CALENDAR[KUBERNETES_CALENDAR.length - 1].minor);
});
