import { App, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { literalResourceName } from "../../lib/cluster/cluster-ownership";
import { TenantPlatform, TenantPlatformProps } from "../../lib/topology/tenant-platform";
import { GROUP, TENANT, baseProps, makeCluster, thrown } from "./helpers";

function stackIn(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  return stack;
}

describe("one Azure cluster, one owner", () => {
  test("the same cluster name in the same resource group in two stacks fails when the second is constructed", () => {
    const app = Testing.app();
    new SecureCluster(stackIn(app, "team-a"), "Cluster", baseProps());
    const error = thrown(
      () => new SecureCluster(stackIn(app, "team-b"), "Cluster", baseProps({ clusterName: "AKS-TEST" })),
    );
    expect(error.constructPath).toBe("team-b/Cluster");
    expect(error.prop).toBe("clusterName");
    expect(error.value).toBe("AKS-TEST");
    expect(error.message).toContain('already declared in resource group "rg-aks" by team-a/Cluster (stack team-a)');
    expect(error.message).toContain("in two stacks");
    expect(error.fix).toContain("declare the cluster once");
  });

  test("resource groups created in the app are compared by their literal name", () => {
    const app = Testing.app();
    for (const id of ["one", "two"]) {
      const stack = stackIn(app, id);
      const group = new ResourceGroup(stack, "Group", { name: "rg-shared", location: "westeurope" });
      const build = () => new SecureCluster(stack, "Cluster", baseProps({ resourceGroupName: group.name }));
      if (id === "one") build();
      else expect(thrown(build).message).toContain('resource group "rg-shared" by one/Cluster');
    }
  });

  test("other names or groups, and names Terraform alone knows, pass", () => {
    const app = Testing.app();
    new SecureCluster(stackIn(app, "a"), "Cluster", baseProps());
    expect(
      () => new SecureCluster(stackIn(app, "b"), "Cluster", baseProps({ clusterName: "aks-other" })),
    ).not.toThrow();
    expect(
      () => new SecureCluster(stackIn(app, "c"), "Cluster", baseProps({ resourceGroupName: "rg-other" })),
    ).not.toThrow();
    expect(literalResourceName("${var.rg}")).toBe("${var.rg}");
    // Another app is another owner scope.
    expect(() => makeCluster()).not.toThrow();
  });
});

describe("admin groups", () => {
  test("a group listed twice (in any case) is rejected with both positions", () => {
    const error = thrown(() =>
      makeCluster({
        entraId: {
          tenantId: TENANT,
          adminGroupObjectIds: [GROUP, "33333333-3333-4333-8333-333333333333", GROUP.toUpperCase()],
        },
      }),
    );
    expect(error.constructPath).toBe("test/Cluster");
    expect(error.prop).toBe("entraId.adminGroupObjectIds[2]");
    expect(error.value).toBe(GROUP.toUpperCase());
    expect(error.message).toContain("repeats entraId.adminGroupObjectIds[0]");
  });
});

describe("TenantPlatform names", () => {
  const props = (name: string): TenantPlatformProps => ({
    name,
    location: "westeurope",
    tenantId: TENANT,
    adminGroupObjectIds: [GROUP],
    kubernetesVersion: "1.36",
    configureStack: (stack) => new AzurermProvider(stack, "azurerm", { features: [{}] }),
    tenants: [{ name: "team-a", trustLevel: "trusted" }],
  });

  test("two TenantPlatforms with the same name fail naming the construct, the prop and the other platform", () => {
    const app = Testing.app();
    new TenantPlatform(app, "first", props("contoso"));
    const error = thrown(
      () => new TenantPlatform(app, "second", { ...props("contoso"), resourceNamePrefix: "contoso2" }),
    );
    expect(error.constructPath).toBe("second");
    expect(error.prop).toBe("name");
    expect(error.value).toBe("contoso");
    expect(error.message).toContain('derives stack "contoso-platform", which TenantPlatform first already created');
  });

  test("a stack id taken by another construct is named too", () => {
    const app = Testing.app();
    new TerraformStack(app, "contoso-platform");
    expect(thrown(() => new TenantPlatform(app, "p", props("contoso"))).message).toContain(
      "which contoso-platform already is",
    );
  });
});
