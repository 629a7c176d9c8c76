import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { runCli } from "../../lib/baseline/cli";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { REPORT_JSON_FILE } from "../../lib/baseline/report";
import { REASON } from "./helpers";

// Issue 11, "Done when": a stack synthesized with skipValidation and a failing control fails the
// CLI naming the control, and hand-editing the report's suppressions does not change that.

function cli(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** An app whose cluster keeps local accounts (AKS-IAM-05 fails), synthesized with validation skipped. */
function synthSkipped(suppress = false): { outdir: string; plan: string; report: string; stderr: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-gate-"));
  const app = new App({ outdir, skipValidation: true });
  const stack = new TerraformStack(app, "platform");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  SecurityBaseline.apply(stack);
  const cluster = new KubernetesCluster(stack, "aks", {
    name: "aks",
    location: "westeurope",
    resourceGroupName: "rg",
    dnsPrefix: "aks",
    defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5" },
    identity: { type: "SystemAssigned" },
    localAccountDisabled: false,
  });
  if (suppress) SecurityBaseline.suppress(cluster, "AKS-IAM-05", REASON);
  const stderr: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  try {
    app.synth();
  } finally {
    spy.mockRestore();
  }
  const dir = path.join(outdir, "stacks", "platform");
  return { outdir, plan: path.join(dir, "cdk.tf.json"), report: path.join(dir, REPORT_JSON_FILE), stderr };
}

describe("the CI gate cannot be bypassed", () => {
  test("skipValidation writes cdk.tf.json, says so once per failing control, and the CLI exits 1 naming AKS-IAM-05", () => {
    const { outdir, plan, stderr } = synthSkipped();
    expect(
      JSON.parse(fs.readFileSync(plan, "utf8")).resource.azurerm_kubernetes_cluster.aks.local_account_disabled,
    ).toBe(false);
    const loud = stderr.filter((line) => line.includes("AKS-IAM-05"));
    expect(loud).toEqual([
      expect.stringMatching(
        /^SECURITY BASELINE NOT ENFORCED \(validation skipped\): AKS-IAM-05 .* fails on platform\/aks\. Fix: .*cdktf-secure-aks check" fails this plan/,
      ),
    ]);
    const result = cli(["check", outdir]);
    expect(result.code).toBe(1);
    expect(result.out).toContainEqual(
      expect.stringMatching(
        /^ {2}ERROR {6}AKS-IAM-05 .*azurerm_kubernetes_cluster\.aks .*local_account_disabled = false/,
      ),
    );
  });

  test("a suppression hand-added to security-baseline.json does not change the verdict", () => {
    const { outdir, report } = synthSkipped();
    const edited = JSON.parse(fs.readFileSync(report, "utf8"));
    edited.suppressions = [
      {
        constructPath: "platform",
        ruleId: "AKS-IAM-05",
        reason: REASON,
        status: "used",
        coveredFindings: 1,
        suppressedFindings: 1,
      },
    ];
    edited.passed = true;
    fs.writeFileSync(report, JSON.stringify(edited));
    const result = cli(["check", outdir]);
    expect(result.code).toBe(1);
    expect(result.out.join("\n")).toContain("AKS-IAM-05");
    expect(result.out.join("\n")).not.toContain("SUPPRESSED AKS-IAM-05");
  });

  test("a suppression declared in the construct tree is embedded in cdk.tf.json and honored", () => {
    const { outdir, plan } = synthSkipped(true);
    const embedded = JSON.parse(fs.readFileSync(plan, "utf8"))["//"].metadata.securityBaseline;
    expect(embedded.suppressions).toEqual([{ constructPath: "platform/aks", ruleId: "AKS-IAM-05", reason: REASON }]);
    expect(embedded.rules).toContain("AKS-IAM-05");
    const result = cli(["check", outdir]);
    expect(result.out).toContainEqual(expect.stringMatching(/^ {2}SUPPRESSED AKS-IAM-05 /));
    expect(result.out).not.toContainEqual(expect.stringMatching(/^ {2}ERROR {6}AKS-IAM-05 /));
    expect(result.out[1]).toBe("  using 1 suppression(s) embedded by synth from the construct tree");
  });
});
