import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecureCluster, SecureClusterProps, KubernetesProviderOptions } from "../cluster/secure-cluster";
import { KubernetesVersion } from "../cluster/kubernetes-version";
import { ClusterNetwork } from "../network/cluster-network";
import { ClusterEgress } from "../network/cluster-egress";
import { createHash } from "crypto";
import {
  ContainerLimitOptions,
  DedicatedNodePoolOptions,
  EgressDestination,
  EgressPeer,
  IngressSource,
  IsolatedNamespace,
  NamespaceAccessGroups,
  NamespaceQuotaOptions,
  TenantTrustLevel,
  WorkloadIdentityOptions,
} from "../namespace/isolated-namespace";
import { requirePoolName } from "../cluster/node-pool-options";
import { KeyVaultCsi, KeyVaultCsiProps } from "../secrets/key-vault-csi";
import { SecurityBaseline } from "../baseline/security-baseline";
import { invalidProp, isDns1123Label, isUnresolved, requireLocation, requireTags } from "../util/validation";
import { Ipv4Block, ipv4SubnetAt, ipv4BlocksOverlap, parseIpv4Cidr, requireIpv4Cidr } from "../util/cidr";

/** Where a tenant runs. */
export type TenantPlacement = "shared-cluster" | "dedicated-cluster";

/**
 * A Key Vault of the tenant's own (TenantDeclaration.vault): KeyVaultCsi defaults (RBAC, purge
 * protection, no public access, audit logs) with its own private endpoint in the private-endpoint
 * subnet of the tenant's cluster network.
 */
export interface TenantVaultOptions extends Pick<KeyVaultCsiProps, "placeholderExpirationDate" | "skuName" | "tags"> {
  /** Globally unique vault name (KeyVaultCsiProps.vaultName). */
  readonly vaultName: string;
}

