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

/**
 * Logical isolation: one shared SecureCluster, three tenants in namespaces. team-a and team-b are
 * trusted and share the user pool; team-c is restricted and gets its own tainted pool. team-b
 * accepts connections from team-a (team-a gets the matching egress rule). One private registry
 * serves the cluster; one private vault holds team-a's secret "orders-db", readable only by
 * team-a's workload identity. The secret's value is never in Terraform: it is set out of band from
 * inside the network (see README). Defender for Containers watches the subscription.
 *
 * Stacks: "logical-platform" (Azure), then "logical-tenants" (in-cluster; with a private API
 * server run it from inside the VNet). `cdktf deploy logical-platform logical-tenants` orders them.
 */
export function logicalIsolationExample(app: App): TenantPlatform {
  const config = exampleConfig();
  const platform = new TenantPlatform(app, "logical", {
    name: "logical",
    resourceNamePrefix: `${config.prefix}-logical`,
    location: config.location,
    tenantId: config.tenantId,
    adminGroupObjectIds: config.adminGroupObjectIds,
    kubernetesVersion: "1.36",
    configureStack: (stack) => configureStack(stack, config),
    clusterOptions: { apiServerAccess: exampleApiServerAccess(config) },
    tenants: [
      // Each team's Entra group may deploy into its namespace only (the tenant Writer role of TenantRoles, scoped to the namespace: no NetworkPolicy, quota or RBAC writes).
      {
        name: "team-a",
        trustLevel: "trusted",
        accessGroups: { writers: tenantGroupObjectIds("team-a") },
        workloadIdentities: [{ serviceAccountName: "orders" }],
      },
      {
        name: "team-b",
        trustLevel: "trusted",
        accessGroups: { writers: tenantGroupObjectIds("team-b") },
        allowIngressFromNamespaces: ["team-a"],
      },
      {
        name: "team-c",
        trustLevel: "restricted",
        accessGroups: { writers: tenantGroupObjectIds("team-c") },
        quota: { requestsCpu: "8", limitsCpu: "16", requestsMemory: "16Gi", limitsMemory: "32Gi" },
      },
    ],
  });
  const shared = platform.shared!;
  acceptPublicApiServer(platform.placements, config);
  const compactPrefix = config.prefix.replace(/[^a-z0-9]/g, "");

  const registry = new AcrIntegration(shared.platformStack, "Registry", {
    registryName: `acr${compactPrefix}logical`,
    resourceGroupName: shared.resourceGroup.name,
    location: config.location,
    clusters: [shared.cluster],
  });
  // The registry is shared, and the kubelet's AcrPull reads every repository: each tenant's pods may
  // run only images under <login server>/<tenant>/ (AKS-ACR-12), enforced in its namespace.
  for (const tenant of Object.keys(platform.namespaces).sort()) registry.restrictNamespace(platform.namespaces[tenant]);

  const vaultAccess = exampleVaultAccess(config, shared.cluster);
  const vault = new KeyVaultCsi(shared.platformStack, "Vault", {
    vaultName: `kv-${config.prefix}-logical`.slice(0, 24),
    resourceGroupName: shared.resourceGroup.name,
    location: config.location,
    tenantId: config.tenantId,
    cluster: shared.cluster,
    placeholderExpirationDate: SECRET_PLACEHOLDER_EXPIRY,
    deployerIpRanges: vaultAccess.deployerIpRanges,
    privateEndpoint: vaultAccess.privateEndpoint,
  });
  vaultAccess.accept(vault);
  // The grant creates "orders-db" as a placeholder so that its secret-scoped role assignment has a
  // scope on a fresh deploy; the real value is set out of band (a value written by Terraform would
  // sit in state) and Terraform ignores it.
  vault.grantRead(platform.namespaces["team-a"], {
    secrets: ["orders-db"],
    serviceAccountName: "orders",
    provider: shared.kubernetesProvider,
  });

  new DefenderPlan(shared.platformStack, "Defender", {
    subscriptionId: config.subscriptionId,
    clusters: [shared.cluster],
    securityContact: config.securityContactEmail ? { email: config.securityContactEmail } : undefined,
  });
  return platform;
}
