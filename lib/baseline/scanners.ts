/**
 * Scanner alignment (issue 11): which Checkov checks and PSRule for Azure rules test the same
 * property as a catalog control, and what Checkov will say about a stack. Data beside the catalog,
 * so catalog entries (added in parallel) are not reformatted.
 *
 * Checkov ids, names and verdict logic were read in bridgecrewio/checkov (commit 03d5fdad,
 * 2026-08-20) checkov/terraform/checks/resource/azure/<File>.py and graph_checks/azure/<File>.yaml;
 * `fails` re-states each check's verdict on one resource of our Terraform JSON (Checkov's
 * terraform_json runner). A Terraform expression is not judged (Checkov reports it as unknown).
 * PSRule names are the rule documents of Azure/PSRule.Rules.Azure docs/en/rules/<name>.md.
 */
import { CATALOG } from "./catalog";
import { CheckovCheck } from "./checkov/check";
import { CLUSTER_CHECKS } from "./checkov/cluster-checks";
import { DEFENDER_AND_FIREWALL_CHECKS } from "./checkov/defender-and-firewall-checks";
import { REGISTRY_AND_KEY_VAULT_CHECKS } from "./checkov/registry-and-key-vault-checks";

export type { CheckovCheck } from "./checkov/check";

/** Every Checkov check the scanner view knows (lib/baseline/checkov/, one file per resource area). */
export const CHECKOV_CHECKS: readonly CheckovCheck[] = [
  ...CLUSTER_CHECKS,
  ...REGISTRY_AND_KEY_VAULT_CHECKS,
  ...DEFENDER_AND_FIREWALL_CHECKS,
];

/** PSRule for Azure rules testing the same property as a control (names of docs/en/rules/<name>.md). */
const PSRULE: Readonly<Record<string, readonly string[]>> = {
  "AKS-IAM-01": ["Azure.AKS.ManagedAAD"],
  "AKS-IAM-03": ["Azure.AKS.UseRBAC"],
  "AKS-IAM-04": ["Azure.AKS.AzureRBAC"],
  "AKS-IAM-05": ["Azure.AKS.LocalAccounts"],
  "AKS-IAM-08": ["Azure.AKS.ManagedIdentity"],
  "AKS-IAM-09": ["Azure.AKS.PodIdentity"],
  "AKS-NET-02": ["Azure.AKS.AuthorizedIPs"],
  "AKS-NET-04": ["Azure.AKS.AzureCNI"],
  "AKS-NET-05": ["Azure.AKS.NetworkPolicy"],
  "AKS-NET-12": ["Azure.AKS.HttpAppRouting"],
  "AKS-CLU-01": ["Azure.AKS.AzurePolicyAddOn"],
  "AKS-CLU-02": ["Azure.AKS.AutoUpgrade", "Azure.AKS.MaintenanceWindow"],
  "AKS-CLU-03": ["Azure.AKS.NodeAutoUpgrade"],
  "AKS-CLU-07": ["Azure.AKS.UptimeSLA"],
  "AKS-DAT-04": ["Azure.AKS.EphemeralOSDisk"],
  "AKS-SEC-01": ["Azure.AKS.SecretStore", "Azure.AKS.SecretStoreRotation"],
  "AKS-SEC-06": ["Azure.KeyVault.Logs"],
  "AKS-SEC-07": ["Azure.KeyVault.AutoRotationPolicy"],
  "AKS-DEF-02": ["Azure.AKS.DefenderProfile"],
  "AKS-LOG-01": ["Azure.AKS.AuditLogs", "Azure.AKS.AuditAdmin", "Azure.AKS.PlatformLogs"],
  "AKS-LOG-02": ["Azure.AKS.ContainerInsights"],
  "AKS-ACR-02": ["Azure.ACR.AdminUser"],
  "AKS-ACR-03": ["Azure.ACR.AnonymousAccess"],
  "AKS-ACR-04": ["Azure.ACR.Firewall"],
  "AKS-ACR-05": ["Azure.ACR.ExportPolicy"],
  "AKS-ACR-08": ["Azure.ACR.ContainerScan", "Azure.ACR.ImageHealth"],
  "AKS-ACR-09": ["Azure.ACR.ContentTrust"],
  "AKS-ACR-13": ["Azure.ACR.Quarantine"],
};

/** The scanner ids of one control. */
export interface ScannerIds {
  readonly checkov: readonly string[];
  readonly psrule: readonly string[];
  /** Azure Policy definition ids (first 8 hex digits, as the catalog's sources cite them). */
  readonly azurePolicy: readonly string[];
}

/** Scanner ids for a control: Checkov from CHECKOV_CHECKS, PSRule from the table above, Azure Policy from the catalog's sources. */
export function scannerIdsOf(controlId: string): ScannerIds {
  const control = CATALOG.find((c) => c.id === controlId);
  const policies = control ? [...new Set([...control.sources.matchAll(/\bAP ([0-9a-f]{8})\b/g)].map((m) => m[1]))] : [];
  return {
    checkov: CHECKOV_CHECKS.filter((check) => check.controls.includes(controlId)).map((check) => check.id),
    psrule: PSRULE[controlId] ?? [],
    azurePolicy: policies,
  };
}

/** Control ids named by the PSRule table (the catalog test checks each exists). */
export const PSRULE_CONTROLS: readonly string[] = Object.keys(PSRULE);
