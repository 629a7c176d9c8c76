import { IConstruct } from "constructs";
import { Fn } from "cdktf";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { TenantWorkloadIdentity } from "./tenant-namespace-ref";
import { TenantContext, namespacedMetadata } from "./tenant-context";
import { isDns1123Subdomain } from "./kubernetes-names";
import { invalidProp, isUnresolved, withResolved } from "../util/validation";

/**
 * A workload identity of the tenant (AKS-IAM-10, TEN-03): a user-assigned identity federated to
 * exactly one ServiceAccount of this namespace. Pods use it by running as that ServiceAccount and
 * carrying the pod label `azure.workload.identity/use: "true"` (the webhook only injects the token
 * into labelled pods). Their SDK then exchanges the token at Entra ID (login.microsoftonline.com),
 * which the default-deny egress policy blocks until you allow it (allowEgressTo, or a firewall).
 */
export interface WorkloadIdentityOptions {
  /** ServiceAccount the identity is federated to (DNS-1123 subdomain, not "default"). */
  readonly serviceAccountName: string;
  /**
   * Name of the user-assigned identity (3-128 letters, digits, '-' and '_', starting with a letter
   * or digit). One identity per ServiceAccount, never shared across namespaces (AKS-IAM-10).
   *
   * @default "id-<namespace>-<serviceAccountName>" ('.' becomes '-')
   */
  readonly identityName?: string;
}

/** Azure name rules (Microsoft.ManagedIdentity): identities 3-128, federated credentials 3-120 characters. */
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
const FEDERATED_CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/** Where the tenant's identities live. */
export interface WorkloadIdentityPlacement {
  /** Resource group of the identities; undefined: the cluster's. */
  readonly resourceGroupName?: string;
  /** Tags of the identities. */
  readonly tags?: Record<string, string>;
}

/**
 * The tenant's workload identities (AKS-IAM-10, TEN-03): per ServiceAccount a user-assigned
 * identity, its federated credential for the cluster's OIDC issuer, and the annotated ServiceAccount,
 * created with the IsolatedNamespace as their scope.
 */
export class WorkloadIdentities {
  /** The identities, in declaration order. */
  public readonly identities: TenantWorkloadIdentity[] = [];
  public readonly federatedCredentials: FederatedIdentityCredential[] = [];
  public readonly serviceAccounts: ServiceAccountV1[] = [];

  constructor(context: TenantContext, options: WorkloadIdentityOptions[], placement: WorkloadIdentityPlacement = {}) {
    options.forEach((identityOptions, index) => this.create(context, identityOptions, index, placement));
  }

  /** The workload identity federated to `serviceAccountName`, or undefined. */
  public forServiceAccount(serviceAccountName: string): TenantWorkloadIdentity | undefined {
    return this.identities.find((identity) => identity.serviceAccountName === serviceAccountName);
  }

  private create(
    context: TenantContext,
    options: WorkloadIdentityOptions,
    index: number,
    placement: WorkloadIdentityPlacement,
  ): void {
    const { owner, cluster, namespaceName } = context;
    const sa = options.serviceAccountName;
    // Construct ids cannot hold tokens: a ServiceAccount name known only at apply is keyed by position.
    const key = isUnresolved(sa) ? String(index) : sa;
    const names = azureNames(namespaceName, options);
    const resourceGroupName = placement.resourceGroupName ?? cluster.resourceGroupName;
    const identity = new UserAssignedIdentity(owner, `Identity-${key}`, {
      name: names.identity,
      resourceGroupName,
      location: cluster.location,
      tags: placement.tags,
    });
    this.federatedCredentials.push(
      new FederatedIdentityCredential(owner, `FederatedCredential-${key}`, {
        name: names.credential,
        resourceGroupName,
        parentId: identity.id,
        issuer: cluster.oidcIssuerUrl,
        subject: `system:serviceaccount:${namespaceName}:${sa}`,
        audience: ["api://AzureADTokenExchange"],
      }),
    );
    this.serviceAccounts.push(
      new ServiceAccountV1(owner, `ServiceAccount-${key}`, {
        provider: context.provider,
        metadata: {
          ...namespacedMetadata(context, sa),
          annotations: { "azure.workload.identity/client-id": identity.clientId },
        },
        // The workload-identity webhook projects its own token; the API token is not needed (AKS-IAM-12).
        automountServiceAccountToken: false,
      }),
    );
    this.identities.push({
      serviceAccountName: sa,
      identity,
      clientId: identity.clientId,
      principalId: identity.principalId,
    });
  }
}