/** One tenant of the platform. */
export interface TenantDeclaration {
  /** Tenant name, also its namespace name (DNS-1123 label). */
  readonly name: string;
  /**
   * How far the tenant is trusted; decides the placement:
   * - "trusted": a namespace in the shared cluster;
   * - "restricted": a namespace plus its own tainted node pool in the shared cluster;
   * - "hostile": its own cluster, network and identities (physical isolation, AKS-TEN-01): the
   *   namespace is not a security boundary against a hostile tenant.
   */
  readonly trustLevel: TenantTrustLevel;
  /**
   * Overrides the placement the trust level implies. Moving a hostile tenant into the shared
   * cluster is weaker than AKS-TEN-01: it needs `placementReason`, which becomes a baseline
   * suppression of AKS-TEN-01 in the report. Moving any tenant to a dedicated cluster is always allowed.
   *
   * @default - "dedicated-cluster" for hostile tenants, "shared-cluster" otherwise
   */
  readonly placement?: TenantPlacement;
  /** Why a hostile tenant may share the cluster (a real sentence; lands in the baseline report). */
  readonly placementReason?: string;
  /**
   * Entra groups with access to the tenant's namespace (IsolatedNamespaceProps.accessGroups).
   *
   * @default - no group access
   */
  readonly accessGroups?: NamespaceAccessGroups;
  /**
   * The tenant's workload identities (IsolatedNamespaceProps.workloadIdentities).
   *
   * @default []
   */
  readonly workloadIdentities?: WorkloadIdentityOptions[];
  /**
   * ResourceQuota (IsolatedNamespaceProps.quota).
   *
   * @default - IsolatedNamespace defaults
   */
  readonly quota?: NamespaceQuotaOptions;
  /**
   * LimitRange (IsolatedNamespaceProps.containerLimits).
   *
   * @default - IsolatedNamespace defaults
   */
  readonly containerLimits?: ContainerLimitOptions;
  /**
   * Namespaces whose pods may reach every pod and port of this tenant. A tenant of the same cluster
   * listed here gets the matching egress rule (to this tenant) automatically.
   *
   * @default [] (only pods of this namespace)
   */
  readonly allowIngressFromNamespaces?: string[];
  /**
   * Pods of other namespaces allowed to reach this tenant, narrowed by pod labels and ports
   * (IsolatedNamespaceProps.allowIngressFrom). A tenant of the same cluster listed here gets the
   * matching egress rule (to this tenant, on these ports) automatically.
   *
   * @default [] (only pods of this namespace)
   */
  readonly allowIngressFrom?: IngressSource[];
  /**
   * Pods of other namespaces this tenant may reach (IsolatedNamespaceProps.allowEgressToNamespaces),
   * in addition to the rules derived from other tenants' ingress rules.
   *
   * @default [] (plus the derived rules)
   */
  readonly allowEgressToNamespaces?: EgressPeer[];
  /**
   * Destinations outside the cluster by IP block (IsolatedNamespaceProps.allowEgressTo).
   *
   * @default []
   */
  readonly allowEgressTo?: EgressDestination[];
  /**
   * Namespaces created outside this app that the tenant's allow rules may name
   * (IsolatedNamespaceProps.externalNamespaces); other tenants of the same cluster and system
   * namespaces need no entry.
   *
   * @default []
   */
  readonly externalNamespaces?: string[];
  /**
   * Pod Security Standards version of the namespace (IsolatedNamespaceProps.podSecurityVersion).
   *
   * @default - the minor version of `kubernetesVersion` ("v1.N")
   */
  readonly podSecurityVersion?: string;
  /**
   * Resource group of the tenant's workload identities (AKS-TEN-03).
   *
   * @default - the resource group of the tenant's cluster
   */
  readonly identityResourceGroupName?: string;
  /**
   * Tags of the tenant's Azure identities.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
  /**
   * The dedicated pool of a restricted tenant (or of a hostile tenant placed in the shared cluster);
   * rejected for other tenants, which have no dedicated pool.
   *
   * @default - name derived from the tenant name: its letters and digits when they fit in 12
   * characters, else their first 6 plus 6 characters of a hash of the name; SecureNodePool defaults
   */
  readonly dedicatedNodePool?: Partial<DedicatedNodePoolOptions>;
  /**
   * VNet address space of the tenant's own cluster (dedicated placement only), an IPv4 block of
   * /21 or larger: nodes get its first /22, the API server the /28 after it, private endpoints the
   * /24 after that. Set it to plan addresses with your hub, or when the default collides.
   *
   * @default - a /16 of the pool 10.16.0.0/16 … 10.239.0.0/16 chosen by a hash of the tenant name,
   * so adding or removing other tenants never renumbers this one's network
   */
  readonly addressSpace?: string;
  /**
   * Gives the tenant a vault of its own (issue 10 item 6, AKS-TEN-03): a KeyVaultCsi in its cluster's
   * platform stack, exposed as `vaults[<tenant name>]`, with its own private endpoint (in the shared
   * cluster, the second and later tenant vaults register in the first one's
   * `privatelink.vaultcore.azure.net` zone, which Azure allows once per resource group). Only this
   * tenant's namespace should be granted read on it; then a vault-wide `grantRead` mounts nothing of
   * another tenant. A vault shared by tenants needs secret-scoped grants instead (synth fails otherwise).
   *
   * @default - no vault: share one with secret-scoped grants, or bring your own KeyVaultCsi
   */
  readonly vault?: TenantVaultOptions;
}

/** Props of {@link TenantPlatform}. */
export interface TenantPlatformProps {
  /** Prefix of stack names, and of resource names unless resourceNamePrefix is set (lower-case letters, digits, hyphens; at most 20). */
  readonly name: string;
  /**
   * Prefix of the resource group, network and cluster names (`rg-<prefix>`, `aks-<prefix>`, and
   * `<prefix>-<tenant>` for dedicated clusters), e.g. to keep several copies of the platform apart
   * in one subscription. Same rules as `name`.
   *
   * @default - `name`
   */
  readonly resourceNamePrefix?: string;
  readonly location: string;
  /** Entra tenant id of the clusters' users. */
  readonly tenantId: string;
  /** Platform admin groups: cluster admins of every cluster (AKS-IAM-02). */
  readonly adminGroupObjectIds: string[];
  /** Kubernetes version of every cluster (SecureClusterProps.kubernetesVersion). */
  readonly kubernetesVersion: string | KubernetesVersion;
  /** The tenants; order does not change the output. */
  readonly tenants: TenantDeclaration[];
  /**
   * Called for every stack the topology creates, before anything else is added to it: give it its
   * azurerm provider and state backend here.
   */
  readonly configureStack: (stack: TerraformStack) => void;
  /**
   * Egress of every cluster network. With `ClusterEgress.azureFirewall()` each cluster gets its own
   * firewall, and its `AzureFirewallSubnet` is placed in that cluster's address space (the /26 after
   * the private-endpoint subnet) unless `subnetCidr` is given. A NAT gateway
   * (`ClusterEgress.natGateway()`) is weaker than AKS-NET-07 and fails the baseline unless suppressed.
   *
   * @default ClusterEgress.azureFirewall(): an Azure Firewall per cluster (AKS-NET-07; billed per hour)
   */
  readonly egress?: ClusterEgress;
  /**
   * kubelogin mode of the kubernetes providers of the tenant stacks.
   *
   * @default "azurecli"
   */
  readonly kubelogin?: KubernetesProviderOptions["login"];
  /**
   * Further SecureCluster props applied to every cluster (tier, windows, guardrails...).
   *
   * @default - SecureCluster defaults
   */
  readonly clusterOptions?: Partial<
    Omit<
      SecureClusterProps,
      "resourceGroupName" | "location" | "clusterName" | "kubernetesVersion" | "entraId" | "network" | "existingNetwork"
    >
  >;
}

