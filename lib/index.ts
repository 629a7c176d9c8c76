export * from "./util/validation";
export * from "./cluster/api-server-access";
export * from "./cluster/cluster-guardrails";
export type { NodePoolOptions } from "./cluster/node-pool-options";
export * from "./cluster/secure-node-pool";
export * from "./cluster/secure-cluster";
export * from "./cluster/imported-cluster";
export * from "./cluster/cluster-ref";
export * from "./cluster/kubernetes-version";
export * from "./cluster/kubernetes-versions";
export * from "./registry/private-link";
export * from "./registry/cluster-allowed-images";
export * from "./registry/acr-integration";
export * from "./secrets/key-vault-csi";
export * from "./defender/defender-plan";
export * from "./network/cluster-egress";
export * from "./network/cluster-network";
export * from "./network/vnet-flow-log";
export * from "./baseline/catalog";
export * from "./baseline/checker";
export * from "./baseline/report";
export * from "./baseline/security-baseline";
export * from "./baseline/jest-matcher";
export * from "./baseline/synth-secure";
export * from "./baseline/scanners";
export * from "./baseline/scanner-view";
export * from "./baseline/sarif";
export * from "./baseline/junit";
export * from "./baseline/cli";
export type {
  Rule,
  RuleFinding,
  Severity,
  ControlReferences,
  TerraformDocument,
  TerraformResource,
} from "./baseline/rule";
export { parseTerraformDocument } from "./baseline/document";
export { ALL_RULES } from "./baseline/rules/index";
export * from "./namespace/tenant-namespace-ref";
export * from "./namespace/quantity";
export * from "./namespace/cluster-user-access";
export * from "./namespace/tenant-roles";
export { TENANT_WRITER, TENANT_ADMIN, azureDataActions, kubernetesRoleRules } from "./namespace/tenant-access-levels";
export type { KubernetesRoleRule } from "./namespace/tenant-access-levels";
export * from "./namespace/isolated-namespace";
export * from "./topology/tenant-platform";
