import {
  type CreateLinkBody,
  type LinkInfo,
  limits,
  type UpdateLinkBody,
} from "@sharespace/core/schema";

/** The expiry choices the link form offers, in seconds (`null`: the link never expires). */
export const expiryPresets = [
  { label: "Never", seconds: null },
  { label: "1 hour", seconds: 60 * 60 },
  { label: "1 day", seconds: 24 * 60 * 60 },
  { label: "7 days", seconds: 7 * 24 * 60 * 60 },
  { label: "30 days", seconds: 30 * 24 * 60 * 60 },
  { label: "1 year", seconds: limits.link.maxExpirySeconds },
] as const satisfies readonly { label: string; seconds: number | null }[];

/** What the link form holds while it is edited: every field as typed. */
export interface LinkDraft {
  /** An index into {@link expiryPresets}, or `keep` (editing: leave the expiry as it is). */
  expiry: number | "keep";
  /** Editing a link that has one: keep it, change it or remove it. */
  passwordMode: "none" | "keep" | "set";
  password: string;
  allowDownload: boolean;
  /** Empty: no cap. */
  maxViews: string;
  /** Empty: no custom name. */
  slug: string;
}

export const newDraft = (): LinkDraft => ({
  expiry: 0,
  passwordMode: "none",
  password: "",
  allowDownload: true,
  maxViews: "",
  slug: "",
});

/** The form for editing an existing link: everything as it is now. */
export const draftOf = (link: LinkInfo): LinkDraft => ({
  expiry: "keep",
  passwordMode: link.hasPassword ? "keep" : "none",
  password: "",
  allowDownload: link.allowDownload,
  maxViews: link.maxViews === null ? "" : String(link.maxViews),
  slug: link.slug ?? "",
});

/** A field problem of the draft, named like the API's `details[].path`. */
export interface DraftProblem {
  path: "password" | "maxViews" | "slug";
  message: string;
}

/**
 * Link passwords travel in a request header, which carries printable ASCII only: anything
 * else could not be typed back by the visitor's browser.
 */
const HEADER_SAFE = /^[\x20-\x7e]*$/;
const SLUG = new RegExp(`^[a-z0-9-]{${limits.link.slug.min},${limits.link.slug.max}}$`);

/** The draft's problems, checked as the API would (so the person learns them before sending). */
export function problemsOf(draft: LinkDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const { min, max } = limits.link.password;
  if (draft.passwordMode === "set") {
    const length = [...draft.password].length;
    if (length < min || length > max) {
      problems.push({ path: "password", message: `Use ${min} to ${max} characters.` });
    } else if (!HEADER_SAFE.test(draft.password)) {
      problems.push({
        path: "password",
        message: "Use letters, digits, spaces and keyboard symbols (no accents or emoji).",
      });
    }
  }
  const views = draft.maxViews.trim();
  if (views) {
    const count = Number(views);
    if (!Number.isInteger(count) || count < 1 || count > limits.link.maxViews) {
      problems.push({
        path: "maxViews",
        message: `Enter a whole number from 1 to ${limits.link.maxViews.toLocaleString()}.`,
      });
    }
  }
  const slug = draft.slug.trim();
  if (slug && !SLUG.test(slug)) {
    problems.push({
      path: "slug",
      message: `Use ${limits.link.slug.min}–${limits.link.slug.max} lower-case letters, digits and dashes.`,
    });
  }
  return problems;
}

/** `POST …/links`: only the controls the person set. Assumes {@link problemsOf} is empty. */
export function createBody(draft: LinkDraft): CreateLinkBody {
  const body: CreateLinkBody = { allowDownload: draft.allowDownload };
  const seconds = draft.expiry === "keep" ? null : expiryPresets[draft.expiry]?.seconds;
  if (seconds) body.expiresInSeconds = seconds;
  if (draft.passwordMode === "set") body.password = draft.password;
  if (draft.maxViews.trim()) body.maxViews = Number(draft.maxViews.trim());
  if (draft.slug.trim()) body.slug = draft.slug.trim();
  return body;
}

/**
 * `PATCH …/links/{token}`: what differs from the link as it is, with `null` for a control
 * the person removed.
 */
export function updateBody(link: LinkInfo, draft: LinkDraft): UpdateLinkBody {
  const body: UpdateLinkBody = {};
  if (draft.expiry !== "keep") body.expiresInSeconds = expiryPresets[draft.expiry]?.seconds ?? null;
  if (draft.passwordMode === "set") body.password = draft.password;
  else if (draft.passwordMode === "none" && link.hasPassword) body.password = null;
  if (draft.allowDownload !== link.allowDownload) body.allowDownload = draft.allowDownload;
  const views = draft.maxViews.trim() ? Number(draft.maxViews.trim()) : null;
  if (views !== link.maxViews) body.maxViews = views;
  const slug = draft.slug.trim() || null;
  if (slug !== (link.slug ?? null)) body.slug = slug;
  return body;
}

/** The link's address to hand out: its custom name's when it has one. */
export const linkUrl = (link: Pick<LinkInfo, "url">, origin: string) =>
  new URL(link.url, origin).href;

/** "Never expires", "Expires in 3 days", "Expired 2 hours ago". */
export function describeExpiry(expiresAt: string | null, now: number): string {
  if (!expiresAt) return "Never expires";
  const ms = Date.parse(expiresAt) - now;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const abs = Math.abs(ms);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < 60 * 60_000
      ? [Math.round(ms / 60_000), "minute"]
      : abs < 48 * 60 * 60_000
        ? [Math.round(ms / (60 * 60_000)), "hour"]
        : [Math.round(ms / (24 * 60 * 60_000)), "day"];
  return `${ms > 0 ? "Expires" : "Expired"} ${format.format(value, unit)}`;
}

/** "3 views", "2 of 3 views". */
export function describeViews(link: Pick<LinkInfo, "views" | "maxViews">): string {
  const noun = (n: number) => (n === 1 ? "view" : "views");
  return link.maxViews === null
    ? `${link.views.toLocaleString()} ${noun(link.views)}`
    : `${link.views.toLocaleString()} of ${link.maxViews.toLocaleString()} ${noun(link.maxViews)}`;
}

/** The state as a word for a badge. */
export const stateLabel: Record<LinkInfo["state"], string> = {
  active: "Active",
  expired: "Expired",
  exhausted: "Used up",
};
