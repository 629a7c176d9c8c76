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
   * there is no private endpoint to resolve and AKS would ignore it.
   *
   * @default "System" (AKS-NET-01)
   */
  readonly privateDnsZoneId?: string;

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
    return new ApiServerAccess("private", true, options.privateDnsZoneId ?? "System", undefined, options.authorizedIpRanges);
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
      isPrivate ? (options.privateDnsZoneId ?? "System") : options.privateDnsZoneId,
      options.subnetId,
      options.authorizedIpRanges,
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
  ) {}
}
