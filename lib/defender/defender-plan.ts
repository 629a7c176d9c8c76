import { Construct, IConstruct } from "constructs";
import { TerraformProvider, TerraformStack } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { SecurityCenterContact } from "@cdktf/provider-azurerm/lib/security-center-contact";
import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import { SecurityBaseline } from "../baseline/security-baseline";
import { ISecureCluster } from "../cluster/cluster-ref";
import { ClusterEgressNeed } from "../network/cluster-egress";
import { LOG_ANALYTICS_WORKSPACE_ID, requireResourceId } from "../util/resource-ids";
import { invalidProp, isUnresolved, requireUuid, validationMessage, warnProp, withResolved } from "../util/validation";

/**
 * Extensions of the Defender for Containers plan, as Azure names them (the "Configure Microsoft
 * Defender for Containers plan" built-in efd4031d v1.5.0 lists exactly these five; azurerm 4.55
 * passes any non-blank name through, and Azure rejects unknown ones at apply).
 */
export const DEFENDER_FOR_CONTAINERS_EXTENSIONS = [
  "ContainerRegistriesVulnerabilityAssessments",
  "AgentlessDiscoveryForKubernetes",
  "ContainerSensor",
  "AgentlessVmScanning",
  "ContainerIntegrityContribution",
] as const;

/** One extension of the Defender for Containers plan. */
export type DefenderForContainersExtension = (typeof DEFENDER_FOR_CONTAINERS_EXTENSIONS)[number];

/**
 * An extension with settings (`additional_extension_properties`). Values are strings, as the
 * Defender API takes them ("True" / "False" for switches).
 */
export interface DefenderExtensionOptions {
  readonly name: DefenderForContainersExtension;
  /**
   * Extension settings. Only the properties Defender documents for the extension are accepted:
   * ContainerSensor: AntiMalwareEnabled, AutoProvisioning, InstallationMethod, SecurityGatingEnabled
   * (gated deployment: admission control on image vulnerability findings); AgentlessVmScanning:
   * ExclusionTags (a JSON array). Others have none.
   *
   * @default - none: Defender's own defaults for the extension
   */
  readonly additionalExtensionProperties?: Record<string, string>;
}

/**
 * Settings Defender documents per extension (Microsoft Learn "Deploy Defender for Containers with
 * Terraform" quickstart and the pricings API examples); the API ignores or rejects others.
 */
const EXTENSION_PROPERTIES: Partial<Record<DefenderForContainersExtension, readonly string[]>> = {
  ContainerSensor: ["AntiMalwareEnabled", "AutoProvisioning", "InstallationMethod", "SecurityGatingEnabled"],
  AgentlessVmScanning: ["ExclusionTags"],
};
/** Extension settings that are switches. */
const BOOLEAN_PROPERTIES = new Set(["AntiMalwareEnabled", "AutoProvisioning", "SecurityGatingEnabled"]);

/** The extensions AKS-DEF-01 requires: registry and runtime vulnerability assessment (AKS-ACR-08), agentless inventory, the runtime sensor (AKS-DEF-02). */
export const DEFAULT_DEFENDER_EXTENSIONS: readonly DefenderForContainersExtension[] = [
  "ContainerRegistriesVulnerabilityAssessments",
  "AgentlessDiscoveryForKubernetes",
  "ContainerSensor",
];

/** The subscription's Defender for Cloud security contact. */
export interface DefenderSecurityContactOptions {
  /** Address (or distribution list) that receives security alerts. */
  readonly email: string;
  /**
   * Phone number of the contact.
   *
   * @default - none
   */
  readonly phone?: string;
  /**
   * Send alert notifications to `email`.
   *
   * @default true (an alert nobody reads protects nothing)
   */
  readonly alertNotifications?: boolean;
  /**
   * Also notify the subscription's owners.
   *
   * @default true
   */
  readonly alertsToAdmins?: boolean;
  /**
   * Contact object name; ForceNew. The provider's API version keys contacts as "default1", ...
   *
   * @default "default1"
   */
  readonly name?: string;
}

