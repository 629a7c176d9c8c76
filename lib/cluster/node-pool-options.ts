import { IConstruct } from "constructs";
import {
  invalidProp,
  isListToken,
  isUnresolved,
  requireIntInRange,
  requireOneOf,
  warnProp,
  withResolved,
} from "../util/validation";

/**
 * Size and scaling of a node pool. The hardening itself (host encryption, AzureLinux, no public
 * IPs, autoscaling, rotation name, upgrade settings) is not optional: every pool gets it.
 */
export interface NodePoolOptions {
  /**
   * VM size. The default has a 150 GiB temp disk, so the OS disk can be ephemeral (AKS-DAT-04) and
   * supports encryption at host (AKS-DAT-02).
   *
   * @default "Standard_D4ds_v5"
   */
  readonly vmSize?: string;

  /**
   * Minimum node count of the cluster autoscaler. Three spreads the pool over the three zones.
   *
   * @default 3
   */
  readonly minCount?: number;

  /**
   * Maximum node count of the cluster autoscaler.
   *
   * @default 6
   */
  readonly maxCount?: number;

  /**
   * Pods per node, set explicitly so a rotation never changes it behind your back (Azure CNI
   * overlay allows up to 250).
   *
   * @default 110
   */
  readonly maxPods?: number;

  /**
   * OS disk type. "Ephemeral" keeps the OS disk on the VM's local temp disk (no remote managed disk
   * to snapshot or leak; AKS-DAT-04). Defaults to "Ephemeral" for the VM sizes whose temp disk size
   * this library knows (the Ddsv5/Dadsv5/Edsv5/Eadsv5 families) and "Managed" otherwise; set it
   * explicitly for other sizes. "Ephemeral" on a v4-or-later size without "d" in its feature
   * letters (e.g. Standard_D4s_v5: no local disk) synthesizes with a warning, since AKS would
   * reject it.
   *
   * @default "Ephemeral" for known sizes, else "Managed" (AKS-DAT-04)
   */
  readonly osDiskType?: "Ephemeral" | "Managed";

  /**
   * OS disk size in GiB. For an ephemeral disk it must fit the VM's temp disk.
   *
   * @default 128 (fits the 150 GiB temp disk of Standard_D4ds_v5), or the temp disk size if smaller
   */
  readonly osDiskSizeGb?: number;

  /**
   * Availability zones of the pool, each at most once.
   *
   * @default ["1", "2", "3"] (survives the loss of one zone)
   */
  readonly zones?: string[];

  /**
   * Surge during upgrades and node-image rotations: a node count ("1") or a percentage of the pool
   * from "1%" to "100%".
   *
   * @default "33%" (the AKS recommendation for production: upgrades finish in reasonable time
   * without draining most of the pool at once)
   */
  readonly maxSurge?: string;

  /**
   * Minutes to wait for pod eviction before an upgrade fails, 1-1440 (it never force-deletes pods,
   * so a PodDisruptionBudget is respected).
   *
   * @default 30 (the AKS default)
   */
  readonly drainTimeoutInMinutes?: number;

  /**
   * Name used while AKS rotates the pool to apply a change that cycles nodes (host encryption, VM
   * size, max pods, zones...). Without it such a change fails at apply.
   *
   * @default - the pool name with "tmp" appended (shortened to 12 characters)
   */
  readonly temporaryNameForRotation?: string;
}

/** The hardened, validated values every pool is synthesized with. */
export interface ResolvedNodePool {
  readonly vmSize: string;
  readonly minCount: number;
  readonly maxCount: number;
  readonly maxPods: number;
  readonly osDiskType: string;
  readonly osDiskSizeGb: number;
  readonly zones: string[];
  readonly maxSurge: string;
  readonly drainTimeoutInMinutes: number;
  readonly temporaryNameForRotation: string;
}

/** Default VM size of every pool. */
export const DEFAULT_VM_SIZE = "Standard_D4ds_v5";

/**
 * Temp (resource) disk size in GiB of VM sizes where ephemeral OS disks use temp-disk placement.
 * Ddsv5/Dadsv5/Edsv5/Eadsv5 have no cache disk; their temp disk is 37.5 GiB per vCPU
 * (learn.microsoft.com/azure/virtual-machines/ddv5-ddsv5-series and sibling pages).
 */
const TEMP_DISK_GIB: Record<string, number> = (() => {
  const table: Record<string, number> = {};
  const sizes: Array<[number, number]> = [
    [2, 75],
    [4, 150],
    [8, 300],
    [16, 600],
    [32, 1200],
    [48, 1800],
    [64, 2400],
  ];
  for (const family of ["D%ds_v5", "D%ads_v5", "E%ds_v5", "E%ads_v5"]) {
    for (const [vcpu, gib] of sizes) table[`Standard_${family.replace("%", String(vcpu))}`] = gib;
  }
  return table;
})();

