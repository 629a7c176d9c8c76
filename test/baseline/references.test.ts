import { referencesResource } from "../../lib/baseline/references";
import { TerraformResource } from "../../lib/baseline/rule";

const cluster: TerraformResource = {
  type: "azurerm_kubernetes_cluster",
  name: "aks",
  address: "azurerm_kubernetes_cluster.aks",
  config: {},
};

describe("referencesResource", () => {
  it.each([
    ["${azurerm_kubernetes_cluster.aks.id}", "id", true],
    ["${azurerm_kubernetes_cluster.aks.id}", undefined, true],
    ["${azurerm_kubernetes_cluster.aks2.id}", undefined, false],
    ["${azurerm_kubernetes_cluster.aks.identity}", "id", false],
    ["${lower(azurerm_kubernetes_cluster.aks.id)}/namespaces/x", "id", true],
    ["${azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id}", "kubelet_identity.0.object_id", true],
    ["${azurerm_kubernetes_cluster.aks.kubelet_identity.0.object_id}", "kubelet_identity.0.object_id", true],
    ["${azurerm_kubernetes_cluster.aks.kubelet_identity[0].client_id}", "kubelet_identity.0.object_id", false],
    ["${data.azurerm_kubernetes_cluster.aks.id}", "id", false],
    ["azurerm_kubernetes_cluster.aks.id", "id", false],
  ] as const)("%s (attribute %s) → %s", (value, attribute, expected) => {
    expect(referencesResource(value, cluster, attribute)).toBe(expected);
  });

  it("looks inside lists and objects", () => {
    expect(referencesResource(["x", { a: "${azurerm_kubernetes_cluster.aks.id}" }], cluster, "id")).toBe(true);
    expect(referencesResource({ a: 1, b: ["y"] }, cluster)).toBe(false);
  });
});
