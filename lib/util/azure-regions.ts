/**
 * Azure public-cloud regions by programmatic name (the `name` of `az account list-locations`), as
 * data so that a typo such as "westeurop" is caught at synth instead of by ARM at apply.
 *
 * Source: Microsoft Learn, "Azure regions list" (reliability/regions-list.md, the "All" table's
 * "Programmatic name" column; article dated 2025-09-23, read {@link AZURE_REGIONS_TAKEN}). It lists
 * restricted-access regions (e.g. australiacentral2, francesouth) and regions "coming soon"
 * (denmarkeast), so both are here. Added: swedensouth (named in the article as Sweden Central's
 * restricted pair, without a row of its own) and jioindiacentral / jioindiawest (restricted
 * regions in India that `az account list-locations` returns and Microsoft Learn's service
 * availability tables name as "Jio India Central/West", but the article omits). Other restricted
 * regions the article does not list are not here: the library warns about them, the examples
 * refuse them.
 *
 * Sovereign clouds (Azure Government `usgov*`, Azure operated by 21Vianet `china*`) are not here: a
 * library construct only warns about a name it does not know, since Azure opens new regions.
 */
export const AZURE_REGIONS: readonly string[] = [
  "australiacentral",
  "australiacentral2",
  "australiaeast",
  "australiasoutheast",
  "austriaeast",
  "belgiumcentral",
  "brazilsouth",
  "brazilsoutheast",
  "canadacentral",
  "canadaeast",
  "centralindia",
  "centralus",
  "chilecentral",
  "denmarkeast",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "francesouth",
  "germanynorth",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "jioindiacentral",
  "jioindiawest",
  "koreacentral",
  "koreasouth",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "norwaywest",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southafricawest",
  "southcentralus",
  "southeastasia",
  "southindia",
  "spaincentral",
  "swedencentral",
  "swedensouth",
  "switzerlandnorth",
  "switzerlandwest",
  "uaecentral",
  "uaenorth",
  "uksouth",
  "ukwest",
  "westcentralus",
  "westeurope",
  "westindia",
  "westus",
  "westus2",
  "westus3",
];

/** The day {@link AZURE_REGIONS} was taken from Microsoft Learn. */
export const AZURE_REGIONS_TAKEN = "2026-12-04";
