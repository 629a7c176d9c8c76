import { Rule } from "../../rule";
import { getControl } from "../../catalog";
import { expectBoolean } from "../findings";

/** Error: the admin user is a shared static credential with push and pull rights. */
export const aksAcr02: Rule = {
  id: "AKS-ACR-02",
  title: getControl("AKS-ACR-02").title,
  severity: "error",
  references: {
    azurePolicy: ["dc921057-6b28-4fbe-9b83-f7bec05db6c2", "79fdfe03-ffcb-4e55-b4d0-b925b8241759"],
    mcsb: ["IM-1"],
    checkov: ["CKV_AZURE_137"],
    kics: ["b897dfbf-322c-45a8-b67c-1e698beeaa51"],
  },
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
};
