import { CLUSTER_RULES } from "../../../../lib/baseline/rules/cluster/index";
import { Rule } from "../../../../lib/baseline/rule";
import { clusterFixture, evaluate } from "./fixtures";

const rule = (id: string): Rule => CLUSTER_RULES.find((candidate) => candidate.id === id)!;

describe("AKS-TEN-07 no Service externalIPs (d46c275d)", () => {
  const ten07 = (options: Parameters<typeof clusterFixture>[0]) =>
    evaluate(rule("AKS-TEN-07"), clusterFixture(options));

  it("passes Deny with an empty allow-list, and Deny without the parameter (its default is [])", () => {
    expect(ten07({})).toMatchObject({
      outcome: "passed",
      attribute: "policy_assignment.parameters.effect",
      value: "deny",
    });
    expect(ten07({ policyParameters: { external_ips: { effect: { value: "Deny" } } } })).toMatchObject({
      outcome: "passed",
    });
  });

  it("fails without the assignment, with Audit (the built-in's default), and with an allowed IP", () => {
    expect(ten07({ withoutPolicies: ["external_ips"] })).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment",
      message: expect.stringContaining("no policy assignment of the allowed-external-IPs policy (d46c275d)"),
    });
    expect(ten07({ policyParameters: { external_ips: {} } })).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.effect",
      value: "audit",
    });
    expect(
      ten07({
        policyParameters: {
          external_ips: { effect: { value: "Deny" }, allowedExternalIPs: { value: ["203.0.113.10"] } },
        },
      }),
    ).toMatchObject({
      outcome: "failed",
      attribute: "policy_assignment.parameters.allowedExternalIPs",
      value: ["203.0.113.10"],
      message: expect.stringContaining("CVE-2020-8554"),
    });
  });

  it("is unknown when the effect or the allow-list is an expression", () => {
    expect(ten07({ policyParameters: { external_ips: "${jsonencode(var.params)}" } })).toMatchObject({
      outcome: "unknown",
    });
    expect(
      ten07({
        policyParameters: { external_ips: { effect: { value: "Deny" }, allowedExternalIPs: { value: "${var.ips}" } } },
      }),
    ).toMatchObject({ outcome: "unknown", attribute: "policy_assignment.parameters" });
  });
});
