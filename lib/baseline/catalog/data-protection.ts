import { catalogSection } from "./control";

/** The controls of CONTROLS.md's section "Data protection", and the library's additions to it. */
export const DATA_PROTECTION = catalogSection("Data protection", [
  {
    id: "AKS-DAT-01",
    title: "etcd Secrets encrypted with KMS (CMK)",
    owner: "SecureCluster",
    synth: "yes",
    sources: "AP dbbdc317; CIS 5.3.1; MCSB DP-5",
    terraform:
      "`key_management_service{key_vault_key_id, key_vault_network_access}` + `azurerm_key_vault_key{expiration_date, rotation_policy}`",
    secureValue: 'versioned key; "Private" when the vault is private',
    tradeOff:
      'UAMI needs "Key Vault Crypto User"; a private vault needs NET-03; the mode can\'t change while KMS is on; never delete or expire the key (`use-kms-etcd-encryption.md`).',
    severity: "warning",
    references: { azurePolicy: ["dbbdc317-9734-4dd8-9074-993b29c69008"], mcsb: ["DP-5"], cis: ["5.3.1"] },
  },
  {
    id: "AKS-DAT-02",
    title: "Host encryption (temp disks and caches)",
    owner: "SecureCluster",
    synth: "yes",
    sources: "AP 41425d9f (v2 DP-4); MCSB DP-4; CKV_AZURE_227",
    terraform:
      "`default_node_pool.host_encryption_enabled`; `azurerm_kubernetes_cluster_node_pool.host_encryption_enabled`",
    secureValue: "true",
    tradeOff: "Needs the `Microsoft.Compute/EncryptionAtHost` feature and supported VM sizes.",
    severity: "error",
    references: { azurePolicy: ["41425d9f-d1a5-499a-9932-f8ed8453932c"], mcsb: ["DP-4"], checkov: ["CKV_AZURE_227"] },
  },
  {
    id: "AKS-DAT-03",
    title: "CMK for OS/data disks",
    owner: "SecureCluster",
    synth: "yes",
    sources: "AP 7d7be79c (v2 DP-5); CKV_AZURE_117; AVD-AZU-0067; KICS b17d8bb8",
    terraform: "`disk_encryption_set_id` + `azurerm_disk_encryption_set`",
    secureValue: "DES ID",
    tradeOff: "ForceNew; the vault needs purge protection; key loss = disk loss.",
    severity: "warning",
    references: {
      azurePolicy: ["7d7be79c-23ba-4033-84dd-45e2a5ccdd67"],
      mcsb: ["DP-5"],
      checkov: ["CKV_AZURE_117"],
      trivy: ["AVD-AZU-0067"],
      kics: ["b17d8bb8-4c08-4785-867e-cb9e62a622aa"],
    },
  },
  {
    id: "AKS-DAT-04",
    title: "Ephemeral OS disks (optional)",
    owner: "SecureCluster",
    synth: "yes",
    sources: "CKV_AZURE_226",
    terraform: "`default_node_pool.os_disk_type`",
    secureValue: '"Ephemeral"',
    tradeOff: "Depends on VM cache size; change cycles the pool.",
    severity: "warning",
    references: { checkov: ["CKV_AZURE_226"] },
  },
  {
    id: "AKS-DAT-05",
    title: "Backup (optional)",
    owner: "other",
    synth: "partly",
    sources: "MCSB BR-1",
    terraform: "`azurerm_data_protection_backup_instance_kubernetes_cluster` (+ backup policy, trusted access)",
    secureValue: "enabled for stateful workloads",
    tradeOff: "Extension and storage cost.",
    severity: "warning",
    references: { mcsb: ["BR-1"] },
  },
]);