/** One cluster of the topology and what runs in it. */
export interface ClusterPlacement {
  /** Stack with the Azure resources: resource group, network, cluster. Deploy it first. */
  readonly platformStack: TerraformStack;
  /** Stack with the in-cluster objects (namespaces) and tenant identities. Deploy it second, from inside the network. */
  readonly tenantStack: TerraformStack;
  readonly resourceGroup: ResourceGroup;
  readonly network: ClusterNetwork;
  readonly cluster: SecureCluster;
  readonly kubernetesProvider: KubernetesProvider;
  /** Tenant names placed here, sorted. */
  readonly tenants: string[];
}

const NAME = /^[a-z][a-z0-9-]{0,19}$/;
const TRUST_LEVELS: TenantTrustLevel[] = ["trusted", "restricted", "hostile"];
/** VNet of the shared cluster; never handed to a dedicated cluster. */
const SHARED_ADDRESS_SPACE = "10.240.0.0/16";
/** Second octets of the /16s dedicated clusters get by default: 10.16.0.0/16 … 10.239.0.0/16. */
const POOL_FIRST = 16;
const POOL_SIZE = 224;

/** A tenant with its index in the declaration, for error messages. */
interface IndexedTenant {
  readonly tenant: TenantDeclaration;
  readonly index: number;
}

/**
 * Synthesizes a multi-tenant AKS platform from one declaration of tenants: trusted and restricted
 * tenants share one cluster (logical isolation, restricted ones on their own tainted pool), hostile
 * tenants get a cluster each (physical isolation). Azure resources and in-cluster objects live in
 * separate stacks per cluster, wired by cross-stack references: in-cluster objects need the cluster's
 * API server, which exists only after the platform stack is applied.
 *
 * Stacks: `<name>-platform` and `<name>-tenants` for the shared cluster (when any tenant shares it),
 * `<name>-<tenant>-platform` and `<name>-<tenant>-tenants` for each dedicated cluster.
 *
 * Addresses: the shared cluster's VNet is 10.240.0.0/16; a dedicated cluster's is its tenant's
 * `addressSpace`, or a /16 of 10.16.0.0/16 … 10.239.0.0/16 picked by a hash of the tenant name, so
 * declaring another tenant never renumbers a live network. Two tenants on one block fail at synth.
 *
 * Traffic between tenants of the shared cluster: when tenant B allows ingress from tenant A
 * (allowIngressFromNamespaces or allowIngressFrom), A gets the matching egress rule to B.
 */
export class TenantPlatform extends Construct {
  /** The shared cluster, when any tenant is placed in it. */
  public readonly shared?: ClusterPlacement;
  /** Dedicated clusters by tenant name. */
  public readonly dedicated: Readonly<Record<string, ClusterPlacement>>;
  /** Every tenant's namespace by tenant name. */
  public readonly namespaces: Readonly<Record<string, IsolatedNamespace>>;
  /** Vaults of the tenants that asked for one (TenantDeclaration.vault), by tenant name. */
  public readonly vaults: Readonly<Record<string, KeyVaultCsi>>;
  /** Ids of the stacks this platform created, in creation order. */
  public readonly stackIds: string[] = [];

