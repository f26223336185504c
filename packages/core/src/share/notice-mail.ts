/**
 * The share notification email: who shared what, and a link to "Shared with me".
 * @module
 */
import { limits } from "../limits";
import { escapeHtml, type Message } from "../mail";

/** One item named in the email. */
export interface SharedEntry {
  /** The item's title, or its filename. */
  name: string;
  /** The name of who shared it. */
  sharedBy: string;
  sharedAt: string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The subject: who shared, and how much. */
function subject(entries: readonly SharedEntry[]): string {
  const people = [...new Set(entries.map((entry) => entry.sharedBy))];
  const what = entries.length === 1 ? `"${entries[0]?.name}"` : `${entries.length} items`;
  return people.length === 1
    ? `${people[0]} shared ${what} with you on ShareSpace`
    : `${people.length} people shared ${what} with you on ShareSpace`;
}

/** The email to `to` naming `entries` (newest first), linking to `page`. */
export function noticeMessage(
  to: { email: string; name: string },
  entries: readonly SharedEntry[],
  page: string,
): Message {
  const listed = entries.slice(0, limits.share.noticeMaxListed);
  const more = entries.length - listed.length;
  const lines = listed.map((entry) => `${entry.name} (from ${entry.sharedBy})`);
  if (more > 0) lines.push(`and ${more} more`);
  const intro = `${plural(entries.length, "This was", "These were")} shared with you:`;
  const e = escapeHtml;
  return {
    to: to.email,
    subject: subject(entries),
    text: [
      `Hello ${to.name},`,
      "",
      intro,
      ...lines.map((line) => `- ${line}`),
      "",
      `See ${plural(entries.length, "it", "them")} in "Shared with me":`,
      page,
    ].join("\n"),
    html: [
      '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">',
      `<p>${e(`Hello ${to.name},`)}</p>`,
      `<p>${e(intro)}</p>`,
      `<ul>${lines.map((line) => `<li>${e(line)}</li>`).join("")}</ul>`,
      `<p><a href="${e(page)}">Open "Shared with me"</a></p>`,
      `<p>Or copy this address into your browser:<br>${e(page)}</p>`,
      "</body></html>",
    ].join(""),
  };
}
