import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { ResolvedClusterNetworkProps } from "./cluster-network-props";
import { ClusterSubnets } from "./cluster-subnets";
import { AzureFirewallEgress } from "./azure-firewall";

/**
 * How the node subnet of a ClusterNetwork reaches the internet, created in `owner` (the
 * ClusterNetwork) with their ids there: an Azure Firewall in its own `AzureFirewallSubnet` and a
 * route table to it, a route table to an existing firewall, or a NAT gateway with its public IP.
 */
export class ClusterEgressPath {
  /** `AzureFirewallSubnet` (Azure Firewall egress only). */
  public readonly firewallSubnet?: Subnet;
  /** The Azure Firewall, its public IPs, policy, rules and logs (Azure Firewall egress only). */
  public readonly azureFirewall?: AzureFirewallEgress;
  /** Route table sending 0.0.0.0/0 to the firewall (firewall and Azure Firewall egress). */
  public readonly routeTable?: RouteTable;
  /** Association of the route table with the node subnet (firewall and Azure Firewall egress). */
  public readonly routeTableAssociation?: SubnetRouteTableAssociation;
  /** NAT gateway (NAT egress only). */
  public readonly natGateway?: NatGateway;
  /** Public IP of the NAT gateway (NAT egress only). */
  public readonly natPublicIp?: PublicIp;
  /** Association of the public IP with the NAT gateway (NAT egress only). */
  public readonly natPublicIpAssociation?: NatGatewayPublicIpAssociation;
  /** Association of the NAT gateway with the node subnet (NAT egress only). */
  public readonly natGatewayAssociation?: SubnetNatGatewayAssociation;
  /** What the cluster must wait for on the egress side (see ClusterNetwork.egressDependencies). */
  public readonly dependencies: ITerraformDependable[];

  constructor(owner: Construct, resolved: ResolvedClusterNetworkProps, subnets: ClusterSubnets) {
    const { props, egress } = resolved;
    const prefix = props.namePrefix;
    const common = { resourceGroupName: props.resourceGroupName, tags: props.tags, location: props.location };
    let firewallIp: string | undefined = egress.firewall?.privateIp;
    if (egress.azureFirewall) {
      // Azure requires this exact subnet name; it takes no NSG or route table.
      this.firewallSubnet = subnets.subnet("FirewallSubnet", "AzureFirewallSubnet", resolved.firewallSubnetCidr!);
      this.azureFirewall = new AzureFirewallEgress(owner, {
        options: egress.azureFirewall,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        namePrefix: prefix,
        tags: props.tags,
        subnet: this.firewallSubnet,
        nodeSubnetCidr: resolved.nodeSubnetCidr,
        dnsServers: props.dnsServers,
      });
      firewallIp = this.azureFirewall.firewall.ipConfiguration.get(0).privateIpAddress;
    }
    if (firewallIp !== undefined) {
      this.routeTable = new RouteTable(owner, "RouteTable", {
        ...common,
        name: `rt-${prefix}-nodes`,
        // Routes learned over BGP (VPN/ExpressRoute) must not bypass the firewall.
        bgpRoutePropagationEnabled: false,
        route: [
          {
            name: "default-to-firewall",
            addressPrefix: "0.0.0.0/0",
            nextHopType: "VirtualAppliance",
            nextHopInIpAddress: firewallIp,
          },
        ],
      });
      this.routeTableAssociation = new SubnetRouteTableAssociation(owner, "RouteTableAssociation", {
        subnetId: subnets.nodes.subnet.id,
        routeTableId: this.routeTable.id,
      });
      // With our own firewall, the nodes also need it and its rules in place before they boot.
      this.dependencies = this.azureFirewall
        ? [this.routeTableAssociation, this.azureFirewall.firewall, this.azureFirewall.ruleCollectionGroup]
        : [this.routeTableAssociation];
    } else {
      const nat = egress.natGateway ?? {};
      // A zonal gateway needs its public IP in the same zone.
      const zones = nat.zone === undefined ? undefined : [nat.zone];
      this.natPublicIp = new PublicIp(owner, "NatPublicIp", {
        ...common,
        name: `pip-${prefix}-egress`,
        allocationMethod: "Static",
        sku: "Standard",
        zones,
      });
      this.natGateway = new NatGateway(owner, "NatGateway", {
        ...common,
        name: `ng-${prefix}`,
        skuName: "Standard",
        idleTimeoutInMinutes: nat.idleTimeoutMinutes ?? 4,
        zones,
      });
      this.natPublicIpAssociation = new NatGatewayPublicIpAssociation(owner, "NatPublicIpAssociation", {
        natGatewayId: this.natGateway.id,
        publicIpAddressId: this.natPublicIp.id,
      });
      this.natGatewayAssociation = new SubnetNatGatewayAssociation(owner, "NatGatewayAssociation", {
        subnetId: subnets.nodes.subnet.id,
        natGatewayId: this.natGateway.id,
      });
      this.dependencies = [this.natPublicIpAssociation, this.natGatewayAssociation];
    }
  }
}