/** Props of {@link DefenderPlan}. */
export interface DefenderPlanProps {
  /**
   * Subscription the azurerm provider of this stack targets (the pricing is subscription-wide).
   *
   * There is one Containers pricing per subscription: two pricing resources for one subscription
   * (two DefenderPlans, or another stack or repository that manages it) overwrite each other on
   * every apply, and destroying either resets the plan to Free for both. This construct refuses a
   * second DefenderPlan for the same subscription id in one app (compared case-insensitively);
   * it cannot compare ids that are tokens (variables, data sources), nor see other apps.
   */
  readonly subscriptionId: string;
  /**
   * Plan extensions to enable, by name or with settings. The provider disables every extension not
   * listed here, including ones enabled in the portal or by policy, on each apply. An empty list is
   * rejected (it would switch every extension off).
   *
   * @default ["ContainerRegistriesVulnerabilityAssessments", "AgentlessDiscoveryForKubernetes", "ContainerSensor"] (AKS-DEF-01)
   */
  readonly extensions?: (DefenderForContainersExtension | DefenderExtensionOptions)[];
  /**
   * Clusters that get the Defender sensor profile (`microsoft_defender`, AKS-DEF-02). They must
   * expose their `azurerm_kubernetes_cluster` (SecureCluster does).
   *
   * @default []
   */
  readonly clusters?: ISecureCluster[];
  /**
   * Workspace the sensors report to: a Log Analytics workspace resource id.
   *
   * @default - each cluster's own workspace (the cluster's logs and its security events stay together)
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * Security contact of the subscription (one per subscription, like the plan).
   *
   * @default - none (alerts appear only in Defender for Cloud)
   */
  readonly securityContact?: DefenderSecurityContactOptions;
  /**
   * Import the subscription's existing Containers pricing into state instead of creating it. The
   * provider refuses to create the pricing when the subscription is already on Standard (enabled
   * in the portal or by a DeployIfNotExists policy); then set this.
   *
   * Once imported, the pricing belongs to this stack: `cdktf destroy` (or removing this construct)
   * resets the subscription's Containers plan to Free, including for whoever enabled it before.
   * Remove it from state (`terraform state rm`) first to hand it back. Only one stack may manage
   * the pricing of a subscription.
   *
   * @default false (a plan already on Standard fails the create; nothing is taken over silently)
   */
  readonly importExisting?: boolean;
  /**
   * azurerm provider (alias) targeting `subscriptionId`.
   *
   * @default - the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Microsoft Defender for Containers (docs/controls.md: AKS-DEF-01, DEF-02, ACR-08). It is paid per vCore
 * and subscription-wide, so it exists only where this construct is used: nothing else in the
 * library turns it on.
 *
 * Operational traps (also for the README):
 * - One pricing resource per subscription and plan. Declare DefenderPlan once per subscription
 *   (this construct refuses a second one for the same subscription in one app); a second stack or
 *   repository that also manages it makes the two overwrite each other on every apply.
 * - Destroying this construct (or its stack) resets the subscription's Containers plan to Free.
 * - Extensions not listed in `extensions` are disabled on every apply.
 * - `subplan` is ForceNew (Containers has no subplan; none is set).
 * - Creation fails when the subscription is already on Standard; use `importExisting`.
 * - The sensor profile of each cluster points at a workspace; the cluster's own by default.
 */
export class DefenderPlan extends Construct {
  /** `azurerm_security_center_subscription_pricing` for "Containers" (AKS-DEF-01). */
  public readonly pricing: SecurityCenterSubscriptionPricing;
  /** Security contact, when given. */
  public readonly securityContact?: SecurityCenterContact;
  /** The subscription id (as given). */
  public readonly subscriptionId: string;
  /** Names of the extensions enabled, in the order given. */
  public readonly extensions: readonly DefenderForContainersExtension[];

  private readonly workspaceId?: string;
  private readonly clusters: ISecureCluster[] = [];
  private coverageWarned = false;

