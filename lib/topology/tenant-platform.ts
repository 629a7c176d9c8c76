import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecureCluster, SecureClusterProps, KubernetesProviderOptions } from "../cluster/secure-cluster";
import { ClusterNetwork } from "../network/cluster-network";
import { ClusterEgress } from "../network/cluster-egress";
import {
  ContainerLimitOptions,
  DedicatedNodePoolOptions,
  EgressDestination,
  IsolatedNamespace,
  NamespaceAccessGroups,
  NamespaceQuotaOptions,
  TenantTrustLevel,
  WorkloadIdentityOptions,
} from "../namespace/isolated-namespace";
import { SecurityBaseline } from "../baseline/security-baseline";
import { invalidProp, isDns1123Label } from "../util/validation";

/** Where a tenant runs. */
export type TenantPlacement = "shared-cluster" | "dedicated-cluster";

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
  readonly accessGroups?: NamespaceAccessGroups;
  readonly workloadIdentities?: WorkloadIdentityOptions[];
  readonly quota?: NamespaceQuotaOptions;
  readonly containerLimits?: ContainerLimitOptions;
  readonly allowIngressFromNamespaces?: string[];
  readonly allowEgressTo?: EgressDestination[];
  /**
   * The dedicated pool of a restricted tenant.
   *
   * @default - name derived from the tenant name (letters and digits, at most 12), SecureNodePool defaults
   */
  readonly dedicatedNodePool?: Partial<DedicatedNodePoolOptions>;
}

/** Props of {@link TenantPlatform}. */
export interface TenantPlatformProps {
  /** Prefix of stack and resource names (lower-case letters, digits, hyphens; at most 20). */
  readonly name: string;
  readonly location: string;
  /** Entra tenant id of the clusters' users. */
  readonly tenantId: string;
  /** Platform admin groups: cluster admins of every cluster (AKS-IAM-02). */
  readonly adminGroupObjectIds: string[];
  /** Kubernetes version of every cluster. */
  readonly kubernetesVersion: string;
  /** The tenants; order does not change the output. */
  readonly tenants: TenantDeclaration[];
  /**
   * Called for every stack the topology creates, before anything else is added to it: give it its
   * azurerm provider and state backend here.
   */
  readonly configureStack: (stack: TerraformStack) => void;
  /**
   * Egress of every cluster network.
   *
   * @default ClusterEgress.natGateway()
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
  readonly clusterOptions?: Partial<Omit<SecureClusterProps, "resourceGroupName" | "location" | "clusterName" | "kubernetesVersion" | "entraId" | "network" | "existingNetwork">>;
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

/**
 * Synthesizes a multi-tenant AKS platform from one declaration of tenants: trusted and restricted
 * tenants share one cluster (logical isolation, restricted ones on their own tainted pool), hostile
 * tenants get a cluster each (physical isolation). Azure resources and in-cluster objects live in
 * separate stacks per cluster, wired by cross-stack references: in-cluster objects need the cluster's
 * API server, which exists only after the platform stack is applied.
 *
 * Stacks: `<name>-platform` and `<name>-tenants` for the shared cluster (when any tenant shares it),
 * `<name>-<tenant>-platform` and `<name>-<tenant>-tenants` for each dedicated cluster.
 */
export class TenantPlatform extends Construct {
  /** The shared cluster, when any tenant is placed in it. */
  public readonly shared?: ClusterPlacement;
  /** Dedicated clusters by tenant name. */
  public readonly dedicated: Readonly<Record<string, ClusterPlacement>>;
  /** Every tenant's namespace by tenant name. */
  public readonly namespaces: Readonly<Record<string, IsolatedNamespace>>;

  constructor(scope: Construct, id: string, props: TenantPlatformProps) {
    super(scope, id);
    this.validate(props);
    const tenants = [...props.tenants].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const placementOf = (tenant: TenantDeclaration): TenantPlacement => tenant.placement ?? (tenant.trustLevel === "hostile" ? "dedicated-cluster" : "shared-cluster");

    const sharedTenants = tenants.filter((tenant) => placementOf(tenant) === "shared-cluster");
    const dedicatedTenants = tenants.filter((tenant) => placementOf(tenant) === "dedicated-cluster");
    const namespaces: Record<string, IsolatedNamespace> = {};
    const dedicated: Record<string, ClusterPlacement> = {};

    if (sharedTenants.length > 0) {
      const shared = this.placeCluster(props, props.name, 0, sharedTenants.map((t) => t.name));
      this.shared = shared;
      for (const tenant of sharedTenants) namespaces[tenant.name] = this.placeNamespace(shared, tenant, true);
    }
    dedicatedTenants.forEach((tenant, index) => {
      const placement = this.placeCluster(props, `${props.name}-${tenant.name}`, index + 1, [tenant.name]);
      dedicated[tenant.name] = placement;
      namespaces[tenant.name] = this.placeNamespace(placement, tenant, false);
    });
    this.dedicated = dedicated;
    this.namespaces = namespaces;
  }

