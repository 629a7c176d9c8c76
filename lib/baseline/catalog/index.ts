/**
 * The control catalog of CONTROLS.md as data, so the baseline, its reports and users' own tests
 * have it without the repository's ../shared folder. test/baseline/catalog.test.ts compares every
 * field with CONTROLS.md whenever that file is present (CI), so the two cannot drift apart.
 *
 * The catalog is the one home of a control's facts: its CONTROLS.md columns, and the severity and
 * references of the rule that checks it. Rules name their control by id (defineRule), and
 * docs/controls.md is generated from this data (`npm run docs:controls`, scripts/controls-doc.ts).
 * One data file per CONTROLS.md section, in this folder.
 */

import { CatalogControl } from "./control";
import { CLUSTER_PLATFORM } from "./cluster-platform";
import { DATA_PROTECTION } from "./data-protection";
import { IDENTITY_AND_ACCESS } from "./identity-and-access";
import { NAMESPACE_ISOLATION } from "./namespace-isolation";
import { NETWORK } from "./network";
import { POD_SECURITY } from "./pod-security";
import { REGISTRY } from "./registry";
import { SECRETS } from "./secrets";
import { THREAT_PROTECTION_AND_LOGGING } from "./threat-protection-and-logging";

export type { CatalogControl, CatalogSynth } from "./control";

/** Every control of CONTROLS.md, in the catalog's order (CONTROLS.md's sections, each in its row order). */
export const CATALOG: readonly CatalogControl[] = [
  ...IDENTITY_AND_ACCESS,
  ...NETWORK,
  ...CLUSTER_PLATFORM,
  ...DATA_PROTECTION,
  ...SECRETS,
  ...REGISTRY,
  ...THREAT_PROTECTION_AND_LOGGING,
  ...POD_SECURITY,
  ...NAMESPACE_ISOLATION,
];

const BY_ID: ReadonlyMap<string, CatalogControl> = new Map(CATALOG.map((control) => [control.id, control]));

/** The catalog entry of an id, or undefined for an id that is not in the catalog. */
export function findControl(id: string): CatalogControl | undefined {
  return BY_ID.get(id);
}

/** The catalog entry of an id; throws for an id that is not in the catalog. */
export function getControl(id: string): CatalogControl {
  const control = BY_ID.get(id);
  if (!control)
    throw new Error(
      `"${id}" is not a control id of the catalog (docs/controls.md); use one of AKS-IAM-01 ... AKS-GOV-01.`,
    );
  return control;
}