  /**
   * The DefenderPlan already declared in this app for `subscriptionId` (compared
   * case-insensitively), so that code adding clusters in several places shares the one plan a
   * subscription can have: `DefenderPlan.forSubscription(app, id)?.addCluster(cluster)`.
   */
  public static forSubscription(scope: IConstruct, subscriptionId: string): DefenderPlan | undefined {
    return plansOfSubscription(scope, subscriptionId)[0];
  }

  constructor(scope: Construct, id: string, props: DefenderPlanProps) {
    super(scope, id);
    SecurityBaseline.apply(this);
    requireUuid(this, "subscriptionId", props.subscriptionId, "subscription id");
    this.subscriptionId = props.subscriptionId;
    requireResourceId(this, "logAnalyticsWorkspaceId", props.logAnalyticsWorkspaceId, LOG_ANALYTICS_WORKSPACE_ID);
    this.workspaceId = props.logAnalyticsWorkspaceId;

    const extensions = (props.extensions ?? DEFAULT_DEFENDER_EXTENSIONS).map((e) =>
      typeof e === "string" ? { name: e } : e,
    );
    withResolved(props.extensions, (given) => {
      if (given.length > 0) return;
      invalidProp(
        this,
        "extensions",
        given,
        "is empty: the provider would switch every extension of the plan off (no registry scanning, no sensor)",
        "omit extensions for the catalog's defaults (AKS-DEF-01), or list the ones to enable",
      );
    });
    for (const extension of extensions) this.checkExtension(extension);
    const names = extensions.map((e) => e.name);
    const dup = names.find((e, i) => !isUnresolved(e) && names.indexOf(e) !== i);
    if (dup !== undefined) invalidProp(this, "extensions", dup, "is listed twice", "list each extension once");
    this.extensions = names;

    this.pricing = new SecurityCenterSubscriptionPricing(this, "Containers", {
      provider: props.provider,
      resourceType: "Containers",
      tier: "Standard",
      extension: extensions.map((e) => ({
        name: e.name,
        additionalExtensionProperties: e.additionalExtensionProperties,
      })),
    });
    if (props.importExisting) {
      this.pricing.importFrom(
        `/subscriptions/${props.subscriptionId}/providers/Microsoft.Security/pricings/Containers`,
        props.provider,
      );
    }

    const contact = props.securityContact;
    if (contact) {
      // An absent email is checked as "" so that it fails: the contact exists to receive alerts.
      withResolved(contact.email ?? "", (email) => {
        if (EMAIL.test(email)) return;
        invalidProp(
          this,
          "securityContact.email",
          contact.email,
          "is not an email address",
          'use e.g. "secops@example.com"',
        );
      });
      withResolved(contact.phone, (phone) => {
        if (phone.trim() === "")
          invalidProp(this, "securityContact.phone", phone, "is empty", "omit phone, or pass a number");
      });
      const name = contact.name ?? "default1";
      withResolved(name, (known) => {
        if (known.trim() === "") invalidProp(this, "securityContact.name", known, "is empty", 'use "default1"');
      });
      this.securityContact = new SecurityCenterContact(this, "SecurityContact", {
        provider: props.provider,
        name,
        email: contact.email,
        phone: contact.phone,
        alertNotifications: contact.alertNotifications ?? true,
        alertsToAdmins: contact.alertsToAdmins ?? true,
      });
    }

    for (const cluster of props.clusters ?? []) this.addCluster(cluster);

    this.node.addValidation({ validate: () => [...this.validateSingleton(), ...this.validateCoverage()] });
  }

  /**
   * Turns the Defender sensor on for the cluster (AKS-DEF-02): `microsoft_defender` pointing at
   * `logAnalyticsWorkspaceId` or the cluster's workspace. Idempotent per cluster.
   */
  public addCluster(cluster: ISecureCluster): void {
    if (this.clusters.includes(cluster)) return;
    const resource = managedClusterResourceOf(cluster);
    if (!resource) {
      invalidProp(
        this,
        "clusters",
        cluster.node.path,
        "does not expose its azurerm_kubernetes_cluster, so its Defender profile cannot be set",
        "pass a SecureCluster, or set microsoft_defender { log_analytics_workspace_id } on your cluster resource yourself",
      );
    }
    withResolved(this.extensions, (extensions) => {
      if (extensions.includes("ContainerSensor")) return;
      invalidProp(
        this,
        "extensions",
        extensions,
        "leaves out ContainerSensor, so the Defender profile of the clusters (AKS-DEF-02) would report nothing",
        'include "ContainerSensor", or give no clusters',
      );
    });
    resource.putMicrosoftDefender({ logAnalyticsWorkspaceId: this.workspaceId ?? cluster.logAnalyticsWorkspaceId });
    // The sensor reports to Defender for Cloud: an egress firewall the library writes must allow it.
    allowAddOnEgressOf(cluster, ["defenderSensor"]);
    this.clusters.push(cluster);
  }

