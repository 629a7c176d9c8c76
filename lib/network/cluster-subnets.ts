import { Construct } from "constructs";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Subnet, SubnetConfig } from "@cdktf/provider-azurerm/lib/subnet";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { ResolvedClusterNetworkProps } from "./cluster-network-props";

/** An inbound TCP allow rule between address prefixes of the cluster network. */
export interface InboundAllowRule {
  readonly priority: number;
  readonly name: string;
  readonly source: string;
  readonly destination: string;
  readonly ports: string[];
  /** Why the rule exists; shown in the NSG. */
  readonly description: string;
}

/** A subnet of the cluster network with its own NSG. */
export interface SubnetWithNsg {
  /** The subnet (private: no default outbound access). */
  readonly subnet: Subnet;
  /** The subnet's NSG: no inline rules, so your own `azurerm_network_security_rule`s can join it. */
  readonly networkSecurityGroup: NetworkSecurityGroup;
  /** Association of the NSG with the subnet. */
  readonly networkSecurityGroupAssociation: SubnetNetworkSecurityGroupAssociation;
}

/**
 * The VNet of a ClusterNetwork, its node, API-server and private-endpoint subnets, an NSG on each
 * and the NSG rules between them, created in `owner` (the ClusterNetwork) with their ids there.
 *
 * Every subnet has `default_outbound_access_enabled = false` ("private subnet"): Azure is retiring
 * the implicit outbound IP of VMs without an explicit outbound method, and leaving it on would give
 * anything in these subnets a second, uninspected way to the internet.
 */
export class ClusterSubnets {
  /** The VNet. */
  public readonly virtualNetwork: VirtualNetwork;
  /** Subnet of the node pools (AKS-NET-09 on its NSG). */
  public readonly nodes: SubnetWithNsg;
  /** Subnet delegated to AKS for API-server VNet integration (AKS-NET-03). */
  public readonly apiServer: SubnetWithNsg;
  /** Subnet for private endpoints (registry, vault). */
  public readonly privateEndpoints: SubnetWithNsg;
  /** Every NSG rule of the network, in creation order (the deployment runner adds its own). */
  public readonly securityRules: NetworkSecurityRule[];

