/**
 * The one DynamoDB table, declared once. `infra/storage.ts` passes these fields to
 * `sst.aws.Dynamo`, and the local stack turns them into a `CreateTable` call, so the
 * deployed table and the offline one cannot drift. Entities (ElectroDB, see `entity.ts`)
 * map onto these generic key attributes.
 *
 * ## Keys
 *
 * ElectroDB writes `pk` as `$sharespace#<attribute>_<value>…` and `sk` as
 * `$<entity>_<version>#<attribute>_<value>…`, so entities share partitions and indexes
 * without colliding, and a Query reads one entity by its `sk` prefix. Values keep their
 * case (`entity.ts`); times in keys are ISO 8601 UTC, whose string order is time order.
 *
 * ## Access patterns
 *
 * Every list is a Query on one partition of the table or an index, paged with an opaque
 * cursor; nothing is a Scan. Uniqueness (an email, a slug, a checksum per owner) is a
 * guard item created with a condition in the same transaction as what it guards: an index
 * cannot enforce it.
 *
 * | pattern | entity | index | pk | sk | read |
 * |---|---|---|---|---|---|
 * | user by id | user | table | userId | – | GetItem |
 * | user by email; emails unique | email (guard) | table | email | – | GetItem |
 * | refresh token by hash | refresh_token | table | tokenHash | – | GetItem |
 * | session by id | session | table | sessionId | – | GetItem |
 * | sessions of a user (end them all) | session | gsi1 | userId | createdAt, sessionId | Query |
 * | email tokens (verify, reset) by hash | email_token | table | tokenHash | – | GetItem, TTL |
 * | email tokens of a user (account purge) | email_token | gsi1 | userId | createdAt | Query |
 * | failed sign-ins per email / per address; wrong link passwords per link (token hash) | throttle | table | scope + key | window start | Query of one bounded window, TTL |
 * | media by id (owner, or a user it is shared with) | media | table | mediaId | – | GetItem |
 * | media by owner, newest `takenAt` first, from a moment (`until`) | media | gsi1 | ownerId + visibility (`v` gallery, `u` uploading) | takenAt, mediaId | Query `v`, descending, `sk < until + 1 ms` |
 * | one checksum per owner (duplicates) | media_checksum (guard) | table | ownerId, checksum | – | conditional Put in the create transaction |
 * | month counts per owner (timeline) | month_count | table | ownerId | month (`2026-11`) | Query, descending; counts kept with atomic ADD |
 * | usage per owner (bytes, count, reserved) | usage | table | userId | – | GetItem; atomic ADD with a quota condition |
 * | uploads and processing past their deadline (sweep) | media, while `uploading`/`processing` only | gsi2 | sweepShard (0–15) | deadlineAt | Query per shard, `sk <= now` |
 * | who can see item X (its shares) | share | table | mediaId | userId | Query; GetItem for one user |
 * | what user Y can see (shares with a recipient), newest first | share | gsi1 | userId (recipient) | sharedAt, mediaId | Query, descending |
 * | links by token | link | table | token | – | GetItem (consistent: a revoke or PATCH applies at once) |
 * | link by slug; slugs unique | slug (guard) | table | slug | – | GetItem, conditional Put in the link's transaction |
 * | links of an item | link | gsi1 | mediaId | createdAt, token | Query |
 * | links of an owner (the Links page, account purge) | link | gsi2 | ownerId | createdAt, token | Query |
 * | link visits (renew without counting) | link_visit | table | token | visitId | conditional Update of one, TTL |
 * | accounts being purged | account_purge | table | userId | – | GetItem |
 * | a recipient's open notification window | share_notice | table | userId | – | conditional Put, ADD to its set, conditional Delete (claim), TTL |
 *
 * A share is pending while its recipient's email is unverified: that is read from the
 * recipient's account when the share is read, not stored on the share, so verifying needs
 * no fan-out. A link's views are counted with one conditional UpdateItem (ADD, under the
 * cap), so concurrent opens queue on the item and never count past the cap. Every share and
 * link read also reads its item, so a share or link left for a moment by a delete of its
 * item (which removes them right after the item) never works.
 *
 * Media counts (usage, months) change only in the same conditional transaction as the item
 * whose status, size or `takenAt` causes the change, so they are always the sums of the
 * items: months count the gallery's items (`v`: processing, ready, failed), which is what
 * `GET /api/media` lists, so the timeline and the list agree.
 *
 * The sweep index is sparse: an item carries `gsi2pk`/`gsi2sk` (its shard and deadline) only
 * while it waits for an upload (23 h) or for Process (15 min), so the index holds the few
 * items in flight, spread over shards so no partition takes every upload. The deadline, not
 * the status, is the sort key: one cutoff (now) finds both kinds, and a sweep that has not
 * run for days still finds everything overdue (no time buckets to fall out of). Deleting an
 * account walks its own partitions (media by owner, both visibilities, and each item's
 * shares and links; links by owner; shares by recipient; sessions and email tokens by user), never the table.
 */
export const table = {
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
  },
  /** Epoch seconds after which DynamoDB deletes the item (sessions, throttles, stale uploads). */
  ttl: "expiresAt",
} as const;

export type TableDefinition = typeof table;
