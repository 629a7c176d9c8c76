import { Construct } from "constructs";
import { DataAzurermKubernetesServiceVersions } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-service-versions";

/**
 * A Kubernetes version that is not written into the code: resolved by Terraform at plan time.
 * Pass it as `SecureClusterProps.kubernetesVersion` instead of a "1.N" string to follow AKS
 * rather than pin a minor that the AKS calendar retires (lib/cluster/kubernetes-versions.ts).
 */
export class KubernetesVersion {
  /**
   * The newest generally available version AKS offers in the cluster's region when Terraform
   * plans the creation: `azurerm_kubernetes_service_versions.latest_version` with
   * `include_preview = false` (azurerm 4.55 data source; the AKS "list versions" API behind
   * `az aks get-versions`, supported-kubernetes-versions.md), so a preview version is never chosen.
   *
   * The version is only the one the cluster is created with. The cluster and its pools ignore
   * later changes of it (`lifecycle.ignore_changes`): otherwise every new AKS release would plan
   * an upgrade, and AKS upgrades one minor at a time, so a jump of two minors would fail. Patches
   * then come from the "patch" channel (AKS-CLU-02); minors from `automaticUpgradeChannel: "stable"`
   * or a reviewed `az aks upgrade`.
   *
   * Pod Security: the minor is unknown at synth, so IsolatedNamespace pins
   * `pod-security.kubernetes.io/enforce-version` to the newest minor of the calendar
   * (NEWEST_CALENDAR_MINOR) rather than "latest": a pinned version keeps an AKS upgrade from
   * tightening the enforced policy unannounced, and a version at or above the cluster's behaves
   * like the cluster's own. Set `podSecurityVersion` on the namespace to choose another.
   */
  public static latestSupported(): KubernetesVersion {
    return new KubernetesVersion();
  }

  private constructor() {}

  /** Adds the data source to `scope` and returns the version expression. */
  public bind(
    scope: Construct,
    location: string,
  ): { readonly version: string; readonly dataSource: DataAzurermKubernetesServiceVersions } {
    const dataSource = new DataAzurermKubernetesServiceVersions(scope, "KubernetesVersions", {
      location,
      includePreview: false,
    });
    return { version: dataSource.latestVersion, dataSource };
  }
}