  constructor(
    private readonly owner: Construct,
    private readonly resolved: ResolvedClusterNetworkProps,
  ) {
    const { props } = resolved;
    const prefix = props.namePrefix;
    this.virtualNetwork = new VirtualNetwork(owner, "VirtualNetwork", {
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      name: `vnet-${prefix}`,
      location: props.location,
      addressSpace: [resolved.addressSpace],
      dnsServers: props.dnsServers,
    });
    const nodeSubnet = this.subnet("NodeSubnet", `snet-${prefix}-nodes`, resolved.nodeSubnetCidr);
    // The delegation AKS documents for API-server VNet integration; the action is the one Azure
    // fills in for this service, spelled out so Terraform shows no diff after apply.
    const apiServerSubnet = this.subnet("ApiServerSubnet", `snet-${prefix}-apiserver`, resolved.apiServerSubnetCidr, {
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
    // "Enabled" makes the subnet's NSG (and any route table) apply to the private endpoints too;
    // with "Disabled" the endpoints would ignore the NSG below.
    const privateEndpointSubnet = this.subnet(
      "PrivateEndpointSubnet",
      `snet-${prefix}-endpoints`,
      resolved.privateEndpointSubnetCidr,
      { privateEndpointNetworkPolicies: "Enabled" },
    );

    // Node NSG: Azure's default rules only. They allow VNet and load-balancer inbound (node-to-node,
    // API server to kubelet and konnectivity, health probes), deny internet inbound, and allow all
    // outbound. AKS egress is defined by FQDNs without static addresses, so outbound cannot be
    // narrowed with an NSG: the firewall does that. AKS keeps its own NSG on the node NICs.
    this.nodes = this.withNetworkSecurityGroup(nodeSubnet, "NodeNsg", `nsg-${prefix}-nodes`);
    this.apiServer = this.withNetworkSecurityGroup(apiServerSubnet, "ApiServerNsg", `nsg-${prefix}-apiserver`);
    this.privateEndpoints = this.withNetworkSecurityGroup(
      privateEndpointSubnet,
      "PrivateEndpointNsg",
      `nsg-${prefix}-endpoints`,
    );

    // Explicit allows for the traffic AKS needs across subnets. Azure's AllowVnetInBound (65000)
    // already permits it; these rules at priority 100+ keep it working when someone later adds a
    // deny for VNet traffic, which AKS cannot repair. No deny rules are added: jump hosts and CI
    // agents in the hub must still reach the API server and the endpoints.
    this.securityRules = [
      this.allowInbound("ApiServerAllowNodes", this.apiServer.networkSecurityGroup, {
        priority: 100,
        name: "allow-nodes-to-apiserver",
        source: resolved.nodeSubnetCidr,
        destination: resolved.apiServerSubnetCidr,
        ports: ["443", "4443"],
        description: "AKS API-server VNet integration: nodes reach the API server ILB on 443 and 4443",
      }),
      this.allowInbound("ApiServerAllowLoadBalancer", this.apiServer.networkSecurityGroup, {
        priority: 110,
        name: "allow-azure-lb-to-apiserver",
        source: "AzureLoadBalancer",
        destination: resolved.apiServerSubnetCidr,
        ports: ["9988"],
        description: "AKS API-server VNet integration: Azure Load Balancer health probes on 9988",
      }),
      this.allowInbound("EndpointsAllowNodes", this.privateEndpoints.networkSecurityGroup, {
        priority: 100,
        name: "allow-nodes-to-endpoints",
        source: resolved.nodeSubnetCidr,
        destination: resolved.privateEndpointSubnetCidr,
        ports: ["443"],
        description:
          "Nodes (pods SNAT to the node IP with CNI overlay) reach registry and vault private endpoints over HTTPS",
      }),
    ];
  }

  /** A private subnet of the VNet, created in the owner under `id`. */
  public subnet(id: string, name: string, cidr: string, extra: Partial<SubnetConfig> = {}): Subnet {
    return new Subnet(this.owner, id, {
      name,
      resourceGroupName: this.resolved.props.resourceGroupName,
      virtualNetworkName: this.virtualNetwork.name,
      addressPrefixes: [cidr],
      defaultOutboundAccessEnabled: false,
      ...extra,
    });
  }

  /**
   * An NSG without inline rules (so users can add their own `azurerm_network_security_rule`s) and
   * its association with `subnet`, created in the owner as `id` and `<id>Association`.
   */
  public withNetworkSecurityGroup(subnet: Subnet, id: string, name: string): SubnetWithNsg {
    const { props } = this.resolved;
    const networkSecurityGroup = new NetworkSecurityGroup(this.owner, id, {
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      name,
      location: props.location,
    });
    const networkSecurityGroupAssociation = new SubnetNetworkSecurityGroupAssociation(this.owner, `${id}Association`, {
      subnetId: subnet.id,
      networkSecurityGroupId: networkSecurityGroup.id,
    });
    return { subnet, networkSecurityGroup, networkSecurityGroupAssociation };
  }

  /** An inbound TCP allow rule on `group`, created in the owner under `id`. */
  public allowInbound(id: string, group: NetworkSecurityGroup, rule: InboundAllowRule): NetworkSecurityRule {
    const ports = rule.ports;
    return new NetworkSecurityRule(this.owner, id, {
      name: rule.name,
      resourceGroupName: this.resolved.props.resourceGroupName,
      networkSecurityGroupName: group.name,
      priority: rule.priority,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefix: rule.source,
      sourcePortRange: "*",
      destinationAddressPrefix: rule.destination,
      ...(ports.length === 1 ? { destinationPortRange: ports[0] } : { destinationPortRanges: ports }),
      description: rule.description,
    });
  }
}
