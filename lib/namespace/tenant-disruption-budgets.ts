import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { TenantContext, namespacedMetadata } from "./tenant-context";
import { isDns1123Subdomain, requireLabels } from "./kubernetes-names";
import { invalidProp, requireIntInRange, withResolved } from "../util/validation";

/** Options of {@link IsolatedNamespace.addPodDisruptionBudget} (AKS-NS-04). */
export interface PodDisruptionBudgetOptions {
  /** Labels selecting the pods of one workload (at least one label). */
  readonly matchLabels: Record<string, string>;
  /**
   * Pods that may be down at once, a count or percentage; at least 1 (or above 0%), so node drains
   * and AKS upgrades can always proceed (AKS-NS-04).
   *
   * @default "1" (when minAvailable is not set)
   */
  readonly maxUnavailable?: string;
  /**
   * Alternative to maxUnavailable: pods that must stay up. Must leave room for one eviction
   * (below 100%, and below `replicas` when given) (AKS-NS-04).
   *
   * @default - unset
   */
  readonly minAvailable?: string;
  /**
   * Replicas of the workload, so a minAvailable that equals them (and blocks every drain) is
   * rejected at synth (AKS-NS-04).
   *
   * @default - unknown: only minAvailable "100%" is rejected
   */
  readonly replicas?: number;
}

/**
 * The namespace's PodDisruptionBudgets (AKS-NS-04), each of which always allows at least one
 * eviction: a budget allowing none makes every node drain, and so every AKS upgrade, fail after the
 * pool's drain timeout. Budgets are created with the IsolatedNamespace as their scope.
 */
export class TenantDisruptionBudgets {
  /** The budgets, in the order they were added. */
  public readonly budgets: PodDisruptionBudgetV1[] = [];
  private readonly context: TenantContext;

  constructor(context: TenantContext) {
    this.context = context;
  }

  /** Adds a budget named after `id` (lower-cased); see IsolatedNamespace.addPodDisruptionBudget. */
  public add(id: string, options: PodDisruptionBudgetOptions): PodDisruptionBudgetV1 {
    const name = id.toLowerCase();
    const maxUnavailable = options.minAvailable === undefined ? (options.maxUnavailable ?? "1") : undefined;
    this.validate(id, name, options, maxUnavailable);
    const budget = new PodDisruptionBudgetV1(this.context.owner, id, {
      provider: this.context.provider,
      metadata: namespacedMetadata(this.context, name),
      spec: { maxUnavailable, minAvailable: options.minAvailable, selector: { matchLabels: options.matchLabels } },
    });
    this.budgets.push(budget);
    return budget;
  }

  private validate(id: string, name: string, options: PodDisruptionBudgetOptions, maxUnavailable?: string): void {
    const scope = this.context.owner;
    const prop = `addPodDisruptionBudget(${id})`;
    if (!isDns1123Subdomain(name)) {
      invalidProp(
        scope,
        `${prop}.id`,
        id,
        "does not give a valid object name once lower-cased",
        "use letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. \"web\"",
      );
    }
    const twin = this.budgets.find((budget) => budget.node.id.toLowerCase() === name);
    if (twin) {
      invalidProp(
        scope,
        `${prop}.id`,
        id,
        `gives the object name "${name}", which budget "${twin.node.id}" already uses`,
        "give each budget an id that differs in more than letter case",
      );
    }
    if (options.maxUnavailable !== undefined && options.minAvailable !== undefined) {
      invalidProp(
        scope,
        `${prop}.minAvailable`,
        options.minAvailable,
        "is set together with maxUnavailable",
        "set only one of them",
      );
    }
    const replicas = options.replicas;
    requireIntInRange(scope, `${prop}.replicas`, replicas, 1, Number.MAX_SAFE_INTEGER, {
      problem: "is not a whole number ≥ 1",
      fix: "pass the workload's replica count, e.g. 3",
    });
    withResolved(maxUnavailable, (known) => {
      if (/^0+%?$/.test(known))
        invalidProp(
          scope,
          `${prop}.maxUnavailable`,
          known,
          "allows no eviction, so node drains and AKS upgrades fail",
          'use at least "1" (or "10%")',
        );
      if (!/^([1-9][0-9]*|([1-9][0-9]?|100)%)$/.test(known))
        invalidProp(scope, `${prop}.maxUnavailable`, known, "is not a count or a percentage", 'use e.g. "1" or "25%"');
    });
    withResolved(options.minAvailable, (minAvailable) => {
      if (minAvailable === "100%")
        invalidProp(
          scope,
          `${prop}.minAvailable`,
          minAvailable,
          "allows no eviction, so node drains and AKS upgrades fail",
          'use maxUnavailable "1" instead',
        );
      if (!/^([0-9]+|[0-9]{1,2}%)$/.test(minAvailable))
        invalidProp(
          scope,
          `${prop}.minAvailable`,
          minAvailable,
          "is not a count or a percentage below 100%",
          'use e.g. "1" or "50%"',
        );
      withResolved(replicas, (count) => {
        // The disruption controller rounds a percentage up (GetScaledValueFromIntOrPercent, roundUp).
        const required = minAvailable.endsWith("%")
          ? Math.ceil((count * Number(minAvailable.slice(0, -1))) / 100)
          : Number(minAvailable);
        if (required >= count) {
          invalidProp(
            scope,
            `${prop}.minAvailable`,
            minAvailable,
            `keeps all ${count} replicas up, so no pod can be evicted and node drains and AKS upgrades fail`,
            `use at most ${count - 1} (or maxUnavailable "1")`,
          );
        }
      });
    });
    const labels = options.matchLabels;
    if (Object.keys(labels).length === 0) {
      invalidProp(
        scope,
        `${prop}.matchLabels`,
        labels,
        "selects every pod of the namespace",
        'select the pods of one workload, e.g. { app: "web" }',
      );
    }
    requireLabels(scope, `${prop}.matchLabels`, labels);
  }
}