  constructor(scope: Construct, id: string, props: TenantPlatformProps) {
    super(scope, id);
    this.validate(props);
    const tenants = [...props.tenants].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const sharedTenants = tenants.filter((tenant) => placementOf(tenant) === "shared-cluster");
    const dedicatedTenants = tenants.filter((tenant) => placementOf(tenant) === "dedicated-cluster");
    const prefix = props.resourceNamePrefix ?? props.name;
    const namespaces: Record<string, IsolatedNamespace> = {};
    const dedicated: Record<string, ClusterPlacement> = {};

    if (sharedTenants.length > 0) {
      const shared = this.placeCluster(
        props,
        props.name,
        prefix,
        SHARED_ADDRESS_SPACE,
        sharedTenants.map((t) => t.name),
      );
      this.shared = shared;
      const egress = derivedEgress(sharedTenants);
      for (const tenant of sharedTenants)
        namespaces[tenant.name] = this.placeNamespace(shared, tenant, true, egress.get(tenant.name) ?? []);
    }
    for (const tenant of dedicatedTenants) {
      const placement = this.placeCluster(
        props,
        `${props.name}-${tenant.name}`,
        `${prefix}-${tenant.name}`,
        tenant.addressSpace ?? defaultAddressSpace(tenant.name),
        [tenant.name],
      );
      dedicated[tenant.name] = placement;
      namespaces[tenant.name] = this.placeNamespace(placement, tenant, false, []);
    }
    this.dedicated = dedicated;
    this.namespaces = namespaces;
    this.vaults = this.placeVaults(props, tenants);
  }

  /** Tenant vaults, by tenant name in name order, each in its cluster's platform stack. */
  private placeVaults(props: TenantPlatformProps, tenants: TenantDeclaration[]): Record<string, KeyVaultCsi> {
    const vaults: Record<string, KeyVaultCsi> = {};
    const zoneOfCluster = new Map<SecureCluster, string>();
    for (const tenant of tenants) {
      if (tenant.vault === undefined) continue;
      const placement = placementOf(tenant) === "shared-cluster" ? this.shared! : this.dedicated[tenant.name];
      const cluster = placement.cluster;
      const zoneId = zoneOfCluster.get(cluster);
      const vault = new KeyVaultCsi(placement.platformStack, `Vault-${tenant.name}`, {
        ...tenant.vault,
        resourceGroupName: placement.resourceGroup.name,
        location: props.location,
        tenantId: props.tenantId,
        cluster,
        // Its own endpoint; one privatelink zone per resource group, so later vaults reuse the first one's.
        privateEndpoint:
          zoneId !== undefined && cluster.privateEndpointSubnetId !== undefined
            ? { subnetId: cluster.privateEndpointSubnetId, privateDnsZoneId: zoneId }
            : undefined,
      });
      if (zoneId === undefined && vault.privateDnsZone) zoneOfCluster.set(cluster, vault.privateDnsZone.id);
      vaults[tenant.name] = vault;
    }
    return vaults;
  }

  /** All cluster placements: the shared one first, then the dedicated ones by tenant name. */
  public get placements(): ClusterPlacement[] {
    return [
      ...(this.shared ? [this.shared] : []),
      ...Object.keys(this.dedicated)
        .sort()
        .map((name) => this.dedicated[name]),
    ];
  }

  private placeCluster(
    props: TenantPlatformProps,
    stackName: string,
    name: string,
    addressSpace: string,
    tenants: string[],
  ): ClusterPlacement {
    const scope = this.node.scope ?? this;
    this.requireFreeStackIds(props, scope, [`${stackName}-platform`, `${stackName}-tenants`]);
    const platformStack = new TerraformStack(scope, `${stackName}-platform`);
    props.configureStack(platformStack);
    const resourceGroup = new ResourceGroup(platformStack, "ResourceGroup", {
      name: `rg-${name}`,
      location: props.location,
    });
    // Each cluster gets its own block so that clusters can later be peered to one hub without overlap.
    const { firewallSubnetCidr, ...layout } = subnetLayout(addressSpace);
    const network = new ClusterNetwork(platformStack, "Network", {
      resourceGroupName: resourceGroup.name,
      location: props.location,
      namePrefix: name,
      egress: clusterEgress(props.egress, firewallSubnetCidr),
      addressSpace,
      ...layout,
    });
    const cluster = new SecureCluster(platformStack, "Cluster", {
      ...props.clusterOptions,
      resourceGroupName: resourceGroup.name,
      location: props.location,
      clusterName: `aks-${name}`,
      kubernetesVersion: props.kubernetesVersion,
      entraId: { tenantId: props.tenantId, adminGroupObjectIds: props.adminGroupObjectIds },
      network,
    });
    const tenantStack = new TerraformStack(scope, `${stackName}-tenants`);
    props.configureStack(tenantStack);
    const kubernetesProvider = cluster.kubernetesProvider(tenantStack, "kubernetes", { login: props.kubelogin });
    return { platformStack, tenantStack, resourceGroup, network, cluster, kubernetesProvider, tenants };
  }

