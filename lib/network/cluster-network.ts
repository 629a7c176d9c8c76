import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { FirewallPolicy } from "@cdktf/provider-azurerm/lib/firewall-policy";
import { FirewallPolicyRuleCollectionGroup } from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { AzureFirewallEgressRules } from "./azure-firewall-egress";
import { ClusterNetworkProps, resolveClusterNetworkProps } from "./cluster-network-props";
import { ClusterSubnets } from "./cluster-subnets";
import { ClusterEgressPath } from "./cluster-egress-path";
import { DeploymentRunnerSubnet } from "./deployment-runner-subnet";
import { SecurityBaseline } from "../baseline/security-baseline";

// The props live beside their resolver; exported from here too, where users have always found them.
export type { ClusterNetworkProps, DeploymentRunnerSubnetOptions } from "./cluster-network-props";

/**
 * A VNet for one SecureCluster: node subnet, delegated API-server subnet, private-endpoint subnet,
 * an NSG on each subnet, and an explicit egress path: a route table to an Azure Firewall created in
 * this VNet (`AzureFirewallSubnet`, policy with the rules AKS needs), a route table to an existing
 * firewall, or a NAT gateway.
 *
 * Every subnet has `default_outbound_access_enabled = false` ("private subnet"): Azure is retiring
 * the implicit outbound IP of VMs without an explicit outbound method, and leaving it on would give
 * anything in these subnets a second, uninspected way to the internet. Nodes leave only through
 * the chosen egress, which both AKS outbound types here require anyway.
 *
 * NSG rules are separate `azurerm_network_security_rule` resources and the NSGs carry no inline
 * rules, so you can add your own rules to {@link nodeNetworkSecurityGroup} and the others.
 */
