import { Construct, IConstruct } from "constructs";
import { ITerraformDependable, TerraformStack, dependable } from "cdktf";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { invalidProp, isUnresolved } from "../util/validation";
import { sameObjectName } from "./vault-objects";

/** What the placeholders need of their vault. */
export interface PlaceholderVault extends IConstruct {
  readonly vaultId: string;
  readonly vaultName: string;
}

/** A secret-scoped grant, remembered so that a secret added later becomes its dependency. */
interface SecretGrant {
  readonly secret: string;
  readonly assignment: RoleAssignment;
  /** The `depends_on` entry of the placeholder this grant waits for, while there is one in the same stack. */
  placeholderDependency?: string;
}

/**
 * Issue 15: the secrets a secret-scoped grant points at, and the placeholders that make them exist
 * before the grant when nothing else creates them (KeyVaultCsiProps.placeholderExpirationDate).
 * A placeholder is built in a holder construct of the grant's stack, named after the vault.
 */
export class VaultPlaceholders {
  /** Secret-scoped grants, so a secret added after the grant still becomes its dependency. */
  private readonly grants: SecretGrant[] = [];
  /** Placeholders by secret name (lower-cased; tokens as they are). */
  private readonly placeholders = new Map<string, KeyVaultSecret>();

  /**
   * @param vault the vault, scope of the errors
   * @param expirationDate KeyVaultCsiProps.placeholderExpirationDate
   * @param addedNames names given to addSecret so far (the vault's own list, read at each grant)
   * @param dataPlaneDependencies what a write to the vault's data plane waits for in its own stack
   */
  constructor(
    private readonly vault: PlaceholderVault,
    private readonly expirationDate: string | undefined,
    private readonly addedNames: readonly string[],
    private readonly dataPlaneDependencies: () => ITerraformDependable[] | undefined,
  ) {}

  /** The placeholders, in creation order. */
  public get secrets(): KeyVaultSecret[] {
    return [...this.placeholders.values()];
  }

  /**
   * A grant scoped to secret `secret`: it depends on the secret when addSecret creates it in the
   * same stack (now or later), or else on a placeholder, unless the caller states that the secret exists.
   */
  public addGrant(
    secret: string,
    assignment: RoleAssignment,
    added: readonly KeyVaultSecret[],
    secretExists: boolean,
  ): void {
    const grant: SecretGrant = { secret, assignment };
    this.grants.push(grant);
    added.forEach((created, j) => linkGrantToSecret(assignment, secret, created, this.addedNames[j]));
    if (!secretExists) this.waitForPlaceholder(grant);
  }

  /** addSecret: the real secret replaces its placeholder, and the grants scoped to it wait for it. */
  public secretAdded(secret: KeyVaultSecret, name: string): void {
    this.replacePlaceholder(name);
    // Grants scoped to this secret must not be created before it exists.
    for (const grant of this.grants) linkGrantToSecret(grant.assignment, grant.secret, secret, name);
  }

  /**
   * Issue 15: the scope `<vault>/secrets/<name>` must exist before the role assignment. A listed
   * secret that addSecret does not create gets a placeholder in the stack of the first grant that
   * names it (the tenant stack, which is applied from inside the network anyway, after the vault's
   * stack); the grant waits for it (depends_on in one stack, a stack dependency across stacks).
   */
  private waitForPlaceholder(grant: SecretGrant): void {
    const name = grant.secret;
    if (this.addedNames.some((added) => sameObjectName(added, name))) return;
    const grantStack = TerraformStack.of(grant.assignment);
    // The placeholder is written through the vault's endpoint: the vault's stack goes first.
    this.requireDeployedBefore(TerraformStack.of(this.vault), grantStack, name);
    const placeholder = this.placeholderFor(name, grantStack);
    const placeholderStack = TerraformStack.of(placeholder);
    if (placeholderStack === grantStack) {
      grant.placeholderDependency = dependable(placeholder);
      grant.assignment.dependsOn = [...(grant.assignment.dependsOn ?? []), grant.placeholderDependency];
      return;
    }
    this.requireDeployedBefore(placeholderStack, grantStack, name);
  }

