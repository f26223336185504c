/**
 * The local mail catcher: an SES v2 stand-in that keeps what handlers send, and the pages
 * that show it (`GET /_local/mail`, `GET /_local/mail.json?to=<email>`). Mounted on the app's
 * own server under `/_local/`; nothing leaves the machine.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAIL_PAGE_CSP, renderMailPage } from "./page";
import { handleSendEmail, SEND_EMAIL_PATH } from "./ses";
import { type CaughtMail, createMailStore } from "./store";

export type { CaughtMail } from "./store";

/** Where the SES stand-in is mounted: `AWS_ENDPOINT_URL_SESV2` is `<origin>` + this. */
export const SES_PATH = "/_local/ses";
export const MAIL_PAGE_PATH = "/_local/mail";

/** The catcher. */
export interface MailCatcher {
  /** Serves `/_local/ses/*`, `/_local/mail` and `/_local/mail.json`; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Caught messages, newest first, optionally only those to one address. */
  messages(to?: string): CaughtMail[];
}

export function createMailCatcher(now: () => number = Date.now): MailCatcher {
  const store = createMailStore(now);
  return {
    messages: (to) => store.list(to),
    handle(req, res) {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname === `${SES_PATH}${SEND_EMAIL_PATH}`) {
        void handleSendEmail(req, res, (mail, id) => store.add(mail, id));
        return true;
      }
      if (url.pathname === MAIL_PAGE_PATH && isRead(req)) {
        res
          .writeHead(200, {
            "content-type": "text/html; charset=utf-8",
            "cache-control": "no-store",
            "content-security-policy": MAIL_PAGE_CSP,
            "x-content-type-options": "nosniff",
          })
          .end(req.method === "HEAD" ? undefined : renderMailPage(store.list()));
        return true;
      }
      if (url.pathname === `${MAIL_PAGE_PATH}.json` && isRead(req)) {
        const to = url.searchParams.get("to") ?? undefined;
        const messages = store.list(to).map(({ to, subject, text, html, links, sentAt }) => ({
          to: to.join(", "),
          subject,
          text,
          html,
          links,
          sentAt,
        }));
        res
          .writeHead(200, { "content-type": "application/json", "cache-control": "no-store" })
          .end(req.method === "HEAD" ? undefined : JSON.stringify({ messages }));
        return true;
      }
      return false;
    },
  };
}

function isRead(req: IncomingMessage): boolean {
  return req.method === "GET" || req.method === "HEAD";
}
