/** One message the catcher holds. */
export interface CaughtMail {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  /** The text body; "" when the message had none. */
  text: string;
  /** The HTML body; "" when the message had none. */
  html: string;
  /** Every http(s) URL in the message, in order of first appearance. */
  links: string[];
  /** ISO 8601. */
  sentAt: string;
}

/** The newest messages kept; older ones are dropped (it is a development inbox). */
const MAX_MESSAGES = 500;

/** The catcher's inbox, in memory: a restart empties it. */
export interface MailStore {
  add(mail: Omit<CaughtMail, "id" | "sentAt" | "links">, id: string): CaughtMail;
  /** Newest first; only those with `to` among their recipients (any case) when given. */
  list(to?: string): CaughtMail[];
}

export function createMailStore(now: () => number = Date.now): MailStore {
  const messages: CaughtMail[] = [];
  return {
    add(mail, id) {
      const caught = {
        ...mail,
        id,
        links: findLinks(mail.text, mail.html),
        sentAt: new Date(now()).toISOString(),
      };
      messages.unshift(caught);
      messages.length = Math.min(messages.length, MAX_MESSAGES);
      return caught;
    },
    list(to) {
      if (to === undefined) return [...messages];
      const wanted = to.trim().toLowerCase();
      return messages.filter((mail) =>
        [...mail.to, ...mail.cc, ...mail.bcc].some((address) => bareAddress(address) === wanted),
      );
    },
  };
}

/** `Ann <ann@example.com>` and `ann@example.com` are the same recipient. */
function bareAddress(address: string): string {
  return (/<([^>]*)>\s*$/.exec(address)?.[1] ?? address).trim().toLowerCase();
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;
const HREF = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The http(s) URLs of a message: the HTML's links and the text's URLs, each once. */
export function findLinks(text: string, html: string): string[] {
  const hrefs = [...html.matchAll(HREF)].map((m) => decodeEntities(m[1] ?? m[2] ?? m[3] ?? ""));
  const inText = [...text.matchAll(URL_IN_TEXT), ...html.matchAll(URL_IN_TEXT)].map((m) =>
    // A sentence's full stop or closing bracket after a URL is not part of it.
    decodeEntities(m[0]).replace(/[.,;:!?)\]]+$/, ""),
  );
  return [...new Set([...hrefs, ...inText].filter((url) => /^https?:\/\//i.test(url)))];
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1]?.toLowerCase() === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}