  /** All cluster placements: the shared one first, then the dedicated ones by tenant name. */
  public get placements(): ClusterPlacement[] {
    return [...(this.shared ? [this.shared] : []), ...Object.keys(this.dedicated).sort().map((name) => this.dedicated[name])];
  }

  private placeCluster(props: TenantPlatformProps, name: string, index: number, tenants: string[]): ClusterPlacement {
    const scope = this.node.scope ?? this;
    const platformStack = new TerraformStack(scope, `${name}-platform`);
    props.configureStack(platformStack);
    const resourceGroup = new ResourceGroup(platformStack, "ResourceGroup", { name: `rg-${name}`, location: props.location });
    // Each cluster gets its own /16 so that clusters can later be peered to one hub without overlap.
    const octet = 240 + index;
    const network = new ClusterNetwork(platformStack, "Network", {
      resourceGroupName: resourceGroup.name,
      location: props.location,
      namePrefix: name,
      egress: props.egress ?? ClusterEgress.natGateway(),
      addressSpace: `10.${octet}.0.0/16`,
      nodeSubnetCidr: `10.${octet}.0.0/22`,
      apiServerSubnetCidr: `10.${octet}.4.0/28`,
      privateEndpointSubnetCidr: `10.${octet}.5.0/24`,
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
    const tenantStack = new TerraformStack(scope, `${name}-tenants`);
    props.configureStack(tenantStack);
    const kubernetesProvider = cluster.kubernetesProvider(tenantStack, "kubernetes", { login: props.kubelogin });
    return { platformStack, tenantStack, resourceGroup, network, cluster, kubernetesProvider, tenants };
  }

  private placeNamespace(placement: ClusterPlacement, tenant: TenantDeclaration, shared: boolean): IsolatedNamespace {
    const dedicatedPool = shared && tenant.trustLevel !== "trusted";
    const namespace = new IsolatedNamespace(placement.tenantStack, tenant.name, {
      cluster: placement.cluster,
      name: tenant.name,
      provider: placement.kubernetesProvider,
      trustLevel: tenant.trustLevel,
      accessGroups: tenant.accessGroups,
      workloadIdentities: tenant.workloadIdentities,
      quota: tenant.quota,
      containerLimits: tenant.containerLimits,
      allowIngressFromNamespaces: tenant.allowIngressFromNamespaces,
      allowEgressTo: tenant.allowEgressTo,
      // Restricted tenants (and hostile ones moved into the shared cluster) never share nodes.
      dedicatedNodePool: dedicatedPool ? { name: defaultPoolName(tenant.name), ...tenant.dedicatedNodePool } : undefined,
    });
    if (shared && tenant.trustLevel === "hostile") {
      SecurityBaseline.suppress(namespace, "AKS-TEN-01", `Hostile tenant ${tenant.name} placed in the shared cluster by explicit override: ${tenant.placementReason}`);
    }
    return namespace;
  }

  private validate(props: TenantPlatformProps): void {
    if (!NAME.test(props.name)) {
      invalidProp(this, "name", props.name, "is not 1-20 lower-case letters, digits and hyphens starting with a letter", 'use e.g. "contoso"');
    }
    if (props.tenants.length === 0) invalidProp(this, "tenants", props.tenants, "declares no tenant", "declare at least one tenant");
    const seen = new Set<string>();
    props.tenants.forEach((tenant, index) => {
      const prop = `tenants[${index}]`;
      if (!isDns1123Label(tenant.name) || tenant.name.length > 19) {
        invalidProp(this, `${prop}.name`, tenant.name, "is not a DNS-1123 label of at most 19 characters (it names a namespace and, for dedicated clusters, Azure resources)", 'use e.g. "team-a"');
      }
      if (seen.has(tenant.name)) invalidProp(this, `${prop}.name`, tenant.name, "is declared twice", "declare each tenant once");
      seen.add(tenant.name);
      if (!TRUST_LEVELS.includes(tenant.trustLevel)) invalidProp(this, `${prop}.trustLevel`, tenant.trustLevel, "is not a trust level", 'use "trusted", "restricted" or "hostile"');
      if (tenant.placement !== undefined && !["shared-cluster", "dedicated-cluster"].includes(tenant.placement)) {
        invalidProp(this, `${prop}.placement`, tenant.placement, "is not a placement", 'use "shared-cluster" or "dedicated-cluster"');
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
      if (tenant.placementReason !== undefined && !(tenant.trustLevel === "hostile" && tenant.placement === "shared-cluster")) {
        invalidProp(this, `${prop}.placementReason`, tenant.placementReason, "is only used when a hostile tenant is placed in the shared cluster", "remove placementReason");
      }
    });
  }
}

/** Pool name for a tenant: its letters and digits, at most 12, starting with a letter. */
function defaultPoolName(tenant: string): string {
  const compact = tenant.replace(/[^a-z0-9]/g, "");
  const name = /^[a-z]/.test(compact) ? compact : `t${compact}`;
  return name.slice(0, 12);
}
