/**
 * The link entities (access patterns: `table.ts`). A link is found by its token with one
 * GetItem; its slug, visits and wrong-password records live in partitions of their own.
 * @module
 */
import { Entity } from "electrodb";
import { expires, globalIndex, model, primaryIndex } from "../entity";
import { table } from "../table";

/**
 * A link to one item, with its policy. `expiresAt` (epoch seconds, the table's TTL) is set
 * only for a link that expires; `expiry` is the exact moment, what every access checks.
 */
export const LinkEntity = new Entity({
  model: model("link"),
  attributes: {
    token: { type: "string", required: true, readOnly: true },
    mediaId: { type: "string", required: true, readOnly: true },
    ownerId: { type: "string", required: true, readOnly: true },
    slug: { type: "string" },
    /** ISO 8601 UTC. */
    expiry: { type: "string" },
    [table.ttl]: { type: "number" },
    /** Hashed like account passwords (scrypt, parameters in the hash). */
    passwordHash: { type: "string" },
    allowDownload: { type: "boolean", required: true },
    maxViews: { type: "number" },
    /** Counted with an atomic ADD under the `maxViews` condition. */
    views: { type: "number", required: true },
    createdAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    byToken: primaryIndex(["token"]),
    byMedia: globalIndex("gsi1", ["mediaId"], ["createdAt", "token"]),
    byOwner: globalIndex("gsi2", ["ownerId"], ["createdAt", "token"]),
  },
});

/**
 * One slug, created with a condition that it does not exist, in the same transaction as
 * the link it names: that condition is what makes slugs unique across the app.
 */
export const SlugEntity = new Entity({
  model: model("slug"),
  attributes: {
    slug: { type: "string", required: true, readOnly: true },
    token: { type: "string", required: true },
    ownerId: { type: "string", required: true },
  },
  indexes: { bySlug: primaryIndex(["slug"]) },
});

/**
 * A visit: what a counted view hands out, so the page can renew its URLs for 30 minutes
 * without counting again. Stored, so it cannot be forged; in the link's own partition.
 */
export const LinkVisitEntity = new Entity({
  model: model("link_visit"),
  attributes: {
    token: { type: "string", required: true, readOnly: true },
    visitId: { type: "string", required: true, readOnly: true },
    /** ISO time until which it renews; each renewal moves it on. */
    until: { type: "string", required: true },
    ...expires,
  },
  indexes: { byToken: primaryIndex(["token"], ["visitId"]) },
});