  /**
   * Stack ids are derived from `name` (and tenant names): another TenantPlatform with the same name,
   * or any construct already using the id, would otherwise fail with constructs' bare "There is
   * already a Construct with name ...", which names neither this construct nor the prop.
   */
  private requireFreeStackIds(props: TenantPlatformProps, scope: Construct, ids: string[]): void {
    for (const id of ids) {
      const taken = scope.node.tryFindChild(id);
      if (taken === undefined) continue;
      const owner = scope.node.children.find(
        (c) => c instanceof TenantPlatform && c !== this && c.stackIds.includes(id),
      );
      invalidProp(
        this,
        "name",
        props.name,
        `derives stack "${id}", which ${owner ? `TenantPlatform ${owner.node.path} already created` : `${taken.node.path} already is`}`,
        "give every TenantPlatform of the app its own name (stack names are <name>-platform, <name>-tenants, <name>-<tenant>-platform, <name>-<tenant>-tenants)",
      );
    }
    this.stackIds.push(...ids);
  }

  private placeNamespace(
    placement: ClusterPlacement,
    tenant: TenantDeclaration,
    shared: boolean,
    derivedPeers: EgressPeer[],
  ): IsolatedNamespace {
    const dedicatedPool = shared && tenant.trustLevel !== "trusted";
    const explicitPeers = tenant.allowEgressToNamespaces ?? [];
    const seen = new Set(explicitPeers.map((peer) => JSON.stringify(peer)));
    const peers = [...explicitPeers, ...derivedPeers.filter((peer) => !seen.has(JSON.stringify(peer)))];
    const namespace = new IsolatedNamespace(placement.tenantStack, tenant.name, {
      cluster: placement.cluster,
      name: tenant.name,
      provider: placement.kubernetesProvider,
      trustLevel: tenant.trustLevel,
      podSecurityVersion: tenant.podSecurityVersion,
      accessGroups: tenant.accessGroups,
      workloadIdentities: tenant.workloadIdentities,
      identityResourceGroupName: tenant.identityResourceGroupName,
      tags: tenant.tags,
      quota: tenant.quota,
      containerLimits: tenant.containerLimits,
      allowIngressFromNamespaces: tenant.allowIngressFromNamespaces,
      allowIngressFrom: tenant.allowIngressFrom,
      allowEgressToNamespaces: peers.length > 0 ? peers : undefined,
      allowEgressTo: tenant.allowEgressTo,
      externalNamespaces: tenant.externalNamespaces,
      // Restricted tenants (and hostile ones moved into the shared cluster) never share nodes.
      dedicatedNodePool: dedicatedPool
        ? { ...tenant.dedicatedNodePool, name: tenant.dedicatedNodePool?.name ?? defaultPoolName(tenant.name) }
        : undefined,
    });
    if (shared && tenant.trustLevel === "hostile") {
      SecurityBaseline.suppress(
        namespace,
        "AKS-TEN-01",
        `Hostile tenant ${tenant.name} placed in the shared cluster by explicit override: ${tenant.placementReason}`,
      );
    }
    return namespace;
  }

