import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { createHash } from "crypto";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { ITenantNamespace } from "../namespace/tenant-namespace-ref";
import { invalidProp, isUnresolved, withResolved } from "../util/validation";
import { ALLOWED_IMAGES_POLICY_ID, ClusterAllowedImages, escapeRegex } from "./cluster-allowed-images";

/** Props of {@link NamespaceAllowedImages}. */
export interface NamespaceAllowedImagesProps {
  /** The tenant's namespace; the assignment lists only it (the built-in's `namespaces` parameter). */
  readonly namespace: ITenantNamespace;
  /** Login server of the shared registry, e.g. "acrplatform.azurecr.io". */
  readonly loginServer: string;
  /**
   * Repository path the tenant's images live under in that registry: its pods may run
   * `<loginServer>/<repository>/...` and nothing else of that registry.
   *
   * @default - the namespace name
   */
  readonly repository?: string;
}

/** Lower-case repository path components (the OCI distribution spec's `path-component`), separated by "/". */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Rejects a literal repository path that is not one (tokens pass). */
export function requireRepositoryPath(scope: Construct, prop: string, repository: string, example: string): void {
  withResolved(repository, (path) => {
    if (REPOSITORY.test(path)) return;
    invalidProp(
      scope,
      prop,
      path,
      "is not a repository path (lower-case letters and digits, '.', '_', '-' between them, '/' between components)",
      `use e.g. "${example}"`,
    );
  });
}

/**
 * Per-tenant image scope (AKS-ACR-12, issue 10 item 9): an assignment of the built-in "Kubernetes
 * cluster containers should only use allowed images" (febd0533, effect Deny) on the tenant's cluster,
 * limited with its `namespaces` parameter to the tenant's namespace, whose regex admits the shared
 * registry only under the tenant's repository (`<login server>/<tenant>/`), plus every other
 * registry or prefix the cluster allows (their own restrictions stay with the cluster-wide
 * assignment of ClusterAllowedImages). Gatekeeper applies every assignment that covers a pod, so a
 * tenant pod must satisfy both: the cluster's registries, and in the shared registry only its own
 * repositories. Built-in parameters: ../shared/tools/policy-check/builtins.json (febd0533 v9.3.0,
 * `namespaces`: "List of Kubernetes namespaces to only include in policy evaluation").
 *
 * Why a policy and not registry permissions: AcrPull is granted to the kubelet identity, which pulls
 * for every pod of the node, so a registry-side scope (ACR repository-scoped tokens or ABAC
 * conditions on repositories) cannot tell tenants apart, and azurerm 4.55 has no ABAC repository
 * permission mode for ACR (../shared/research/anchors.md).
 *
 * Lives in the namespace's scope (the tenant stack): it names the namespace, which may come from
 * that stack, and its lifecycle follows the namespace; it only reads the cluster id from the
 * platform stack. A tenant with the namespace roles this library grants cannot change it: editing a
 * policy assignment needs `Microsoft.Authorization/policyAssignments/write` on the cluster, which no
 * namespace-scoped Kubernetes role includes.
 */
export class NamespaceAllowedImages extends Construct {
  /** The Deny assignment limited to the namespace. */
  public readonly assignment: ResourcePolicyAssignment;
  /** The repository prefix the tenant may pull from the shared registry, `<loginServer>/<repository>`. */
  public readonly repositoryPrefix: string;

  constructor(scope: Construct, id: string, props: NamespaceAllowedImagesProps) {
    super(scope, id);
    const namespace = props.namespace;
    const repository = props.repository ?? namespace.namespaceName;
    if (props.repository !== undefined) requireRepositoryPath(this, "repository", repository, "team-a");
    this.repositoryPrefix = `${props.loginServer}/${repository}`;
    const clusterPolicy = ClusterAllowedImages.of(namespace.cluster);
    const ownRegistry = (prefix: string) => prefix === props.loginServer || prefix.startsWith(`${props.loginServer}/`);
    // DNS-1123 names and repository paths hold no regex metacharacter but "."; a token stays a
    // Terraform expression inside the JSON and is interpolated at apply.
    const repositoryPattern = isUnresolved(repository) ? repository : escapeRegex(repository);
    const name = isUnresolved(namespace.namespaceName)
      ? undefined
      : `img-${shortHash(props.loginServer)}-${namespace.namespaceName}`;
    this.assignment = new ResourcePolicyAssignment(this, "Assignment", {
      name:
        name !== undefined && name.length <= 64 ? name : `img-${shortHash(`${props.loginServer}/${this.node.path}`)}`,
      displayName:
        `AKS-ACR-12 ${isUnresolved(namespace.namespaceName) ? "tenant" : namespace.namespaceName} runs only its own repositories of ${props.loginServer} (Deny)`.slice(
          0,
          128,
        ),
      description: `Pods of the tenant namespace may run images of ${props.loginServer} only under its repository, plus the other registries the cluster allows.`,
      resourceId: namespace.cluster.clusterId,
      policyDefinitionId: ALLOWED_IMAGES_POLICY_ID,
      parameters: Lazy.stringValue({
        produce: () => {
          const others = clusterPolicy.allowedPrefixes.filter((prefix) => !ownRegistry(prefix)).map(escapeRegex);
          const alternatives = [`${escapeRegex(props.loginServer)}/${repositoryPattern}`, ...others];
          return JSON.stringify({
            effect: { value: "Deny" },
            namespaces: { value: [namespace.namespaceName] },
            allowedContainerImagesRegex: { value: `^(${alternatives.join("|")})/.+$` },
          });
        },
      }),
    });
  }
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 6);
}
