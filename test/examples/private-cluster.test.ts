import { Testing } from "cdktf";
import { privateClusterExample } from "../../examples/private-cluster";
import { Json, only, resources } from "../cluster/helpers";

const EXAMPLE_ENV = ["ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "AKS_ADMIN_GROUP_OBJECT_IDS", "AZURE_LOCATION", "RESOURCE_PREFIX", "FIREWALL_PRIVATE_IP", "TF_BACKEND_RESOURCE_GROUP", "TF_BACKEND_STORAGE_ACCOUNT", "TF_BACKEND_CONTAINER"];

function synthExample(env: Record<string, string> = {}): string {
  const saved = Object.fromEntries(EXAMPLE_ENV.map((name) => [name, process.env[name]]));
  for (const name of EXAMPLE_ENV) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return Testing.synth(privateClusterExample(Testing.app()), true);
  } finally {
    for (const name of EXAMPLE_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

describe("example: private-cluster", () => {
  const text = synthExample();
  const doc: Json = JSON.parse(text);

  it("is a private cluster in its own network with NAT egress", () => {
    const aks = only(doc, "azurerm_kubernetes_cluster");
    expect(aks.private_cluster_enabled).toBe(true);
    expect(aks.private_dns_zone_id).toBe("System");
    expect(aks.network_profile.outbound_type).toBe("userAssignedNATGateway");
    expect(aks.default_node_pool.vnet_subnet_id).toMatch(/^\$\{azurerm_subnet\.Network_NodeSubnet_[A-F0-9]+\.id\}$/);
    expect(aks.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_subnet_nat_gateway_association\./)]));
    expect(only(doc, "azurerm_nat_gateway").name).toBe("ng-secaks-private");
  });

  it("uses placeholders offline and a relative local state path", () => {
    expect(doc.terraform.backend.local.path).toBe("../../../terraform.private-cluster.tfstate");
    expect(doc.provider.azurerm[0].subscription_id).toBe("00000000-0000-4000-8000-000000000001");
    expect(only(doc, "azurerm_kubernetes_cluster").azure_active_directory_role_based_access_control.admin_group_object_ids).toEqual([
      "00000000-0000-4000-8000-000000000003",
    ]);
  });

  it("routes through a hub firewall and an azurerm backend when their variables are set", () => {
    const withHub: Json = JSON.parse(
      synthExample({ FIREWALL_PRIVATE_IP: "10.0.1.4", TF_BACKEND_RESOURCE_GROUP: "rg-tfstate", TF_BACKEND_STORAGE_ACCOUNT: "sttfstate", TF_BACKEND_CONTAINER: "tfstate", AKS_ADMIN_GROUP_OBJECT_IDS: "11111111-1111-4111-8111-111111111111, 22222222-2222-4222-8222-222222222222" }),
    );
    expect(only(withHub, "azurerm_kubernetes_cluster").network_profile.outbound_type).toBe("userDefinedRouting");
    expect(only(withHub, "azurerm_route_table").route[0].next_hop_in_ip_address).toBe("10.0.1.4");
    expect(resources(withHub, "azurerm_nat_gateway")).toHaveLength(0);
    expect(withHub.terraform.backend.azurerm).toMatchObject({ key: "private-cluster.tfstate", use_azuread_auth: true, storage_account_name: "sttfstate" });
    expect(only(withHub, "azurerm_kubernetes_cluster").azure_active_directory_role_based_access_control.admin_group_object_ids).toHaveLength(2);
  });

  it("synthesizes deterministically", () => {
    expect(synthExample()).toBe(text);
  });

  it("matches the snapshot", () => {
    expect(text).toMatchSnapshot();
  });
});