  /** Makes `later` depend on `earlier` (two stacks of one app), or fails when `earlier` already depends on `later`. */
  private requireDeployedBefore(earlier: TerraformStack, later: TerraformStack, secret: string): void {
    if (earlier === later) return;
    if (earlier.dependsOn(later)) {
      invalidProp(
        this.vault,
        "grantRead.namespace",
        later.node.id,
        `is in stack ${later.node.id}, which stack ${earlier.node.id} depends on, so secret "${secret}" (its placeholder or its vault) could not exist before the grant`,
        `grant from a stack that deploys after ${earlier.node.id}`,
      );
    }
    later.addDependency(earlier);
  }

  private placeholderFor(name: string, stack: TerraformStack): KeyVaultSecret {
    const key = isUnresolved(name) ? name : name.toLowerCase();
    const existing = this.placeholders.get(key);
    if (existing) return existing;
    const expirationDate = this.expirationDate;
    if (expirationDate === undefined) {
      invalidProp(
        this.vault,
        "placeholderExpirationDate",
        undefined,
        `is required: grantRead lists secret "${name}", which nothing in this app creates, so a placeholder must exist before the grant scoped to it (else the deploy fails with ResourceNotFound)`,
        'pass placeholderExpirationDate, e.g. "2027-06-30T00:00:00Z" (ignored after creation), or add the secret with addSecret; for an imported vault whose secret exists, pass grantRead(..., { secretsExist: true })',
      );
    }
    // One holder per vault in each stack that creates placeholders for it.
    const holderId = `KeyVaultPlaceholders-${this.vault.node.path.replace(/\//g, "-")}`;
    const holder = stack.node.tryFindChild(holderId) ?? new Construct(stack, holderId);
    const vaultName = isUnresolved(this.vault.vaultName) ? "<vault>" : this.vault.vaultName;
    const placeholder = new KeyVaultSecret(
      holder,
      isUnresolved(name) ? `Placeholder-${this.placeholders.size}` : name,
      {
        keyVaultId: this.vault.vaultId,
        name,
        // Not a secret: it only makes the grant's scope exist. Pods that mount it before the real
        // value is set read this text, which fails loudly instead of silently.
        value: `placeholder: set the real value with az keyvault secret set --vault-name ${vaultName} --name ${isUnresolved(name) ? "<name>" : name}`,
        contentType: "placeholder (real value set out of band; Terraform ignores later changes)",
        expirationDate,
        // In the vault's own stack it waits for the endpoint and its DNS; elsewhere the stack order does.
        dependsOn: stack === TerraformStack.of(this.vault) ? this.dataPlaneDependencies() : undefined,
        // The real value arrives as a new version (az keyvault secret set --expires ...) with its own
        // content type, expiry, activation date and tags; Terraform reads the latest version, and must
        // neither store its value nor reset its attributes to the placeholder's.
        lifecycle: { ignoreChanges: ["value", "content_type", "expiration_date", "not_before_date", "tags"] },
      },
    );
    this.placeholders.set(key, placeholder);
    return placeholder;
  }

  /** addSecret after a grant that created a placeholder: the real secret takes its place. */
  private replacePlaceholder(name: string): void {
    const key = isUnresolved(name) ? name : name.toLowerCase();
    const placeholder = this.placeholders.get(key);
    if (!placeholder) return;
    placeholder.node.scope?.node.tryRemoveChild(placeholder.node.id);
    this.placeholders.delete(key);
    for (const grant of this.grants) {
      if (grant.placeholderDependency === undefined || !sameObjectName(grant.secret, name)) continue;
      const rest = (grant.assignment.dependsOn ?? []).filter(
        (dependency) => dependency !== grant.placeholderDependency,
      );
      grant.assignment.dependsOn = rest.length > 0 ? rest : undefined;
      grant.placeholderDependency = undefined;
    }
  }
}

/** The secret scope of a grant depends on the secret when both are in one stack and name the same secret. */
function linkGrantToSecret(
  assignment: RoleAssignment,
  grantedName: string,
  secret: KeyVaultSecret,
  secretName: string,
): void {
  if (isUnresolved(grantedName) || isUnresolved(secretName) || grantedName.toLowerCase() !== secretName.toLowerCase())
    return;
  if (TerraformStack.of(assignment) !== TerraformStack.of(secret)) return;
  assignment.dependsOn = [...(assignment.dependsOn ?? []), dependable(secret)];
}
