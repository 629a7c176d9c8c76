import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import * as ipaddr from "ipaddr.js";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { ClusterEgress } from "./cluster-egress";
import { invalidProp, isUnresolved } from "../util/validation";
import { Ipv4Block, ipv4BlockContains, isIpv4Address, requireDisjointIpv4Blocks, requireIpv4Cidr } from "../util/cidr";
import { SecurityBaseline } from "../baseline/security-baseline";

/** Props of {@link ClusterNetwork}. */
export interface ClusterNetworkProps {
  /** Resource group of the network resources. */
  readonly resourceGroupName: string;
  /** Azure region, e.g. "westeurope". */
  readonly location: string;
  /**
   * Prefix of every resource name ("vnet-<prefix>", "snet-<prefix>-nodes", ...): 1-40 lower-case
   * letters, digits and hyphens, starting with a letter.
   */
  readonly namePrefix: string;
  /**
   * How nodes reach the internet: `ClusterEgress.firewall({ privateIp })` or
   * `ClusterEgress.natGateway()`. There is no default: an egress path is a design decision, and
   * the implicit load-balancer SNAT is weaker than AKS-NET-07.
   */
  readonly egress: ClusterEgress;
  /**
   * Address space of the VNet. With Azure CNI overlay pods take addresses from the pod CIDR, not
   * from the VNet, so the VNet only needs room for nodes, the API server and private endpoints.
   *
   * @default "10.240.0.0/16"
   */
  readonly addressSpace?: string;
  /**
   * Node subnet: one address per node (overlay), plus surge nodes during upgrades.
   *
   * @default "10.240.0.0/22" (1,019 usable addresses)
   */
  readonly nodeSubnetCidr?: string;
  /**
   * Subnet delegated to Microsoft.ContainerService/managedClusters for API-server VNet integration
   * (AKS-NET-03). AKS requires at least a /28.
   *
   * @default "10.240.4.0/28"
   */
  readonly apiServerSubnetCidr?: string;
  /**
   * Subnet for private endpoints of the registry, the vault and other PaaS services (AKS-ACR-04,
   * AKS-SEC-05), kept apart from nodes so NSGs can govern it separately.
   *
   * @default "10.240.5.0/24"
   */
  readonly privateEndpointSubnetCidr?: string;
  /**
   * Custom DNS servers of the VNet, e.g. a hub DNS forwarder that resolves private endpoint and
   * private-cluster zones.
   *
   * @default - Azure-provided DNS
   */
  readonly dnsServers?: string[];
  /**
   * Tags of every resource created.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * A VNet for one SecureCluster: node subnet, delegated API-server subnet, private-endpoint subnet,
 * an NSG on each subnet, and an explicit egress path (route table to a firewall, or NAT gateway).
 *
 * Every subnet has `default_outbound_access_enabled = false`: Azure retires implicit outbound
 * access for VMs, and leaving it on would give nodes a second, uninspected way out.
 */
export class ClusterNetwork extends Construct {
  public readonly virtualNetwork: VirtualNetwork;
  public readonly nodeSubnet: Subnet;
  public readonly apiServerSubnet: Subnet;
  public readonly privateEndpointSubnet: Subnet;
  /** NSG of the node subnet (AKS-NET-09). */
  public readonly nodeNetworkSecurityGroup: NetworkSecurityGroup;
  /** NSG of the API-server subnet. */
  public readonly apiServerNetworkSecurityGroup: NetworkSecurityGroup;
  /** NSG of the private-endpoint subnet. */
  public readonly privateEndpointNetworkSecurityGroup: NetworkSecurityGroup;
  /** Route table sending 0.0.0.0/0 to the firewall (firewall egress only). */
  public readonly routeTable?: RouteTable;
  /** NAT gateway (NAT egress only). */
  public readonly natGateway?: NatGateway;
  /** Public IP of the NAT gateway (NAT egress only): the cluster's egress address. */
  public readonly natPublicIp?: PublicIp;

