import * as v from "valibot";
import { limits } from "../limits";
import { Timestamp } from "./common";
import {
  lengthMetadata,
  maxCharacters,
  noBidiControls,
  noControlCharacters,
  wellFormed,
} from "./text";

/**
 * The types ShareSpace stores, declared once: `POST /api/media` answers 415 to anything
 * else (SVG and HTML included), and the web app's file picker `accept`s exactly these.
 */
export const acceptedMediaTypes = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/gif",
  "image/avif",
  "image/heic",
  "image/heif",
  "video/mp4",
  "video/webm",
  "video/quicktime",
] as const;
export type AcceptedMediaType = (typeof acceptedMediaTypes)[number];

export const isAcceptedMediaType = (type: string): type is AcceptedMediaType =>
  (acceptedMediaTypes as readonly string[]).includes(type);

/** `med_` and a ULID. */
export const MediaId = v.pipe(
  v.string(),
  v.regex(/^med_[0-9A-HJKMNP-TV-Z]{26}$/, "Not a media id."),
);

/**
 * A moment as the API accepts it (ISO 8601, any offset), stored as UTC with milliseconds
 * (`toISOString()`), whose string order is time order; years 1800–9999.
 */
export const Moment = v.pipe(
  v.string("Send an ISO 8601 time."),
  v.isoTimestamp("Send an ISO 8601 time, like 2026-11-25T10:00:00Z."),
  v.transform((value) => new Date(value)),
  v.check(
    (date) => date.getUTCFullYear() >= 1800 && date.getUTCFullYear() <= 9999,
    "Send a time between the years 1800 and 9999.",
  ),
  v.transform((date) => date.toISOString()),
);

/** Base64 SHA-256: 32 bytes are 44 characters, the last one `=`. */
export const Checksum = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/,
    "Send the base64 SHA-256 of the bytes (44 characters).",
  ),
);

const ByteCount = v.pipe(
  v.number("Send the size in bytes."),
  v.safeInteger("Send the size in bytes."),
  v.minValue(1, "An empty file is not a photo or a video."),
);

/** `POST /api/media`. Type, size and quota are the domain's to judge (415, 413). */
export const CreateMediaBody = v.strictObject({
  // Paths, control characters and length are the domain's to clean up (`sanitizeFilename`).
  filename: v.pipe(
    v.string(),
    v.maxLength(1024, "The filename is too long."),
    wellFormed("The filename contains a character that isn't valid text."),
  ),
  contentType: v.pipe(v.string(), v.maxLength(255)),
  size: ByteCount,
  checksum: v.optional(Checksum),
  lastModified: v.optional(Moment),
});
export type CreateMediaBody = v.InferInput<typeof CreateMediaBody>;

/** `POST /api/media/{id}/upload/parts`. */
export const PartNumbersBody = v.strictObject({
  partNumbers: v.pipe(
    v.array(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
    v.minLength(1, "Ask for at least one part."),
    v.maxLength(
      limits.media.partUrlsPerCall,
      `At most ${limits.media.partUrlsPerCall} parts per call.`,
    ),
  ),
});
export type PartNumbersBody = v.InferInput<typeof PartNumbersBody>;

/** One part as S3 answered its upload. */
export const CompletedPart = v.strictObject({
  partNumber: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  etag: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
});

/**
 * `POST /api/media/{id}/upload/complete`. For a multipart upload: `parts`, when sent, must be
 * what S3 holds; without them (an upload of thousands of parts would not fit a request body)
 * the API completes with what S3 holds, after checking it covers the whole file. `checksum`,
 * for an upload started without one, is the file's SHA-256, hashed while the parts were
 * sent: the API claims it then (409 `duplicate` when the owner already has these bytes, and
 * the upload is removed). For a single PUT: no `parts`, and `checksum` only as it was sent at
 * the start (then a PUT already removed as a duplicate still answers 409 `duplicate`).
 */
export const CompleteUploadBody = v.strictObject({
  parts: v.optional(v.pipe(v.array(CompletedPart), v.minLength(1))),
  checksum: v.optional(Checksum),
});
export type CompleteUploadBody = v.InferInput<typeof CompleteUploadBody>;

/** `POST /api/media/{id}/poster`: a poster frame the browser captured from a video. */
export const PosterBody = v.strictObject({
  contentType: v.picklist(["image/webp", "image/jpeg"], "Send image/webp or image/jpeg."),
  size: v.pipe(
    ByteCount,
    v.maxValue(limits.media.posterMaxBytes, "A poster frame is at most 2 MiB."),
  ),
});
export type PosterBody = v.InferInput<typeof PosterBody>;

/** `?limit=` of a list: 1–100, default 30. */
export const ListLimit = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,3}$/, `Send a number from 1 to ${limits.list.maxLimit}.`),
    v.transform(Number),
    v.minValue(1, `Send a number from 1 to ${limits.list.maxLimit}.`),
    v.maxValue(limits.list.maxLimit, `Send a number from 1 to ${limits.list.maxLimit}.`),
  ),
  String(limits.list.defaultLimit),
);

/** `GET /api/media`. */
export const ListMediaQuery = v.strictObject({
  limit: ListLimit,
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  until: v.optional(Moment),
});
export type ListMediaQuery = v.InferInput<typeof ListMediaQuery>;

/** `{id}` of a media route. */
export const MediaParams = v.strictObject({ id: MediaId });