  /**
   * The plan is subscription-wide: it bills every cluster of the subscription, so each cluster in
   * this plan's stack should run the sensor. A cluster of the stack that is not covered (not in
   * `clusters` and without its own `microsoft_defender` block) is a warning naming it; a stack whose
   * clusters are all uncovered is an error (the plan then bills clusters it protects nowhere here).
   * Clusters in other stacks are not judged: pass them to the plan too.
   */
  private validateCoverage(): string[] {
    const covered = new Set<IConstruct>(
      this.clusters.map(managedClusterResourceOf).filter((r): r is KubernetesCluster => r !== undefined),
    );
    // The raw provider resources of the stack, whoever created them (SecureCluster, or a user's own
    // azurerm_kubernetes_cluster): the plan bills them all, so this looks at the provider class,
    // not at a construct of this library.
    const inStack = TerraformStack.of(this)
      .node.findAll()
      .filter((c): c is KubernetesCluster => c instanceof KubernetesCluster);
    if (inStack.length === 0) return [];
    const uncovered = inStack.filter((c) => !covered.has(c) && c.microsoftDefenderInput === undefined);
    const names = uncovered.map(clusterLabel);
    if (uncovered.length === inStack.length) {
      return [
        validationMessage(
          "clusters",
          this.clusters.map((c) => c.node.path),
          `covers none of the clusters of its stack (${names.join(", ")}): the subscription-wide plan bills their nodes while no Defender sensor runs on them (AKS-DEF-02)`,
          "pass every cluster of the subscription to the plan (clusters, or addCluster)",
        ),
      ];
    }
    if (!this.coverageWarned) {
      this.coverageWarned = true;
      for (const name of names) {
        warnProp(
          this,
          "defender/cluster-not-covered",
          "clusters",
          this.clusters.map((c) => c.node.path),
          `leaves out ${name}, which the subscription-wide plan bills without a Defender sensor (AKS-DEF-02)`,
          "pass it to the plan (clusters, or addCluster)",
        );
      }
    }
    return [];
  }

  private checkExtension(extension: DefenderExtensionOptions): void {
    withResolved(extension.name, (name) => this.checkKnownExtension(name, extension.additionalExtensionProperties));
  }

  private checkKnownExtension(name: DefenderForContainersExtension, properties?: Record<string, string>): void {
    if (!(DEFENDER_FOR_CONTAINERS_EXTENSIONS as readonly string[]).includes(name)) {
      invalidProp(
        this,
        "extensions",
        name,
        "is not an extension of the Defender for Containers plan (Azure rejects it at apply)",
        `use some of ${DEFENDER_FOR_CONTAINERS_EXTENSIONS.join(", ")}`,
      );
    }
    withResolved(properties, (given) => this.checkExtensionProperties(name, given));
  }

