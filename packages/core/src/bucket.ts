/**
 * The media bucket's settings, declared once: `infra/storage.ts` renders them to SST's
 * `cors` and lifecycle arguments, and the local stack applies the same CORS rule to
 * s3rver's bucket with `PutBucketCors`.
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
  prefixes: { originals: "originals/", derived: "derived/" },
} as const;

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
