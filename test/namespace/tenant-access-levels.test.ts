import { TENANT_ADMIN, TENANT_WRITER, azureDataActions } from "../../lib/namespace/tenant-access-levels";
import { AKS_DATA_ACTION_PREFIX, TENANT_GUARDRAIL_RESOURCES } from "../../lib/util/azure-roles";

describe("tenant access levels (AKS-TEN-06)", () => {
  it.each([
    ["Writer", TENANT_WRITER],
    ["Admin", TENANT_ADMIN],
  ])("the tenant %s only reads guardrail resources", (_, level) => {
    const actions = azureDataActions(level).map((action) => action.toLowerCase());
    expect(actions).toContain("microsoft.containerservice/managedclusters/networking.k8s.io/networkpolicies/read");
    expect(actions).toContain("microsoft.containerservice/managedclusters/pods/*");
    for (const resource of TENANT_GUARDRAIL_RESOURCES) {
      const prefix = `${AKS_DATA_ACTION_PREFIX.toLowerCase()}${resource}/`;
      const onResource = actions.filter((action) => action.startsWith(prefix));
      expect(onResource.every((action) => action === `${prefix}read`)).toBe(true);
    }
  });
});
