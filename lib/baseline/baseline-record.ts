import { TerraformElement } from "cdktf";
import { Construct } from "constructs";
import { BaselineSuppression } from "./checker";

/**
 * The key under cdk.tf.json's `"//".metadata` where synth records what the CLI may trust: the
 * suppressions declared in the construct tree (code a reviewer approved), never the editable
 * security-baseline.json report. `Testing.synth` strips `"//"`, so snapshots do not change.
 */
export const EMBEDDED_METADATA_KEY = "securityBaseline";

/** What synth embeds under `"//".metadata.securityBaseline`. */
export interface EmbeddedBaselineRecord {
  readonly generator: "cdktf-secure-aks";
  /** Ids of the rules the stack's baseline runs. */
  readonly rules: readonly string[];
  /** The suppressions SecurityBaseline.suppress recorded for this stack, with their reasons. */
  readonly suppressions: readonly BaselineSuppression[];
}

export interface BaselineRecordProps {
  /** Read at every resolution, so a suppression declared after the baseline still lands. */
  readonly record: () => EmbeddedBaselineRecord;
}

/**
 * Embeds the baseline's record in the stack's cdk.tf.json metadata through cdktf's documented
 * TerraformElement.toMetadata (the stack deep-merges every element's metadata into `"//"`). It
 * contributes no Terraform configuration, so Terraform ignores it; the record travels inside the
 * file the CLI checks, whatever path wrote it (synth with or without validation, a custom synth).
 */
export class BaselineRecord extends TerraformElement {
  private readonly props: BaselineRecordProps;

  public constructor(scope: Construct, id: string, props: BaselineRecordProps) {
    super(scope, id);
    this.props = props;
  }

  public toMetadata(): Record<string, unknown> {
    return { [EMBEDDED_METADATA_KEY]: this.props.record() };
  }
}
