import { Testing } from "cdktf";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { parseTerraformDocument } from "../../../../lib/baseline/document";
import { Rule, RuleFinding } from "../../../../lib/baseline/rule";
import { WORKLOAD_RULES } from "../../../../lib/baseline/rules/workload/index";
import { compliantFixture, Fixture } from "./fixtures-registry-secrets";

// azurerm renames azurerm_federated_identity_credential.parent_id to user_assigned_identity_id
// (parent_id goes in 5.0, issue 11): every rule that follows a credential to its identity must
// judge a stack written with the new name exactly as one written with the old.
const rule = (id: string): Rule => WORKLOAD_RULES.find((candidate) => candidate.id === id)!;

/** The fixture's JSON with every credential's parent_id moved to user_assigned_identity_id. */
function renamed(fixture: Fixture): Record<string, unknown> {
  const json = JSON.parse(Testing.synth(fixture.stack)) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  for (const credential of Object.values(json.resource.azurerm_federated_identity_credential)) {
    credential.user_assigned_identity_id = credential.parent_id;
    delete credential.parent_id;
  }
  return json;
}

function evaluate(ruleId: string, json: Record<string, unknown>, address: string): RuleFinding | undefined {
  const document = parseTerraformDocument(json);
  return rule(ruleId).evaluate(document.byAddress(address)!, document);
}

/** A second credential federating the tenant's identity into another tenant's namespace. */
function shareIdentity(fixture: Fixture): void {
  new FederatedIdentityCredential(fixture.stack, "tenant_b_fic", {
    name: "tenant-b",
    resourceGroupName: "rg",
    parentId: fixture.identity.id,
    audience: ["api://AzureADTokenExchange"],
    issuer: fixture.cluster.oidcIssuerUrl,
    subject: "system:serviceaccount:tenant-b:app",
  });
}

describe("federated credentials named by user_assigned_identity_id", () => {
  it("pass AKS-IAM-10, AKS-TEN-03 and AKS-SEC-02 for one identity federated to one ServiceAccount", () => {
    const json = renamed(compliantFixture());
    expect(evaluate("AKS-IAM-10", json, "azurerm_federated_identity_credential.tenant_a_fic")).toMatchObject({
      outcome: "passed",
      attribute: "subject",
    });
    expect(evaluate("AKS-TEN-03", json, "azurerm_user_assigned_identity.tenant_a")).toMatchObject({
      outcome: "passed",
    });
    expect(evaluate("AKS-SEC-02", json, "azurerm_role_assignment.read")).toMatchObject({
      outcome: "passed",
      attribute: "principal_id",
    });
  });

  it("fail the same rules for an identity federated into two tenants' namespaces", () => {
    const fixture = compliantFixture();
    shareIdentity(fixture);
    const json = renamed(fixture);
    expect(evaluate("AKS-IAM-10", json, "azurerm_federated_identity_credential.tenant_b_fic")).toMatchObject({
      outcome: "failed",
      attribute: "user_assigned_identity_id",
    });
    expect(evaluate("AKS-TEN-03", json, "azurerm_user_assigned_identity.tenant_a")).toMatchObject({
      outcome: "failed",
    });
    expect(evaluate("AKS-SEC-02", json, "azurerm_role_assignment.read")).toMatchObject({
      outcome: "failed",
      attribute: "principal_id",
    });
  });

  it("still judge parent_id the same way (azurerm 4.55 spelling)", () => {
    const fixture = compliantFixture();
    shareIdentity(fixture);
    const json = JSON.parse(Testing.synth(fixture.stack)) as Record<string, unknown>;
    expect(evaluate("AKS-IAM-10", json, "azurerm_federated_identity_credential.tenant_b_fic")).toMatchObject({
      outcome: "failed",
      attribute: "parent_id",
    });
    expect(evaluate("AKS-TEN-03", json, "azurerm_user_assigned_identity.tenant_a")).toMatchObject({
      outcome: "failed",
    });
  });
});
