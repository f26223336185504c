import type { CaughtMail } from "./store";

/** Text safe inside HTML, attribute values included. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * No script, nothing fetched from elsewhere: a caught message is shown, never run. Its HTML
 * body is framed without scripts, forms or navigation of this page (`sandbox`), so a link
 * in it opens in a new tab, and remote images stay unloaded.
 */
export const MAIL_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light dark; font: 16px/1.5 system-ui, sans-serif; }
body { margin: 0 auto; max-width: 56rem; padding: 1rem; }
article { border: 1px solid #8888; border-radius: 8px; padding: 0 1rem 1rem; margin: 1rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; }
iframe { width: 100%; min-height: 16rem; border: 1px solid #8888; background: #fff; }
a { overflow-wrap: anywhere; }
`;

/** The inbox as a page: newest first, each message's links clickable. */
export function renderMailPage(messages: CaughtMail[]): string {
  const items = messages.map(renderMessage).join("\n");
  const empty = "<p>No messages yet. Mail the app sends while it runs appears here.</p>";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local mail · ShareSpace</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Local mail</h1>
<p>Every email ShareSpace sends while <code>npm start</code> runs, newest first. Nothing leaves
this machine; the list empties when the stack stops. As JSON: <a href="/_local/mail.json">/_local/mail.json</a>.</p>
${messages.length ? items : empty}
</main>
</body>
</html>
`;
}

function renderMessage(mail: CaughtMail): string {
  const row = (label: string, value: string) =>
    value ? `<dt>${label}</dt><dd>${escapeHtml(value)}</dd>` : "";
  const links = mail.links.length
    ? `<h3>Links</h3><ul>${mail.links
        .map((url) => `<li><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></li>`)
        .join("")}</ul>`
    : "";
  const text = mail.text ? `<h3>Text</h3><pre>${linkify(mail.text)}</pre>` : "";
  const html = mail.html
    ? `<h3>HTML</h3><iframe title="HTML body of ${escapeHtml(mail.subject)}" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(
        `<base target="_blank">${mail.html}`,
      )}"></iframe>`
    : "";
  return `<article>
<h2>${escapeHtml(mail.subject || "(no subject)")}</h2>
<dl>${row("From", mail.from)}${row("To", mail.to.join(", "))}${row("Cc", mail.cc.join(", "))}${row("Bcc", mail.bcc.join(", "))}${row("Sent", mail.sentAt)}</dl>
${links}${text}${html}
</article>`;
}

/** Escaped text with its http(s) URLs as links. */
function linkify(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, "");
    out += escapeHtml(text.slice(last, match.index));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return out + escapeHtml(text.slice(last));
}
