import { Construct } from "constructs";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { FirewallPolicyRuleCollectionGroup } from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { DeploymentRunnerSubnetOptions, ResolvedClusterNetworkProps } from "./cluster-network-props";
import { ClusterSubnets, SubnetWithNsg } from "./cluster-subnets";
import { ClusterEgressPath } from "./cluster-egress-path";
import { isListToken } from "../util/validation";

/**
 * The runner subnet of a ClusterNetwork (`deploymentRunner`), created in `owner` with their ids
 * there: NSG with explicit allows to the API server and the private endpoints (the same reasoning
 * as the nodes' allows), egress through the nodes' route table or NAT gateway, and with our own
 * Azure Firewall a rule collection group of its own, so the nodes' rules stay as they are and the
 * runner gets only its FQDNs.
 */
export class DeploymentRunnerSubnet {
  /** The runner subnet and its NSG. */
  public readonly subnet: SubnetWithNsg;
  /** Association of the route table (firewall egress) or NAT gateway with the runner subnet. */
  public readonly egressAssociation?: SubnetRouteTableAssociation | SubnetNatGatewayAssociation;
  /** Rule collection group "deployment-runner" of the firewall policy (Azure Firewall egress only). */
  public readonly firewallRuleCollectionGroup?: FirewallPolicyRuleCollectionGroup;

  constructor(
    owner: Construct,
    resolved: ResolvedClusterNetworkProps,
    runner: DeploymentRunnerSubnetOptions,
    subnets: ClusterSubnets,
    egressPath: ClusterEgressPath,
  ) {
    const { props } = resolved;
    const prefix = props.namePrefix;
    const subnet = subnets.subnet("RunnerSubnet", `snet-${prefix}-runner`, runner.subnetCidr);
    this.subnet = subnets.withNetworkSecurityGroup(subnet, "RunnerNsg", `nsg-${prefix}-runner`);
    subnets.securityRules.push(
      subnets.allowInbound("ApiServerAllowRunner", subnets.apiServer.networkSecurityGroup, {
        priority: 120,
        name: "allow-runner-to-apiserver",
        source: runner.subnetCidr,
        destination: resolved.apiServerSubnetCidr,
        ports: ["443"],
        description: "Deployment runner reaches the API server (VNet integration ILB) on 443",
      }),
      subnets.allowInbound("EndpointsAllowRunner", subnets.privateEndpoints.networkSecurityGroup, {
        priority: 110,
        name: "allow-runner-to-endpoints",
        source: runner.subnetCidr,
        destination: resolved.privateEndpointSubnetCidr,
        ports: ["443"],
        description:
          "Deployment runner reaches the vault and registry private endpoints (e.g. az keyvault secret set) over HTTPS",
      }),
    );
    if (egressPath.routeTable) {
      this.egressAssociation = new SubnetRouteTableAssociation(owner, "RunnerRouteTableAssociation", {
        subnetId: subnet.id,
        routeTableId: egressPath.routeTable.id,
      });
    } else if (egressPath.natGateway) {
      this.egressAssociation = new SubnetNatGatewayAssociation(owner, "RunnerNatGatewayAssociation", {
        subnetId: subnet.id,
        natGatewayId: egressPath.natGateway.id,
      });
    }
    const azureFirewall = egressPath.azureFirewall;
    if (azureFirewall) {
      const dnsServers = props.dnsServers ?? [];
      const customDns = isListToken(dnsServers) || dnsServers.length > 0;
      const rules = new FirewallPolicyRuleCollectionGroup(owner, "RunnerFirewallRules", {
        name: "deployment-runner",
        firewallPolicyId: azureFirewall.policy.id,
        priority: 400,
        applicationRuleCollection: [
          {
            name: "runner-allowed-fqdns",
            priority: 100,
            action: "Allow",
            rule: [
              {
                name: "runner-fqdns",
                description:
                  "Deployment runner: CI service, Azure Resource Manager, Entra ID and tool downloads (ClusterNetwork deploymentRunner.allowedFqdns)",
                sourceAddresses: [runner.subnetCidr],
                protocols: [{ type: "Https", port: 443 }],
                destinationFqdns: runner.allowedFqdns ?? [],
              },
            ],
          },
        ],
        networkRuleCollection: customDns
          ? [
              {
                name: "runner-network",
                priority: 100,
                action: "Allow",
                rule: [
                  {
                    name: "runner-custom-dns",
                    description: "Deployment runner resolves names through the VNet's custom DNS servers",
                    protocols: ["UDP", "TCP"],
                    sourceAddresses: [runner.subnetCidr],
                    destinationAddresses: dnsServers,
                    destinationPorts: ["53"],
                  },
                ],
              },
            ]
          : undefined,
        // Rule collection groups of one policy are written one at a time (concurrent PUTs conflict).
        dependsOn: [azureFirewall.ruleCollectionGroup],
      });
      // The firewall waits for every rule collection group of its policy.
      azureFirewall.firewall.dependsOn = [
        ...(azureFirewall.firewall.dependsOn ?? []),
        `${rules.terraformResourceType}.${rules.friendlyUniqueId}`,
      ];
      this.firewallRuleCollectionGroup = rules;
    }
  }
}
