import { Construct, IConstruct } from "constructs";
import { Lazy } from "cdktf";
import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { ISecureCluster } from "../cluster/cluster-ref";
import { invalidProp, isDns1123Label, withResolved } from "../util/validation";

/** Built-in "Kubernetes cluster containers should only use allowed images" (AKS-ACR-07), default effect Deny. */
export const ALLOWED_IMAGES_POLICY_ID =
  "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469";

/** The built-in's own default `excludedNamespaces`: AKS add-ons pull from mcr.microsoft.com there. */
export const DEFAULT_IMAGE_POLICY_EXCLUDED_NAMESPACES: readonly string[] = [
  "kube-system",
  "gatekeeper-system",
  "azure-arc",
  "azure-extensions-usage-system",
];

const CHILD_ID = "AllowedImages";
/** host[:port][/path], lower case, no scheme, no trailing slash, no wildcard. */
const IMAGE_PREFIX = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$/;

/**
 * The single "allowed images" policy assignment of one cluster (AKS-ACR-07). Every AcrIntegration
 * that serves the cluster adds its login server here, so one Deny assignment allows the union of
 * the registries: two assignments, one per registry, would each deny the other's images.
 *
 * It lives under the cluster construct (so in the cluster's stack) and renders its parameters at
 * synth, sorted, so the order of `grantPull` calls never changes the output.
 */
export class ClusterAllowedImages extends Construct {
  /** The assignment or the existing one of `cluster`. */
  public static of(cluster: ISecureCluster): ClusterAllowedImages {
    const existing = cluster.node.tryFindChild(CHILD_ID);
    if (existing instanceof ClusterAllowedImages) return existing;
    return new ClusterAllowedImages(cluster, CHILD_ID, cluster.clusterId);
  }

  /**
   * `azurerm_resource_policy_assignment` of febd0533 on the cluster, effect Deny; created by the
   * first AcrIntegration that restricts the cluster's images.
   */
  public assignment?: ResourcePolicyAssignment;

  private readonly clusterId: string;
  private readonly prefixes = new Set<string>();
  private readonly excluded = new Set<string>();

  private constructor(scope: Construct, id: string, clusterId: string) {
    super(scope, id);
    this.clusterId = clusterId;
  }

  /**
   * Creates the Deny assignment (once). Registries added with `allow` before or after are all in
   * its regex, including those of AcrIntegrations that do not restrict images themselves: their
   * images must keep running once another registry restricts the cluster.
   */
  public enforce(): ResourcePolicyAssignment {
    if (!this.assignment) {
      this.assignment = new ResourcePolicyAssignment(this, "Assignment", {
        name: "aks-allowed-images",
        displayName: "AKS-ACR-07 Only images from approved registries (Deny)",
        description:
          "Containers outside the excluded system namespaces may only run images from the registries wired to this cluster with AcrIntegration.",
        resourceId: this.clusterId,
        policyDefinitionId: ALLOWED_IMAGES_POLICY_ID,
        parameters: Lazy.stringValue({
          produce: () =>
            JSON.stringify({
              effect: { value: "Deny" },
              allowedContainerImagesRegex: { value: this.allowedContainerImagesRegex },
              excludedNamespaces: { value: this.excludedNamespaces },
            }),
        }),
      });
    }
    return this.assignment;
  }

  /**
   * Allows images under `prefix` (a registry login server such as "myacr.azurecr.io", or a
   * registry path such as "mcr.microsoft.com/oss"). `by` and `prop` name the caller for errors.
   */
  public allow(by: IConstruct, prop: string, prefix: string): void {
    if (!IMAGE_PREFIX.test(prefix)) {
      invalidProp(
        by,
        prop,
        prefix,
        "is not a registry host or host/path prefix",
        'use a lower-case login server such as "myacr.azurecr.io" or "mcr.microsoft.com/oss", without scheme, wildcard or trailing slash',
      );
    }
    this.prefixes.add(prefix);
  }

  /** Excludes namespaces (union over all callers; kube-system must stay in every caller's list). */
  public exclude(by: IConstruct, prop: string, namespaces: readonly string[]): void {
    for (const ns of namespaces) {
      withResolved(ns, (name) => {
        if (!isDns1123Label(name))
          invalidProp(by, prop, name, "is not a Kubernetes namespace name", "use lower-case DNS-1123 labels");
      });
      this.excluded.add(ns);
    }
  }

  /** `^(a\.azurecr\.io|b\.azurecr\.io)/.+$` over the sorted prefixes. */
  public get allowedContainerImagesRegex(): string {
    const alternatives = [...this.prefixes].sort().map(escapeRegex);
    return `^(${alternatives.join("|")})/.+$`;
  }

  /** Allowed prefixes (registry login servers and host/path prefixes), sorted. */
  public get allowedPrefixes(): string[] {
    return [...this.prefixes].sort();
  }

  /** Excluded namespaces, sorted. */
  public get excludedNamespaces(): string[] {
    return [...this.excluded].sort();
  }
}

/** Escapes regex metacharacters (the prefixes become alternatives of a policy regex). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
