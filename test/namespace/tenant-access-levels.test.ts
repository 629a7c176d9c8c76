import { TENANT_ADMIN, TENANT_WRITER, azureDataActions } from "../../lib/namespace/tenant-access-levels";
import { guardedWrite } from "../../lib/baseline/rules/workload/aks-ten-06";

describe("tenant access levels (AKS-TEN-06)", () => {
  it.each([
    ["Writer", TENANT_WRITER],
    ["Admin", TENANT_ADMIN],
  ])("the tenant %s writes no guardrail resource, as AKS-TEN-06 judges a data action", (_, level) => {
    const actions = azureDataActions(level);
    expect(actions).toContain("Microsoft.ContainerService/managedClusters/networking.k8s.io/networkpolicies/read");
    expect(actions).toContain("Microsoft.ContainerService/managedClusters/pods/*");
    expect(actions.filter((action) => guardedWrite(action) !== undefined)).toEqual([]);
  });

  it("the rule's judgment sees a write of a guardrail resource (the check above can fail)", () => {
    expect(guardedWrite("Microsoft.ContainerService/managedClusters/networking.k8s.io/networkpolicies/*")).toBe(
      "networking.k8s.io/networkpolicies",
    );
    expect(guardedWrite("Microsoft.ContainerService/managedClusters/*")).toBe("every resource");
  });
});
