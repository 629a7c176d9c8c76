import { App } from "cdktf";
import { TenantPlatform } from "../lib/topology/tenant-platform";
import { AcrIntegration } from "../lib/registry/acr-integration";
import { KeyVaultCsi } from "../lib/secrets/key-vault-csi";
import { configureStack, exampleConfig } from "./config";

const TENANTS = ["red", "green", "blue"];

/**
 * Physical isolation: three hostile tenants, each with its own SecureCluster, network, registry
 * and vault (AKS-TEN-01, TEN-03). The vault is the tenant's alone, so its workload identity is
 * granted read on the whole vault.
 *
 * Stacks per tenant, deployed in this order: "physical-<tenant>-platform" (Azure), then
 * "physical-<tenant>-tenants" (in-cluster; run it from inside that tenant's VNet).
 */
export function physicalIsolationExample(app: App): TenantPlatform {
  const config = exampleConfig();
  const platform = new TenantPlatform(app, "physical", {
    name: "physical",
    location: config.location,
    tenantId: config.tenantId,
    adminGroupObjectIds: config.adminGroupObjectIds,
    kubernetesVersion: "1.33",
    configureStack: (stack) => configureStack(stack, config),
    tenants: TENANTS.map((name) => ({ name, trustLevel: "hostile" as const, workloadIdentities: [{ serviceAccountName: "app" }] })),
  });
  const compactPrefix = config.prefix.replace(/[^a-z0-9]/g, "");
  for (const tenant of TENANTS) {
    const placement = platform.dedicated[tenant];
    // A registry per tenant: AcrPull is registry-wide, so a shared registry would let every
    // tenant's nodes pull every other tenant's images (AKS-ACR-01 trade-off).
    new AcrIntegration(placement.platformStack, "Registry", {
      registryName: `acr${compactPrefix}${tenant}`,
      resourceGroupName: placement.resourceGroup.name,
      location: config.location,
      clusters: [placement.cluster],
    });
    const vault = new KeyVaultCsi(placement.platformStack, "Vault", {
      vaultName: `kv-${config.prefix}-${tenant}`.slice(0, 24),
      resourceGroupName: placement.resourceGroup.name,
      location: config.location,
      tenantId: config.tenantId,
      cluster: placement.cluster,
    });
    vault.grantRead(platform.namespaces[tenant], { serviceAccountName: "app", provider: placement.kubernetesProvider });
  }
  return platform;
}
