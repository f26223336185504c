/**
 * The media bucket's settings, declared once: `infra/storage.ts` renders them to SST's
 * `cors` and lifecycle arguments, the local stack renders the CORS rules to the S3 XML
 * document that s3rver reads.
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

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same rule as the `PutBucketCors` XML document (what s3rver's `configureBuckets` takes). */
export function corsXml(rule: CorsRule): string {
  const tag = (name: string, values: readonly string[]) =>
    values.map((v) => `<${name}>${escapeXml(v)}</${name}>`).join("");
  return [
    '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule>',
    tag("AllowedOrigin", rule.allowOrigins),
    tag("AllowedMethod", rule.allowMethods),
    tag("AllowedHeader", rule.allowHeaders),
    tag("ExposeHeader", rule.exposeHeaders),
    `<MaxAgeSeconds>${rule.maxAgeSeconds}</MaxAgeSeconds>`,
    "</CORSRule></CORSConfiguration>",
  ].join("");
}