  public readonly virtualNetworkId: string;
  public readonly nodeSubnetId: string;
  public readonly apiServerSubnetId: string;
  public readonly privateEndpointSubnetId: string;
  public readonly addressSpace: string;
  public readonly nodeSubnetCidr: string;
  public readonly apiServerSubnetCidr: string;
  public readonly privateEndpointSubnetCidr: string;
  /** The azurerm `network_profile.outbound_type` matching the egress path. */
  public readonly outboundType: "userDefinedRouting" | "userAssignedNATGateway";
  /**
   * Resources the cluster must depend on: AKS validates the egress path of the node subnet at
   * creation, so the route-table or NAT-gateway association must exist first.
   */
  public readonly egressDependencies: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    // Every stack holding our constructs is checked against the baseline at synth.
    SecurityBaseline.apply(this);
    if (!isUnresolved(props.namePrefix) && !NAME_PREFIX.test(props.namePrefix)) {
      invalidProp(this, "namePrefix", props.namePrefix, "is not 1-40 lower-case letters, digits and hyphens starting with a letter", 'use e.g. "aks-prod-weu"');
    }
    this.addressSpace = props.addressSpace ?? "10.240.0.0/16";
    this.nodeSubnetCidr = props.nodeSubnetCidr ?? "10.240.0.0/22";
    this.apiServerSubnetCidr = props.apiServerSubnetCidr ?? "10.240.4.0/28";
    this.privateEndpointSubnetCidr = props.privateEndpointSubnetCidr ?? "10.240.5.0/24";
    this.validateAddressing(props);
    this.validateEgress(props.egress);
    this.outboundType = props.egress.outboundType;

