import { Testing, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { SecurityCenterContact } from "@cdktf/provider-azurerm/lib/security-center-contact";
import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { FirewallPolicy } from "@cdktf/provider-azurerm/lib/firewall-policy";
import { CATALOG } from "../../lib/baseline/catalog";
import { checkDocument } from "../../lib/baseline/checker";
import { parseTerraformDocument } from "../../lib/baseline/document";
import { buildReport, renderReportMarkdown } from "../../lib/baseline/report";
import { ALL_RULES } from "../../lib/baseline/rules/index";
import { aksAcr13 } from "../../lib/baseline/rules/workload/aks-acr-13";
import { aksDef03 } from "../../lib/baseline/rules/workload/aks-def-03";
import { CHECKOV_CHECKS, PSRULE_CONTROLS, scannerIdsOf } from "../../lib/baseline/scanners";
import { scannerView } from "../../lib/baseline/scanner-view";
import { SecurityBaseline } from "../../lib/baseline/security-baseline";
import { Rule, TerraformResource } from "../../lib/baseline/rule";
import { REASON } from "./helpers";

const common = { resourceGroupName: "rg", location: "westeurope" };

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "scan");
  new AzurermProvider(s, "azurerm", { features: [{}] });
  return s;
}

function evaluate(rule: Rule, s: TerraformStack, address: string) {
  const document = parseTerraformDocument(s.toTerraform() as Record<string, unknown>);
  return rule.evaluate(document.byAddress(address) as TerraformResource, document);
}

const registry = (s: TerraformStack, quarantine?: boolean | string) =>
  new ContainerRegistry(s, "acr", {
    ...common,
    name: "acrscan",
    sku: "Premium",
    adminEnabled: false,
    publicNetworkAccessEnabled: false,
    dataEndpointEnabled: true,
    ...(quarantine !== undefined ? { quarantinePolicyEnabled: quarantine as boolean } : {}),
  });
const contact = (s: TerraformStack, extra: Partial<ConstructorParameters<typeof SecurityCenterContact>[2]> = {}) =>
  new SecurityCenterContact(s, "contact", {
    name: "default1",
    email: "secops@example.com",
    phone: "+1-555-0100",
    alertNotifications: true,
    alertsToAdmins: true,
    ...extra,
  });

describe("AKS-ACR-13 registry quarantine decision", () => {
  test("passes quarantine off (absent or false), stating the decision", () => {
    const s = stack();
    registry(s, false);
    expect(evaluate(aksAcr13, s, "azurerm_container_registry.acr")).toMatchObject({
      outcome: "passed",
      attribute: "quarantine_policy_enabled",
      value: false,
      message: expect.stringContaining("CKV_AZURE_166"),
    });
    const absent = stack();
    registry(absent);
    expect(evaluate(aksAcr13, absent, "azurerm_container_registry.acr")).toMatchObject({ outcome: "passed" });
  });
  test("warns quarantine on: pulls fail unless a scanner releases images", () => {
    const s = stack();
    registry(s, true);
    expect(evaluate(aksAcr13, s, "azurerm_container_registry.acr")).toMatchObject({
      outcome: "failed",
      value: true,
      message: expect.stringContaining("Defender for Containers does not"),
    });
    expect(aksAcr13.severity).toBe("warning");
  });
  test("is unknown for an expression", () => {
    const s = stack();
    registry(s, "${var.quarantine}");
    expect(evaluate(aksAcr13, s, "azurerm_container_registry.acr")).toMatchObject({
      outcome: "unknown",
      attribute: "quarantine_policy_enabled",
    });
  });
});

describe("AKS-DEF-03 Defender security contact", () => {
  test("passes alerts on, to admins, with email and phone", () => {
    const s = stack();
    contact(s);
    expect(evaluate(aksDef03, s, "azurerm_security_center_contact.contact")).toMatchObject({
      outcome: "passed",
      attribute: "phone",
    });
  });
  test.each([
    ["alert_notifications", { alertNotifications: false }],
    ["alerts_to_admins", { alertsToAdmins: false }],
    ["phone", { phone: undefined }],
  ])("fails without %s", (attribute, extra) => {
    const s = stack();
    contact(s, extra);
    expect(evaluate(aksDef03, s, "azurerm_security_center_contact.contact")).toMatchObject({
      outcome: "failed",
      attribute,
    });
  });
  test("is unknown for an expression", () => {
    const s = stack();
    contact(s, { phone: "${var.phone}" });
    expect(evaluate(aksDef03, s, "azurerm_security_center_contact.contact")).toMatchObject({
      outcome: "unknown",
      attribute: "phone",
    });
  });
});

