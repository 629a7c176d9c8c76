import { Construct } from "constructs";
import { Annotations, ITerraformDependable } from "cdktf";
import * as ipaddr from "ipaddr.js";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Subnet, SubnetConfig } from "@cdktf/provider-azurerm/lib/subnet";
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
import { ClusterEgress } from "./cluster-egress";
import {
  AzureFirewallEgressRules,
  DEFAULT_FIREWALL_SUBNET_CIDR,
  MIN_FIREWALL_SUBNET_PREFIX,
  createAzureFirewall,
  validateAzureFirewallOptions,
} from "./azure-firewall-egress";
import {
  invalidProp,
  isListToken,
  isUnresolved,
  requireLocation,
  requireResourceGroupName,
  requireTags,
} from "../util/validation";
import {
  NamedIpv4Block,
  ipv4BlockContains,
  ipv4BlockContainsAddress,
  isIpv4Address,
  isNonPublicIpv4Block,
  requireDisjointIpv4Blocks,
  requireIpv4Cidr,
  requireOutsideAksReservedRanges,
} from "../util/cidr";
import { SecurityBaseline } from "../baseline/security-baseline";

/**
 * A subnet in the cluster VNet for a self-hosted CI runner (or jump host) that applies the tenant
 * stacks to a private cluster. Microsoft's first option for reaching a private API server is a VM
 * "in the same Azure virtual network as the AKS cluster" (private-cluster-connect.md): the runner
 * then resolves the API server through the zone linked to the cluster VNet ("System" or
 * `createPrivateDnsZone`) and reaches its private endpoint without peering, VPN or Run Command.
 */
export interface DeploymentRunnerSubnetOptions {
  /** Address block of the subnet, inside `addressSpace` and disjoint from the other subnets, /29 (Azure's smallest) or larger. */
  readonly subnetCidr: string;
  /**
   * Host names the runner may reach over HTTPS through the Azure Firewall of
   * `ClusterEgress.azureFirewall()` (an own rule collection group, source = this subnet), e.g.
   * your CI service, "management.azure.com" and "login.microsoftonline.com" (Azure Resource
   * Manager and Entra ID, which `az`, kubelogin and Terraform call), "registry.terraform.io",
   * "releases.hashicorp.com", "registry.npmjs.org". Everything else stays denied. Required with
   * `ClusterEgress.azureFirewall()`; with `ClusterEgress.firewall()` allow them on your hub
   * firewall instead, and with a NAT gateway the runner is not filtered.
   *
   * @default [] (only with a firewall you manage or a NAT gateway)
   */
  readonly allowedFqdns?: string[];
}

