import { createHash } from "crypto";
import { IsolatedNamespaceProps, TenantTrustLevel, DedicatedNodePoolOptions } from "../namespace/isolated-namespace";
import { KeyVaultCsiProps } from "../secrets/key-vault-csi";

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

/**
 * The IsolatedNamespaceProps a tenant declares for its namespace: all of them except what the
 * topology decides itself (the cluster and kubernetes provider of the tenant's placement) and the two
 * it redeclares (`trustLevel`, required here; `dedicatedNodePool`, whose name has a default). A
 * prop added to IsolatedNamespaceProps reaches TenantDeclaration, and the namespace, without a copy.
 */
export type TenantNamespaceProps = Omit<
  IsolatedNamespaceProps,
  "cluster" | "provider" | "trustLevel" | "dedicatedNodePool"
>;

/**
 * One tenant of the platform: its namespace props (`name` is also the namespace name) and where it runs.
 *
 * In the topology, the namespace props mean what they mean on IsolatedNamespace, with these additions:
 * a tenant of the same cluster listed in another tenant's `allowIngressFromNamespaces` or
 * `allowIngressFrom` gets the matching egress rule (to that tenant, on its ports) automatically,
 * added to its own `allowEgressToNamespaces`; `identityResourceGroupName` defaults to the resource
 * group of the tenant's cluster; `podSecurityVersion` to the minor version of `kubernetesVersion`.
 */
export interface TenantDeclaration extends TenantNamespaceProps {
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

/** VNet of the shared cluster; never handed to a dedicated cluster. */
export const SHARED_ADDRESS_SPACE = "10.240.0.0/16";
/** Second octets of the /16s dedicated clusters get by default: 10.16.0.0/16 … 10.239.0.0/16. */
export const POOL_FIRST = 16;
export const POOL_SIZE = 224;

/** Where the tenant runs: its `placement`, else what its trust level implies. */
export function placementOf(tenant: TenantDeclaration): TenantPlacement {
  return tenant.placement ?? (tenant.trustLevel === "hostile" ? "dedicated-cluster" : "shared-cluster");
}

function hashOf(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** The default /16 of a dedicated cluster: depends on the tenant's name only, never on the other tenants. */
export function defaultAddressSpace(tenant: string): string {
  return `10.${POOL_FIRST + (hashOf(tenant).readUInt32BE(0) % POOL_SIZE)}.0.0/16`;
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
