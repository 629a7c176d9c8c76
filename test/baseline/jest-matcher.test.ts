import { Testing } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { toPassSecurityBaseline } from "../../lib/baseline/jest-matcher";
import { aksIam11 } from "../../lib/baseline/rules/cluster/aks-iam-11";
import { aksClu07 } from "../../lib/baseline/rules/cluster/aks-clu-07";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { group, LOCATION_RULE, newStack, REASON, TEST_RULES } from "./helpers";

expect.extend({ toPassSecurityBaseline });

const rules = TEST_RULES;

function failure(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the assertion did not fail");
}

describe("toPassSecurityBaseline", () => {
  test("passes a secure stack and fails .not with the summary", () => {
    const stack = newStack();
    group(stack, "Group");
    expect(stack).toPassSecurityBaseline({ rules });
    expect(failure(() => expect(stack).not.toPassSecurityBaseline({ rules }))).toContain(
      'expected stack "test" not to pass the security baseline, but it did: 1 resource, 3 checks: 3 passed',
    );
  });

  test("lists each failing finding readably", () => {
    const stack = newStack();
    group(stack, "Group", "eastus");
    group(stack, "Other", "northeurope");
    const message = failure(() => expect(stack).toPassSecurityBaseline({ rules }));
    expect(message.split("\n")).toEqual([
      'expected stack "test" to pass the security baseline; 2 finding(s) fail it:',
      expect.stringMatching(
        /^ {2}- TEST-LOC "Resource groups in West Europe" \[error\] failed on azurerm_resource_group\.Group \(construct test\/Group\): location = "eastus"\. Data must stay in West Europe\. Fix: set location = "westeurope"$/,
      ),
      '      expected: set location = "westeurope"',
      '      received: location = "eastus"',
      expect.stringMatching(
        /^ {2}- TEST-LOC .* on azurerm_resource_group\.Other \(construct test\/Other\): location = "northeurope"/,
      ),
      '      expected: set location = "westeurope"',
      '      received: location = "northeurope"',
      "2 resources, 6 checks: 4 passed, 2 failed (2 errors, 0 warnings), 0 unknown, 0 suppressed.",
    ]);
    expect(stack).not.toPassSecurityBaseline({ rules });
  });

  test("honors the stack's suppressions and baseline rules", () => {
    const stack = newStack();
    SecurityBaseline.apply(stack, { rules: [LOCATION_RULE] });
    SecurityBaseline.suppress(group(stack, "Group", "eastus"), "TEST-LOC", REASON);
    expect(stack).toPassSecurityBaseline();
  });

  test("shows a catalog rule's secure value against the value found, and marks unknowns", () => {
    const stack = newStack();
    new KubernetesCluster(stack, "aks", {
      name: "aks",
      location: "westeurope",
      resourceGroupName: "rg",
      dnsPrefix: "aks",
      defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5" },
      identity: { type: "SystemAssigned" },
      runCommandEnabled: true,
      skuTier: "${var.tier}",
    });
    const message = failure(() =>
      expect(stack).toPassSecurityBaseline({ rules: [aksIam11, aksClu07], failOnUnknown: true }),
    );
    expect(message).toContain(
      "failed on azurerm_kubernetes_cluster.aks (construct test/aks): run_command_enabled = true.",
    );
    expect(message).toContain("      expected: false (default true)\n      received: run_command_enabled = true");
    expect(message).toContain(
      '      expected: "Standard" in prod; LTS requires "Premium" + "AKSLongTermSupport"\n      received: sku_tier = "${var.tier}" (an expression known only at apply)',
    );
  });

  test("accepts synthesized JSON as a string or an object", () => {
    const stack = newStack();
    group(stack, "Group", "eastus");
    const json = Testing.synth(stack);
    expect(json).not.toPassSecurityBaseline({ rules });
    expect(failure(() => expect(JSON.parse(json)).toPassSecurityBaseline({ rules }))).toMatch(
      /^expected the Terraform JSON to pass the security baseline; 1 finding\(s\) fail it:\n {2}- TEST-LOC .*location = "eastus"/,
    );
  });

  test("warnings and unknowns fail only when asked", () => {
    const stack = newStack();
    group(stack, "Untagged", "westeurope", "");
    group(stack, "Variable", "${var.location}");
    expect(stack).toPassSecurityBaseline({ rules });
    expect(failure(() => expect(stack).toPassSecurityBaseline({ rules, failOnWarnings: true }))).toMatch(
      /1 finding\(s\) fail it:\n {2}- TEST-TAG "Owner tag" \[warning\] failed/,
    );
    expect(failure(() => expect(stack).toPassSecurityBaseline({ rules, failOnUnknown: true }))).toMatch(
      /1 finding\(s\) fail it:\n {2}- TEST-LOC .* unknown on .*Variable/,
    );
  });

  test("rejects anything that is not a stack or Terraform JSON", () => {
    expect(failure(() => expect(42).toPassSecurityBaseline())).toBe(
      "expected a TerraformStack or Terraform JSON (string or object), got number",
    );
    expect(failure(() => expect("{ nope").toPassSecurityBaseline())).toMatch(
      /^expected a TerraformStack or Terraform JSON, but the string is not JSON/,
    );
    expect(failure(() => expect([]).toPassSecurityBaseline())).toBe(
      "expected a TerraformStack or Terraform JSON (string or object), got an array",
    );
  });
});
