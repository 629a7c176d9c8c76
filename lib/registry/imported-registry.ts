import { Construct } from "constructs";
import { CONTAINER_REGISTRY_ID, importedResourceName, requireResourceId } from "../util/resource-ids";
import { PrivateLinkOptions } from "./private-link";
import { RegistryBase, RegistryPullOptions, defaultLoginServer, requireRegistryName } from "./registry-base";

/**
 * A container registry created elsewhere, as `AcrIntegration.fromRegistryAttributes` takes it. Its
 * own settings (SKU, network rules, retention, key, lock) are its owner's business; this stack adds
 * AcrPull grants, the allowed-images restrictions and, with `privateEndpoint`, an endpoint of its own.
 */
export interface RegistryAttributes extends RegistryPullOptions {
  /** Resource id of the registry (`azurerm_container_registry.id`). */
  readonly registryId: string;
  /**
   * Registry name; must be the name in `registryId`.
   *
   * @default - taken from `registryId`
   */
  readonly registryName?: string;
  /**
   * Login server the allowed-images regex is built from (AKS-ACR-07), e.g. "myregistry.azurecr.cn"
   * in a sovereign cloud.
   *
   * @default "<registry name lower-cased>.azurecr.io"; required when the id is a token and no name is given
   */
  readonly loginServer?: string;
  /**
   * A further private endpoint (sub-resource "registry") of the registry in this stack, e.g. in a
   * spoke of a registry shared from a hub, with its `privatelink.azurecr.io` zone unless
   * `privateDnsZoneId` names the hub's.
   *
   * @default - no endpoint: the registry's owner provides the private path
   */
  readonly privateEndpoint?: PrivateLinkOptions;
  /**
   * Resource group of the endpoint and of its zone.
   *
   * @default - required with `privateEndpoint` (unless it names its own)
   */
  readonly resourceGroupName?: string;
  /**
   * Region of the endpoint.
   *
   * @default - required with `privateEndpoint` (unless it names its own)
   */
  readonly location?: string;
}

/** A registry created elsewhere, as `AcrIntegration.fromRegistryAttributes` returns it. */
export class ImportedRegistry extends RegistryBase {
  public readonly registryId: string;
  public readonly registryName: string;
  public readonly loginServer: string;

  constructor(scope: Construct, id: string, attributes: RegistryAttributes) {
    super(scope, id, attributes);
    const registryId = attributes.registryId;
    requireResourceId(this, "registryId", registryId, CONTAINER_REGISTRY_ID);
    const name =
      importedResourceName(this, { id: "registryId", name: "registryName" }, registryId, attributes.registryName) ?? "";
    requireRegistryName(this, name);
    this.registryId = registryId;
    this.registryName = name;
    this.loginServer = attributes.loginServer ?? defaultLoginServer(name);
    if (attributes.privateEndpoint) {
      this.addPrivateEndpoint(
        registryId,
        name,
        attributes.privateEndpoint,
        attributes.location,
        attributes.resourceGroupName,
      );
    }
    this.grantInitialClusters(attributes.clusters ?? []);
  }
}
