import { IConstruct } from "constructs";
import { invalidProp } from "./validation";

/**
 * Returns a prop that is optional in its interface but needed in this case (e.g. the resource group
 * of a resource the construct creates), or fails naming it.
 */
export function requireDefined<T>(
  scope: IConstruct,
  prop: string,
  value: T | undefined,
  problem: string,
  fix = `pass ${prop}`,
): T {
  if (value === undefined) invalidProp(scope, prop, undefined, problem, fix);
  return value;
}
