/** Options of {@link ClusterEgress.firewall}. */
export interface FirewallEgressOptions {
  /**
   * Private IP of the firewall or network virtual appliance (usually Azure Firewall in a peered hub)
   * that inspects all node egress. Must be an RFC 1918 address.
   */
  readonly privateIp: string;
}

/** Options of {@link ClusterEgress.natGateway}. */
export interface NatGatewayEgressOptions {
  /**
   * TCP idle timeout of the NAT gateway, 4-120 minutes.
   *
   * @default 4 (Azure's default: short-lived idle flows release SNAT ports quickly)
   */
  readonly idleTimeoutMinutes?: number;
  /**
   * Availability zone of the NAT gateway and its public IP. A NAT gateway is a zonal resource: with
   * one zone a zone outage stops egress for the whole cluster; without a zone Azure places it.
   *
   * @default - no zone (regional placement chosen by Azure)
   */
  readonly zone?: string;
}

/**
 * How nodes reach the internet. Only explicit egress paths are offered (AKS-NET-07): the implicit
 * load-balancer SNAT of a cluster without an egress design is what the baseline refuses.
 */
export class ClusterEgress {
  /**
   * Route 0.0.0.0/0 from the node subnet to a firewall (AKS outbound type "userDefinedRouting"),
   * so every egress flow can be filtered by FQDN (allow the `AzureKubernetesService` FQDN tag).
   * This is the baseline's recommended egress for production.
   */
  public static firewall(options: FirewallEgressOptions): ClusterEgress {
    return new ClusterEgress("userDefinedRouting", options, undefined);
  }

  /**
   * A NAT gateway with a static public IP on the node subnet (AKS outbound type
   * "userAssignedNATGateway"): predictable egress IP, no inspection. Suitable where no hub
   * firewall exists yet; pair it with network policies that restrict egress.
   */
  public static natGateway(options: NatGatewayEgressOptions = {}): ClusterEgress {
    return new ClusterEgress("userAssignedNATGateway", undefined, options);
  }

  private constructor(
    /** The azurerm `network_profile.outbound_type` this egress needs. */
    public readonly outboundType: "userDefinedRouting" | "userAssignedNATGateway",
    /** Set for firewall egress. */
    public readonly firewall: FirewallEgressOptions | undefined,
    /** Set for NAT gateway egress. */
    public readonly natGateway: NatGatewayEgressOptions | undefined,
  ) {}
}
