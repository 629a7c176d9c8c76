import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { AZURE_REGIONS, AZURE_REGIONS_TAKEN } from "../../lib/util/azure-regions";
import { editDistance, lookupAzureRegion, unknownAzureRegion } from "../../lib/util/azure-region-lookup";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { ClusterNetwork } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { AcrIntegration } from "../../lib/registry/acr-integration";
import { KeyVaultCsi } from "../../lib/secrets/key-vault-csi";
import { TenantPlatform } from "../../lib/topology/tenant-platform";
import { VnetFlowLog } from "../../lib/network/vnet-flow-log";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { GROUP, SUB, TENANT, baseProps, newStack, thrown } from "../cluster/helpers";
import { importedCluster, PE_SUBNET } from "../registry/fixtures";

/** The synth warnings annotated on one construct (not its children). */
function warnings(construct: IConstruct): string[] {
  return construct.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

describe("the region list", () => {
  test("is programmatic names, sorted, without duplicates, with the date it was taken", () => {
    expect(AZURE_REGIONS.length).toBeGreaterThan(50);
    for (const region of AZURE_REGIONS) expect(region).toMatch(/^[a-z]+[0-9]?$/);
    expect([...AZURE_REGIONS].sort()).toEqual(AZURE_REGIONS);
    expect(new Set(AZURE_REGIONS).size).toBe(AZURE_REGIONS.length);
    expect(AZURE_REGIONS_TAKEN).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test.each([
    "westeurope",
    "swedencentral",
    "northeurope",
    "eastus2",
    "germanywestcentral",
    "spaincentral",
    "italynorth",
    "polandcentral",
    "mexicocentral",
    "newzealandnorth",
    "malaysiawest",
    "indonesiacentral",
    "chilecentral",
    "belgiumcentral",
    "austriaeast",
    "australiacentral2",
  ])("knows %s", (region) => {
    expect(lookupAzureRegion(region)).toEqual({ name: region, known: true, suggestions: [] });
  });

  test("has no sovereign-cloud or logical (non-region) locations", () => {
    for (const name of ["usgovvirginia", "chinanorth3", "global", "europe", "centraluseuap", "eastus2euap"])
      expect(AZURE_REGIONS).not.toContain(name);
  });
});

describe("lookupAzureRegion", () => {
  test("is case-insensitive and accepts display names", () => {
    expect(lookupAzureRegion("WestEurope")).toMatchObject({ name: "westeurope", known: true });
    expect(lookupAzureRegion("West Europe")).toMatchObject({ name: "westeurope", known: true });
    expect(lookupAzureRegion("SWEDEN CENTRAL")).toMatchObject({ name: "swedencentral", known: true });
  });

  test("suggests the nearest region for a typo", () => {
    expect(lookupAzureRegion("westeurop")).toEqual({ name: "westeurop", known: false, suggestions: ["westeurope"] });
    expect(lookupAzureRegion("westeruope").suggestions).toEqual(["westeurope"]);
    expect(lookupAzureRegion("sweedencentral").suggestions).toEqual(["swedencentral"]);
    expect(lookupAzureRegion("Germany West").suggestions).toEqual([]);
  });

  test("lists every region at the smallest distance, at most three", () => {
    expect(lookupAzureRegion("westus4").suggestions).toEqual(["westus", "westus2", "westus3"]);
    expect(lookupAzureRegion("eastus3").suggestions).toEqual(["eastus", "eastus2"]);
  });

  test("suggests nothing for an unrelated name", () => {
    expect(lookupAzureRegion("mars")).toEqual({ name: "mars", known: false, suggestions: [] });
    expect(lookupAzureRegion("moonbase").suggestions).toEqual([]);
  });
});

describe("editDistance", () => {
  test("counts insertions, deletions, substitutions and adjacent swaps", () => {
    expect(editDistance("westeurope", "westeurope")).toBe(0);
    expect(editDistance("westeurop", "westeurope")).toBe(1);
    expect(editDistance("wsteurope", "westeurope")).toBe(1);
    expect(editDistance("westeurope", "wesseurope")).toBe(1);
    expect(editDistance("wetseurpoe", "westeurope")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  test("stops at the ceiling", () => {
    expect(editDistance("mars", "southeastasia", 3)).toBe(3);
    expect(editDistance("westeurop", "westeurope", 3)).toBe(1);
  });
});

describe("unknownAzureRegion", () => {
  test("is undefined for a known region", () => {
    expect(unknownAzureRegion("West Europe")).toBeUndefined();
  });

  test("names the list's date and offers the nearest names", () => {
    expect(unknownAzureRegion("westeurop")).toEqual({
      problem: `is not an Azure public-cloud region (list taken ${AZURE_REGIONS_TAKEN})`,
      fix: 'did you mean "westeurope"? Otherwise use a region name from `az account list-locations --query "[].name"`, e.g. "westeurope"',
    });
    expect(unknownAzureRegion("westus4")?.fix).toMatch(/^did you mean "westus", "westus2" or "westus3"\?/);
    expect(unknownAzureRegion("mars")?.fix).toBe(
      'use a region name from `az account list-locations --query "[].name"`, e.g. "westeurope"',
    );
  });
});

describe("constructs warn about an unknown location (Azure may have opened it after the list was taken)", () => {
  const WARNING = `location = "westeurop": is not an Azure public-cloud region (list taken ${AZURE_REGIONS_TAKEN}). Fix: did you mean "westeurope"?`;

  test("SecureCluster", () => {
    const cluster = new SecureCluster(newStack(), "Cluster", baseProps({ location: "westeurop" }));
    expect(warnings(cluster)).toEqual([expect.stringContaining(WARNING)]);
    expect(warnings(cluster)[0]).toMatch(/A region Azure opened after that date is fine: ignore this warning$/);
  });

  test("SecureCluster logAnalyticsWorkspaceLocation", () => {
    const cluster = new SecureCluster(newStack(), "Cluster", baseProps({ logAnalyticsWorkspaceLocation: "mars" }));
    expect(warnings(cluster)).toEqual([
      expect.stringMatching(
        /^\[region\/unknown\] logAnalyticsWorkspaceLocation = "mars": is not an Azure public-cloud region .*Fix: use a region name from/,
      ),
    ]);
  });

  test("ClusterNetwork", () => {
    const network = new ClusterNetwork(newStack(), "Network", {
      resourceGroupName: "rg-net",
      location: "westeurop",
      namePrefix: "aks-test",
      egress: ClusterEgress.azureFirewall(),
    });
    expect(warnings(network)).toEqual([expect.stringContaining(WARNING)]);
  });

  test("VnetFlowLog", () => {
    const flowLog = new VnetFlowLog(newStack(), "FlowLog", {
      virtualNetworkId: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aks`,
      location: "westeurop",
      name: "fl-vnet-aks",
      storageAccountId: `/subscriptions/${SUB}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stflowlogsweu`,
    });
    expect(warnings(flowLog)).toEqual([expect.stringContaining(WARNING)]);
  });

  test("AcrIntegration and its private endpoint", () => {
    const stack = newStack();
    const acr = new AcrIntegration(stack, "Acr", {
      registryName: "acrplatform01",
      resourceGroupName: "rg-acr",
      location: "westeurop",
      clusters: [importedCluster(stack, "Cluster")],
      privateEndpoint: { subnetId: PE_SUBNET, location: "northeurop" },
    });
    expect(warnings(acr)).toEqual([
      expect.stringContaining(WARNING),
      expect.stringContaining('privateEndpoint.location = "northeurop": is not an Azure public-cloud region'),
    ]);
    expect(warnings(acr)[1]).toContain('did you mean "northeurope"?');
  });

  test("KeyVaultCsi", () => {
    const stack = newStack();
    const vault = new KeyVaultCsi(stack, "Kv", {
      vaultName: "kv-team-a-prod",
      resourceGroupName: "rg-kv",
      location: "westeurop",
      privateEndpoint: { subnetId: PE_SUBNET },
      cluster: importedCluster(stack, "Cluster"),
    });
    // The other warning is about the imported cluster, whose secret rotation this stack cannot check.
    expect(warnings(vault).filter((w) => w.includes("location"))).toEqual([expect.stringContaining(WARNING)]);
  });

  test("TenantPlatform: once in each stack it creates, at the first construct there that takes the location (cdktf reports only stacks' annotations)", () => {
    const app = Testing.app();
    const platform = new TenantPlatform(app, "contoso", {
      name: "contoso",
      location: "westeurop",
      tenantId: TENANT,
      adminGroupObjectIds: [GROUP],
      kubernetesVersion: "1.36",
      configureStack: (stack) => new AzurermProvider(stack, "azurerm", { features: [{}] }),
      tenants: [
        { name: "team-a", trustLevel: "trusted" },
        { name: "red", trustLevel: "hostile" },
      ],
    });
    const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    const byStack = stacks.map(
      (stack) =>
        [
          stack.node.id,
          stack.node
            .findAll()
            .flatMap((c) => warnings(c).map((w) => `${c.node.path}: ${w}`))
            .filter((w) => w.includes('"westeurop"')),
        ] as const,
    );
    expect(byStack.filter(([, found]) => found.length > 0).map(([id, found]) => [id, found.length])).toEqual([
      ["contoso-platform", 1],
      ["contoso-red-platform", 1],
    ]);
    for (const [, found] of byStack) for (const warning of found) expect(warning).toContain(WARNING);
    expect(warnings(platform)).toEqual([]);
  });

  test("known regions, display names and tokens give no warning", () => {
    const stack = newStack();
    const location = new TerraformVariable(stack, "location", { type: "string" }).stringValue;
    for (const [id, value] of [
      ["A", "westeurope"],
      ["B", "West Europe"],
      ["C", "SwedenCentral"],
      ["D", location],
    ]) {
      const cluster = new SecureCluster(
        stack,
        id,
        baseProps({
          location: value,
          clusterName: `aks-${id.toLowerCase()}`,
          resourceGroupName: `rg-${id.toLowerCase()}`,
        }),
      );
      expect(warnings(cluster)).toEqual([]);
    }
  });

  test("once per stack: a second construct of the stack with the same value does not repeat it", () => {
    const stack = newStack();
    const network = new ClusterNetwork(stack, "Network", {
      resourceGroupName: "rg-net",
      location: "westeurop",
      namePrefix: "aks-test",
      egress: ClusterEgress.azureFirewall(),
    });
    const cluster = new SecureCluster(
      stack,
      "Cluster",
      baseProps({ location: "westeurop", existingNetwork: undefined, network }),
    );
    expect(warnings(network)).toHaveLength(1);
    expect(warnings(cluster)).toEqual([]);
    expect(warnings(new SecureCluster(newStack(), "Cluster", baseProps({ location: "westeurop" })))).toHaveLength(1);
  });

  test("a malformed name is still an error", () => {
    expect(thrown(() => new SecureCluster(newStack(), "Cluster", baseProps({ location: "west-europe" }))).message).toBe(
      '[test/Cluster] location = "west-europe": is not an Azure region name. Fix: use e.g. "westeurope" (`az account list-locations --query [].name`)',
    );
  });

  test("unknown regions stay a warning, so synth succeeds", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new SecureCluster(stack, "Cluster", baseProps({ location: "newregion" }));
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
