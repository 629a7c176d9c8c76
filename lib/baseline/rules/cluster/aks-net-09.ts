import { readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { referencedAmong, resourcesReferencing } from "../../references";
import { failed, passed, unknown } from "../findings";

/**
 * Warning: an NSG on the node subnet is defence in depth (AKS also manages an NSG on the node NICs
 * in the node resource group). Judged only when the node subnet is declared in the same document.
 */
export const aksNet09 = defineRule("AKS-NET-09", {
  resourceTypes: ["azurerm_kubernetes_cluster"],
  fix: "Associate a network security group with the node subnet (azurerm_subnet_network_security_group_association; ClusterNetwork does).",
  evaluate: (cluster, document) => {
    const subnetId = readAttribute(cluster.config, "default_node_pool.vnet_subnet_id");
    if (subnetId === undefined)
      return failed(
        "default_node_pool.vnet_subnet_id",
        undefined,
        "the cluster uses an AKS-managed VNet that no NSG of yours governs",
      );
    const subnet = referencedAmong(document, subnetId, ["azurerm_subnet"], "id")[0];
    if (!subnet)
      return unknown(
        "default_node_pool.vnet_subnet_id",
        subnetId,
        "the node subnet is not declared in this document; check it has an NSG",
      );
    const association = resourcesReferencing(
      document,
      subnet,
      ["azurerm_subnet_network_security_group_association"],
      "subnet_id",
      "id",
    )[0];
    return association
      ? passed("azurerm_subnet_network_security_group_association", association.address)
      : failed(
          "azurerm_subnet_network_security_group_association",
          undefined,
          `the node subnet ${subnet.address} has no network security group`,
        );
  },
});
