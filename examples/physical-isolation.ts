import { App } from "cdktf";
import { AcrIntegration, DefenderPlan, KeyVaultCsi, TenantPlatform } from "cdktf-secure-aks";
import {
  acceptPublicApiServer,
  configureStack,
  exampleApiServerAccess,
  exampleConfig,
  exampleVaultAccess,
  SECRET_PLACEHOLDER_EXPIRY,
  tenantGroupObjectIds,
} from "./config";

const TENANTS = ["red", "green", "blue"];
/** Secrets each tenant's app mounts; their values are set out of band (see README). */
const APP_SECRETS = ["app-config"];

/**
 * Physical isolation: three hostile tenants, each with its own SecureCluster, network, registry
 * and vault (AKS-TEN-01, TEN-03). The tenant's workload identity may read exactly the secrets its
 * SecretProviderClass mounts (least privilege, AKS-SEC-02), even though the vault is its own.
 *
 * Stacks per tenant: "physical-<tenant>-platform" (Azure), then "physical-<tenant>-tenants"
 * (in-cluster; with a private API server run it from inside that tenant's VNet).
 *
 * Defender for Containers is billed per subscription, so every cluster of the subscription runs its
 * sensor (AKS-DEF-02): the hostile tenants' clusters join the subscription's one DefenderPlan (the
 * logical example's when both are in the app, else one declared in the first tenant's platform
 * stack). Each cluster's firewall then allows the sensor's egress.
 */
export function physicalIsolationExample(app: App): TenantPlatform {
  const config = exampleConfig();
  const platform = new TenantPlatform(app, "physical", {
    name: "physical",
    resourceNamePrefix: `${config.prefix}-physical`,
    location: config.location,
    tenantId: config.tenantId,
    adminGroupObjectIds: config.adminGroupObjectIds,
    kubernetesVersion: "1.36",
    configureStack: (stack) => configureStack(stack, config),
    clusterOptions: { apiServerAccess: exampleApiServerAccess(config) },
    // Each tenant's Entra group may deploy into its namespace on its own cluster (the tenant Writer role of TenantRoles, scoped to the namespace: no NetworkPolicy, quota or RBAC writes).
    tenants: TENANTS.map((name) => ({
      name,
      trustLevel: "hostile" as const,
      accessGroups: { writers: tenantGroupObjectIds(name) },
      workloadIdentities: [{ serviceAccountName: "app" }],
    })),
  });
  acceptPublicApiServer(platform.placements, config);
  const compactPrefix = config.prefix.replace(/[^a-z0-9]/g, "");
  const defender =
    DefenderPlan.forSubscription(app, config.subscriptionId) ??
    new DefenderPlan(platform.dedicated[TENANTS[0]].platformStack, "Defender", {
      subscriptionId: config.subscriptionId,
      securityContact: config.securityContactEmail ? { email: config.securityContactEmail } : undefined,
    });
  for (const tenant of TENANTS) {
    const placement = platform.dedicated[tenant];
    defender.addCluster(placement.cluster);
    // A registry per tenant: AcrPull is registry-wide, so a shared registry would let every
    // tenant's nodes pull every other tenant's images (AKS-ACR-01 trade-off).
    const registry = new AcrIntegration(placement.platformStack, "Registry", {
      registryName: `acr${compactPrefix}${tenant}`,
      resourceGroupName: placement.resourceGroup.name,
      location: config.location,
      clusters: [placement.cluster],
    });
    // Its own registry already; the namespace still runs only its own repositories (AKS-ACR-12).
    registry.restrictNamespace(platform.namespaces[tenant]);
    const vaultAccess = exampleVaultAccess(config, placement.cluster);
    const vault = new KeyVaultCsi(placement.platformStack, "Vault", {
      vaultName: `kv-${config.prefix}-${tenant}`.slice(0, 24),
      resourceGroupName: placement.resourceGroup.name,
      location: config.location,
      tenantId: config.tenantId,
      cluster: placement.cluster,
      placeholderExpirationDate: SECRET_PLACEHOLDER_EXPIRY,
      deployerIpRanges: vaultAccess.deployerIpRanges,
      privateEndpoint: vaultAccess.privateEndpoint,
    });
    vaultAccess.accept(vault);
    vault.grantRead(platform.namespaces[tenant], {
      secrets: APP_SECRETS,
      serviceAccountName: "app",
      provider: placement.kubernetesProvider,
    });
  }
  return platform;
}
