/**
 * The media entities (access patterns: `table.ts`). Every write that changes what a user
 * stores (an item's status, its bytes, its month) changes the `usage` and `month_count`
 * items in the same conditional transaction, so the counts are always the sum of the items.
 * @module
 */
import { Entity } from "electrodb";
import { globalIndex, model, primaryIndex } from "../entity";
import { derivedFiles } from "../storage/keys";

/** `uploading` → `processing` → `ready` | `failed`. */
export const mediaStatuses = ["uploading", "processing", "ready", "failed"] as const;

/**
 * Where `takenAt` came from: the file's own capture time (EXIF/XMP, a video container), the
 * file's `lastModified`, the upload time, or the owner (a PATCH, which processing keeps).
 */
export const takenAtSources = ["exif", "container", "lastModified", "upload", "manual"] as const;

/**
 * A media item. `visibility` splits the owner's index: `v` (processing, ready, failed) is the
 * gallery, `u` (uploading) is not shown yet. `deadlineAt` is set only while an upload or its
 * processing is awaited, which puts the item on the sparse sweep index.
 */
export const MediaEntity = new Entity({
  model: model("media"),
  attributes: {
    mediaId: { type: "string", required: true, readOnly: true },
    /**
     * Never changes, but not `readOnly`: a write that moves the item in the owner's index
     * (status, takenAt) sets it again so ElectroDB can build that index's key.
     */
    ownerId: { type: "string", required: true },
    /** Sanitised (`filename.ts`). */
    filename: { type: "string", required: true, readOnly: true },
    title: { type: "string", required: true, default: "" },
    description: { type: "string", required: true, default: "" },
    contentType: { type: "string", required: true, readOnly: true },
    /** The declared size until processing records the real one. */
    size: { type: "number", required: true },
    width: { type: "number" },
    height: { type: "number" },
    durationSeconds: { type: "number" },
    /** ISO 8601 UTC with milliseconds (`toISOString()`): string order is time order. */
    takenAt: { type: "string", required: true },
    takenAtSource: { type: takenAtSources, required: true },
    lastModified: { type: "string" },
    /**
     * Base64 SHA-256 the client promised, at `POST /api/media` or, for a multipart upload,
     * when it completes (`claim.ts`: set once, conditionally); processing checks the bytes
     * against it.
     */
    checksum: { type: "string" },
    status: { type: mediaStatuses, required: true },
    visibility: { type: ["u", "v"] as const, required: true },
    /** Why processing failed, in words for the owner. */
    failure: { type: "string" },
    /** ThumbHash, base64. */
    placeholder: { type: "string" },
    /** The derivatives that exist (`storage/keys.ts`). */
    derivatives: {
      type: "set",
      items: Object.keys(derivedFiles) as (keyof typeof derivedFiles)[],
    },
    /** The original carries location metadata. */
    gps: { type: "boolean" },
    upload: {
      type: "map",
      required: true,
      readOnly: true,
      properties: {
        kind: { type: ["put", "multipart"] as const, required: true },
        uploadId: { type: "string" },
        partSize: { type: "number" },
        partCount: { type: "number" },
      },
    },
    /** ISO time after which the sweep acts; set while `uploading` or `processing` only. */
    deadlineAt: { type: "string" },
    /** Spreads the sweep index over a few partitions; set and removed with `deadlineAt`. */
    sweepShard: { type: "string" },
    /** How often the sweep has handed a stuck item back to processing. */
    redrives: { type: "number" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byId: primaryIndex(["mediaId"]),
    byOwner: globalIndex("gsi1", ["ownerId", "visibility"], ["takenAt", "mediaId"]),
    // Sparse: written while `sweepShard` and `deadlineAt` are set, removed with them.
    byDeadline: globalIndex("gsi2", ["sweepShard"], ["deadlineAt"]),
  },
});

/**
 * What one user stores. `bytes` and `count` are the ready items (what `GET /api/me` shows);
 * `reservedBytes` adds every upload in flight and item in processing, and is what the quota
 * is checked against, in the transaction that reserves a new upload's bytes.
 */
export const UsageEntity = new Entity({
  model: model("usage"),
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    bytes: { type: "number" },
    count: { type: "number" },
    reservedBytes: { type: "number" },
  },
  indexes: { byUser: primaryIndex(["userId"]) },
});

/** How many of an owner's visible items (what the gallery lists) were taken in one month. */
export const MonthCountEntity = new Entity({
  model: model("month_count"),
  attributes: {
    ownerId: { type: "string", required: true, readOnly: true },
    /** `2026-11`. */
    month: { type: "string", required: true, readOnly: true },
    count: { type: "number" },
  },
  indexes: { byOwner: primaryIndex(["ownerId"], ["month"]) },
});

/**
 * One checksum per owner, naming the item that holds those bytes: taken by an upload when
 * free, and handed to whichever upload of them goes live first, in the transaction that
 * moves it to `processing` (`claim.ts`). That is what makes a second copy a duplicate.
 */
export const ChecksumEntity = new Entity({
  model: model("media_checksum"),
  attributes: {
    ownerId: { type: "string", required: true, readOnly: true },
    checksum: { type: "string", required: true, readOnly: true },
    mediaId: { type: "string", required: true },
  },
  indexes: { byChecksum: primaryIndex(["ownerId", "checksum"]) },
});
