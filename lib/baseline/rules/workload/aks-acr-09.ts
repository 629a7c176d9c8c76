import { clusterPolicyRule } from "../cluster-policy-rule";

/**
 * Warning: signed-image verification (Image Integrity with Ratify and Notation) is preview and can
 * only be delivered by the DeployIfNotExists policy or azapi (securityProfile.imageIntegrity is not
 * in azurerm 4.55). Docker Content Trust (trust_policy_enabled) is deprecated and does not count.
 */
export const aksAcr09 = clusterPolicyRule("AKS-ACR-09", {
  guids: ["af28bf8b-c669-4dd3-9137-1e68fdc61bd6", "5dc99dae-cfb2-42cc-8762-9aae02b74e27"],
  acceptedEffects: ["deployifnotexists"],
  what: "the Image Integrity policy (af28bf8b / 5dc99dae)",
  fix: "Assign the Image Integrity initiative af28bf8b-c669-4dd3-9137-1e68fdc61bd6 (DeployIfNotExists, with an identity) to the cluster, and sign images with Notation.",
});