/** Props of {@link ClusterNetwork}. */
export interface ClusterNetworkProps {
  /**
   * Resource group of the network resources.
   *
   * @default - required
   */
  readonly resourceGroupName: string;
  /**
   * Azure region, e.g. "westeurope". A SecureCluster using this network must be in the same region
   * (it rejects a different one).
   *
   * @default - required
   */
  readonly location: string;
  /**
   * Prefix of every resource name: "vnet-<prefix>", "snet-<prefix>-nodes", "snet-<prefix>-apiserver",
   * "snet-<prefix>-endpoints", "nsg-<prefix>-…", "rt-<prefix>-nodes", "ng-<prefix>", "pip-<prefix>-egress";
   * with `ClusterEgress.azureFirewall()` also "afw-<prefix>", "afwp-<prefix>", "pip-<prefix>-firewall".
   * 1-40 characters under Azure's VNet and subnet naming rules: letters, digits, '-', '_' and '.',
   * starting with a letter or digit and ending with a letter, digit or '_'.
   *
   * @default - required
   */
  readonly namePrefix: string;
  /**
   * How nodes reach the internet: `ClusterEgress.azureFirewall()` (an Azure Firewall in this VNet,
   * AKS-NET-07; billed per hour and GB), `ClusterEgress.firewall({ privateIp })` (an existing hub
   * firewall, AKS-NET-07) or `ClusterEgress.natGateway()` (no inspection: the baseline fails
   * AKS-NET-07 unless suppressed with a reason). There is no default: an egress path is a design
   * decision, and the implicit load-balancer SNAT AKS falls back to is weaker than AKS-NET-07.
   *
   * @default - required
   */
  readonly egress: ClusterEgress;
  /**
   * Address space of the VNet. With Azure CNI overlay (AKS-NET-04) pods take addresses from the pod
   * CIDR, not from the VNet, so the VNet only needs room for nodes, the API server and private
   * endpoints; a /16 leaves space for more node pools and a firewall or bastion subnet. It must not
   * overlap the ranges AKS reserves (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24); a
   * range outside RFC 1918 / RFC 6598 synthesizes with a warning (addresses the internet also uses
   * become unreachable from the VNet).
   *
   * @default "10.240.0.0/16"
   */
  readonly addressSpace?: string;
  /**
   * Node subnet: one address per node (overlay), plus surge nodes during upgrades. At least a /27.
   *
   * @default "10.240.0.0/22" (1,019 usable addresses: room for surge and more pools)
   */
  readonly nodeSubnetCidr?: string;
  /**
   * Subnet delegated to Microsoft.ContainerService/managedClusters for API-server VNet integration
   * (AKS-NET-03), so node-to-API-server traffic stays on the private network. AKS requires at
   * least a /28 and reserves at least 9 addresses in it.
   *
   * @default "10.240.4.0/28"
   */
  readonly apiServerSubnetCidr?: string;
  /**
   * Subnet for private endpoints of the registry, the vault and other PaaS services (AKS-ACR-04,
   * AKS-SEC-05), kept apart from nodes so its NSG can govern it separately. At least a /29, the
   * smallest subnet Azure allows.
   *
   * @default "10.240.5.0/24"
   */
  readonly privateEndpointSubnetCidr?: string;
  /**
   * Custom DNS servers of the VNet, e.g. a hub DNS forwarder that resolves the private-cluster zone
   * (AKS-NET-01) and the privatelink zones of the registry and vault from on-premises and the hub.
   * A token for the whole list is passed through unchecked. A private SecureCluster on this network
   * then needs a private DNS zone linked to the forwarder's VNet (`createPrivateDnsZone` or a BYO
   * `privateDnsZoneId`): the "System" zone fails at synth (private-clusters.md, "Hub and spoke with
   * custom DNS"), and the control-plane identity gets Network Contributor on the whole VNet.
   *
   * @default - Azure-provided DNS (168.63.129.16)
   */
  readonly dnsServers?: string[];
  /**
   * A subnet for the runner that applies in-cluster (tenant) stacks to the private cluster: its own
   * NSG (no inbound from the internet; allowed to the API-server subnet and the private endpoints
   * on 443), its 0.0.0.0/0 route through the same egress as the nodes, and with
   * `ClusterEgress.azureFirewall()` a rule collection group "deployment-runner" allowing only its
   * `allowedFqdns`.
   *
   * @default - no runner subnet (reach the cluster from a peered VNet linked to its zone instead)
   */
  readonly deploymentRunner?: DeploymentRunnerSubnetOptions;
  /**
   * Tags of every resource that takes tags (subnets and rules do not).
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** A host name or a "*."-wildcard host name, as Azure Firewall application rules take them. */
const RUNNER_FQDN = /^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;
/** Azure's rule for VNet, subnet, NSG, route table, NAT gateway and public IP names, applied to the prefix they share. */
const NAME_PREFIX = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?$/;
/** Address ranges Azure VNets use privately: RFC 1918 ("private") and RFC 6598 shared space. */
const PRIVATE_RANGES = ["private", "carrierGradeNat"];

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
    const egress = props.egress;
    if (
      egress === undefined ||
      egress === null ||
      (egress.firewall === undefined && egress.natGateway === undefined && egress.azureFirewall === undefined)
    ) {
      invalidProp(
        this,
        "egress",
        egress,
        "is not an explicit egress path",
        "pass ClusterEgress.azureFirewall(), ClusterEgress.firewall({ privateIp }) or ClusterEgress.natGateway()",
      );
    }
    if (!isUnresolved(props.namePrefix) && !NAME_PREFIX.test(props.namePrefix)) {
      invalidProp(
        this,
        "namePrefix",
        props.namePrefix,
        "breaks Azure's VNet and subnet naming rules for a 1-40 character prefix (letters, digits, '-', '_', '.'; starts with a letter or digit; ends with a letter, digit or '_')",
        'use e.g. "aks-prod-weu"',
      );
    }
    requireLocation(this, "location", props.location);
    requireResourceGroupName(this, "resourceGroupName", props.resourceGroupName);
    requireTags(this, "tags", props.tags);
    this.location = props.location;
    this.resourceGroupName = props.resourceGroupName;
    this.addressSpace = props.addressSpace ?? "10.240.0.0/16";
    this.nodeSubnetCidr = props.nodeSubnetCidr ?? "10.240.0.0/22";
    this.apiServerSubnetCidr = props.apiServerSubnetCidr ?? "10.240.4.0/28";
    this.privateEndpointSubnetCidr = props.privateEndpointSubnetCidr ?? "10.240.5.0/24";
    if (egress.azureFirewall) this.firewallSubnetCidr = egress.azureFirewall.subnetCidr ?? DEFAULT_FIREWALL_SUBNET_CIDR;
    const subnetBlocks = this.validateAddressing(props);
    this.validateEgress(egress, subnetBlocks);
    this.outboundType = egress.outboundType;
    this.dnsServers = props.dnsServers;

