import { App, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SecureCluster, SecureClusterProps } from "../../lib/cluster/secure-cluster";
import { SecureAksValidationError } from "../../lib/util/validation";

export const TENANT = "11111111-1111-4111-8111-111111111111";
export const GROUP = "22222222-2222-4222-8222-222222222222";
export const SUB = "33333333-3333-4333-8333-333333333333";
export const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks`;
export const NODE_SUBNET = `${VNET}/subnets/snet-nodes`;
export const API_SUBNET = `${VNET}/subnets/snet-apiserver`;
export const ZONE = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io`;

export function baseProps(overrides: Partial<SecureClusterProps> = {}): SecureClusterProps {
  return {
    resourceGroupName: "rg-aks",
    location: "westeurope",
    clusterName: "aks-test",
    kubernetesVersion: "1.36",
    entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP] },
    existingNetwork: { nodeSubnetId: NODE_SUBNET, outboundType: "userDefinedRouting", addressSpace: ["10.10.0.0/16"] },
    ...overrides,
  };
}

export function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

export function makeCluster(overrides: Partial<SecureClusterProps> = {}): {
  stack: TerraformStack;
  cluster: SecureCluster;
} {
  const stack = newStack();
  const cluster = new SecureCluster(stack, "Cluster", baseProps(overrides));
  return { stack, cluster };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of a type, as a list of their bodies. */
export function resources(doc: Json, type: string): Json[] {
  return Object.values(doc.resource?.[type] ?? {});
}

export function only(doc: Json, type: string): Json {
  const list = resources(doc, type);
  if (list.length !== 1) throw new Error(`expected one ${type}, found ${list.length}`);
  return list[0];
}

/** The one resource of a type whose `name` attribute is `name`. */
export function named(doc: Json, type: string, name: string): Json {
  const found = resources(doc, type).filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** The Terraform address (`type.logicalId`) of the resource of a type whose `name` attribute is `name`. */
export function address(doc: Json, type: string, name: string): string {
  const [id] = Object.entries(doc.resource[type]).find(([, r]) => (r as Json).name === name)!;
  return `${type}.${id}`;
}

/** The validation error `fn` throws; fails the test when it throws nothing or something else. */
export function thrown(fn: () => unknown): SecureAksValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SecureAksValidationError) return e;
    throw e;
  }
  throw new Error("expected a validation error, nothing was thrown");
}

/** Asserts that building throws a validation error naming path, prop, value and fix. */
export function expectInvalid(build: () => unknown, prop: string, value: string): void {
  let error: Error | undefined;
  try {
    build();
  } catch (e) {
    error = e as Error;
  }
  expect(error).toBeDefined();
  expect(error!.name).toBe("SecureAksValidationError");
  expect(error!.message).toContain("test/Cluster");
  expect(error!.message).toContain(`${prop} = `);
  expect(error!.message).toContain(value);
  expect(error!.message).toContain("Fix: ");
}

export { App };
