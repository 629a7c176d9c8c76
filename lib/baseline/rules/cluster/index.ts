import { Rule } from "../../rule";

/** Rules for the cluster-level controls (replaced by the cluster rules' owner). */
export const CLUSTER_RULES: readonly Rule[] = [];
