import { Rule } from "../../rule";

/** Rules for the workload-level controls (replaced by the workload rules' owner). */
export const WORKLOAD_RULES: readonly Rule[] = [];