  private validate(props: TenantPlatformProps): void {
    if (!NAME.test(props.name)) {
      invalidProp(
        this,
        "name",
        props.name,
        "is not 1-20 lower-case letters, digits and hyphens starting with a letter",
        'use e.g. "contoso"',
      );
    }
    if (props.resourceNamePrefix !== undefined && !NAME.test(props.resourceNamePrefix)) {
      invalidProp(
        this,
        "resourceNamePrefix",
        props.resourceNamePrefix,
        "is not 1-20 lower-case letters, digits and hyphens starting with a letter",
        'use e.g. "contoso-dev"',
      );
    }
    requireLocation(this, "location", props.location);
    if (props.tenants.length === 0)
      invalidProp(this, "tenants", props.tenants, "declares no tenant", "declare at least one tenant");
    const seen = new Set<string>();
    props.tenants.forEach((tenant, index) => {
      const prop = `tenants[${index}]`;
      if (!isDns1123Label(tenant.name) || tenant.name.length > 19) {
        invalidProp(
          this,
          `${prop}.name`,
          tenant.name,
          "is not a DNS-1123 label of at most 19 characters (it names a namespace and, for dedicated clusters, Azure resources)",
          'use e.g. "team-a"',
        );
      }
      if (seen.has(tenant.name))
        invalidProp(this, `${prop}.name`, tenant.name, "is declared twice", "declare each tenant once");
      seen.add(tenant.name);
      requireTags(this, `${prop}.tags`, tenant.tags);
      if (!TRUST_LEVELS.includes(tenant.trustLevel))
        invalidProp(
          this,
          `${prop}.trustLevel`,
          tenant.trustLevel,
          "is not a trust level",
          'use "trusted", "restricted" or "hostile"',
        );
      if (tenant.placement !== undefined && !["shared-cluster", "dedicated-cluster"].includes(tenant.placement)) {
        invalidProp(
          this,
          `${prop}.placement`,
          tenant.placement,
          "is not a placement",
          'use "shared-cluster" or "dedicated-cluster"',
        );
      }
      if (tenant.trustLevel === "hostile" && tenant.placement === "shared-cluster") {
        const reason = tenant.placementReason?.trim() ?? "";
        if (reason.length < 20 || reason.split(/\s+/).length < 4) {
          invalidProp(
            this,
            `${prop}.placementReason`,
            tenant.placementReason,
            "must explain why a hostile tenant may share a cluster (AKS-TEN-01 asks for a cluster of its own)",
            'give a real sentence, e.g. "Sandboxed CI runners; no secrets in the cluster, accepted by security review SR-42", or remove placement',
          );
        }
      }
      if (
        tenant.placementReason !== undefined &&
        !(tenant.trustLevel === "hostile" && tenant.placement === "shared-cluster")
      ) {
        invalidProp(
          this,
          `${prop}.placementReason`,
          tenant.placementReason,
          "is only used when a hostile tenant is placed in the shared cluster",
          "remove placementReason",
        );
      }
      if (tenant.dedicatedNodePool !== undefined) {
        if (placementOf(tenant) === "dedicated-cluster") {
          invalidProp(
            this,
            `${prop}.dedicatedNodePool`,
            tenant.dedicatedNodePool,
            "is not used: the tenant runs on its own cluster's user pool",
            "remove dedicatedNodePool (size every cluster's user pool with clusterOptions.userNodePool)",
          );
        }
        if (tenant.trustLevel === "trusted") {
          invalidProp(
            this,
            `${prop}.dedicatedNodePool`,
            tenant.dedicatedNodePool,
            "is not used: trusted tenants share the cluster's user pool",
            'remove dedicatedNodePool, or make the tenant trustLevel "restricted"',
          );
        }
      }
      if (tenant.addressSpace !== undefined && placementOf(tenant) !== "dedicated-cluster") {
        invalidProp(
          this,
          `${prop}.addressSpace`,
          tenant.addressSpace,
          "is only used for a tenant with its own cluster; this one is in the shared cluster (10.240.0.0/16)",
          "remove addressSpace",
        );
      }
    });
    const vaultNames = new Map<string, number>();
    props.tenants.forEach((tenant, index) => {
      const name = tenant.vault?.vaultName;
      if (name === undefined || isUnresolved(name)) return;
      const first = vaultNames.get(name.toLowerCase());
      if (first !== undefined) {
        invalidProp(
          this,
          `tenants[${index}].vault.vaultName`,
          name,
          `is already the vault of tenant "${props.tenants[first].name}" (tenants[${first}]); vault names are global and a tenant vault serves one tenant`,
          "give each tenant vault its own name",
        );
      }
      vaultNames.set(name.toLowerCase(), index);
    });
    const indexed = props.tenants.map((tenant, index) => ({ tenant, index }));
    this.validatePoolNames(
      props,
      indexed.filter(({ tenant }) => placementOf(tenant) === "shared-cluster" && tenant.trustLevel !== "trusted"),
    );
    this.validateAddressSpaces(
      props,
      indexed.filter(({ tenant }) => placementOf(tenant) === "dedicated-cluster"),
    );
  }