/** Temp disk size of a known VM size, for the ephemeral OS disk check. */
export function tempDiskGib(vmSize: string): number | undefined {
  return TEMP_DISK_GIB[vmSize];
}

/**
 * True for v4-and-later sizes without "d" among the lower-case feature letters after the vCPU count
 * (Standard_D4s_v5, Standard_E8as_v6): from v4 on, "d" is what marks a local temp disk. Older
 * generations (Standard_D4s_v3) and sizes without a version keep a temp disk without the letter, so
 * they are not judged.
 */
export function lacksLocalDisk(vmSize: string): boolean {
  const m = /^Standard_[A-Z]+[0-9]+(?:-[0-9]+)?([a-z]*)_v([0-9]+)$/.exec(vmSize);
  return m !== null && Number(m[2]) >= 4 && !m[1].includes("d");
}

const LINUX_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** Validates a Linux node pool name: 1-12 lower-case alphanumerics starting with a letter. */
export function requirePoolName(scope: IConstruct, prop: string, name: string): void {
  withResolved(name, (literal) => {
    if (LINUX_POOL_NAME.test(literal)) return;
    invalidProp(
      scope,
      prop,
      literal,
      "is not a valid Linux node pool name (1-12 lower-case letters and digits, starting with a letter)",
      'use a name such as "user" or "tenanta1"',
    );
  });
}

/** Applies defaults and validates scaling, disk and rotation settings of a pool. */
export function resolveNodePool(
  scope: IConstruct,
  prefix: string,
  poolName: string,
  options: NodePoolOptions,
): ResolvedNodePool {
  const p = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const vmSize = options.vmSize ?? DEFAULT_VM_SIZE;
  const minCount = options.minCount ?? 3;
  const maxCount = options.maxCount ?? Math.max(6, minCount);
  const maxPods = options.maxPods ?? 110;

  for (const [field, value] of [
    ["minCount", minCount],
    ["maxCount", maxCount],
  ] as const) {
    requireIntInRange(scope, p(field), value, 0, 1000, {
      problem: "is not a node count between 0 and 1000",
      fix: "use a whole number of nodes",
    });
  }
  withResolved(minCount, maxCount, (min, max) => {
    if (min <= max) return;
    invalidProp(
      scope,
      p("minCount"),
      min,
      `is greater than maxCount (${max})`,
      "make minCount less than or equal to maxCount",
    );
  });
  withResolved(maxCount, (max) => {
    if (max < 1) invalidProp(scope, p("maxCount"), max, "must be at least 1", "allow the autoscaler at least one node");
  });
  requireIntInRange(scope, p("maxPods"), maxPods, 10, 250, {
    problem: "is outside 10-250 (Azure CNI overlay limits)",
    fix: "choose a value between 10 and 250, e.g. 110",
  });

  const temp = isUnresolved(vmSize) ? undefined : tempDiskGib(vmSize);
  const osDiskType = options.osDiskType ?? (temp !== undefined ? "Ephemeral" : "Managed");
  const osDiskSizeGb = options.osDiskSizeGb ?? (temp !== undefined ? Math.min(128, temp) : 128);
  requireIntInRange(scope, p("osDiskSizeGb"), osDiskSizeGb, 30, 2048, {
    problem: "is outside 30-2048 GiB",
    fix: "choose a whole number of GiB, e.g. 128",
  });
  withResolved(osDiskSizeGb, (size) => {
    if (osDiskType !== "Ephemeral" || temp === undefined || size <= temp) return;
    invalidProp(
      scope,
      p("osDiskSizeGb"),
      size,
      `does not fit the ${temp} GiB temp disk of ${vmSize}, so an ephemeral OS disk cannot be placed`,
      `use at most ${temp} GiB or a larger VM size`,
    );
  });

  requireOneOf(scope, p("osDiskType"), osDiskType, ["Ephemeral", "Managed"], {
    problem: 'is neither "Ephemeral" nor "Managed"',
    fix: 'use "Ephemeral" (AKS-DAT-04) or "Managed"',
  });
  withResolved(vmSize, (size) => {
    if (osDiskType !== "Ephemeral" || options.osDiskType === undefined || temp !== undefined || !lacksLocalDisk(size))
      return;
    warnProp(
      scope,
      "node-pool/ephemeral-without-local-disk",
      p("osDiskType"),
      osDiskType,
      `${size} has no "d" among its feature letters, so it has no local temp or cache disk to hold an ephemeral OS disk and AKS will reject the pool`,
      'use a size with a local disk (e.g. Standard_D4ds_v5) or osDiskType "Managed"',
    );
  });

  const zones = options.zones ?? ["1", "2", "3"];
  if (!isListToken(zones)) {
    if (zones.length === 0 || zones.some((z) => !isUnresolved(z) && !["1", "2", "3"].includes(z))) {
      invalidProp(
        scope,
        p("zones"),
        zones,
        'must be a non-empty subset of "1", "2", "3"',
        'use ["1", "2", "3"] in regions with availability zones',
      );
    }
    const literal = zones.filter((z) => !isUnresolved(z));
    if (new Set(literal).size !== literal.length) {
      invalidProp(scope, p("zones"), zones, "lists a zone more than once", 'list each zone once, e.g. ["1", "2", "3"]');
    }
  }

  const drainTimeoutInMinutes = options.drainTimeoutInMinutes ?? 30;
  requireIntInRange(scope, p("drainTimeoutInMinutes"), drainTimeoutInMinutes, 1, 1440, {
    problem: "is outside the 1-1440 minutes AKS accepts",
    fix: "use a whole number of minutes, e.g. 30",
  });
  const maxSurge = options.maxSurge ?? "33%";
  withResolved(maxSurge, (surge) => {
    if (/^([1-9][0-9]*|[1-9][0-9]?%|100%)$/.test(surge)) return;
    invalidProp(
      scope,
      p("maxSurge"),
      surge,
      "is neither a node count nor a percentage from 1% to 100%",
      'use e.g. "33%" or "1"',
    );
  });

  let temporaryNameForRotation = options.temporaryNameForRotation;
  if (temporaryNameForRotation === undefined) {
    temporaryNameForRotation = isUnresolved(poolName) ? "rotationtmp" : `${poolName.slice(0, 9)}tmp`;
  }
  requirePoolName(scope, p("temporaryNameForRotation"), temporaryNameForRotation);
  withResolved(poolName, (name) => {
    if (temporaryNameForRotation !== name) return;
    invalidProp(
      scope,
      p("temporaryNameForRotation"),
      temporaryNameForRotation,
      "equals the pool name",
      "choose a different temporary name",
    );
  });

  return {
    vmSize,
    minCount,
    maxCount,
    maxPods,
    osDiskType,
    osDiskSizeGb,
    zones,
    maxSurge,
    drainTimeoutInMinutes,
    temporaryNameForRotation,
  };
}

