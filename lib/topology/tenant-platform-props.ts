import { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { SecureClusterProps, KubernetesProviderOptions } from "../cluster/secure-cluster";
import { KubernetesVersion } from "../cluster/kubernetes-version";
import { ClusterEgress } from "../network/cluster-egress";
import { TenantTrustLevel } from "../namespace/isolated-namespace";
import { requirePoolName } from "../cluster/node-pool-options";
import {
  invalidProp,
  isDns1123Label,
  isUnresolved,
  requireLocation,
  requireOneOf,
  requireTags,
  withResolved,
} from "../util/validation";
import { Ipv4Block, ipv4BlocksOverlap, parseIpv4Cidr, requireIpv4Cidr } from "../util/cidr";
import {
  POOL_FIRST,
  POOL_SIZE,
  SHARED_ADDRESS_SPACE,
  TenantDeclaration,
  TenantPlacement,
  defaultAddressSpace,
  defaultPoolName,
  placementOf,
} from "./tenant-declaration";

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

const NAME = /^[a-z][a-z0-9-]{0,19}$/;
const TRUST_LEVELS: TenantTrustLevel[] = ["trusted", "restricted", "hostile"];
const PLACEMENTS: TenantPlacement[] = ["shared-cluster", "dedicated-cluster"];

/**
 * Fails for a token in a prop that decides the topology's shape (which clusters and stacks exist,
 * where a tenant runs): cdktf synthesizes that shape, so it cannot wait for Terraform to resolve it.
 */
function requireDecidedAtSynth(scope: IConstruct, prop: string, value: unknown, fix: string): void {
  if (isUnresolved(value)) {
    invalidProp(scope, prop, value, "is a token, but it decides where the tenant runs, which synth must know", fix);
  }
}

/** A tenant with its index in the declaration, for error messages. */
interface IndexedTenant {
  readonly tenant: TenantDeclaration;
  readonly index: number;
}

/**
 * Validates {@link TenantPlatformProps} before TenantPlatform creates any stack, with `scope` (the
 * TenantPlatform) named in every error: names, region, each tenant's declaration, and what tenants
 * share (vault names, pool names in the shared cluster, address spaces of dedicated clusters).
 */
export function validateTenantPlatformProps(scope: IConstruct, props: TenantPlatformProps): void {
  if (!NAME.test(props.name)) {
    invalidProp(
      scope,
      "name",
      props.name,
      "is not 1-20 lower-case letters, digits and hyphens starting with a letter",
      'use e.g. "contoso"',
    );
  }
  if (props.resourceNamePrefix !== undefined && !NAME.test(props.resourceNamePrefix)) {
    invalidProp(
      scope,
      "resourceNamePrefix",
      props.resourceNamePrefix,
      "is not 1-20 lower-case letters, digits and hyphens starting with a letter",
      'use e.g. "contoso-dev"',
    );
  }
  requireLocation(scope, "location", props.location);
  if (props.tenants.length === 0)
    invalidProp(scope, "tenants", props.tenants, "declares no tenant", "declare at least one tenant");
  const seen = new Set<string>();
  props.tenants.forEach((tenant, index) => {
    const prop = `tenants[${index}]`;
    if (!isDns1123Label(tenant.name) || tenant.name.length > 19) {
      invalidProp(
        scope,
        `${prop}.name`,
        tenant.name,
        "is not a DNS-1123 label of at most 19 characters (it names a namespace and, for dedicated clusters, Azure resources)",
        'use e.g. "team-a"',
      );
    }
    if (seen.has(tenant.name))
      invalidProp(scope, `${prop}.name`, tenant.name, "is declared twice", "declare each tenant once");
    seen.add(tenant.name);
    requireTags(scope, `${prop}.tags`, tenant.tags);
    const trustLevel = { problem: "is not a trust level", fix: 'use "trusted", "restricted" or "hostile"' };
    // The trust level has no default: a tenant without one is not declared.
    if (tenant.trustLevel === undefined)
      invalidProp(scope, `${prop}.trustLevel`, undefined, trustLevel.problem, trustLevel.fix);
    requireDecidedAtSynth(scope, `${prop}.trustLevel`, tenant.trustLevel, trustLevel.fix);
    requireOneOf(scope, `${prop}.trustLevel`, tenant.trustLevel, TRUST_LEVELS, trustLevel);
    const placement = { problem: "is not a placement", fix: 'use "shared-cluster" or "dedicated-cluster"' };
    requireDecidedAtSynth(scope, `${prop}.placement`, tenant.placement, placement.fix);
    requireOneOf(scope, `${prop}.placement`, tenant.placement, PLACEMENTS, placement);
    if (tenant.trustLevel === "hostile" && tenant.placement === "shared-cluster") {
      const reason = tenant.placementReason?.trim() ?? "";
      if (reason.length < 20 || reason.split(/\s+/).length < 4) {
        invalidProp(
          scope,
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
        scope,
        `${prop}.placementReason`,
        tenant.placementReason,
        "is only used when a hostile tenant is placed in the shared cluster",
        "remove placementReason",
      );
    }
    if (tenant.dedicatedNodePool !== undefined) {
      if (placementOf(tenant) === "dedicated-cluster") {
        invalidProp(
          scope,
          `${prop}.dedicatedNodePool`,
          tenant.dedicatedNodePool,
          "is not used: the tenant runs on its own cluster's user pool",
          "remove dedicatedNodePool (size every cluster's user pool with clusterOptions.userNodePool)",
        );
      }
      if (tenant.trustLevel === "trusted") {
        invalidProp(
          scope,
          `${prop}.dedicatedNodePool`,
          tenant.dedicatedNodePool,
          "is not used: trusted tenants share the cluster's user pool",
          'remove dedicatedNodePool, or make the tenant trustLevel "restricted"',
        );
      }
    }
    if (tenant.addressSpace !== undefined && placementOf(tenant) !== "dedicated-cluster") {
      invalidProp(
        scope,
        `${prop}.addressSpace`,
        tenant.addressSpace,
        "is only used for a tenant with its own cluster; this one is in the shared cluster (10.240.0.0/16)",
        "remove addressSpace",
      );
    }
  });
  const vaultNames = new Map<string, number>();
  props.tenants.forEach((tenant, index) => {
    withResolved(tenant.vault?.vaultName, (name) => {
      const first = vaultNames.get(name.toLowerCase());
      if (first !== undefined) {
        invalidProp(
          scope,
          `tenants[${index}].vault.vaultName`,
          name,
          `is already the vault of tenant "${props.tenants[first].name}" (tenants[${first}]); vault names are global and a tenant vault serves one tenant`,
          "give each tenant vault its own name",
        );
      }
      vaultNames.set(name.toLowerCase(), index);
    });
  });
  const indexed = props.tenants.map((tenant, index) => ({ tenant, index }));
  validatePoolNames(
    scope,
    props,
    indexed.filter(({ tenant }) => placementOf(tenant) === "shared-cluster" && tenant.trustLevel !== "trusted"),
  );
  validateAddressSpaces(
    scope,
    props,
    indexed.filter(({ tenant }) => placementOf(tenant) === "dedicated-cluster"),
  );
}

/** Dedicated pools share the cluster: every name, given or derived, must be free. */
function validatePoolNames(scope: IConstruct, props: TenantPlatformProps, pooled: IndexedTenant[]): void {
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
    if (given !== undefined) requirePoolName(scope, prop, given);
    const owner = taken.get(name);
    if (owner !== undefined) invalidProp(scope, prop, name, `is already the name of ${owner}${origin}`, fix);
    taken.set(name, `the dedicated pool of tenant "${tenant.name}" (tenants[${index}])`);
  }
}

/** Every dedicated cluster's block must be disjoint from the others and from the shared cluster's pod and service ranges. */
function validateAddressSpaces(scope: IConstruct, props: TenantPlatformProps, dedicated: IndexedTenant[]): void {
  const reserved: { what: string; block: Ipv4Block }[] = [
    { what: "the shared cluster's address space", block: parseIpv4Cidr(SHARED_ADDRESS_SPACE)! },
  ];
  for (const [what, cidr] of [
    ["clusterOptions.podCidr", props.clusterOptions?.podCidr ?? "192.168.0.0/16"],
    ["clusterOptions.serviceCidr", props.clusterOptions?.serviceCidr ?? "172.16.0.0/16"],
  ]) {
    withResolved(cidr, (known) => {
      const block = parseIpv4Cidr(known);
      if (block) reserved.push({ what: `${what} (${known})`, block });
    });
  }
  const entries: { tenant: TenantDeclaration; index: number; block: Ipv4Block; derived: boolean }[] = [];
  for (const { tenant, index } of dedicated) {
    const prop = `tenants[${index}].addressSpace`;
    if (tenant.addressSpace === undefined) {
      entries.push({ tenant, index, block: parseIpv4Cidr(defaultAddressSpace(tenant.name))!, derived: true });
      continue;
    }
    const block = requireIpv4Cidr(scope, prop, tenant.addressSpace);
    if (block === undefined) continue;
    if (block.prefixLength > 21) {
      invalidProp(
        scope,
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
          scope,
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
        scope,
        `tenants[${reported.index}].addressSpace`,
        reported.derived ? undefined : reported.block.cidr,
        `${describe(reported)} overlaps the address space of tenant "${other.tenant.name}" (tenants[${other.index}], ${other.block.cidr})`,
        fixFor(reported.index),
      );
    }
  }
}

/** The first pool /16 that overlaps none of `used`, for a fix text. */
function freeBlock(used: Ipv4Block[]): string {
  for (let octet = POOL_FIRST; octet < POOL_FIRST + POOL_SIZE; octet++) {
    const candidate = parseIpv4Cidr(`10.${octet}.0.0/16`)!;
    if (!used.some((block) => ipv4BlocksOverlap(block, candidate))) return candidate.cidr;
  }
  return "a /16 outside 10.0.0.0/8";
}
