/**
 * A private DNS zone for the API server that SecureCluster creates (instead of AKS's "System" zone)
 * so that other networks can resolve the private API server: Microsoft's options for connecting to
 * a private cluster from another VNet (VNet peering, a hub DNS resolver, a CI runner; Microsoft
 * Learn, private-cluster-connect.md "Connect using virtual network (VNet) peering": "you need to set
 * up a link between the VNet and the private DNS zone") all need the zone linked to that VNet, and
 * AKS's own "System" zone lives in the node resource group, out of Terraform's reach.
 *
 * SecureCluster creates `<subzone>.privatelink.<region>.azmk8s.io` in the cluster's resource group, links it
 * to the cluster VNet and to every VNet listed here, gives the control-plane identity "Private DNS
 * Zone Contributor" on the zone and "Network Contributor" on the cluster VNet, and creates the
 * cluster only after those assignments and the cluster-VNet link (private-clusters.md, "Custom
 * private DNS zone"; azurerm `private_dns_zone_id` note). `private_dns_zone_id` is ForceNew:
 * switching an existing cluster between "System" and a created zone replaces the cluster.
 */
export interface CreatedPrivateDnsZoneOptions {
  /**
   * VNets besides the cluster's that must resolve the API server, e.g. the hub VNet of your DNS
   * resolver (required with custom DNS servers) or the VNet of a self-hosted CI runner that
   * applies the tenant stacks. Each needs a network path to the cluster VNet too (peering).
   * VNet resource ids (azurerm_virtual_network.id); each VNet once, not the cluster's own.
   *
   * @default [] (only the cluster VNet: runners inside it, e.g. ClusterNetwork's runner subnet)
   */
  readonly linkedVirtualNetworkIds?: string[];
  /**
   * Subzone of the created zone, `<subzone>.privatelink.<region>.azmk8s.io` (a DNS label of at most
   * 32 characters, the limit private-clusters.md gives for AKS subzones). A subzone per cluster lets
   * the zones of several clusters be linked to one runner or hub VNet: Azure Private DNS links a
   * VNet to only one zone of a given name, so every cluster creating the bare
   * `privatelink.<region>.azmk8s.io` could not share a runner VNet. A DNS forwarder that forwards
   * `privatelink.<region>.azmk8s.io` to 168.63.129.16 from a linked VNet resolves every subzone.
   *
   * @default - the cluster name in lower case with '_' as '-'; a longer name is cut to 23
   * characters plus "-" and 8 hex characters of its SHA-256, so it stays unique and stable
   */
  readonly subzone?: string;
}

/** Options of {@link ApiServerAccess.privateCluster}. */
export interface PrivateClusterOptions {
  /**
   * Private DNS zone for the API server's private endpoint: "System" (AKS-managed zone in the node
   * resource group) or the resource id of an existing `privatelink.<region>.azmk8s.io` zone (or a
   * sub-zone `<name>.privatelink.<region>.azmk8s.io`), e.g. a hub-owned zone linked to your DNS
   * resolver. A BYO zone gets a "Private DNS Zone Contributor" assignment for the cluster identity,
   * and the cluster depends on it. "None" (bring your own DNS) is not offered.
   *
   * @default "System" (AKS-NET-01)
   */
  readonly privateDnsZoneId?: string;

  /**
   * Create the API server's private DNS zone and link it to the cluster VNet and the VNets you
   * name (see {@link CreatedPrivateDnsZoneOptions}); the way in for tenant stacks applied from a
   * runner or hub network. Cannot be combined with `privateDnsZoneId`.
   *
   * @default - none: the "System" zone, which only the cluster VNet resolves
   */
  readonly createPrivateDnsZone?: CreatedPrivateDnsZoneOptions;

  /**
   * Not usable here: AKS rejects authorized IP ranges on a private cluster without API-server VNet
   * integration (there is no public endpoint to restrict). The construct throws when this is set,
   * so a copied setting cannot pass silently. Use {@link ApiServerAccess.vnetIntegration} with
   * `privateCluster: false`, or {@link ApiServerAccess.publicWithAuthorizedRanges}.
   *
   * @default - none (AKS-NET-02)
   */
  readonly authorizedIpRanges?: string[];
}

/** Options of {@link ApiServerAccess.vnetIntegration}. */
export interface VnetIntegrationOptions {
  /**
   * Delegated subnet (Microsoft.ContainerService/managedClusters) for the API server's internal
   * load balancer.
   *
   * @default - the `apiServerSubnetId` of the cluster's network (AKS-NET-03)
   */
  readonly subnetId?: string;

  /**
   * Keep the API server private (no public endpoint). With `false` the API server has a public
   * endpoint restricted to `authorizedIpRanges`, which is weaker than AKS-NET-01 and reported by
   * the baseline.
   *
   * @default true (AKS-NET-01)
   */
  readonly privateCluster?: boolean;

