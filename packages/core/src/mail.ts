/**
 * Sending email through SES (v2 `SendEmail`, simple content: a text and an HTML body). The
 * sender is the `Email` link's (`sst.aws.Email`); locally the client's endpoint is the mail
 * catcher. Messages hold links with secrets in them: nothing here logs a message.
 * @module
 */
import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { ses } from "./clients";
import { config } from "./config";

/** One message to one person. */
export interface Message {
  to: string;
  subject: string;
  /** The plain-text body. */
  text: string;
  /** The HTML body; every value in it must already be escaped (see {@link escapeHtml}). */
  html: string;
}

/** `&`, `<`, `>`, `"` and `'` as entities: safe in HTML text and in quoted attributes. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/**
 * The From address: the sender identity itself when it is an address, or `no-reply@` a
 * domain identity, with the app's name.
 */
const from = () => {
  const sender = config.mailSender();
  return `ShareSpace <${sender.includes("@") ? sender : `no-reply@${sender}`}>`;
};

/** Email, as SES sends it. */
export namespace Mail {
  export async function send(message: Message): Promise<void> {
    const charset = "UTF-8";
    await ses().send(
      new SendEmailCommand({
        FromEmailAddress: from(),
        ConfigurationSetName: config.mailConfigSet(),
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: charset },
            Body: {
              Text: { Data: message.text, Charset: charset },
              Html: { Data: message.html, Charset: charset },
            },
          },
        },
      }),
    );
  }
}
