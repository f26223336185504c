import { bucket, corsRule } from "../packages/core/src/bucket";
import { table as tableDefinition } from "../packages/core/src/table";
import { tableLinkActions } from "../packages/functions/src/permissions";
import { router } from "./web";

const production = $app.stage === "production";

/*
 * A link normally grants `dynamodb:*` / `s3:*`. Narrow both: a link to the table grants
 * item access (`tableLinkActions`); a link to a bucket grants only its name, and each
 * function gets the S3 actions `packages/functions/src/permissions.ts` declares.
 */
sst.Linkable.wrap(sst.aws.Dynamo, (table) => ({
  properties: { name: table.name },
  include: [
    sst.aws.permission({
      actions: [...tableLinkActions],
      resources: [table.arn, $interpolate`${table.arn}/index/*`],
    }),
  ],
}));
sst.Linkable.wrap(sst.aws.Bucket, (media) => ({ properties: { name: media.name } }));

/** The one table; keys, indexes and TTL come from `packages/core/src/table.ts`. */
export const table = new sst.aws.Dynamo("Table", {
  fields: tableDefinition.fields,
  primaryIndex: tableDefinition.primaryIndex,
  globalIndexes: tableDefinition.globalIndexes,
  ttl: tableDefinition.ttl,
  deletionProtection: production,
  transform: {
    table: { pointInTimeRecovery: { enabled: production } },
  },
});

/**
 * The media bytes. Private: browsers reach objects only through presigned URLs, so CORS
 * allows the app's own origin, plus Vite's dev server under `sst dev`.
 */
export const media = new sst.aws.Bucket("Media", {
  cors: router.url.apply((url) => {
    const rule = corsRule($dev ? [url, "http://localhost:5173"] : [url]);
    return {
      allowOrigins: [...rule.allowOrigins],
      allowMethods: rule.allowMethods,
      allowHeaders: [...rule.allowHeaders],
      exposeHeaders: [...rule.exposeHeaders],
      maxAge: `${rule.maxAgeSeconds} seconds` as const,
    };
  }),
});

/*
 * Parts of a multipart upload that is never completed are stored (and billed) until
 * aborted. The component's `lifecycle` only expresses expirations, and a bucket has one
 * lifecycle configuration, so the rule is its own resource.
 */
new aws.s3.BucketLifecycleConfiguration("MediaUploadCleanup", {
  bucket: media.name,
  rules: [
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: {},
      abortIncompleteMultipartUpload: {
        daysAfterInitiation: bucket.abortIncompleteMultipartUploadDays,
      },
    },
  ],
});