  /**
   * Private DNS zone when `privateCluster` is true: "System" or a BYO zone id (see
   * {@link PrivateClusterOptions.privateDnsZoneId}). Rejected with `privateCluster: false`, where
   * there is no private endpoint to resolve and AKS would ignore it. A BYO zone may also be named
   * `private.<region>.azmk8s.io` or `<subzone>.private.<region>.azmk8s.io` with VNet integration
   * (private-clusters.md: "For clusters using API Server VNet integration, a private DNS zone
   * supports the naming format of private.<region>.azmk8s.io or <subzone>.private.<region>.azmk8s.io").
   *
   * @default "System" (AKS-NET-01)
   */
  readonly privateDnsZoneId?: string;

  /**
   * Create the API server's private DNS zone and link it to other VNets (see
   * {@link CreatedPrivateDnsZoneOptions}); private VNet-integrated clusters only. Cannot be
   * combined with `privateDnsZoneId`.
   *
   * @default - none: the "System" zone
   */
  readonly createPrivateDnsZone?: CreatedPrivateDnsZoneOptions;

  /**
   * Authorized IP ranges of the public endpoint; required (non-empty, never 0.0.0.0/0 or ranges
   * that together cover every address) when `privateCluster` is false, rejected when it is true.
   *
   * @default - none (AKS-NET-02)
   */
  readonly authorizedIpRanges?: string[];
}

/** How the API server is reached. */
export type ApiServerAccessMode = "private" | "vnetIntegration" | "public";

/**
 * How clients reach the cluster's API server (AKS-NET-01/02/03). Build one with a static factory;
 * the default of {@link SecureClusterProps.apiServerAccess} is `ApiServerAccess.privateCluster()`.
 */
export class ApiServerAccess {
  /**
   * Private cluster: the API server has only a private endpoint in the node VNet, resolved through
   * a private DNS zone; the public FQDN is disabled (AKS-NET-01). Terraform runs, CI and kubectl
   * need a network path into the VNet.
   */
  public static privateCluster(options: PrivateClusterOptions = {}): ApiServerAccess {
    return new ApiServerAccess(
      "private",
      true,
      zoneOf(options),
      undefined,
      options.authorizedIpRanges,
      options.createPrivateDnsZone,
      options.privateDnsZoneId,
    );
  }

  /**
   * API-server VNet integration: the API server is projected into a delegated subnet and reached
   * through an internal load balancer (AKS-NET-03). Private by default; required for KMS with a
   * private Key Vault (AKS-DAT-01).
   */
  public static vnetIntegration(options: VnetIntegrationOptions = {}): ApiServerAccess {
    const isPrivate = options.privateCluster ?? true;
    return new ApiServerAccess(
      "vnetIntegration",
      isPrivate,
      isPrivate ? zoneOf(options) : options.privateDnsZoneId,
      options.subnetId,
      options.authorizedIpRanges,
      options.createPrivateDnsZone,
      options.privateDnsZoneId,
    );
  }

  /**
   * Public API server limited to explicit CIDRs (AKS-NET-02). Weaker than a private API server
   * (AKS-NET-01 fails and the baseline reports it); remember to include the cluster's own egress IP
   * (NAT gateway or firewall) or nodes cannot reach the API server.
   */
  public static publicWithAuthorizedRanges(authorizedIpRanges: string[]): ApiServerAccess {
    return new ApiServerAccess("public", false, undefined, undefined, authorizedIpRanges);
  }

  private constructor(
    /** Which factory built this. */
    public readonly mode: ApiServerAccessMode,
    /** True when the API server has no public endpoint. */
    public readonly privateClusterEnabled: boolean,
    /** "System" or a private DNS zone id (private modes only). */
    public readonly privateDnsZoneId: string | undefined,
    /** Delegated API-server subnet (VNet integration only; undefined = the network's). */
    public readonly subnetId: string | undefined,
    /** Authorized ranges of a public endpoint. */
    public readonly authorizedIpRanges: string[] | undefined,
    /** The zone SecureCluster creates (then `privateDnsZoneId` is undefined until the cluster binds it). */
    public readonly createdPrivateDnsZone?: CreatedPrivateDnsZoneOptions,
    /** `privateDnsZoneId` exactly as given, so SecureCluster can reject it next to `createPrivateDnsZone`. */
    public readonly requestedPrivateDnsZoneId?: string,
  ) {}
}

/** "System" unless a zone is given or created. */
function zoneOf(options: {
  privateDnsZoneId?: string;
  createPrivateDnsZone?: CreatedPrivateDnsZoneOptions;
}): string | undefined {
  if (options.createPrivateDnsZone !== undefined) return undefined;
  return options.privateDnsZoneId ?? "System";
}
