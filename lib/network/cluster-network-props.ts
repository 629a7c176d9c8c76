import { IConstruct } from "constructs";
import * as ipaddr from "ipaddr.js";
import { ClusterEgress } from "./cluster-egress";
import {
  DEFAULT_FIREWALL_SUBNET_CIDR,
  MIN_FIREWALL_SUBNET_PREFIX,
  requireFirewallFqdns,
  validateAzureFirewallOptions,
} from "./azure-firewall-options";
import {
  invalidProp,
  isListToken,
  requireIntInRange,
  requireLocation,
  requireOneOf,
  requireResourceGroupName,
  requireTags,
  warnProp,
  withResolved,
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

/** Azure's rule for VNet, subnet, NSG, route table, NAT gateway and public IP names, applied to the prefix they share. */
const NAME_PREFIX = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?$/;
/** Address ranges Azure VNets use privately: RFC 1918 ("private") and RFC 6598 shared space. */
const PRIVATE_RANGES = ["private", "carrierGradeNat"];

/** {@link ClusterNetworkProps} with their defaults, validated before ClusterNetwork creates anything. */
export interface ResolvedClusterNetworkProps {
  /** The props as given. */
  readonly props: ClusterNetworkProps;
  readonly egress: ClusterEgress;
  readonly addressSpace: string;
  readonly nodeSubnetCidr: string;
  readonly apiServerSubnetCidr: string;
  readonly privateEndpointSubnetCidr: string;
  /** CIDR of `AzureFirewallSubnet` (Azure Firewall egress only). */
  readonly firewallSubnetCidr?: string;
}

/**
 * Applies the defaults of {@link ClusterNetworkProps} and validates them, with `scope` (the
 * ClusterNetwork) named in every error: the egress path, names, region, tags, every address block and
 * the options of the chosen egress. Throws on the first problem; returns what the resources are built from.
 */
export function resolveClusterNetworkProps(scope: IConstruct, props: ClusterNetworkProps): ResolvedClusterNetworkProps {
  const egress = props.egress;
  if (
    egress === undefined ||
    egress === null ||
    (egress.firewall === undefined && egress.natGateway === undefined && egress.azureFirewall === undefined)
  ) {
    invalidProp(
      scope,
      "egress",
      egress,
      "is not an explicit egress path",
      "pass ClusterEgress.azureFirewall(), ClusterEgress.firewall({ privateIp }) or ClusterEgress.natGateway()",
    );
  }
  withResolved(props.namePrefix, (namePrefix) => {
    if (NAME_PREFIX.test(namePrefix)) return;
    invalidProp(
      scope,
      "namePrefix",
      namePrefix,
      "breaks Azure's VNet and subnet naming rules for a 1-40 character prefix (letters, digits, '-', '_', '.'; starts with a letter or digit; ends with a letter, digit or '_')",
      'use e.g. "aks-prod-weu"',
    );
  });
  requireLocation(scope, "location", props.location);
  requireResourceGroupName(scope, "resourceGroupName", props.resourceGroupName);
  requireTags(scope, "tags", props.tags);
  const resolved: ResolvedClusterNetworkProps = {
    props,
    egress,
    addressSpace: props.addressSpace ?? "10.240.0.0/16",
    nodeSubnetCidr: props.nodeSubnetCidr ?? "10.240.0.0/22",
    apiServerSubnetCidr: props.apiServerSubnetCidr ?? "10.240.4.0/28",
    privateEndpointSubnetCidr: props.privateEndpointSubnetCidr ?? "10.240.5.0/24",
    firewallSubnetCidr: egress.azureFirewall
      ? (egress.azureFirewall.subnetCidr ?? DEFAULT_FIREWALL_SUBNET_CIDR)
      : undefined,
  };
  const subnetBlocks = validateAddressing(scope, resolved);
  validateEgress(scope, egress, subnetBlocks);
  return resolved;
}

/** Validates every address prop; returns the subnet blocks that are known at synth. */
function validateAddressing(scope: IConstruct, resolved: ResolvedClusterNetworkProps): NamedIpv4Block[] {
  const props = resolved.props;
  const vnet = requireIpv4Cidr(scope, "addressSpace", resolved.addressSpace);
  if (vnet) {
    requireOutsideAksReservedRanges(scope, "addressSpace", vnet);
    if (!isNonPublicIpv4Block(vnet)) {
      warnProp(
        scope,
        "network/public-address-space",
        "addressSpace",
        vnet.cidr,
        "lies outside RFC 1918 and RFC 6598 space, so the VNet could no longer reach the internet hosts that use those addresses",
        "use a private range such as 10.240.0.0/16",
      );
    }
  }
  const subnets: NamedIpv4Block[] = [];
  const add = (prop: string, cidr: string) => {
    const block = requireIpv4Cidr(scope, prop, cidr);
    if (block) subnets.push({ prop, block });
  };
  add("nodeSubnetCidr", resolved.nodeSubnetCidr);
  add("apiServerSubnetCidr", resolved.apiServerSubnetCidr);
  add("privateEndpointSubnetCidr", resolved.privateEndpointSubnetCidr);
  if (resolved.firewallSubnetCidr !== undefined) add("egress.subnetCidr", resolved.firewallSubnetCidr);
  if (props.deploymentRunner !== undefined) add("deploymentRunner.subnetCidr", props.deploymentRunner.subnetCidr);
  for (const { prop, block } of subnets) {
    if (vnet && !ipv4BlockContains(vnet, block)) {
      invalidProp(
        scope,
        prop,
        block.cidr,
        `lies outside the VNet address space ${vnet.cidr}`,
        `choose a block inside ${vnet.cidr}, or widen addressSpace`,
      );
    }
  }
  // Azure's and AKS's minimum sizes: a block may be no smaller than /<largest prefix>.
  const requireLargestPrefix = (prop: string, largestPrefix: number, problem: string, fix: string) => {
    const found = subnets.find((s) => s.prop === prop);
    if (found && found.block.prefixLength > largestPrefix) invalidProp(scope, prop, found.block.cidr, problem, fix);
  };
  requireLargestPrefix(
    "apiServerSubnetCidr",
    28,
    "is smaller than the /28 AKS requires for API-server VNet integration",
    "use a /28 or larger block",
  );
  requireLargestPrefix(
    "nodeSubnetCidr",
    27,
    "leaves too few addresses for nodes and upgrade surge (Azure reserves 5 per subnet)",
    "use a /27 or larger block (a /24 or larger for production)",
  );
  requireLargestPrefix(
    "egress.subnetCidr",
    MIN_FIREWALL_SUBNET_PREFIX,
    "is smaller than the /26 Azure requires for AzureFirewallSubnet",
    'use a /26 or larger block inside the VNet, e.g. "10.240.6.0/26"',
  );
  requireLargestPrefix(
    "deploymentRunner.subnetCidr",
    29,
    "is smaller than a /29, the smallest subnet Azure allows (it reserves 5 addresses per subnet)",
    "use a /29 or larger block, e.g. a /27",
  );
  validateRunner(scope, props);
  requireLargestPrefix(
    "privateEndpointSubnetCidr",
    29,
    "is smaller than a /29, the smallest subnet Azure allows (it reserves 5 addresses per subnet)",
    "use a /29 or larger block (a /24 leaves room for many endpoints)",
  );
  requireDisjointIpv4Blocks(scope, subnets);
  // A token for the whole list has no elements to check at synth.
  withResolved(props.dnsServers, (dnsServers) =>
    dnsServers.forEach((entry, index) =>
      withResolved(entry, (server) => {
        if (isIpv4Address(server)) return;
        invalidProp(
          scope,
          `dnsServers[${index}]`,
          server,
          "is not an IPv4 address",
          "give the IP of your DNS forwarder, e.g. 10.0.0.4",
        );
      }),
    ),
  );
  return subnets;
}

function validateRunner(scope: IConstruct, props: ClusterNetworkProps): void {
  const runner = props.deploymentRunner;
  if (runner === undefined) return;
  const fqdns = runner.allowedFqdns ?? [];
  if (isListToken(fqdns)) return;
  if (props.egress.azureFirewall && fqdns.length === 0) {
    invalidProp(
      scope,
      "deploymentRunner.allowedFqdns",
      fqdns,
      "is empty, so the Azure Firewall would deny everything the runner needs (CI service, Azure Resource Manager, Entra ID, provider downloads)",
      'list them, e.g. ["management.azure.com", "login.microsoftonline.com", "registry.terraform.io", "releases.hashicorp.com", "github.com"]',
    );
  }
  requireFirewallFqdns(
    scope,
    "deploymentRunner.allowedFqdns",
    fqdns,
    'write it like "github.com" or "*.actions.githubusercontent.com"',
  );
}

function validateEgress(scope: IConstruct, egress: ClusterEgress, subnets: NamedIpv4Block[]): void {
  if (egress.azureFirewall) validateAzureFirewallOptions(scope, egress.azureFirewall);
  const notIpv4 = (value: unknown) =>
    invalidProp(
      scope,
      "egress.privateIp",
      value,
      "is not an IPv4 address",
      "give the firewall's private IP, e.g. azurerm_firewall.ip_configuration[0].private_ip_address",
    );
  // A firewall without its address (possible from JavaScript) must fail here, not fall back to NAT.
  if (egress.firewall && (egress.firewall.privateIp === undefined || egress.firewall.privateIp === null))
    notIpv4(undefined);
  withResolved(egress.firewall?.privateIp, (ip) => {
    if (typeof ip !== "string" || !isIpv4Address(ip)) notIpv4(ip);
    const range = ipaddr.IPv4.parse(ip).range();
    if (!PRIVATE_RANGES.includes(range)) {
      invalidProp(
        scope,
        "egress.privateIp",
        ip,
        `is not a private address (range "${range}"), so the default route would not lead to a firewall in your network`,
        "use the firewall's private IP in the hub VNet (RFC 1918 or 100.64.0.0/10)",
      );
    }
    const inside = subnets.find((s) => ipv4BlockContainsAddress(s.block, ip));
    if (inside) {
      invalidProp(
        scope,
        "egress.privateIp",
        ip,
        `lies inside ${inside.prop} (${inside.block.cidr}), so the firewall would sit in a cluster subnet and route to itself`,
        "put the firewall in its own subnet (AzureFirewallSubnet in the hub or in this VNet) and pass its private IP",
      );
    }
  });
  requireIntInRange(scope, "egress.idleTimeoutMinutes", egress.natGateway?.idleTimeoutMinutes, 4, 120, {
    problem: "is outside 4-120 minutes",
    fix: "use a whole number of minutes from 4 to 120",
  });
  requireOneOf(scope, "egress.zone", egress.natGateway?.zone, ["1", "2", "3"], {
    problem: "is not an availability zone",
    fix: 'use "1", "2" or "3", or leave it unset in regions without zones',
  });
}
