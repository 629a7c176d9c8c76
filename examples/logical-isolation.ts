import { App } from "cdktf";
import { TenantPlatform } from "../lib/topology/tenant-platform";
import { AcrIntegration } from "../lib/registry/acr-integration";
import { KeyVaultCsi } from "../lib/secrets/key-vault-csi";
import { DefenderPlan } from "../lib/defender/defender-plan";
import { configureStack, exampleConfig } from "./config";

/**
 * Logical isolation: one shared SecureCluster, three tenants in namespaces. team-a and team-b are
 * trusted and share the user pool; team-c is restricted and gets its own tainted pool. One private
 * registry serves the cluster; one private vault holds team-a's secret, readable only by team-a's
 * workload identity. Defender for Containers watches the subscription.
 *
 * Stacks, deployed in this order: "logical-platform" (Azure), then "logical-tenants" (in-cluster;
 * run it from inside the VNet: the API server is private).
 */
export function logicalIsolationExample(app: App): TenantPlatform {
  const config = exampleConfig();
  const platform = new TenantPlatform(app, "logical", {
    name: "logical",
    location: config.location,
    tenantId: config.tenantId,
    adminGroupObjectIds: config.adminGroupObjectIds,
    kubernetesVersion: "1.33",
    configureStack: (stack) => configureStack(stack, config),
    tenants: [
      { name: "team-a", trustLevel: "trusted", workloadIdentities: [{ serviceAccountName: "orders" }] },
      { name: "team-b", trustLevel: "trusted", allowIngressFromNamespaces: ["team-a"] },
      { name: "team-c", trustLevel: "restricted", quota: { requestsCpu: "8", limitsCpu: "16", requestsMemory: "16Gi", limitsMemory: "32Gi" } },
    ],
  });
  const shared = platform.shared!;
  const compactPrefix = config.prefix.replace(/[^a-z0-9]/g, "");

  new AcrIntegration(shared.platformStack, "Registry", {
    registryName: `acr${compactPrefix}logical`,
    resourceGroupName: shared.resourceGroup.name,
    location: config.location,
    clusters: [shared.cluster],
  });

  const vault = new KeyVaultCsi(shared.platformStack, "Vault", {
    vaultName: `kv-${config.prefix}-logical`.slice(0, 24),
    resourceGroupName: shared.resourceGroup.name,
    location: config.location,
    tenantId: config.tenantId,
    cluster: shared.cluster,
  });
  // The secret is written by Terraform here for a self-contained example; in production write
  // values out of band and keep only the grant in code. The value stays in Terraform state.
  vault.addSecret("OrdersDb", {
    name: "orders-db",
    value: process.env.ORDERS_DB_CONNECTION ?? "placeholder-connection-string",
    expirationDate: "2027-06-30T00:00:00Z",
  });
  vault.grantRead(platform.namespaces["team-a"], { secrets: ["orders-db"], serviceAccountName: "orders", provider: shared.kubernetesProvider });

  new DefenderPlan(shared.platformStack, "Defender", {
    subscriptionId: config.subscriptionId,
    clusters: [shared.cluster],
    securityContact: config.securityContactEmail ? { email: config.securityContactEmail } : undefined,
  });
  return platform;
}