  /** Dedicated pools share the cluster: every name, given or derived, must be free. */
  private validatePoolNames(props: TenantPlatformProps, pooled: IndexedTenant[]): void {
    const userPool = props.clusterOptions?.userNodePool?.name ?? "user";
    const taken = new Map<string, string>([
      ["system", "the cluster's system pool"],
      [userPool, "the cluster's user pool"],
    ]);
    // Declaration order decides which of two clashing tenants is reported: the later one.
    for (const { tenant, index } of pooled) {
      const prop = `tenants[${index}].dedicatedNodePool.name`;
      const given = tenant.dedicatedNodePool?.name;
      if (given !== undefined && isUnresolved(given)) continue;
      const name = given ?? defaultPoolName(tenant.name);
      const origin = given === undefined ? ` (derived from tenant name "${tenant.name}")` : "";
      const fix = `set ${prop} to a name no other pool uses (1-12 lower-case letters and digits, starting with a letter)`;
      if (given !== undefined) requirePoolName(this, prop, given);
      const owner = taken.get(name);
      if (owner !== undefined) invalidProp(this, prop, name, `is already the name of ${owner}${origin}`, fix);
      taken.set(name, `the dedicated pool of tenant "${tenant.name}" (tenants[${index}])`);
    }
  }

  /** Every dedicated cluster's block must be disjoint from the others and from the shared cluster's pod and service ranges. */
  private validateAddressSpaces(props: TenantPlatformProps, dedicated: IndexedTenant[]): void {
    const reserved: { what: string; block: Ipv4Block }[] = [
      { what: "the shared cluster's address space", block: parseIpv4Cidr(SHARED_ADDRESS_SPACE)! },
    ];
    for (const [what, cidr] of [
      ["clusterOptions.podCidr", props.clusterOptions?.podCidr ?? "192.168.0.0/16"],
      ["clusterOptions.serviceCidr", props.clusterOptions?.serviceCidr ?? "172.16.0.0/16"],
    ]) {
      const block = isUnresolved(cidr) ? undefined : parseIpv4Cidr(cidr);
      if (block) reserved.push({ what: `${what} (${cidr})`, block });
    }
    const entries: { tenant: TenantDeclaration; index: number; block: Ipv4Block; derived: boolean }[] = [];
    for (const { tenant, index } of dedicated) {
      const prop = `tenants[${index}].addressSpace`;
      if (tenant.addressSpace === undefined) {
        entries.push({ tenant, index, block: parseIpv4Cidr(defaultAddressSpace(tenant.name))!, derived: true });
        continue;
      }
      const block = requireIpv4Cidr(this, prop, tenant.addressSpace);
      if (block === undefined) continue;
      if (block.prefixLength > 21) {
        invalidProp(
          this,
          prop,
          tenant.addressSpace,
          "is smaller than the /21 the cluster network needs (a /22 for nodes, a /28 for the API server, a /24 for private endpoints)",
          "use a /21 or larger block, e.g. a /16",
        );
      }
      entries.push({ tenant, index, block, derived: false });
    }
    const used = (): Ipv4Block[] => [...reserved.map((r) => r.block), ...entries.map((e) => e.block)];
    const fixFor = (index: number) => `set tenants[${index}].addressSpace to a free block, e.g. "${freeBlock(used())}"`;
    const describe = (entry: (typeof entries)[number]) =>
      entry.derived
        ? `the default of tenant "${entry.tenant.name}" (${entry.block.cidr}, derived from its name)`
        : `${entry.block.cidr}`;
    for (const entry of entries) {
      const prop = `tenants[${entry.index}].addressSpace`;
      for (const r of reserved) {
        if (ipv4BlocksOverlap(entry.block, r.block))
          invalidProp(
            this,
            prop,
            entry.derived ? undefined : entry.block.cidr,
            `${describe(entry)} overlaps ${r.what}`,
            fixFor(entry.index),
          );
      }
    }
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const [a, b] = [entries[i], entries[j]];
        if (!ipv4BlocksOverlap(a.block, b.block)) continue;
        // Report the tenant whose block is derived (setting it is the fix), else the later one.
        const [reported, other] =
          a.derived && !b.derived ? [a, b] : b.derived && !a.derived ? [b, a] : a.index > b.index ? [a, b] : [b, a];
        invalidProp(
          this,
          `tenants[${reported.index}].addressSpace`,
          reported.derived ? undefined : reported.block.cidr,
          `${describe(reported)} overlaps the address space of tenant "${other.tenant.name}" (tenants[${other.index}], ${other.block.cidr})`,
          fixFor(reported.index),
        );
      }
    }
  }
}

