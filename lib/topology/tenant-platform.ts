import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecureCluster } from "../cluster/secure-cluster";
import { ClusterNetwork } from "../network/cluster-network";
import { ClusterEgress } from "../network/cluster-egress";
import { EgressPeer, IsolatedNamespace } from "../namespace/isolated-namespace";
import { KeyVaultCsi } from "../secrets/key-vault-csi";
import { SecurityBaseline } from "../baseline/security-baseline";
import { invalidProp } from "../util/validation";
import { ipv4SubnetAt } from "../util/cidr";
import {
  SHARED_ADDRESS_SPACE,
  TenantDeclaration,
  defaultAddressSpace,
  defaultPoolName,
  placementOf,
} from "./tenant-declaration";
import { TenantPlatformProps, validateTenantPlatformProps } from "./tenant-platform-props";

// The declaration and the props live beside their resolvers; exported from here too, where users
// have always found them.
export { defaultAddressSpace, defaultPoolName } from "./tenant-declaration";
export type {
  TenantDeclaration,
  TenantNamespaceProps,
  TenantPlacement,
  TenantVaultOptions,
} from "./tenant-declaration";
export type { TenantPlatformProps } from "./tenant-platform-props";

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
    validateTenantPlatformProps(this, props);
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
    // The topology's own fields; the rest are the namespace's props, passed through as declared.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- left out of the namespace props
    const { placement: _placement, placementReason, addressSpace, vault, ...declared } = tenant;
    const dedicatedPool = shared && tenant.trustLevel !== "trusted";
    const explicitPeers = tenant.allowEgressToNamespaces ?? [];
    const seen = new Set(explicitPeers.map((peer) => JSON.stringify(peer)));
    const peers = [...explicitPeers, ...derivedPeers.filter((peer) => !seen.has(JSON.stringify(peer)))];
    const namespace = new IsolatedNamespace(placement.tenantStack, tenant.name, {
      ...declared,
      cluster: placement.cluster,
      provider: placement.kubernetesProvider,
      allowEgressToNamespaces: peers.length > 0 ? peers : undefined,
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
}

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

/** Subnets of a cluster network in `addressSpace`: nodes /22 at its start, API server /28 and private endpoints /24 after it. */
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