const { titleMaxChars, descriptionMaxChars } = limits.media;

/** Line breaks and tabs belong in a description; other control characters do not. */
const onlyTextControls = (message: string) =>
  v.check<string, string>((text) => !/\p{Cc}/u.test(text.replace(/[\n\r\t]/g, "")), message);

/** `PATCH /api/media/{id}`: at least one field. Lengths count characters (code points). */
export const UpdateMediaBody = v.pipe(
  v.strictObject({
    title: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        maxCharacters(titleMaxChars, `A title is at most ${titleMaxChars} characters.`),
        wellFormed("The title contains a character that isn't valid text."),
        noControlCharacters("A title can't contain line breaks, tabs or other control characters."),
        noBidiControls("A title can't contain characters that change the direction of text."),
        lengthMetadata(0, titleMaxChars),
      ),
    ),
    description: v.optional(
      v.pipe(
        v.string(),
        maxCharacters(
          descriptionMaxChars,
          `A description is at most ${descriptionMaxChars} characters.`,
        ),
        wellFormed("The description contains a character that isn't valid text."),
        onlyTextControls("A description can't contain control characters other than line breaks."),
        noBidiControls("A description can't contain characters that change the direction of text."),
        lengthMetadata(0, descriptionMaxChars),
      ),
    ),
    takenAt: v.optional(Moment),
  }),
  v.check(
    (body) => Object.values(body).some((value) => value !== undefined),
    "Send a title, a description or takenAt.",
  ),
);
export type UpdateMediaBody = v.InferInput<typeof UpdateMediaBody>;

/** `POST /api/media/delete`. Ids that are not the caller's (or not ids) are `notFound`. */
export const DeleteMediaBody = v.strictObject({
  ids: v.pipe(
    v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
    v.minLength(1, "Send at least one id."),
    v.maxLength(limits.media.bulkDeleteMax, `At most ${limits.media.bulkDeleteMax} ids at once.`),
  ),
});
export type DeleteMediaBody = v.InferInput<typeof DeleteMediaBody>;

/** Presigned GETs of a ready item, valid at most an hour. */
export const MediaUrls = v.object({
  thumbnail: v.optional(v.string()),
  preview: v.optional(v.string()),
  original: v.string(),
  /** `Content-Disposition: attachment` with the original filename. */
  download: v.string(),
});
export type MediaUrls = v.InferOutput<typeof MediaUrls>;

/** `media` in the API contract. */
export const MediaInfo = v.object({
  id: v.string(),
  ownerId: v.string(),
  filename: v.string(),
  title: v.string(),
  description: v.string(),
  contentType: v.string(),
  size: v.number(),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  durationSeconds: v.optional(v.number()),
  takenAt: Timestamp,
  status: v.picklist(["uploading", "processing", "ready", "failed"]),
  failure: v.optional(v.string()),
  placeholder: v.optional(v.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  urls: v.optional(MediaUrls),
});
export type MediaInfo = v.InferOutput<typeof MediaInfo>;

/**
 * A presigned single PUT: send the bytes with exactly these headers, then complete it
 * (`POST /api/media/{id}/upload/complete`), whose answer is the item or 409 `duplicate`.
 * Process also moves it on when S3 reports the object, so an upload never completed is
 * processed all the same.
 */
export const PutUpload = v.object({
  method: v.literal("PUT"),
  url: v.string(),
  headers: v.record(v.string(), v.string()),
  expiresAt: Timestamp,
});

export type PutUpload = v.InferOutput<typeof PutUpload>;

/** A multipart upload: part URLs come from `POST /api/media/{id}/upload/parts`. */
export const MultipartUpload = v.object({
  multipart: v.object({
    uploadId: v.string(),
    partSize: v.number(),
    partCount: v.number(),
    /** When the upload is abandoned: not completed by then, it is removed. */
    expiresAt: Timestamp,
  }),
});

export const UploadTicket = v.union([PutUpload, MultipartUpload]);
export type UploadTicket = v.InferOutput<typeof UploadTicket>;

export const MediaCreated = v.object({ media: MediaInfo, upload: UploadTicket });
export type MediaCreated = v.InferOutput<typeof MediaCreated>;

export const OneMedia = v.object({ media: MediaInfo });
export type OneMedia = v.InferOutput<typeof OneMedia>;

export const PartUrls = v.object({
  parts: v.array(v.object({ partNumber: v.number(), url: v.string() })),
});
export type PartUrls = v.InferOutput<typeof PartUrls>;

export const UploadedParts = v.object({
  parts: v.array(v.object({ partNumber: v.number(), etag: v.string(), size: v.number() })),
});
export type UploadedParts = v.InferOutput<typeof UploadedParts>;

export const PosterUpload = v.object({ upload: PutUpload });
export type PosterUpload = v.InferOutput<typeof PosterUpload>;

export const MediaPage = v.object({
  items: v.array(MediaInfo),
  nextCursor: v.nullable(v.string()),
});
export type MediaPage = v.InferOutput<typeof MediaPage>;

export const Timeline = v.object({
  months: v.array(v.object({ month: v.string(), count: v.number() })),
});
export type Timeline = v.InferOutput<typeof Timeline>;

export const DeletedMedia = v.object({
  deleted: v.array(v.string()),
  notFound: v.array(v.string()),
});
export type DeletedMedia = v.InferOutput<typeof DeletedMedia>;