describe("scanner ids beside the catalog", () => {
  test("every Checkov check names catalog controls, once, with a source file in Checkov", () => {
    const ids = new Set(CATALOG.map((c) => c.id));
    expect(new Set(CHECKOV_CHECKS.map((c) => c.id)).size).toBe(CHECKOV_CHECKS.length);
    for (const check of CHECKOV_CHECKS) {
      expect(check.id).toMatch(/^CKV2?_AZURE_\d+$/);
      expect(check.source).toMatch(/^checkov\/terraform\/checks\/(resource|graph_checks)\/azure\/\w+\.(py|yaml)$/);
      for (const control of check.controls) expect(ids).toContain(control);
      // A check with no control of the same property must say why the baseline leaves it alone.
      if (check.controls.length === 0) expect(check.disagreement.length).toBeGreaterThan(20);
    }
    for (const control of PSRULE_CONTROLS) expect(ids).toContain(control);
  });

  test("agree with the Checkov ids the catalog's sources and the rules' references cite", () => {
    for (const control of CATALOG) {
      const cited = control.sources.match(/CKV2?_AZURE_\d+/g) ?? [];
      for (const id of cited)
        expect({ control: control.id, id, mapped: scannerIdsOf(control.id).checkov.includes(id) }).toEqual({
          control: control.id,
          id,
          mapped: true,
        });
    }
    for (const rule of ALL_RULES) {
      for (const id of (rule.references.checkov ?? []).filter((ref) => /AZURE/.test(ref)))
        expect({ rule: rule.id, id, mapped: scannerIdsOf(rule.id).checkov.includes(id) }).toEqual({
          rule: rule.id,
          id,
          mapped: true,
        });
    }
    expect(scannerIdsOf("AKS-IAM-05")).toEqual({
      checkov: ["CKV_AZURE_141"],
      psrule: ["Azure.AKS.LocalAccounts"],
      azurePolicy: expect.any(Array),
    });
    expect(scannerIdsOf("AKS-ACR-13").checkov).toEqual(["CKV_AZURE_166"]);
  });
});

describe("the report's scanner view", () => {
  function view(build: (s: TerraformStack) => void) {
    const s = stack();
    SecurityBaseline.apply(s);
    build(s);
    const json = s.toTerraform() as Record<string, unknown>;
    const document = parseTerraformDocument(json);
    return { document, result: checkDocument(document, { rules: ALL_RULES, suppressions: [] }), s };
  }

  const firewall = (s: TerraformStack, idps: boolean) => {
    const policy = new FirewallPolicy(s, "policy", {
      ...common,
      name: "fwp",
      sku: "Premium",
      threatIntelligenceMode: "Deny",
      ...(idps ? { intrusionDetection: { mode: "Deny" } } : {}),
    });
    new Firewall(s, "fw", {
      ...common,
      name: "fw",
      skuName: "AZFW_VNet",
      skuTier: "Premium",
      firewallPolicyId: policy.id,
    });
  };

  test("a firewall whose Premium policy sets threat intelligence and IDPS Deny: CKV_AZURE_216 is a disagreement", () => {
    const { document, result } = view((s) => firewall(s, true));
    const entries = scannerView(document, result);
    expect(entries.filter((e) => e.checkId.startsWith("CKV_AZURE_2"))).toEqual([
      expect.objectContaining({
        checkId: "CKV_AZURE_216",
        address: "azurerm_firewall.fw",
        controls: ["AKS-NET-14"],
        verdict: "disagreement",
        reason: expect.stringContaining("firewall policy"),
      }),
    ]);
  });

  test("without IDPS, CKV_AZURE_220 fails with AKS-NET-14 as a failing control", () => {
    const { document, result } = view((s) => firewall(s, false));
    expect(scannerView(document, result).find((e) => e.checkId === "CKV_AZURE_220")).toMatchObject({
      address: "azurerm_firewall_policy.policy",
      controls: ["AKS-NET-14"],
      verdict: "failing control",
    });
  });

  test("a suppressed control is an accepted weakness with its reason; a contact without phone shows CKV_AZURE_20", () => {
    const s = stack();
    SecurityBaseline.apply(s);
    const c = contact(s, { phone: undefined });
    SecurityBaseline.suppress(c, "AKS-DEF-03", REASON);
    const json = s.toTerraform() as Record<string, unknown>;
    const document = parseTerraformDocument(json);
    const result = checkDocument(document, {
      rules: ALL_RULES,
      suppressions: [{ constructPath: "scan/contact", ruleId: "AKS-DEF-03", reason: REASON }],
    });
    const entries = scannerView(document, result);
    expect(entries).toEqual([
      {
        scanner: "checkov",
        checkId: "CKV_AZURE_20",
        checkName: "Ensure that security contact 'Phone number' is set",
        address: "azurerm_security_center_contact.contact",
        constructPath: "scan/contact",
        controls: ["AKS-DEF-03"],
        verdict: "accepted weakness",
        reason: `AKS-DEF-03 suppressed: ${REASON}`,
      },
    ]);
    const report = buildReport("scan", result, ALL_RULES, document);
    expect(report.scannerView).toEqual(entries);
    expect(renderReportMarkdown(report)).toContain(
      "| CKV_AZURE_20 | `azurerm_security_center_contact.contact`<br>scan/contact | AKS-DEF-03 | accepted weakness | AKS-DEF-03 suppressed: ",
    );
  });

  test("quarantine off: CKV_AZURE_166 is a disagreement naming the Defender interaction", () => {
    const { document, result } = view((s) => registry(s, false));
    expect(scannerView(document, result).find((e) => e.checkId === "CKV_AZURE_166")).toMatchObject({
      verdict: "disagreement",
      controls: ["AKS-ACR-13"],
      reason: expect.stringContaining("Defender for Containers"),
    });
  });
});
