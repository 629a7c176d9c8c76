import { TerraformVariable } from "cdktf";
import { ClusterNetwork } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { Json, baseProps, makeCluster, newStack, only, synth, thrown } from "./helpers";

function behindAzureFirewall(storageCsiDrivers: { azureFiles?: boolean; azureBlob?: boolean }) {
  const stack = newStack();
  const network = new ClusterNetwork(stack, "Network", {
    resourceGroupName: "rg-net",
    location: "westeurope",
    namePrefix: "aks-csi",
    egress: ClusterEgress.azureFirewall(),
  });
  new SecureCluster(stack, "Cluster", { ...baseProps({ storageCsiDrivers }), existingNetwork: undefined, network });
  return synth(stack);
}

describe("SecureCluster storage CSI drivers", () => {
  it("keeps the disk driver and snapshot controller on and turns the Files and Blob drivers off by default", () => {
    const aks = only(synth(makeCluster().stack), "azurerm_kubernetes_cluster");
    expect(aks.storage_profile).toEqual({
      disk_driver_enabled: true,
      snapshot_controller_enabled: true,
      file_driver_enabled: false,
      blob_driver_enabled: false,
    });
  });

  it("turns a driver on with its egress on a firewall the library writes: SMB network rule for Files, HTTPS rule for Blob", () => {
    const doc = behindAzureFirewall({ azureFiles: true, azureBlob: true });
    expect(only(doc, "azurerm_kubernetes_cluster").storage_profile).toMatchObject({
      file_driver_enabled: true,
      blob_driver_enabled: true,
    });
    const group = only(doc, "azurerm_firewall_policy_rule_collection_group");
    const required = group.application_rule_collection.find((c: Json) => c.name === "aks-required");
    expect(required.rule.find((r: Json) => r.name === "azure-blob-csi").destination_fqdns).toEqual([
      "*.blob.core.windows.net",
    ]);
    expect(group.network_rule_collection[0].rule).toEqual([
      expect.objectContaining({
        name: "azure-files-smb",
        protocols: ["TCP"],
        destination_addresses: ["Storage.westeurope"],
        destination_ports: ["445"],
      }),
    ]);
  });

  it("turns a driver on with NAT gateway egress (nothing filters it) and with a hub firewall the user confirms", () => {
    const nat = only(
      synth(
        makeCluster({
          existingNetwork: { ...baseProps().existingNetwork!, outboundType: "userAssignedNATGateway" },
          storageCsiDrivers: { azureFiles: true },
        }).stack,
      ),
      "azurerm_kubernetes_cluster",
    );
    expect(nat.storage_profile.file_driver_enabled).toBe(true);
    const hub = only(
      synth(makeCluster({ storageCsiDrivers: { azureBlob: true, egressAllowedByYourFirewall: true } }).stack),
      "azurerm_kubernetes_cluster",
    );
    expect(hub.storage_profile.blob_driver_enabled).toBe(true);
  });

  it.each([
    ["azureFiles", "SMB \\(TCP 445\\) to Storage.<region>"],
    ["azureBlob", "HTTPS to \\*.blob.core.windows.net"],
  ] as const)(
    "refuses storageCsiDrivers.%s behind a firewall whose rules the library does not write, naming the prop and the fix",
    (prop, traffic) => {
      const error = thrown(() => makeCluster({ storageCsiDrivers: { [prop]: true } }));
      expect(error.constructPath).toBe("test/Cluster");
      expect(error.prop).toBe(`storageCsiDrivers.${prop}`);
      expect(error.value).toBe(true);
      expect(error.message).toMatch(
        new RegExp(
          `need ${traffic}, but the cluster egresses through a firewall whose rules this library does not write`,
        ),
      );
      expect(error.message).toMatch(
        /Fix: allow .* set storageCsiDrivers\.egressAllowedByYourFirewall = true, or use ClusterNetwork with ClusterEgress\.azureFirewall\(\)/,
      );
    },
  );

  it("passes a token switch through and adds the driver's rule (it may be on)", () => {
    const stack = newStack();
    const network = new ClusterNetwork(stack, "Network", {
      resourceGroupName: "rg-net",
      location: "westeurope",
      namePrefix: "aks-csi",
      egress: ClusterEgress.azureFirewall(),
    });
    const files = new TerraformVariable(stack, "files", { type: "bool" }).booleanValue as unknown as boolean;
    new SecureCluster(stack, "Cluster", {
      ...baseProps({ storageCsiDrivers: { azureFiles: files } }),
      existingNetwork: undefined,
      network,
    });
    const doc = synth(stack);
    expect(only(doc, "azurerm_kubernetes_cluster").storage_profile.file_driver_enabled).toBe("${var.files}");
    expect(only(doc, "azurerm_firewall_policy_rule_collection_group").network_rule_collection[0].rule[0].name).toBe(
      "azure-files-smb",
    );
  });

  it("refuses a non-boolean driver switch", () => {
    const error = thrown(() => makeCluster({ storageCsiDrivers: { azureFiles: "yes" as unknown as boolean } }));
    expect(error.prop).toBe("storageCsiDrivers.azureFiles");
    expect(error.message).toMatch(/not a boolean/);
  });
});