function placementOf(tenant: TenantDeclaration): TenantPlacement {
  return tenant.placement ?? (tenant.trustLevel === "hostile" ? "dedicated-cluster" : "shared-cluster");
}

function hashOf(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** The default /16 of a dedicated cluster: depends on the tenant's name only, never on the other tenants. */
export function defaultAddressSpace(tenant: string): string {
  return `10.${POOL_FIRST + (hashOf(tenant).readUInt32BE(0) % POOL_SIZE)}.0.0/16`;
}

/** The first pool /16 that overlaps none of `used`, for a fix text. */
function freeBlock(used: Ipv4Block[]): string {
  for (let octet = POOL_FIRST; octet < POOL_FIRST + POOL_SIZE; octet++) {
    const candidate = parseIpv4Cidr(`10.${octet}.0.0/16`)!;
    if (!used.some((block) => ipv4BlocksOverlap(block, candidate))) return candidate.cidr;
  }
  return "a /16 outside 10.0.0.0/8";
}

/** Subnets of a cluster network in `addressSpace`: nodes /22 at its start, API server /28 and private endpoints /24 after it. */
/**
 * The egress of one cluster: an Azure Firewall (the default) gets its subnet in the cluster's own
 * address space, since the default `AzureFirewallSubnet` block belongs to the shared cluster's.
 */
function clusterEgress(egress: ClusterEgress | undefined, firewallSubnetCidr: string): ClusterEgress {
  if (egress === undefined) return ClusterEgress.azureFirewall({ subnetCidr: firewallSubnetCidr });
  const firewall = egress.azureFirewall;
  if (firewall === undefined || firewall.subnetCidr !== undefined) return egress;
  return ClusterEgress.azureFirewall({ ...firewall, subnetCidr: firewallSubnetCidr });
}

function subnetLayout(addressSpace: string): {
  nodeSubnetCidr: string;
  apiServerSubnetCidr: string;
  privateEndpointSubnetCidr: string;
  firewallSubnetCidr: string;
} {
  // A token address space (a variable, Fn.cidrsubnet) is laid out with cidrsubnet() at apply.
  const at = (offset: number, prefix: number) => ipv4SubnetAt(addressSpace, offset, prefix);
  return {
    nodeSubnetCidr: at(0, 22),
    apiServerSubnetCidr: at(1024, 28),
    privateEndpointSubnetCidr: at(1280, 24),
    firewallSubnetCidr: at(1536, 26),
  };
}

/**
 * Pool name for a tenant: its letters and digits (a leading "t" when they start with a digit) when
 * they fit in 12 characters and are not "system" or "user"; else their first 6 plus 6 hex characters
 * of a hash of the name, so that long names sharing a prefix (restricted-team-1, restricted-team-2)
 * still get distinct names. Depends on the tenant's name only.
 */
export function defaultPoolName(tenant: string): string {
  const compact = tenant.replace(/[^a-z0-9]/g, "");
  const name = /^[a-z]/.test(compact) ? compact : `t${compact}`;
  if (name.length <= 12 && name !== "system" && name !== "user") return name;
  return `${name.slice(0, 6)}${hashOf(tenant).toString("hex").slice(0, 6)}`;
}

/**
 * Egress rules tenants of one cluster need so that the ingress other tenants allow from them can
 * happen: B allowing ingress from A gives A an egress rule to B (on B's ports). By tenant name.
 */
function derivedEgress(tenants: TenantDeclaration[]): Map<string, EgressPeer[]> {
  const names = new Set(tenants.map((tenant) => tenant.name));
  const result = new Map<string, EgressPeer[]>();
  const add = (from: string, peer: EgressPeer) => {
    if (!names.has(from) || from === peer.namespace) return;
    const list = result.get(from) ?? [];
    if (!list.some((existing) => JSON.stringify(existing) === JSON.stringify(peer))) list.push(peer);
    result.set(from, list);
  };
  // `tenants` is sorted by name, so the derived rules are in a stable order.
  for (const server of tenants) {
    for (const client of server.allowIngressFromNamespaces ?? []) add(client, { namespace: server.name });
    for (const source of server.allowIngressFrom ?? [])
      add(source.namespace, { namespace: server.name, ...(source.tcpPorts ? { tcpPorts: source.tcpPorts } : {}) });
  }
  return result;
}