/**
 * Checks `workloadIdentities` of IsolatedNamespaceProps: valid, distinct ServiceAccount names (not
 * "default"), and Azure names that Azure accepts and that do not collide.
 */
export function validateWorkloadIdentities(
  scope: IConstruct,
  namespaceName: string,
  workloadIdentities: WorkloadIdentityOptions[] = [],
): void {
  const seen = new Map<string, string>();
  const identities = new Map<string, string>();
  workloadIdentities.forEach((options, index) => {
    const prop = `workloadIdentities[${index}]`;
    withResolved(options.serviceAccountName, (sa) => {
      if (!isDns1123Subdomain(sa)) {
        invalidProp(
          scope,
          `${prop}.serviceAccountName`,
          sa,
          "is not a DNS-1123 subdomain",
          "use lower-case letters, digits, '-' and '.', e.g. \"orders-api\"",
        );
      }
      if (sa === "default")
        invalidProp(
          scope,
          `${prop}.serviceAccountName`,
          sa,
          "is the namespace's default ServiceAccount, which every pod gets",
          "create a dedicated ServiceAccount name for the workload",
        );
      if (seen.has(sa))
        invalidProp(scope, `${prop}.serviceAccountName`, sa, "is declared twice", "declare each ServiceAccount once");
      if (isUnresolved(namespaceName)) {
        seen.set(sa, sa);
        return;
      }
      const names = azureNames(namespaceName, options);
      if (!FEDERATED_CREDENTIAL_NAME.test(names.credential)) {
        invalidProp(
          scope,
          `${prop}.serviceAccountName`,
          sa,
          `gives the federated credential name "${names.credential}", longer than the 120 characters Azure allows`,
          `use a ServiceAccount name of at most ${119 - namespaceName.length} characters`,
        );
      }
      withResolved(names.identity, (identity) => {
        if (IDENTITY_NAME.test(identity)) return;
        const given = options.identityName !== undefined;
        invalidProp(
          scope,
          given ? `${prop}.identityName` : `${prop}.serviceAccountName`,
          given ? options.identityName : sa,
          `gives the identity name "${identity}", which Azure rejects (3-128 letters, digits, '-' and '_', starting with a letter or digit)`,
          given ? 'use e.g. "id-team-a-orders"' : "set identityName, or shorten the ServiceAccount name",
        );
      });
      // '.' becomes '-' in Azure names, so "a.b" and "a-b" would share an identity and a credential.
      const clash = [...seen.entries()].find(([, credential]) => credential === names.credential);
      if (clash)
        invalidProp(
          scope,
          `${prop}.serviceAccountName`,
          sa,
          `gives the same Azure names as ServiceAccount "${clash[0]}" ("${names.credential}")`,
          "choose ServiceAccount names that differ in more than '.' versus '-'",
        );
      seen.set(sa, names.credential);
      // Azure resource names are case-insensitive: "Id-Orders" and "id-orders" are one identity.
      withResolved(names.identity, (identity) => {
        const lower = identity.toLowerCase();
        const twin = identities.get(lower);
        if (twin !== undefined) {
          invalidProp(
            scope,
            `${prop}.identityName`,
            identity,
            `names the same Azure identity as ${twin} (Azure compares names case-insensitively)`,
            "give each workload identity its own identityName",
          );
        }
        identities.set(lower, `workloadIdentities[${index}] ("${identity}")`);
      });
    });
  });
}

/** Azure names of a workload identity: Azure allows no '.', which ServiceAccount names may contain. */
function azureNames(namespace: string, options: WorkloadIdentityOptions): { identity: string; credential: string } {
  const name = options.serviceAccountName;
  const sa = isUnresolved(name) ? Fn.replace(name, ".", "-") : name.replace(/\./g, "-");
  return { identity: options.identityName ?? `id-${namespace}-${sa}`, credential: `${namespace}-${sa}` };
}