    const prefix = props.namePrefix;
    const common = { resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.virtualNetwork = new VirtualNetwork(this, "VirtualNetwork", {
      ...common,
      name: `vnet-${prefix}`,
      location: props.location,
      addressSpace: [this.addressSpace],
      dnsServers: props.dnsServers,
    });
    const subnet = (id: string, name: string, cidr: string, extra: Partial<SubnetConfig> = {}) =>
      new Subnet(this, id, {
        name,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [cidr],
        defaultOutboundAccessEnabled: false,
        ...extra,
      });
    this.nodeSubnet = subnet("NodeSubnet", `snet-${prefix}-nodes`, this.nodeSubnetCidr);
    // The delegation AKS documents for API-server VNet integration; the action is the one Azure
    // fills in for this service, spelled out so Terraform shows no diff after apply.
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
    // "Enabled" makes the subnet's NSG (and any route table) apply to the private endpoints too;
    // with "Disabled" the endpoints would ignore the NSG below.
    this.privateEndpointSubnet = subnet(
      "PrivateEndpointSubnet",
      `snet-${prefix}-endpoints`,
      this.privateEndpointSubnetCidr,
      {
        privateEndpointNetworkPolicies: "Enabled",
      },
    );

    const nsg = (
      id: string,
      name: string,
      target: Subnet,
    ): [NetworkSecurityGroup, SubnetNetworkSecurityGroupAssociation] => {
      const group = new NetworkSecurityGroup(this, id, { ...common, name, location: props.location });
      const association = new SubnetNetworkSecurityGroupAssociation(this, `${id}Association`, {
        subnetId: target.id,
        networkSecurityGroupId: group.id,
      });
      return [group, association];
    };
    // Node NSG: Azure's default rules only. They allow VNet and load-balancer inbound (node-to-node,
    // API server to kubelet and konnectivity, health probes), deny internet inbound, and allow all
    // outbound. AKS egress is defined by FQDNs without static addresses, so outbound cannot be
    // narrowed with an NSG: the firewall does that. AKS keeps its own NSG on the node NICs.
    [this.nodeNetworkSecurityGroup, this.nodeNetworkSecurityGroupAssociation] = nsg(
      "NodeNsg",
      `nsg-${prefix}-nodes`,
      this.nodeSubnet,
    );
    [this.apiServerNetworkSecurityGroup, this.apiServerNetworkSecurityGroupAssociation] = nsg(
      "ApiServerNsg",
      `nsg-${prefix}-apiserver`,
      this.apiServerSubnet,
    );
    [this.privateEndpointNetworkSecurityGroup, this.privateEndpointNetworkSecurityGroupAssociation] = nsg(
      "PrivateEndpointNsg",
      `nsg-${prefix}-endpoints`,
      this.privateEndpointSubnet,
    );

    // Explicit allows for the traffic AKS needs across subnets. Azure's AllowVnetInBound (65000)
    // already permits it; these rules at priority 100+ keep it working when someone later adds a
    // deny for VNet traffic, which AKS cannot repair. No deny rules are added: jump hosts and CI
    // agents in the hub must still reach the API server and the endpoints.
    const rule = (
      id: string,
      group: NetworkSecurityGroup,
      priority: number,
      name: string,
      source: string,
      destination: string,
      ports: string[],
      description: string,
    ) =>
      new NetworkSecurityRule(this, id, {
        name,
        resourceGroupName: props.resourceGroupName,
        networkSecurityGroupName: group.name,
        priority,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: source,
        sourcePortRange: "*",
        destinationAddressPrefix: destination,
        ...(ports.length === 1 ? { destinationPortRange: ports[0] } : { destinationPortRanges: ports }),
        description,
      });
    this.securityRules = [
      rule(
        "ApiServerAllowNodes",
        this.apiServerNetworkSecurityGroup,
        100,
        "allow-nodes-to-apiserver",
        this.nodeSubnetCidr,
        this.apiServerSubnetCidr,
        ["443", "4443"],
        "AKS API-server VNet integration: nodes reach the API server ILB on 443 and 4443",
      ),
      rule(
        "ApiServerAllowLoadBalancer",
        this.apiServerNetworkSecurityGroup,
        110,
        "allow-azure-lb-to-apiserver",
        "AzureLoadBalancer",
        this.apiServerSubnetCidr,
        ["9988"],
        "AKS API-server VNet integration: Azure Load Balancer health probes on 9988",
      ),
      rule(
        "EndpointsAllowNodes",
        this.privateEndpointNetworkSecurityGroup,
        100,
        "allow-nodes-to-endpoints",
        this.nodeSubnetCidr,
        this.privateEndpointSubnetCidr,
        ["443"],
        "Nodes (pods SNAT to the node IP with CNI overlay) reach registry and vault private endpoints over HTTPS",
      ),
    ];

    let egressAssociations: ITerraformDependable[];
    let firewallIp: string | undefined = egress.firewall?.privateIp;
    if (egress.azureFirewall) {
      // Azure requires this exact subnet name; it takes no NSG or route table.
      this.firewallSubnet = subnet("FirewallSubnet", "AzureFirewallSubnet", this.firewallSubnetCidr!);
      const created = createAzureFirewall(this, {
        options: egress.azureFirewall,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        namePrefix: prefix,
        tags: props.tags,
        subnet: this.firewallSubnet,
        nodeSubnetCidr: this.nodeSubnetCidr,
        dnsServers: props.dnsServers,
      });
      this.firewallPublicIp = created.publicIp;
      this.firewallPublicIps = created.publicIps;
      this.firewallEgressRules = created.rules;
      this.firewallPolicy = created.policy;
      this.firewallRuleCollectionGroup = created.ruleCollectionGroup;
      this.firewall = created.firewall;
      firewallIp = this.firewall.ipConfiguration.get(0).privateIpAddress;
    }
    if (firewallIp !== undefined) {
      this.routeTable = new RouteTable(this, "RouteTable", {
        ...common,
        name: `rt-${prefix}-nodes`,
        location: props.location,
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
      this.routeTableAssociation = new SubnetRouteTableAssociation(this, "RouteTableAssociation", {
        subnetId: this.nodeSubnet.id,
        routeTableId: this.routeTable.id,
      });
      // With our own firewall, the nodes also need it and its rules in place before they boot.
      egressAssociations = this.firewall
        ? [this.routeTableAssociation, this.firewall, this.firewallRuleCollectionGroup!]
        : [this.routeTableAssociation];
    } else {
      const nat = egress.natGateway ?? {};
      // A zonal gateway needs its public IP in the same zone.
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
      this.natPublicIpAssociation = new NatGatewayPublicIpAssociation(this, "NatPublicIpAssociation", {
        natGatewayId: this.natGateway.id,
        publicIpAddressId: this.natPublicIp.id,
      });
      this.natGatewayAssociation = new SubnetNatGatewayAssociation(this, "NatGatewayAssociation", {
        subnetId: this.nodeSubnet.id,
        natGatewayId: this.natGateway.id,
      });
      egressAssociations = [this.natPublicIpAssociation, this.natGatewayAssociation];
    }
    this.egressDependencies = [
      ...egressAssociations,
      this.nodeNetworkSecurityGroupAssociation,
      this.apiServerNetworkSecurityGroupAssociation,
    ];
    if (props.deploymentRunner) this.createRunnerSubnet(props, props.deploymentRunner, subnet, nsg, rule);

    this.virtualNetworkId = this.virtualNetwork.id;
    this.nodeSubnetId = this.nodeSubnet.id;
    this.apiServerSubnetId = this.apiServerSubnet.id;
    this.privateEndpointSubnetId = this.privateEndpointSubnet.id;
  }

  /**
   * The runner subnet: NSG with explicit allows to the API server and the private endpoints (the
   * same reasoning as the nodes' allows), egress through the nodes' route table or NAT gateway,
   * and with our own Azure Firewall a rule collection group of its own, so the nodes' rules stay
   * as they are and the runner gets only its FQDNs.
   */
  private createRunnerSubnet(
    props: ClusterNetworkProps,
    runner: DeploymentRunnerSubnetOptions,
    subnet: (id: string, name: string, cidr: string) => Subnet,
    nsg: (id: string, name: string, target: Subnet) => [NetworkSecurityGroup, SubnetNetworkSecurityGroupAssociation],
    rule: (
      id: string,
      group: NetworkSecurityGroup,
      priority: number,
      name: string,
      source: string,
      destination: string,
      ports: string[],
      description: string,
    ) => NetworkSecurityRule,
  ): void {
    const prefix = props.namePrefix;
    const self = this as { -readonly [K in keyof ClusterNetwork]: ClusterNetwork[K] };
    self.runnerSubnet = subnet("RunnerSubnet", `snet-${prefix}-runner`, runner.subnetCidr);
    self.runnerSubnetId = self.runnerSubnet.id;
    [self.runnerNetworkSecurityGroup, self.runnerNetworkSecurityGroupAssociation] = nsg(
      "RunnerNsg",
      `nsg-${prefix}-runner`,
      self.runnerSubnet,
    );
    this.securityRules.push(
      rule(
        "ApiServerAllowRunner",
        this.apiServerNetworkSecurityGroup,
        120,
        "allow-runner-to-apiserver",
        runner.subnetCidr,
        this.apiServerSubnetCidr,
        ["443"],
        "Deployment runner reaches the API server (VNet integration ILB) on 443",
      ),
      rule(
        "EndpointsAllowRunner",
        this.privateEndpointNetworkSecurityGroup,
        110,
        "allow-runner-to-endpoints",
        runner.subnetCidr,
        this.privateEndpointSubnetCidr,
        ["443"],
        "Deployment runner reaches the vault and registry private endpoints (e.g. az keyvault secret set) over HTTPS",
      ),
    );
    if (this.routeTable) {
      self.runnerEgressAssociation = new SubnetRouteTableAssociation(this, "RunnerRouteTableAssociation", {
        subnetId: self.runnerSubnet.id,
        routeTableId: this.routeTable.id,
      });
    } else if (this.natGateway) {
      self.runnerEgressAssociation = new SubnetNatGatewayAssociation(this, "RunnerNatGatewayAssociation", {
        subnetId: self.runnerSubnet.id,
        natGatewayId: this.natGateway.id,
      });
    }
    if (this.firewallPolicy && this.firewall && this.firewallRuleCollectionGroup) {
      const dnsServers = props.dnsServers ?? [];
      const customDns = isListToken(dnsServers) || dnsServers.length > 0;
      self.runnerFirewallRuleCollectionGroup = new FirewallPolicyRuleCollectionGroup(this, "RunnerFirewallRules", {
        name: "deployment-runner",
        firewallPolicyId: this.firewallPolicy.id,
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
        dependsOn: [this.firewallRuleCollectionGroup],
      });
      // The firewall waits for every rule collection group of its policy.
      const runnerRules = self.runnerFirewallRuleCollectionGroup;
      this.firewall.dependsOn = [
        ...(this.firewall.dependsOn ?? []),
        `${runnerRules.terraformResourceType}.${runnerRules.friendlyUniqueId}`,
      ];
    }
  }

  /** Validates every address prop; returns the subnet blocks that are known at synth. */
  private validateAddressing(props: ClusterNetworkProps): NamedIpv4Block[] {
    const vnet = requireIpv4Cidr(this, "addressSpace", this.addressSpace);
    if (vnet) {
      requireOutsideAksReservedRanges(this, "addressSpace", vnet);
      if (!isNonPublicIpv4Block(vnet)) {
        Annotations.of(this).addWarning(
          `[${this.node.path}] addressSpace = ${JSON.stringify(vnet.cidr)} lies outside RFC 1918 and RFC 6598 space, so the VNet could no longer reach the internet hosts that use those addresses. Fix: use a private range such as 10.240.0.0/16.`,
        );
      }
    }
    const subnets: NamedIpv4Block[] = [];
    const add = (prop: string, cidr: string) => {
      const block = requireIpv4Cidr(this, prop, cidr);
      if (block) subnets.push({ prop, block });
    };
    add("nodeSubnetCidr", this.nodeSubnetCidr);
    add("apiServerSubnetCidr", this.apiServerSubnetCidr);
    add("privateEndpointSubnetCidr", this.privateEndpointSubnetCidr);
    if (this.firewallSubnetCidr !== undefined) add("egress.subnetCidr", this.firewallSubnetCidr);
    if (props.deploymentRunner !== undefined) add("deploymentRunner.subnetCidr", props.deploymentRunner.subnetCidr);
    for (const { prop, block } of subnets) {
      if (vnet && !ipv4BlockContains(vnet, block)) {
        invalidProp(
          this,
          prop,
          block.cidr,
          `lies outside the VNet address space ${vnet.cidr}`,
          `choose a block inside ${vnet.cidr}, or widen addressSpace`,
        );
      }
    }
    const apiServer = subnets.find((s) => s.prop === "apiServerSubnetCidr");
    if (apiServer && apiServer.block.prefixLength > 28) {
      invalidProp(
        this,
        "apiServerSubnetCidr",
        apiServer.block.cidr,
        "is smaller than the /28 AKS requires for API-server VNet integration",
        "use a /28 or larger block",
      );
    }
    const node = subnets.find((s) => s.prop === "nodeSubnetCidr");
    if (node && node.block.prefixLength > 27) {
      invalidProp(
        this,
        "nodeSubnetCidr",
        node.block.cidr,
        "leaves too few addresses for nodes and upgrade surge (Azure reserves 5 per subnet)",
        "use a /27 or larger block (a /24 or larger for production)",
      );
    }
    const firewall = subnets.find((s) => s.prop === "egress.subnetCidr");
    if (firewall && firewall.block.prefixLength > MIN_FIREWALL_SUBNET_PREFIX) {
      invalidProp(
        this,
        "egress.subnetCidr",
        firewall.block.cidr,
        "is smaller than the /26 Azure requires for AzureFirewallSubnet",
        'use a /26 or larger block inside the VNet, e.g. "10.240.6.0/26"',
      );
    }
    const runner = subnets.find((s) => s.prop === "deploymentRunner.subnetCidr");
    if (runner && runner.block.prefixLength > 29) {
      invalidProp(
        this,
        "deploymentRunner.subnetCidr",
        runner.block.cidr,
        "is smaller than a /29, the smallest subnet Azure allows (it reserves 5 addresses per subnet)",
        "use a /29 or larger block, e.g. a /27",
      );
    }
    this.validateRunner(props);
    const endpoints = subnets.find((s) => s.prop === "privateEndpointSubnetCidr");
    if (endpoints && endpoints.block.prefixLength > 29) {
      invalidProp(
        this,
        "privateEndpointSubnetCidr",
        endpoints.block.cidr,
        "is smaller than a /29, the smallest subnet Azure allows (it reserves 5 addresses per subnet)",
        "use a /29 or larger block (a /24 leaves room for many endpoints)",
      );
    }
    requireDisjointIpv4Blocks(this, subnets);
    const dnsServers = props.dnsServers ?? [];
    // A token for the whole list has no elements to check at synth.
    for (const [index, server] of (isListToken(dnsServers) ? [] : dnsServers).entries()) {
      if (!isUnresolved(server) && !isIpv4Address(server)) {
        invalidProp(
          this,
          `dnsServers[${index}]`,
          server,
          "is not an IPv4 address",
          "give the IP of your DNS forwarder, e.g. 10.0.0.4",
        );
      }
    }
    return subnets;
  }

  private validateRunner(props: ClusterNetworkProps): void {
    const runner = props.deploymentRunner;
    if (runner === undefined) return;
    const fqdns = runner.allowedFqdns ?? [];
    if (isListToken(fqdns)) return;
    if (props.egress.azureFirewall && fqdns.length === 0) {
      invalidProp(
        this,
        "deploymentRunner.allowedFqdns",
        fqdns,
        "is empty, so the Azure Firewall would deny everything the runner needs (CI service, Azure Resource Manager, Entra ID, provider downloads)",
        'list them, e.g. ["management.azure.com", "login.microsoftonline.com", "registry.terraform.io", "releases.hashicorp.com", "github.com"]',
      );
    }
    fqdns.forEach((fqdn, index) => {
      if (!isUnresolved(fqdn) && (typeof fqdn !== "string" || !RUNNER_FQDN.test(fqdn))) {
        invalidProp(
          this,
          `deploymentRunner.allowedFqdns[${index}]`,
          fqdn,
          'is not a host name or a "*."-wildcard host name (no scheme, path, port or bare "*")',
          'write it like "github.com" or "*.actions.githubusercontent.com"',
        );
      }
    });
  }

  private validateEgress(egress: ClusterEgress, subnets: NamedIpv4Block[]): void {
    if (egress.azureFirewall) validateAzureFirewallOptions(this, egress.azureFirewall);
    if (egress.firewall) {
      const ip = egress.firewall.privateIp;
      if (isUnresolved(ip)) return;
      if (typeof ip !== "string" || !isIpv4Address(ip)) {
        invalidProp(
          this,
          "egress.privateIp",
          ip,
          "is not an IPv4 address",
          "give the firewall's private IP, e.g. azurerm_firewall.ip_configuration[0].private_ip_address",
        );
      }
      const range = ipaddr.IPv4.parse(ip).range();
      if (!PRIVATE_RANGES.includes(range)) {
        invalidProp(
          this,
          "egress.privateIp",
          ip,
          `is not a private address (range "${range}"), so the default route would not lead to a firewall in your network`,
          "use the firewall's private IP in the hub VNet (RFC 1918 or 100.64.0.0/10)",
        );
      }
      const inside = subnets.find((s) => ipv4BlockContainsAddress(s.block, ip));
      if (inside) {
        invalidProp(
          this,
          "egress.privateIp",
          ip,
          `lies inside ${inside.prop} (${inside.block.cidr}), so the firewall would sit in a cluster subnet and route to itself`,
          "put the firewall in its own subnet (AzureFirewallSubnet in the hub or in this VNet) and pass its private IP",
        );
      }
    }
    const timeout = egress.natGateway?.idleTimeoutMinutes;
    if (
      timeout !== undefined &&
      !isUnresolved(timeout) &&
      (!Number.isInteger(timeout) || timeout < 4 || timeout > 120)
    ) {
      invalidProp(
        this,
        "egress.idleTimeoutMinutes",
        timeout,
        "is outside 4-120 minutes",
        "use a whole number of minutes from 4 to 120",
      );
    }
    const zone = egress.natGateway?.zone;
    if (zone !== undefined && !isUnresolved(zone) && !["1", "2", "3"].includes(zone)) {
      invalidProp(
        this,
        "egress.zone",
        zone,
        "is not an availability zone",
        'use "1", "2" or "3", or leave it unset in regions without zones',
      );
    }
  }
}
