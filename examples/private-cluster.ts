import { App, TerraformOutput, TerraformStack } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { ClusterEgress, ClusterNetwork, DefenderPlan, SecureCluster } from "cdktf-secure-aks";
import { configureStack, exampleConfig } from "./config";

/**
 * Stack "private-cluster": one private SecureCluster in its own ClusterNetwork, every baseline
 * default on, no suppressions. Egress goes through an Azure Firewall created in the cluster VNet
 * (ClusterEgress.azureFirewall()), so the stack deploys on its own and passes AKS-NET-07; the
 * firewall is billed per hour and per GB. Set FIREWALL_PRIVATE_IP to route through your hub
 * firewall instead (peer the cluster VNet with the hub first). The VNet has a runner subnet
 * (snet-<prefix>-private-runner) for the machine that runs kubectl against the private API server;
 * through the created firewall it reaches only RUNNER_ALLOWED_FQDNS.
 */
export function privateClusterExample(app: App): TerraformStack {
  const config = exampleConfig();
  const stack = new TerraformStack(app, "private-cluster");
  configureStack(stack, config);

  const name = `${config.prefix}-private`;
  const resourceGroup = new ResourceGroup(stack, "ResourceGroup", { name: `rg-${name}`, location: config.location });
  const network = new ClusterNetwork(stack, "Network", {
    resourceGroupName: resourceGroup.name,
    location: config.location,
    namePrefix: name,
    egress: config.firewallPrivateIp
      ? ClusterEgress.firewall({ privateIp: config.firewallPrivateIp })
      : ClusterEgress.azureFirewall(),
    // A subnet for the self-hosted runner (or jump host) that runs kubectl and in-cluster stacks:
    // inside the cluster VNet it resolves the private API server without peering (README, Deploy).
    deploymentRunner: { subnetCidr: "10.240.7.0/27", allowedFqdns: config.runnerAllowedFqdns },
  });
  const cluster = new SecureCluster(stack, "Cluster", {
    resourceGroupName: resourceGroup.name,
    location: config.location,
    clusterName: `aks-${name}`,
    kubernetesVersion: "1.36",
    entraId: { tenantId: config.tenantId, adminGroupObjectIds: config.adminGroupObjectIds },
    network,
  });

  // Defender is opt-in (it is billed), but once the subscription's plan exists in this app (the
  // topology examples declare it), it bills this cluster too: give it the sensor (AKS-DEF-02).
  DefenderPlan.forSubscription(app, config.subscriptionId)?.addCluster(cluster);

  new TerraformOutput(stack, "cluster_id", { value: cluster.clusterId });
  new TerraformOutput(stack, "oidc_issuer_url", { value: cluster.oidcIssuerUrl });
  new TerraformOutput(stack, "private_fqdn", { value: cluster.privateFqdn });
  new TerraformOutput(stack, "runner_subnet_id", { value: network.runnerSubnetId });
  return stack;
}
