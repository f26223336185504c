import type { QueueName } from "./queue";

const prefixes = { originals: "originals/", derived: "derived/" } as const;

/**
 * Where S3 sends events: each new object under `originals/` to the Processing queue (see
 * `queue.ts`), whose consumer is the Process function.
 */
const notifications: readonly BucketNotification[] = [
  {
    name: "Process",
    events: ["s3:ObjectCreated:*"],
    filterPrefix: prefixes.originals,
    queue: "Processing",
  },
];

/**
 * The media bucket's settings, declared once: `infra/storage.ts` renders them to SST's
 * `cors` and lifecycle arguments, and the local stack applies the same CORS rule to
 * s3rver's bucket with `PutBucketCors`. Its event notifications are rendered by
 * `infra/queue.ts` to `bucket.notify`, and the local stack filters s3rver's events by them.
 */
export const bucket = {
  cors: {
    allowMethods: ["PUT", "GET", "HEAD"],
    allowHeaders: ["*"],
    /** A browser multipart upload reads each part's ETag from the PUT response. */
    exposeHeaders: ["ETag"],
    maxAgeSeconds: 3600,
  },
  /** Abort multipart uploads that never complete, so their parts stop costing money. */
  abortIncompleteMultipartUploadDays: 1,
  /**
   * Uploads land under `originals/`; the Process function writes thumbnails and previews
   * under `derived/`. Only `originals/` notifies Process, so its own writes never
   * trigger it again.
   */
  prefixes,
  /** Where S3 sends events (see above). */
  notifications,
} as const;

/** S3 event types a notification can name (the subset this app uses). */
export type S3EventType =
  | "s3:ObjectCreated:*"
  | "s3:ObjectCreated:Put"
  | "s3:ObjectCreated:Post"
  | "s3:ObjectCreated:Copy"
  | "s3:ObjectCreated:CompleteMultipartUpload"
  | "s3:ObjectRemoved:*"
  | "s3:ObjectRemoved:Delete"
  | "s3:ObjectRemoved:DeleteMarkerCreated";

/** One S3 event notification configuration, as S3 applies it. */
export interface BucketNotification {
  /** Its id: S3 writes it as `configurationId` in each event record. */
  name: string;
  /** Event types that match; `s3:ObjectCreated:*` matches every `ObjectCreated:` event. */
  events: readonly S3EventType[];
  /** Only keys that start with this (compared with the key itself, not URL-encoded). */
  filterPrefix?: string;
  /** Only keys that end with this. */
  filterSuffix?: string;
  /** The queue S3 sends the event to. */
  queue: QueueName;
}

export interface CorsRule {
  allowOrigins: readonly string[];
  allowMethods: (typeof bucket.cors.allowMethods)[number][];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAgeSeconds: number;
}

/** The bucket's CORS rule for the app's origins. */
export function corsRule(allowOrigins: readonly string[]): CorsRule {
  return { allowOrigins, ...bucket.cors, allowMethods: [...bucket.cors.allowMethods] };
}
