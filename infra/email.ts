import { emailLinkActions, emailLinkResources } from "../packages/functions/src/permissions";

/*
 * A link to the Email component normally grants `ses:*` on its identity and `SendEmail` on
 * every resource. Narrow it to sending: `ses:SendEmail` (SES v2's SendEmail, simple content)
 * on the account's identities (the sender's; in the SES sandbox the recipient's is checked
 * too) and the component's configuration set.
 */
sst.Linkable.wrap(sst.aws.Email, (email) => ({
  properties: { sender: email.sender, configSet: email.configSet },
  include: [
    sst.aws.permission({
      actions: [...emailLinkActions],
      resources: email.configSet.apply(emailLinkResources),
    }),
  ],
}));

/**
 * Where verification, password reset and share notification emails come from:
 * `SHARESPACE_EMAIL_SENDER` at deploy time, an address (`no-reply@example.org`) or a domain
 * (mail then comes from `no-reply@` it). SES sends only once the identity is verified (see
 * the README, "Deploying"); until then the Auth function logs each email it could not send,
 * and Notify's messages fail into their dead-letter queue (which alarms).
 */
export const email = new sst.aws.Email("Email", {
  sender: process.env.SHARESPACE_EMAIL_SENDER ?? "no-reply@example.com",
});
