import { App, TerraformStack, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SecureCluster } from "../../lib/cluster/secure-cluster";
import { baseProps, expectInvalid, makeCluster, only, synth } from "./helpers";

describe("SecureCluster.kubernetesProvider", () => {
  test("kubelogin exec with the AKS server id; host and CA from kube_config (not kube_admin_config)", () => {
    const { stack, cluster } = makeCluster();
    cluster.kubernetesProvider(stack, "k8s");
    const provider = synth(stack).provider.kubernetes[0];
    expect(provider).toEqual({
      host: "${azurerm_kubernetes_cluster.Cluster_EB0386A7.kube_config[0].host}",
      cluster_ca_certificate:
        "${base64decode(azurerm_kubernetes_cluster.Cluster_EB0386A7.kube_config[0].cluster_ca_certificate)}",
      exec: [
        {
          api_version: "client.authentication.k8s.io/v1beta1",
          command: "kubelogin",
          args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
        },
      ],
    });
    expect(JSON.stringify(provider)).not.toContain("kube_admin_config");
  });

  test.each(["spn", "msi", "workloadidentity"] as const)("login mode %s with alias", (login) => {
    const { stack, cluster } = makeCluster();
    cluster.kubernetesProvider(stack, `k8s-${login}`, { login, alias: login });
    const provider = synth(stack).provider.kubernetes[0];
    expect(provider.alias).toBe(login);
    const args = provider.exec[0].args;
    expect(args.slice(0, 5)).toEqual([
      "get-token",
      "--login",
      login,
      "--server-id",
      "6dae42f8-4368-4678-94ff-3960e28e3630",
    ]);
    if (login === "spn") expect(args.slice(5)).toEqual(["--tenant-id", "11111111-1111-4111-8111-111111111111"]);
    else expect(args).toHaveLength(5);
  });

  test("an unknown login mode is rejected", () => {
    const { stack, cluster } = makeCluster();
    expectInvalid(
      () => cluster.kubernetesProvider(stack, "k8s", { login: "devicecode" as "azurecli" }),
      "kubernetesProvider.login",
      '"devicecode"',
    );
  });
});

describe("escape hatch and determinism", () => {
  test("exposed resources can be overridden", () => {
    const { stack, cluster } = makeCluster();
    cluster.kubernetesCluster.addOverride("cost_analysis_enabled", true);
    cluster.userNodePool.nodePool.addOverride("node_labels", { tier: "web" });
    cluster.controlPlaneIdentity.addOverride("tags", { owner: "platform" });
    cluster.guardrails.podSecurityBaseline.addOverride("enforce", false);
    const doc = synth(stack);
    expect(only(doc, "azurerm_kubernetes_cluster").cost_analysis_enabled).toBe(true);
    expect(only(doc, "azurerm_kubernetes_cluster_node_pool").node_labels).toEqual({ tier: "web" });
    expect(only(doc, "azurerm_user_assigned_identity").tags).toEqual({ owner: "platform" });
    expect(cluster.diagnosticSetting).toBeDefined();
    expect(cluster.containerInsightsDataCollectionRule).toBeDefined();
    expect(cluster.containerInsightsDataCollectionRuleAssociation).toBeDefined();
    expect(cluster.logAnalyticsWorkspace).toBeDefined();
    expect(cluster.roleAssignments).toHaveLength(1);
  });

  test("two independent builds synthesize byte-identical JSON", () => {
    const build = () => {
      const app = new App();
      const stack = new TerraformStack(app, "det");
      new AzurermProvider(stack, "azurerm", { features: [{}] });
      const cluster = new SecureCluster(stack, "Cluster", baseProps());
      cluster.registerTenantNamespace("zeta");
      cluster.registerTenantNamespace("alpha");
      cluster.addNodePool("Extra", { name: "extra", nodeTaints: ["tenant=alpha:NoSchedule"] });
      cluster.kubernetesProvider(stack, "k8s");
      return Testing.synth(stack);
    };
    expect(build()).toBe(build());
  });
});
