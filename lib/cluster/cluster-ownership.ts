import { IConstruct } from "constructs";
import { TerraformResource, TerraformStack, Token, Tokenization } from "cdktf";
import { invalidProp } from "../util/validation";

/** Where an Azure cluster name was first declared in this app. */
interface Owner {
  readonly path: string;
  readonly stack: string;
}

/** Cluster declarations per app root, keyed by "<resource group>/<cluster name>" in lower case (ARM names are case-insensitive). */
const OWNERS = new WeakMap<IConstruct, Map<string, Owner>>();

/**
 * The literal behind `value`: the value itself, or the literal `name` of the resource that a lone
 * reference token points to (`rg.name` of an `azurerm_resource_group` declared in the app).
 * Undefined when Terraform alone knows it (variables, expressions, names built from tokens).
 */
export function literalResourceName(value: string): string | undefined {
  if (!Token.isUnresolved(value)) return value;
  const fragments = Tokenization.reverseString(value);
  if (fragments.length !== 1 || fragments.tokens.length !== 1) return undefined;
  const reference = fragments.tokens[0] as { identifier?: unknown; originStack?: TerraformStack };
  const match =
    typeof reference.identifier === "string" ? /^([a-z0-9_]+)\.([^.]+)\.name$/.exec(reference.identifier) : null;
  if (!match || !reference.originStack) return undefined;
  const resource = reference.originStack.node
    .findAll()
    .find(
      (c): c is TerraformResource =>
        c instanceof TerraformResource && c.terraformResourceType === match[1] && c.friendlyUniqueId === match[2],
    );
  const name = (resource as { nameInput?: unknown } | undefined)?.nameInput;
  return typeof name === "string" && !Token.isUnresolved(name) ? name : undefined;
}

/**
 * Records that `scope` declares the AKS cluster `clusterName` in `resourceGroupName`, and fails
 * when another construct of the same app already did: two stacks (or two constructs) declaring
 * one Azure resource give it two Terraform owners whose applies overwrite each other, and the
 * second create fails at apply with "already exists". Names Terraform alone knows are not compared.
 */
export function claimClusterName(scope: IConstruct, resourceGroupName: string, clusterName: string): void {
  const group = literalResourceName(resourceGroupName);
  if (group === undefined || Token.isUnresolved(clusterName)) return;
  const root = scope.node.root;
  const owners = OWNERS.get(root) ?? new Map<string, Owner>();
  OWNERS.set(root, owners);
  const key = `${group.toLowerCase()}/${clusterName.toLowerCase()}`;
  const owner = owners.get(key);
  const stack = TerraformStack.of(scope).node.id;
  if (owner) {
    invalidProp(
      scope,
      "clusterName",
      clusterName,
      `is already declared in resource group "${group}" by ${owner.path} (stack ${owner.stack}); two declarations of one Azure cluster${owner.stack === stack ? "" : " in two stacks"} give it two Terraform owners, and their applies overwrite each other`,
      "give this cluster another name or resource group, or declare the cluster once and pass that SecureCluster to the other stack (cross-stack references)",
    );
  }
  owners.set(key, { path: scope.node.path, stack });
}
