import { Testing } from "cdktf";
import {
  ExampleEnvironmentError,
  MAX_RESOURCE_PREFIX_LENGTH,
  exampleConfig,
  tenantGroupObjectIds,
} from "../../examples/config";
import { physicalIsolationExample } from "../../examples/physical-isolation";
import { AZURE_REGIONS_TAKEN } from "../../lib/util/azure-regions";
import { withExampleEnv } from "./environment";

const SUB = "33333333-3333-4333-8333-333333333333";
const VNET = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-runner`;

/** The problems reported for `env`; fails when the configuration is accepted. */
function problems(env: Record<string, string>, read: () => unknown = exampleConfig): readonly string[] {
  try {
    withExampleEnv(env, read);
  } catch (error) {
    if (error instanceof ExampleEnvironmentError) return error.problems;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("example environment", () => {
  test("unset variables give the offline placeholders", () => {
    expect(withExampleEnv({}, exampleConfig)).toEqual({
      subscriptionId: "00000000-0000-4000-8000-000000000001",
      tenantId: "00000000-0000-4000-8000-000000000002",
      adminGroupObjectIds: ["00000000-0000-4000-8000-000000000003"],
      location: "westeurope",
      prefix: "secaks",
      firewallPrivateIp: undefined,
      securityContactEmail: undefined,
      authorizedIpRanges: undefined,
      dnsLinkVirtualNetworkIds: [],
      runnerAllowedFqdns: [
        "management.azure.com",
        "login.microsoftonline.com",
        "registry.terraform.io",
        "releases.hashicorp.com",
      ],
      backend: undefined,
    });
  });

  test("valid values are read as given", () => {
    const config = withExampleEnv(
      {
        ARM_SUBSCRIPTION_ID: SUB,
        AKS_ADMIN_GROUP_OBJECT_IDS: " 11111111-1111-4111-8111-111111111111 , 22222222-2222-4222-8222-222222222222 ",
        AZURE_LOCATION: "Sweden Central",
        RESOURCE_PREFIX: "contoso0123",
        FIREWALL_PRIVATE_IP: "10.0.1.4",
        SECURITY_CONTACT_EMAIL: "secops@contoso.com",
        AKS_AUTHORIZED_IP_RANGES: "203.0.113.0/24,198.51.100.7/32",
        AKS_DNS_LINK_VNET_IDS: VNET,
        RUNNER_ALLOWED_FQDNS: "github.com,*.actions.githubusercontent.com",
        TF_BACKEND_RESOURCE_GROUP: "rg-tfstate",
        TF_BACKEND_STORAGE_ACCOUNT: "sttfstate01",
        TF_BACKEND_CONTAINER: "tf-state",
      },
      exampleConfig,
    );
    expect(config).toMatchObject({
      subscriptionId: SUB,
      adminGroupObjectIds: ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"],
      location: "Sweden Central",
      prefix: "contoso0123",
      authorizedIpRanges: ["203.0.113.0/24", "198.51.100.7/32"],
      dnsLinkVirtualNetworkIds: [VNET],
      runnerAllowedFqdns: ["github.com", "*.actions.githubusercontent.com"],
      backend: { resourceGroupName: "rg-tfstate", storageAccountName: "sttfstate01", containerName: "tf-state" },
    });
  });

  test("RESOURCE_PREFIX too long is reported as RESOURCE_PREFIX with its limit, not as a derived prop", () => {
    expect(problems({ RESOURCE_PREFIX: "contoso01234" })).toEqual([
      `RESOURCE_PREFIX = "contoso01234": is 12 characters; at most ${MAX_RESOURCE_PREFIX_LENGTH} fit (the physical example's resource name prefix "<prefix>-physical" allows 20). Fix: shorten it to 11 characters, e.g. "contoso0123"`,
    ]);
  });

  test("the longest RESOURCE_PREFIX synthesizes the physical example", () => {
    const app = Testing.app();
    withExampleEnv({ RESOURCE_PREFIX: "c".repeat(MAX_RESOURCE_PREFIX_LENGTH) }, () => physicalIsolationExample(app));
    expect(app.node.findAll().length).toBeGreaterThan(0);
  });

  test.each([["Contoso"], ["1contoso"], ["contoso-"], ["con--toso"], ["con_toso"]])(
    "RESOURCE_PREFIX %s has a character the derived names cannot take",
    (prefix) => {
      expect(problems({ RESOURCE_PREFIX: prefix })).toEqual([
        `RESOURCE_PREFIX = ${JSON.stringify(prefix)}: is not lower-case letters, digits and single hyphens starting with a letter and ending with a letter or digit (it becomes part of registry, vault, network and cluster names). Fix: use e.g. "contoso01"`,
      ]);
    },
  );

  test("AZURE_LOCATION=mars is an unknown region", () => {
    expect(problems({ AZURE_LOCATION: "mars" })).toEqual([
      `AZURE_LOCATION = "mars": is not an Azure public-cloud region (list taken ${AZURE_REGIONS_TAKEN}). Fix: use a region name from \`az account list-locations --query "[].name"\`, e.g. "westeurope"`,
    ]);
  });

  test("AZURE_LOCATION=westeurop gets a did-you-mean", () => {
    expect(problems({ AZURE_LOCATION: "westeurop" })).toEqual([
      `AZURE_LOCATION = "westeurop": is not an Azure public-cloud region (list taken ${AZURE_REGIONS_TAKEN}). Fix: did you mean "westeurope"? Otherwise use a region name from \`az account list-locations --query "[].name"\`, e.g. "westeurope"`,
    ]);
  });

  test("AZURE_LOCATION is case-insensitive", () => {
    expect(withExampleEnv({ AZURE_LOCATION: "WestEurope" }, exampleConfig).location).toBe("WestEurope");
  });

  test("ids that are not GUIDs name their variable", () => {
    expect(problems({ ARM_SUBSCRIPTION_ID: "my-sub", ARM_TENANT_ID: "contoso.onmicrosoft.com" })).toEqual([
      'ARM_SUBSCRIPTION_ID = "my-sub": is not a GUID (a subscription id). Fix: set it to `az account show --query id -o tsv`',
      'ARM_TENANT_ID = "contoso.onmicrosoft.com": is not a GUID (an Entra tenant id). Fix: set it to `az account show --query tenantId -o tsv`',
    ]);
  });

  test("a list names the bad item", () => {
    expect(problems({ AKS_ADMIN_GROUP_OBJECT_IDS: `${SUB},platform-admins` })).toEqual([
      `AKS_ADMIN_GROUP_OBJECT_IDS = "${SUB},platform-admins": item "platform-admins" is not a GUID. Fix: list Entra group object ids separated by commas (\`az ad group show -g <group> --query id -o tsv\`)`,
    ]);
  });

  test("a list of only commas lists nothing", () => {
    expect(problems({ AKS_DNS_LINK_VNET_IDS: "," })).toEqual([
      'AKS_DNS_LINK_VNET_IDS = ",": lists nothing. Fix: list ids like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet> separated by commas, or unset it',
    ]);
  });

  test("every other variable is checked, and all problems are reported at once", () => {
    expect(
      problems({
        FIREWALL_PRIVATE_IP: "10.0.1",
        SECURITY_CONTACT_EMAIL: "secops",
        AKS_AUTHORIZED_IP_RANGES: "203.0.113.7/24,example.com",
        AKS_DNS_LINK_VNET_IDS: `${VNET}/subnets/runner`,
        RUNNER_ALLOWED_FQDNS: "https://github.com",
      }),
    ).toEqual([
      expect.stringMatching(/^FIREWALL_PRIVATE_IP = "10.0.1": is not an IPv4 address\. Fix: /),
      expect.stringMatching(/^SECURITY_CONTACT_EMAIL = "secops": is not an email address\. Fix: /),
      expect.stringMatching(
        /^AKS_AUTHORIZED_IP_RANGES = "203.0.113.7\/24,example.com": item "example.com" is not an IPv4 CIDR\. Fix: /,
      ),
      'AKS_AUTHORIZED_IP_RANGES = "203.0.113.7/24,example.com": item "203.0.113.7/24" has host bits set (AKS needs the network address). Fix: write 203.0.113.0/24',
      expect.stringMatching(
        /^AKS_DNS_LINK_VNET_IDS = ".*\/subnets\/runner": item ".*" is not a virtual network resource id\. Fix: /,
      ),
      expect.stringMatching(
        /^RUNNER_ALLOWED_FQDNS = "https:\/\/github.com": item "https:\/\/github.com" is not a host name or a "\*\."-wildcard host name\. Fix: /,
      ),
    ]);
  });

  test("the error message lists every problem under one heading", () => {
    expect(() => withExampleEnv({ AZURE_LOCATION: "mars", RESOURCE_PREFIX: "contoso01234" }, exampleConfig)).toThrow(
      /^Invalid environment for the examples \(examples\/config\.ts\):\n {2}AZURE_LOCATION = "mars": .*\n {2}RESOURCE_PREFIX = "contoso01234": /,
    );
  });

  test("a partial remote backend is an error, not a silent fallback to local state", () => {
    expect(problems({ TF_BACKEND_RESOURCE_GROUP: "rg-tfstate", TF_BACKEND_STORAGE_ACCOUNT: "sttfstate" })).toEqual([
      "TF_BACKEND_CONTAINER = undefined: is unset while TF_BACKEND_RESOURCE_GROUP and TF_BACKEND_STORAGE_ACCOUNT are set. Fix: set all three TF_BACKEND_* variables for the azurerm backend, or none for local state",
    ]);
    expect(problems({ TF_BACKEND_CONTAINER: "tfstate" })).toEqual([
      expect.stringMatching(/^TF_BACKEND_RESOURCE_GROUP = undefined: is unset while TF_BACKEND_CONTAINER is set\./),
      expect.stringMatching(/^TF_BACKEND_STORAGE_ACCOUNT = undefined: is unset while TF_BACKEND_CONTAINER is set\./),
    ]);
  });

  test("backend names follow Azure's naming rules", () => {
    expect(
      problems({
        TF_BACKEND_RESOURCE_GROUP: "rg.",
        TF_BACKEND_STORAGE_ACCOUNT: "St-TfState",
        TF_BACKEND_CONTAINER: "tf--state",
      }),
    ).toEqual([
      expect.stringMatching(/^TF_BACKEND_RESOURCE_GROUP = "rg\.": is not a resource group name/),
      expect.stringMatching(
        /^TF_BACKEND_STORAGE_ACCOUNT = "St-TfState": is not a storage account name \(3-24 lower-case letters and digits\)/,
      ),
      expect.stringMatching(/^TF_BACKEND_CONTAINER = "tf--state": is not a blob container name/),
    ]);
  });

  test("AKS_TENANT_GROUP_<TENANT> names its variable", () => {
    expect(problems({ AKS_TENANT_GROUP_TEAM_A: "team-a-writers" }, () => tenantGroupObjectIds("team-a"))).toEqual([
      `AKS_TENANT_GROUP_TEAM_A = "team-a-writers": item "team-a-writers" is not a GUID. Fix: list the object ids of team-a's Entra groups separated by commas`,
    ]);
    expect(withExampleEnv({ AKS_TENANT_GROUP_TEAM_A: SUB }, () => tenantGroupObjectIds("team-a"))).toEqual([SUB]);
  });
});