export class ClusterNetwork extends Construct {
  /** The VNet, its three subnets with their NSGs, and the NSG rules (the parts behind the fields below). */
  public readonly subnets: ClusterSubnets;
  /** The egress path: Azure Firewall and route table, route table to your firewall, or NAT gateway. */
  public readonly egressPath: ClusterEgressPath;
  /** The deployment runner's subnet, NSG, egress and firewall rules (`deploymentRunner` only). */
  public readonly deploymentRunnerSubnet?: DeploymentRunnerSubnet;
  /** The VNet. */
  public readonly virtualNetwork: VirtualNetwork;
  /** Subnet of the node pools (`vnet_subnet_id`). */
  public readonly nodeSubnet: Subnet;
  /** Subnet delegated to AKS for API-server VNet integration (AKS-NET-03). */
  public readonly apiServerSubnet: Subnet;
  /** Subnet for private endpoints (registry, vault). */
  public readonly privateEndpointSubnet: Subnet;
  /** NSG of the node subnet (AKS-NET-09). */
  public readonly nodeNetworkSecurityGroup: NetworkSecurityGroup;
  /** NSG of the API-server subnet. */
  public readonly apiServerNetworkSecurityGroup: NetworkSecurityGroup;
  /** NSG of the private-endpoint subnet. */
  public readonly privateEndpointNetworkSecurityGroup: NetworkSecurityGroup;
  /** Association of the node NSG with the node subnet. */
  public readonly nodeNetworkSecurityGroupAssociation: SubnetNetworkSecurityGroupAssociation;
  /** Association of the API-server NSG with the API-server subnet. */
  public readonly apiServerNetworkSecurityGroupAssociation: SubnetNetworkSecurityGroupAssociation;
  /** Association of the private-endpoint NSG with the private-endpoint subnet. */
  public readonly privateEndpointNetworkSecurityGroupAssociation: SubnetNetworkSecurityGroupAssociation;
  /** The NSG rules this construct adds (each one's `description` says why), in creation order. */
  public readonly securityRules: NetworkSecurityRule[];
  /** Route table sending 0.0.0.0/0 to the firewall (firewall and Azure Firewall egress). */
  public readonly routeTable?: RouteTable;
  /** Association of the route table with the node subnet (firewall and Azure Firewall egress). */
  public readonly routeTableAssociation?: SubnetRouteTableAssociation;
  /** `AzureFirewallSubnet` of the firewall (Azure Firewall egress only). */
  public readonly firewallSubnet?: Subnet;
  /** Standard static public IP of the firewall: the cluster's egress address (Azure Firewall egress only). */
  public readonly firewallPublicIp?: PublicIp;
  /** Every public IP of the firewall, the first one included (Azure Firewall egress only; `publicIpCount`). */
  public readonly firewallPublicIps?: PublicIp[];
  /**
   * The firewall's rules that clusters add their add-ons' egress to, and its diagnostic settings
   * (Azure Firewall egress only). SecureCluster and DefenderPlan use it; you rarely need to.
   */
  public readonly firewallEgressRules?: AzureFirewallEgressRules;
  /** Firewall policy: threat intelligence "Deny", IDPS "Deny" on Premium (Azure Firewall egress only). */
  public readonly firewallPolicy?: FirewallPolicy;
  /** The policy's rule collection group "aks-egress" with the rules AKS needs (Azure Firewall egress only). Add your own groups to the policy beside it. */
  public readonly firewallRuleCollectionGroup?: FirewallPolicyRuleCollectionGroup;
  /** The Azure Firewall; the node subnet's default route points at its private IP (Azure Firewall egress only). */
  public readonly firewall?: Firewall;
  /** Subnet of the deployment runner (`deploymentRunner` only). */
  public readonly runnerSubnet?: Subnet;
  /** NSG of the runner subnet (`deploymentRunner` only). */
  public readonly runnerNetworkSecurityGroup?: NetworkSecurityGroup;
  /** Association of the runner NSG with the runner subnet (`deploymentRunner` only). */
  public readonly runnerNetworkSecurityGroupAssociation?: SubnetNetworkSecurityGroupAssociation;
  /** Association of the route table (firewall egress) or NAT gateway with the runner subnet (`deploymentRunner` only). */
  public readonly runnerEgressAssociation?: SubnetRouteTableAssociation | SubnetNatGatewayAssociation;
  /** Rule collection group "deployment-runner" of the firewall policy (`deploymentRunner` with Azure Firewall egress only). */
  public readonly runnerFirewallRuleCollectionGroup?: FirewallPolicyRuleCollectionGroup;
  /** Id of the runner subnet (`deploymentRunner` only). */
  public readonly runnerSubnetId?: string;
  /** NAT gateway (NAT egress only). */
  public readonly natGateway?: NatGateway;
  /** Public IP of the NAT gateway (NAT egress only): the cluster's egress address. */
  public readonly natPublicIp?: PublicIp;
  /** Association of the public IP with the NAT gateway (NAT egress only). */
  public readonly natPublicIpAssociation?: NatGatewayPublicIpAssociation;
  /** Association of the NAT gateway with the node subnet (NAT egress only). */
  public readonly natGatewayAssociation?: SubnetNatGatewayAssociation;

  /** Region of the network (SecureCluster checks that it matches the cluster's). */
  public readonly location: string;
  /** Resource group of the network resources. */
  public readonly resourceGroupName: string;
  /** Id of the VNet. */
  public readonly virtualNetworkId: string;
  /** Id of the node subnet. */
  public readonly nodeSubnetId: string;
  /** Id of the API-server subnet. */
  public readonly apiServerSubnetId: string;
  /** Id of the private-endpoint subnet. */
  public readonly privateEndpointSubnetId: string;
  /** Address space of the VNet (for overlap checks against pod and service CIDRs). */
  public readonly addressSpace: string;
  /** CIDR of the node subnet. */
  public readonly nodeSubnetCidr: string;
  /** CIDR of the API-server subnet. */
  public readonly apiServerSubnetCidr: string;
  /** CIDR of the private-endpoint subnet. */
  public readonly privateEndpointSubnetCidr: string;
  /** CIDR of `AzureFirewallSubnet` (Azure Firewall egress only). */
  public readonly firewallSubnetCidr?: string;
  /** Custom DNS servers of the VNet, as given (SecureCluster checks its private DNS zone against them). */
  public readonly dnsServers?: string[];
  /** The azurerm `network_profile.outbound_type` matching the egress path. */
  public readonly outboundType: "userDefinedRouting" | "userAssignedNATGateway";
  /**
   * Resources the cluster must depend on, egress first. AKS validates the egress path
   * of the node subnet at creation, so the route-table or NAT-gateway associations (and the NAT
   * gateway's public IP association) must exist first; with Azure Firewall egress the firewall and
   * its rule collection group too, so nodes can reach AKS's endpoints when they boot. The NSG associations of the node and
   * API-server subnets are included too: the NSG (AKS-NET-09) is then in place before the first
   * node boots, and Terraform does not update those subnets while AKS is joining them.
   */
  public readonly egressDependencies: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    // Every stack holding our constructs is checked against the baseline at synth.
    SecurityBaseline.apply(this);
    const resolved = resolveClusterNetworkProps(this, props);
    this.location = props.location;
    this.resourceGroupName = props.resourceGroupName;
    this.addressSpace = resolved.addressSpace;
    this.nodeSubnetCidr = resolved.nodeSubnetCidr;
    this.apiServerSubnetCidr = resolved.apiServerSubnetCidr;
    this.privateEndpointSubnetCidr = resolved.privateEndpointSubnetCidr;
    this.firewallSubnetCidr = resolved.firewallSubnetCidr;
    this.outboundType = resolved.egress.outboundType;
    this.dnsServers = props.dnsServers;