  private checkExtensionProperties(name: DefenderForContainersExtension, properties: Record<string, string>): void {
    const known = EXTENSION_PROPERTIES[name] ?? [];
    for (const [key, value] of Object.entries(properties)) {
      const prop = `extensions[${name}].additionalExtensionProperties.${key}`;
      if (!known.includes(key)) {
        invalidProp(
          this,
          prop,
          value,
          known.length > 0 ? `is not a setting of ${name}` : `${name} has no settings`,
          known.length > 0 ? `use some of ${known.join(", ")}` : "drop additionalExtensionProperties",
        );
      }
      const notNonEmpty = (given: unknown) =>
        invalidProp(
          this,
          prop,
          given,
          "is not a non-empty string (the provider rejects blank values)",
          'pass a string such as "True"',
        );
      if (typeof value !== "string") notNonEmpty(value);
      withResolved(value, (known) => {
        if (known.trim() === "") notNonEmpty(known);
        if (BOOLEAN_PROPERTIES.has(key) && !/^(true|false)$/i.test(known))
          invalidProp(this, prop, known, "is a switch", 'use "True" or "False"');
        if (key === "ExclusionTags" && !isJsonArray(known))
          invalidProp(
            this,
            prop,
            known,
            "is not a JSON array",
            'pass e.g. "[]" or \'[{"key":"scan","value":"exclude"}]\'',
          );
      });
    }
  }

  /**
   * One DefenderPlan per subscription in the app; reported by every plan after the first (by
   * path). Subscription ids are GUIDs, so they compare case-insensitively; token ids cannot be
   * compared at synth and are skipped.
   */
  private validateSingleton(): string[] {
    const twins = plansOfSubscription(this, this.subscriptionId)
      .map((c) => c.node.path)
      .sort();
    if (twins.length < 2 || twins[0] === this.node.path) return [];
    // cdktf prefixes the construct path itself.
    return [
      validationMessage(
        "subscriptionId",
        this.subscriptionId,
        `already has a DefenderPlan (${twins[0]}); two pricing resources for one subscription overwrite each other and destroying either resets the plan to Free`,
        "declare DefenderPlan once per subscription and pass every cluster to it (clusters / addCluster)",
      ),
    ];
  }
}

/**
 * The DefenderPlans of the app for a subscription id (GUIDs compare case-insensitively), in tree
 * order; none for a token id, which cannot be compared at synth. `instanceof DefenderPlan` finds the
 * class's own instances (one pricing per subscription), not another construct's type.
 */
function plansOfSubscription(scope: IConstruct, subscriptionId: string): DefenderPlan[] {
  if (isUnresolved(subscriptionId)) return [];
  const wanted = subscriptionId.toLowerCase();
  return scope.node.root.node
    .findAll()
    .filter(
      (c: IConstruct): c is DefenderPlan =>
        c instanceof DefenderPlan && !isUnresolved(c.subscriptionId) && c.subscriptionId.toLowerCase() === wanted,
    );
}

/** "<construct path> (cluster name \"x\")", naming the SecureCluster rather than its inner resource. */
function clusterLabel(resource: KubernetesCluster): string {
  const owner = resource.node.id === "Resource" && resource.node.scope ? resource.node.scope : resource;
  const name = resource.nameInput;
  return name !== undefined && !isUnresolved(name) ? `${owner.node.path} (cluster "${name}")` : owner.node.path;
}

function isJsonArray(value: string): boolean {
  try {
    return Array.isArray(JSON.parse(value));
  } catch {
    return false;
  }
}

/**
 * The `azurerm_kubernetes_cluster` of a cluster this app creates (SecureCluster exposes it as
 * `kubernetesCluster`), whose Defender profile the plan sets; undefined for a cluster created
 * elsewhere. ISecureCluster has no member for the Defender profile yet (asked for:
 * `enableDefenderSensor(workspaceId)`), so this is the one place that looks for the resource.
 */
function managedClusterResourceOf(cluster: ISecureCluster): KubernetesCluster | undefined {
  const resource = (cluster as ISecureCluster & { kubernetesCluster?: KubernetesCluster }).kubernetesCluster;
  return resource && typeof resource.putMicrosoftDefender === "function" ? resource : undefined;
}

/**
 * Registers add-on egress on the cluster's firewall rules, where the cluster offers it (SecureCluster's
 * `allowAddOnEgress`; ISecureCluster has no such member yet). A cluster created elsewhere has no
 * firewall of this library to update.
 */
function allowAddOnEgressOf(cluster: ISecureCluster, needs: readonly ClusterEgressNeed[]): void {
  (cluster as ISecureCluster & { allowAddOnEgress?: (n: readonly ClusterEgressNeed[]) => void }).allowAddOnEgress?.(
    needs,
  );
}