/**
 * The node settings every pool of the cluster is synthesized with, the system pool
 * (`default_node_pool`) and user pools (`azurerm_kubernetes_cluster_node_pool`) alike: host
 * encryption (AKS-DAT-02), AzureLinux, zones, autoscaling, no node public IPs (AKS-NET-08), an
 * ephemeral OS disk where the VM size allows (AKS-DAT-04), explicit max pods, upgrade settings and a
 * rotation name.
 */
export interface HardenedNodePoolAttributes {
  readonly orchestratorVersion?: string;
  readonly vmSize: string;
  readonly vnetSubnetId?: string;
  readonly zones: string[];
  readonly autoScalingEnabled: true;
  readonly minCount: number;
  readonly maxCount: number;
  readonly maxPods: number;
  readonly osSku: "AzureLinux";
  readonly osDiskType: string;
  readonly osDiskSizeGb: number;
  readonly hostEncryptionEnabled: true;
  readonly nodePublicIpEnabled: false;
  readonly temporaryNameForRotation: string;
  readonly upgradeSettings: { readonly maxSurge: string; readonly drainTimeoutInMinutes: number };
}

/** The hardened attribute set of a pool with the resolved values `pool`, its version and subnet. */
export function hardenedNodePoolAttributes(
  pool: ResolvedNodePool,
  placement: { readonly orchestratorVersion?: string; readonly vnetSubnetId?: string },
): HardenedNodePoolAttributes {
  return {
    orchestratorVersion: placement.orchestratorVersion,
    vmSize: pool.vmSize,
    vnetSubnetId: placement.vnetSubnetId,
    zones: pool.zones,
    autoScalingEnabled: true,
    minCount: pool.minCount,
    maxCount: pool.maxCount,
    maxPods: pool.maxPods,
    osSku: "AzureLinux",
    osDiskType: pool.osDiskType,
    osDiskSizeGb: pool.osDiskSizeGb,
    hostEncryptionEnabled: true,
    nodePublicIpEnabled: false,
    temporaryNameForRotation: pool.temporaryNameForRotation,
    upgradeSettings: { maxSurge: pool.maxSurge, drainTimeoutInMinutes: pool.drainTimeoutInMinutes },
  };
}
