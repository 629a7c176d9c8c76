import { App } from "cdktf";
import { TenantPlatform } from "../lib/topology/tenant-platform";
import { AcrIntegration } from "../lib/registry/acr-integration";
import { KeyVaultCsi } from "../lib/secrets/key-vault-csi";
import { DefenderPlan } from "../lib/defender/defender-plan";
import { acceptPublicApiServer, configureStack, exampleApiServerAccess, exampleConfig } from "./config";

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
    kubernetesVersion: "1.33",
    configureStack: (stack) => configureStack(stack, config),
    clusterOptions: { apiServerAccess: exampleApiServerAccess(config) },
    tenants: [
      { name: "team-a", trustLevel: "trusted", workloadIdentities: [{ serviceAccountName: "orders" }], accessGroups: { writers: [config.tenantWriterGroupObjectId] } },
      { name: "team-b", trustLevel: "trusted", allowIngressFromNamespaces: ["team-a"] },
      { name: "team-c", trustLevel: "restricted", quota: { requestsCpu: "8", limitsCpu: "16", requestsMemory: "16Gi", limitsMemory: "32Gi" } },
    ],
  });
  const shared = platform.shared!;
  acceptPublicApiServer(platform.placements, config);
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
  // Only the grant is code: the value of "orders-db" is set out of band (a value written by
  // Terraform would sit in state, and the vault's data plane is reachable only from its network).
  vault.grantRead(platform.namespaces["team-a"], { secrets: ["orders-db"], serviceAccountName: "orders", provider: shared.kubernetesProvider });

  new DefenderPlan(shared.platformStack, "Defender", {
    subscriptionId: config.subscriptionId,
    clusters: [shared.cluster],
    securityContact: config.securityContactEmail ? { email: config.securityContactEmail } : undefined,
  });
  return platform;
}