    const prefix = props.namePrefix;
    const common = { resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.virtualNetwork = new VirtualNetwork(this, "VirtualNetwork", {
      ...common,
      name: `vnet-${prefix}`,
      location: props.location,
      addressSpace: [this.addressSpace],
      dnsServers: props.dnsServers,
    });
    const subnet = (id: string, name: string, cidr: string, extra: Partial<ConstructorParameters<typeof Subnet>[2]> = {}) =>
      new Subnet(this, id, {
        name,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [cidr],
        defaultOutboundAccessEnabled: false,
        ...extra,
      });
    this.nodeSubnet = subnet("NodeSubnet", `snet-${prefix}-nodes`, this.nodeSubnetCidr);
    this.apiServerSubnet = subnet("ApiServerSubnet", `snet-${prefix}-apiserver`, this.apiServerSubnetCidr, {
      delegation: [
        {
          name: "aks-apiserver",
          serviceDelegation: {
            name: "Microsoft.ContainerService/managedClusters",
            actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"],
          },
        },
      ],
    });
    // NSGs (and route tables) apply to private endpoints only with network policies enabled.
    this.privateEndpointSubnet = subnet("PrivateEndpointSubnet", `snet-${prefix}-endpoints`, this.privateEndpointSubnetCidr, {
      privateEndpointNetworkPolicies: "Enabled",
    });

    // The NSGs start with Azure's default rules only (VNet and load-balancer inbound allowed,
    // internet inbound denied). AKS manages its own rules on the node NSG it creates in the node
    // resource group; adding deny rules here breaks node-to-control-plane traffic in ways AKS
    // cannot repair, so tighten them only with AKS's documented required ports in mind.
    const nsg = (id: string, name: string, target: Subnet) => {
      const group = new NetworkSecurityGroup(this, id, { ...common, name, location: props.location });
      new SubnetNetworkSecurityGroupAssociation(this, `${id}Association`, { subnetId: target.id, networkSecurityGroupId: group.id });
      return group;
    };
    this.nodeNetworkSecurityGroup = nsg("NodeNsg", `nsg-${prefix}-nodes`, this.nodeSubnet);
    this.apiServerNetworkSecurityGroup = nsg("ApiServerNsg", `nsg-${prefix}-apiserver`, this.apiServerSubnet);
    this.privateEndpointNetworkSecurityGroup = nsg("PrivateEndpointNsg", `nsg-${prefix}-endpoints`, this.privateEndpointSubnet);

    if (props.egress.firewall) {
      this.routeTable = new RouteTable(this, "RouteTable", {
        ...common,
        name: `rt-${prefix}-nodes`,
        location: props.location,
        // Routes learned over BGP (VPN/ExpressRoute) must not bypass the firewall.
        bgpRoutePropagationEnabled: false,
        route: [
          { name: "default-to-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopInIpAddress: props.egress.firewall.privateIp },
        ],
      });
      const association = new SubnetRouteTableAssociation(this, "RouteTableAssociation", { subnetId: this.nodeSubnet.id, routeTableId: this.routeTable.id });
      this.egressDependencies = [association];
    } else {
      const nat = props.egress.natGateway ?? {};
      const zones = nat.zone === undefined ? undefined : [nat.zone];
      this.natPublicIp = new PublicIp(this, "NatPublicIp", {
        ...common,
        name: `pip-${prefix}-egress`,
        location: props.location,
        allocationMethod: "Static",
        sku: "Standard",
        zones,
      });
      this.natGateway = new NatGateway(this, "NatGateway", {
        ...common,
        name: `ng-${prefix}`,
        location: props.location,
        skuName: "Standard",
        idleTimeoutInMinutes: nat.idleTimeoutMinutes ?? 4,
        zones,
      });
      const ipAssociation = new NatGatewayPublicIpAssociation(this, "NatPublicIpAssociation", { natGatewayId: this.natGateway.id, publicIpAddressId: this.natPublicIp.id });
      const association = new SubnetNatGatewayAssociation(this, "NatGatewayAssociation", { subnetId: this.nodeSubnet.id, natGatewayId: this.natGateway.id });
      this.egressDependencies = [ipAssociation, association];
    }

    this.virtualNetworkId = this.virtualNetwork.id;
    this.nodeSubnetId = this.nodeSubnet.id;
    this.apiServerSubnetId = this.apiServerSubnet.id;
    this.privateEndpointSubnetId = this.privateEndpointSubnet.id;
  }

  private validateAddressing(props: ClusterNetworkProps): void {
    const vnet = requireIpv4Cidr(this, "addressSpace", this.addressSpace);
    const subnets: { prop: string; block: Ipv4Block }[] = [];
    const add = (prop: string, cidr: string) => {
      const block = requireIpv4Cidr(this, prop, cidr);
      if (block) subnets.push({ prop, block });
    };
    add("nodeSubnetCidr", this.nodeSubnetCidr);
    add("apiServerSubnetCidr", this.apiServerSubnetCidr);
    add("privateEndpointSubnetCidr", this.privateEndpointSubnetCidr);
    for (const { prop, block } of subnets) {
      if (vnet && !ipv4BlockContains(vnet, block)) {
        invalidProp(this, prop, block.cidr, `lies outside the VNet address space ${vnet.cidr}`, `choose a block inside ${vnet.cidr}, or widen addressSpace`);
      }
    }
    const apiServer = subnets.find((s) => s.prop === "apiServerSubnetCidr");
    if (apiServer && apiServer.block.prefixLength > 28) {
      invalidProp(this, "apiServerSubnetCidr", apiServer.block.cidr, "is smaller than the /28 AKS requires for API-server VNet integration", "use a /28 or larger block");
    }
    const node = subnets.find((s) => s.prop === "nodeSubnetCidr");
    if (node && node.block.prefixLength > 27) {
      invalidProp(this, "nodeSubnetCidr", node.block.cidr, "leaves too few addresses for nodes and upgrade surge (Azure reserves 5 per subnet)", "use a /27 or larger block (a /24 or larger for production)");
    }
    requireDisjointIpv4Blocks(this, subnets);
    for (const [index, server] of (props.dnsServers ?? []).entries()) {
      if (!isUnresolved(server) && !isIpv4Address(server)) {
        invalidProp(this, `dnsServers[${index}]`, server, "is not an IPv4 address", "give the IP of your DNS forwarder, e.g. 10.0.0.4");
      }
    }
  }

  private validateEgress(egress: ClusterEgress): void {
    if (egress.firewall) {
      const ip = egress.firewall.privateIp;
      if (isUnresolved(ip)) return;
      if (!isIpv4Address(ip)) {
        invalidProp(this, "egress.privateIp", ip, "is not an IPv4 address", "give the firewall's private IP, e.g. azurerm_firewall.ip_configuration[0].private_ip_address");
      }
      if (ipaddr.IPv4.parse(ip).range() !== "private") {
        invalidProp(this, "egress.privateIp", ip, "is not a private (RFC 1918) address, so the route would send node traffic to the internet", "use the firewall's private IP in the hub VNet");
      }
    }
    const timeout = egress.natGateway?.idleTimeoutMinutes;
    if (timeout !== undefined && !isUnresolved(timeout) && (!Number.isInteger(timeout) || timeout < 4 || timeout > 120)) {
      invalidProp(this, "egress.idleTimeoutMinutes", timeout, "is outside 4-120 minutes", "use a whole number of minutes from 4 to 120");
    }
    const zone = egress.natGateway?.zone;
    if (zone !== undefined && !isUnresolved(zone) && !["1", "2", "3"].includes(zone)) {
      invalidProp(this, "egress.zone", zone, "is not an availability zone", 'use "1", "2" or "3"');
    }
  }
}
