/**
 * The HTML of a link's page (`/s/{token or slug}`): the web app's own `index.html` with the
 * tags a chat or social preview reads (Open Graph, Twitter card) and `noindex` filled in.
 * Crawlers run no JavaScript, so these must come from the server; the React app then
 * starts as on any page.
 * @module
 */
import type { Link } from "@sharespace/core/link";

const SHELL_TTL_MS = 5 * 60 * 1000;
const SHELL_TIMEOUT_MS = 2000;

/** Used when the app's own page cannot be fetched: the tags still reach the crawler. */
const FALLBACK_SHELL =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ShareSpace</title></head><body><div id="root"></div></body></html>';

let cached: { html: string; at: number } | undefined;

/**
 * The web app's `index.html`, from the app's own origin (the router serves it at `/`),
 * kept for five minutes per instance.
 */
export async function appShell(siteUrl: string, now = Date.now()): Promise<string> {
  if (cached && now - cached.at < SHELL_TTL_MS) return cached.html;
  try {
    const res = await fetch(`${siteUrl}/`, { signal: AbortSignal.timeout(SHELL_TIMEOUT_MS) });
    const html = await res.text();
    if (!res.ok || !/<head[\s>]/i.test(html)) return FALLBACK_SHELL;
    cached = { html, at: now };
    return html;
  } catch {
    return FALLBACK_SHELL;
  }
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const titles: Record<Link.Preview["state"], string> = {
  active: "Shared with you on ShareSpace",
  expired: "This link has expired",
  exhausted: "This link has been used up",
  missing: "This link doesn't work",
};

/** The page: the shell with its title replaced and the preview tags added to its head. */
export function linkPage(
  shell: string,
  preview: Link.Preview,
  urls: { page: string; card: string },
): string {
  const title = preview.state === "active" && preview.title ? preview.title : titles[preview.state];
  const meta = (attr: "name" | "property", key: string, value: string) =>
    `<meta ${attr}="${key}" content="${escapeHtml(value)}">`;
  const tags = [
    meta("name", "robots", "noindex, nofollow"),
    meta("property", "og:type", "website"),
    meta("property", "og:site_name", "ShareSpace"),
    meta("property", "og:title", title),
    meta("property", "og:url", urls.page),
    ...(preview.card ? [meta("property", "og:image", urls.card)] : []),
    meta("name", "twitter:card", preview.card ? "summary_large_image" : "summary"),
    meta("name", "twitter:title", title),
    ...(preview.card ? [meta("name", "twitter:image", urls.card)] : []),
  ].join("");
  const titled = /<title>[\s\S]*?<\/title>/i.test(shell)
    ? shell.replace(/<title>[\s\S]*?<\/title>/i, `<title>${escapeHtml(title)}</title>`)
    : shell.replace(/<head([^>]*)>/i, `<head$1><title>${escapeHtml(title)}</title>`);
  return titled.replace(/<\/head>/i, `${tags}</head>`);
}
