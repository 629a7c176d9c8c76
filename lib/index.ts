export * from "./util/validation";
export * from "./cluster/api-server-access";
export * from "./cluster/cluster-guardrails";
export type { NodePoolOptions } from "./cluster/node-pool-options";
export * from "./cluster/secure-node-pool";
export * from "./cluster/secure-cluster";
