import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { requireTags } from "../../lib/util/validation";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { ClusterNetwork } from "../../lib/network/cluster-network";
import { ClusterEgress } from "../../lib/network/cluster-egress";
import { IsolatedNamespace } from "../../lib/namespace/isolated-namespace";
import { KeyVaultCsi } from "../../lib/secrets/key-vault-csi";
import { AcrIntegration } from "../../lib/registry/acr-integration";
import { TenantPlatform } from "../../lib/topology/tenant-platform";
import { importedCluster, PE_SUBNET, TENANT } from "../registry/fixtures";
import { baseProps, makeCluster, newStack, thrown } from "../cluster/helpers";

const stack = () => new TerraformStack(Testing.app(), "test");

describe("requireTags: Azure's tag limits (tag-resources.md, Limitations)", () => {
  test("accepts 50 tags, a 512-character name and a 256-character value", () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, "x"]));
    expect(() => requireTags(stack(), "tags", fifty)).not.toThrow();
    expect(() => requireTags(stack(), "tags", { ["n".repeat(512)]: "v".repeat(256) })).not.toThrow();
    expect(() => requireTags(stack(), "tags", undefined)).not.toThrow();
  });

  test("a 513-character name", () => {
    const error = thrown(() => requireTags(stack(), "tags", { ["n".repeat(513)]: "v" }));
    expect(error.constructPath).toBe("test");
    expect(error.prop).toBe(`tags["${"n".repeat(40)}…"]`);
    expect(error.value).toBe("513-character name");
    expect(error.fix).toContain("at most 512");
  });

  test("a 257-character value", () => {
    const error = thrown(() => requireTags(stack(), "tags", { owner: "v".repeat(257) }));
    expect(error.prop).toBe('tags["owner"]');
    expect(error.message).toContain("256 characters per tag value");
  });

  test.each(["cost/center", "a<b", "a>b", "50%", "r&d", "back\\slash", "why?"])(
    "a name with a forbidden character: %s",
    (name) => {
      const error = thrown(() => requireTags(stack(), "tags", { [name]: "v" }));
      expect(error.value).toBe(name);
      expect(error.message).toContain("< > % & \\ ? /");
    },
  );

  test("more than 50 tags, and an empty name", () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "x"]));
    expect(thrown(() => requireTags(stack(), "tags", many)).value).toBe("51 tags");
    expect(thrown(() => requireTags(stack(), "tags", { "": "x" })).value).toBe("0-character name");
  });

  test("tokens are never rejected", () => {
    const s = stack();
    const value = new TerraformVariable(s, "v", { type: "string" }).stringValue;
    const map = new TerraformVariable(s, "m", { type: "map(string)" });
    expect(() => requireTags(s, "tags", { owner: value })).not.toThrow();
    expect(() => requireTags(s, "tags", map.value as Record<string, string>)).not.toThrow();
  });
});

describe("every construct that accepts tags checks them", () => {
  const bad = { "cost/center": "42" };
  const expectBadTag = (build: () => unknown, path: string, prop: string) => {
    const error = thrown(build);
    expect(error.constructPath).toBe(path);
    expect(error.prop).toBe(prop);
  };

  test("SecureCluster and its node pools", () => {
    expectBadTag(() => makeCluster({ tags: bad }), "test/Cluster", 'tags["cost/center"]');
    expectBadTag(
      () => makeCluster({ userNodePool: { tags: bad } }),
      "test/Cluster/UserPool",
      'userNodePool.tags["cost/center"]',
    );
  });

  test("ClusterNetwork", () => {
    expectBadTag(
      () =>
        new ClusterNetwork(newStack(), "Network", {
          resourceGroupName: "rg",
          location: "westeurope",
          namePrefix: "aks",
          egress: ClusterEgress.natGateway(),
          tags: bad,
        }),
      "test/Network",
      'tags["cost/center"]',
    );
  });

  test("IsolatedNamespace", () => {
    const s = newStack();
    const cluster = new SecureCluster(s, "Cluster", baseProps());
    expectBadTag(
      () =>
        new IsolatedNamespace(s, "TeamA", {
          cluster,
          name: "team-a",
          provider: new KubernetesProvider(s, "k8s", {}),
          tags: bad,
        }),
      "test/TeamA",
      'tags["cost/center"]',
    );
  });

  test("KeyVaultCsi and AcrIntegration", () => {
    const s = newStack();
    const cluster = importedCluster(s, "Cluster");
    expectBadTag(
      () =>
        new KeyVaultCsi(s, "Kv", {
          vaultName: "kv-team-a",
          resourceGroupName: "rg",
          location: "westeurope",
          cluster,
          privateEndpoint: { subnetId: PE_SUBNET },
          tags: bad,
        }),
      "test/Kv",
      'tags["cost/center"]',
    );
    expectBadTag(
      () =>
        new AcrIntegration(s, "Acr", {
          registryName: "acrteama",
          resourceGroupName: "rg",
          location: "westeurope",
          clusters: [cluster],
          privateEndpoint: { subnetId: PE_SUBNET },
          tags: bad,
        }),
      "test/Acr",
      'tags["cost/center"]',
    );
  });

  test("TenantPlatform tenants", () => {
    const build = () =>
      new TenantPlatform(Testing.app(), "p", {
        name: "p",
        location: "westeurope",
        tenantId: TENANT,
        adminGroupObjectIds: ["22222222-2222-4222-8222-222222222222"],
        kubernetesVersion: "1.36",
        configureStack: () => undefined,
        tenants: [{ name: "team-a", trustLevel: "trusted", tags: bad }],
      });
    expectBadTag(build, "p", 'tenants[0].tags["cost/center"]');
  });
});
