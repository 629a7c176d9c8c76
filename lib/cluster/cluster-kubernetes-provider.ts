import { Construct, IConstruct } from "constructs";
import { Fn } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { requireOneOf } from "../util/validation";

/** The AKS first-party application id kubelogin requests tokens for. */
export const AKS_SERVER_APPLICATION_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Options of {@link SecureCluster.kubernetesProvider}. */
export interface KubernetesProviderOptions {
  /**
   * kubelogin login mode, and what the process running Terraform needs:
   * - "azurecli": a logged-in `az` CLI (`az login`); nothing else.
   * - "spn": AAD_SERVICE_PRINCIPAL_CLIENT_ID and AAD_SERVICE_PRINCIPAL_CLIENT_SECRET (or
   *   AZURE_CLIENT_ID and AZURE_CLIENT_SECRET); the tenant id is passed as --tenant-id.
   * - "msi": a managed identity on the runner; AZURE_CLIENT_ID selects a user-assigned one.
   * - "workloadidentity": AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE and
   *   AZURE_AUTHORITY_HOST (set by the workload-identity webhook or your CI's OIDC federation).
   *
   * @default "azurecli"
   */
  readonly login?: "azurecli" | "spn" | "msi" | "workloadidentity";
  /**
   * Provider alias (needed when a stack has several kubernetes providers).
   *
   * @default - no alias
   */
  readonly alias?: string;
}

const LOGIN_MODES = ["azurecli", "spn", "msi", "workloadidentity"] as const;

/**
 * A kubernetes provider in `scope` for `cluster` that authenticates with kubelogin (local accounts
 * are off, so `kube_admin_config` is empty; AKS-IAM-05). Host and CA come from `kube_config`.
 * Errors about the options name `owner` (the SecureCluster).
 */
export function clusterKubernetesProvider(
  owner: IConstruct,
  cluster: { readonly kubernetesCluster: KubernetesCluster; readonly tenantId: string },
  scope: Construct,
  id: string,
  options: KubernetesProviderOptions,
): KubernetesProvider {
  const login = options.login ?? "azurecli";
  requireOneOf(owner, "kubernetesProvider.login", login, LOGIN_MODES, {
    problem: "is not a kubelogin login mode",
    fix: 'use "azurecli", "spn", "msi" or "workloadidentity"',
  });
  const args = ["get-token", "--login", login, "--server-id", AKS_SERVER_APPLICATION_ID];
  if (login === "spn") args.push("--tenant-id", cluster.tenantId);
  const kubeConfig = cluster.kubernetesCluster.kubeConfig.get(0);
  return new KubernetesProvider(scope, id, {
    alias: options.alias,
    host: kubeConfig.host,
    clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate),
    exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args }],
  });
}
