import { isExpression, readAttribute } from "../../rule";
import { defineRule } from "../define-rule";
import { failed, passed, unknown } from "../findings";

/**
 * Warning: Defender alerts reach people only through the subscription's security contact. Alerts
 * on and to admins, an email, and a phone (CKV_AZURE_20/21/22/131); a contact without a phone is
 * accepted with a suppression that says why (e.g. the SOC works from email and a pager).
 */
export const aksDef03 = defineRule("AKS-DEF-03", {
  resourceTypes: ["azurerm_security_center_contact"],
  fix: 'Set alert_notifications = true, alerts_to_admins = true, an email and a phone (DefenderPlan securityContact: { email, phone }); without a phone, SecurityBaseline.suppress(plan, "AKS-DEF-03", "<why alerts reach someone without a phone>").',
  evaluate: (contact) => {
    for (const attribute of ["alert_notifications", "alerts_to_admins"]) {
      const value = readAttribute(contact.config, attribute);
      if (isExpression(value)) return unknown(attribute, value);
      if (value !== true && value !== "true")
        return failed(attribute, value, "Defender does not send its alert emails (CKV_AZURE_21/22 fail)");
    }
    for (const attribute of ["email", "phone"]) {
      const value = readAttribute(contact.config, attribute);
      if (isExpression(value)) return unknown(attribute, value);
      if (typeof value !== "string" || value.trim() === "") {
        return failed(
          attribute,
          value,
          attribute === "email"
            ? "nobody receives Defender's alert emails"
            : "no phone to reach the contact for a high-severity alert (CKV_AZURE_20); accept it with a suppression that says how alerts reach someone",
        );
      }
    }
    return passed("phone", readAttribute(contact.config, "phone"));
  },
});