    // Each concern creates its resources with this construct as their scope, so their construct
    // paths (and Terraform addresses) are the ones ClusterNetwork always had.
    const subnets = new ClusterSubnets(this, resolved);
    this.subnets = subnets;
    this.virtualNetwork = subnets.virtualNetwork;
    this.nodeSubnet = subnets.nodes.subnet;
    this.apiServerSubnet = subnets.apiServer.subnet;
    this.privateEndpointSubnet = subnets.privateEndpoints.subnet;
    this.nodeNetworkSecurityGroup = subnets.nodes.networkSecurityGroup;
    this.apiServerNetworkSecurityGroup = subnets.apiServer.networkSecurityGroup;
    this.privateEndpointNetworkSecurityGroup = subnets.privateEndpoints.networkSecurityGroup;
    this.nodeNetworkSecurityGroupAssociation = subnets.nodes.networkSecurityGroupAssociation;
    this.apiServerNetworkSecurityGroupAssociation = subnets.apiServer.networkSecurityGroupAssociation;
    this.privateEndpointNetworkSecurityGroupAssociation = subnets.privateEndpoints.networkSecurityGroupAssociation;
    this.securityRules = subnets.securityRules;

    const egress = new ClusterEgressPath(this, resolved, subnets);
    this.egressPath = egress;
    this.firewallSubnet = egress.firewallSubnet;
    this.firewallPublicIp = egress.azureFirewall?.publicIp;
    this.firewallPublicIps = egress.azureFirewall?.publicIps;
    this.firewallEgressRules = egress.azureFirewall?.rules;
    this.firewallPolicy = egress.azureFirewall?.policy;
    this.firewallRuleCollectionGroup = egress.azureFirewall?.ruleCollectionGroup;
    this.firewall = egress.azureFirewall?.firewall;
    this.routeTable = egress.routeTable;
    this.routeTableAssociation = egress.routeTableAssociation;
    this.natPublicIp = egress.natPublicIp;
    this.natGateway = egress.natGateway;
    this.natPublicIpAssociation = egress.natPublicIpAssociation;
    this.natGatewayAssociation = egress.natGatewayAssociation;
    this.egressDependencies = [
      ...egress.dependencies,
      this.nodeNetworkSecurityGroupAssociation,
      this.apiServerNetworkSecurityGroupAssociation,
    ];

    if (props.deploymentRunner) {
      const runner = new DeploymentRunnerSubnet(this, resolved, props.deploymentRunner, subnets, egress);
      this.deploymentRunnerSubnet = runner;
      this.runnerSubnet = runner.subnet.subnet;
      this.runnerSubnetId = runner.subnet.subnet.id;
      this.runnerNetworkSecurityGroup = runner.subnet.networkSecurityGroup;
      this.runnerNetworkSecurityGroupAssociation = runner.subnet.networkSecurityGroupAssociation;
      this.runnerEgressAssociation = runner.egressAssociation;
      this.runnerFirewallRuleCollectionGroup = runner.firewallRuleCollectionGroup;
    }

    this.virtualNetworkId = this.virtualNetwork.id;
    this.nodeSubnetId = this.nodeSubnet.id;
    this.apiServerSubnetId = this.apiServerSubnet.id;
    this.privateEndpointSubnetId = this.privateEndpointSubnet.id;
  }
}
