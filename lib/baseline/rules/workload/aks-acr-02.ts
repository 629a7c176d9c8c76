import { defineRule } from "../define-rule";
import { expectBoolean } from "../findings";

/** Error: the admin user is a shared static credential with push and pull rights. */
export const aksAcr02 = defineRule("AKS-ACR-02", {
  resourceTypes: ["azurerm_container_registry"],
  fix: "Set admin_enabled = false (AcrIntegration does); clusters pull with AcrPull on the kubelet identity.",
  evaluate: (registry) =>
    expectBoolean(
      registry,
      "admin_enabled",
      false,
      false,
      "the admin user is a shared password with push and pull rights",
    ),
});
