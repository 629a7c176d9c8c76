/**
 * What a Checkov check is to this library, and the helpers that re-state Checkov's verdicts on one
 * resource of our Terraform JSON (see lib/baseline/scanners.ts for where the ids were read).
 */
import { isExpression, readAttribute, TerraformDocument, TerraformResource } from "../rule";

export interface CheckovCheck {
  /** e.g. "CKV_AZURE_141". */
  readonly id: string;
  /** The check's name in Checkov. */
  readonly name: string;
  /** The check's source in bridgecrewio/checkov. */
  readonly source: string;
  readonly resourceTypes: readonly string[];
  /** Catalog controls testing the same property; empty when no control does (a scanner-only opinion). */
  readonly controls: readonly string[];
  /** Checkov's verdict on one resource, re-stated: true when the check fails it. */
  readonly fails: (resource: TerraformResource, document: TerraformDocument) => boolean;
  /**
   * Why a failure is no weakness of this stack when the controls pass (or no control applies):
   * the property is secured where the check does not look, or the check asks for something the
   * baseline rejects. Shown in the scanner view as a disagreement.
   */
  readonly disagreement: string;
}

/** A block as Checkov sees it: cdktf writes single blocks as objects, Checkov wraps everything in lists. */
export function block(resource: TerraformResource, path: string): Record<string, unknown> | undefined {
  const value = readAttribute(resource.config, path);
  const first = Array.isArray(value) ? value[0] : value;
  return first && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

export const attr = (resource: TerraformResource, path: string): unknown => {
  const value = readAttribute(resource.config, path);
  return Array.isArray(value) && value.length === 1 && typeof value[0] !== "object" ? value[0] : value;
};
export const truthy = (v: unknown): boolean => v === true || v === "true";
/** BaseResourceValueCheck with an expected value: fails unless the attribute equals it (absent fails). */
export const expectValue = (path: string, expected: unknown) => (r: TerraformResource) => {
  const v = attr(r, path);
  if (isExpression(v)) return false;
  return expected === true ? !truthy(v) : expected === false ? !(v === false || v === "false") : v !== expected;
};
/** BaseResourceValueCheck with ANY_VALUE: fails when the attribute is absent or empty. */
export const present = (path: string) => (r: TerraformResource) => {
  const v = attr(r, path);
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
};
/** BaseResourceNegativeValueCheck with [True]: fails only when the attribute is true. */
export const notTrue = (path: string) => (r: TerraformResource) => truthy(attr(r, path));

export const AKS = "azurerm_kubernetes_cluster";
export const ACR = "azurerm_container_registry";
export const KV = "azurerm_key_vault";
export const src = (file: string): string => `checkov/terraform/checks/resource/azure/${file}.py`;
export const SCANNER_ONLY =
  "no control of the baseline asks for this; it is an availability or operations choice, not a security property, so the baseline leaves it to you";
