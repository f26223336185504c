import * as v from "valibot";
import { limits } from "../limits";
import { Email, Timestamp } from "./common";
import { ListLimit, MediaId, MediaInfo } from "./media";
import { maxCharacters, minCharacters, wellFormed } from "./text";

const { link } = limits;

/** `usr_` and a ULID. */
export const UserId = v.pipe(v.string(), v.regex(/^usr_[0-9A-HJKMNP-TV-Z]{26}$/, "Not a user id."));

/** `POST /api/media/{id}/shares`. */
export const ShareBody = v.strictObject({ email: Email });
export type ShareBody = v.InferInput<typeof ShareBody>;

/** `{id}` and `{userId}` of `DELETE /api/media/{id}/shares/{userId}`. */
export const ShareParams = v.strictObject({ id: MediaId, userId: UserId });

/**
 * One person an item is shared with. `pending` while their email is not verified: they see
 * the item once they verify it.
 */
export const ShareInfo = v.object({
  userId: v.string(),
  name: v.string(),
  email: v.string(),
  createdAt: Timestamp,
  pending: v.boolean(),
});
export type ShareInfo = v.InferOutput<typeof ShareInfo>;

export const OneShare = v.object({ share: ShareInfo });
export const ShareList = v.object({ shares: v.array(ShareInfo) });

/** `GET /api/shared`. */
export const ListSharedQuery = v.strictObject({
  limit: ListLimit,
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});
export type ListSharedQuery = v.InferInput<typeof ListSharedQuery>;

/** An item shared with the caller, and who shared it. */
export const SharedMedia = v.object({
  ...MediaInfo.entries,
  sharedBy: v.object({ id: v.string(), name: v.string() }),
  sharedAt: Timestamp,
});
export type SharedMedia = v.InferOutput<typeof SharedMedia>;

export const SharedPage = v.object({
  items: v.array(SharedMedia),
  nextCursor: v.nullable(v.string()),
});
export type SharedPage = v.InferOutput<typeof SharedPage>;

/** A link's custom name: `/s/{slug}`. */
export const Slug = v.pipe(
  v.string("Slug must be a string."),
  v.regex(
    new RegExp(`^[a-z0-9-]{${link.slug.min},${link.slug.max}}$`),
    `Use ${link.slug.min}–${link.slug.max} lower-case letters, digits and dashes.`,
  ),
);

/** What `/s/{…}` and `/api/links/{…}` take: a link's token or its slug. */
export const TokenOrSlug = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{3,64}$/, "Not a link."));

const LinkPassword = v.pipe(
  v.string("Password must be a string."),
  wellFormed("Password contains a character that isn't valid text."),
  minCharacters(link.password.min, `Password must be at least ${link.password.min} characters.`),
  maxCharacters(link.password.max, `Password must be at most ${link.password.max} characters.`),
);

const policy = {
  expiresInSeconds: v.optional(
    v.nullable(
      v.pipe(
        v.number("Send a number of seconds."),
        v.integer("Send a whole number of seconds."),
        v.minValue(link.minExpirySeconds, `A link lives at least ${link.minExpirySeconds} s.`),
        v.maxValue(link.maxExpirySeconds, "A link lives at most a year."),
      ),
    ),
  ),
  password: v.optional(v.nullable(LinkPassword)),
  allowDownload: v.optional(v.boolean("Send true or false.")),
  maxViews: v.optional(
    v.nullable(
      v.pipe(
        v.number("Send a number of views."),
        v.integer("Send a whole number of views."),
        v.minValue(1, "Allow at least one view."),
        v.maxValue(link.maxViews, `At most ${link.maxViews} views.`),
      ),
    ),
  ),
  slug: v.optional(v.nullable(Slug)),
};

/** `POST /api/media/{id}/links`: every control optional. */
export const CreateLinkBody = v.strictObject(policy);
export type CreateLinkBody = v.InferInput<typeof CreateLinkBody>;

/** `PATCH …/links/{token}`: any creation field; `null` removes a control. */
export const UpdateLinkBody = v.strictObject(policy);
export type UpdateLinkBody = v.InferInput<typeof UpdateLinkBody>;

/** `{id}` and `{token}` of an owner's link route. */
export const LinkParams = v.strictObject({ id: MediaId, token: TokenOrSlug });
/** `{tokenOrSlug}` of a public link route. */
export const PublicLinkParams = v.strictObject({ tokenOrSlug: TokenOrSlug });

/** A link as its owner sees it. */
export const LinkInfo = v.object({
  token: v.string(),
  mediaId: v.string(),
  url: v.string(),
  slug: v.optional(v.string()),
  expiresAt: v.nullable(Timestamp),
  hasPassword: v.boolean(),
  allowDownload: v.boolean(),
  maxViews: v.nullable(v.number()),
  views: v.number(),
  /** `active`, or why it no longer opens. */
  state: v.picklist(["active", "expired", "exhausted"]),
  createdAt: Timestamp,
});
export type LinkInfo = v.InferOutput<typeof LinkInfo>;

export const OneLink = v.object({ link: LinkInfo });
export const LinkList = v.object({ links: v.array(LinkInfo) });

/** `GET /api/links`: the caller's links across their items. */
export const ListLinksQuery = v.strictObject({
  limit: ListLimit,
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});
export type ListLinksQuery = v.InferInput<typeof ListLinksQuery>;

/** A page of the caller's links, newest first. */
export const LinkPage = v.object({
  items: v.array(LinkInfo),
  nextCursor: v.nullable(v.string()),
});
export type LinkPage = v.InferOutput<typeof LinkPage>;

/**
 * Presigned GETs for a link visitor, valid at most 10 minutes. `original` and `download` of
 * an image are its copy without location metadata; absent while no such copy exists for an
 * original that may carry it, and `download` absent when the link forbids it.
 */
export const VisitorUrls = v.object({
  thumbnail: v.optional(v.string()),
  preview: v.optional(v.string()),
  original: v.optional(v.string()),
  download: v.optional(v.string()),
});

/** What a link visitor sees of an item: no owner, no location. */
export const VisitorMedia = v.object({
  id: v.string(),
  filename: v.string(),
  title: v.string(),
  description: v.string(),
  contentType: v.string(),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  durationSeconds: v.optional(v.number()),
  status: v.picklist(["uploading", "processing", "ready", "failed"]),
  placeholder: v.optional(v.string()),
  urls: v.optional(VisitorUrls),
});
export type VisitorMedia = v.InferOutput<typeof VisitorMedia>;

/** `GET /api/links/{tokenOrSlug}`. */
export const LinkVisit = v.object({
  media: VisitorMedia,
  expiresAt: v.nullable(Timestamp),
  allowDownload: v.boolean(),
  /** Send it back as `x-link-visit` within 30 minutes to renew the URLs without a new view. */
  visit: v.string(),
});
export type LinkVisit = v.InferOutput<typeof LinkVisit>;
