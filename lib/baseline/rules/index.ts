import { Rule } from "../rule";
import { CLUSTER_RULES } from "./cluster/index";
import { WORKLOAD_RULES } from "./workload/index";

/**
 * Every baseline rule, sorted by id so findings, reports and error messages keep one order no
 * matter how the rule folders list them.
 */
export const ALL_RULES: readonly Rule[] = [...CLUSTER_RULES, ...WORKLOAD_RULES].sort((a, b) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
);
