import { bucket } from "../packages/core/src/bucket";
import { table as tableDefinition } from "../packages/core/src/table";
import { tableLinkActions } from "../packages/functions/src/permissions";

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
 * The media bytes. Private: browsers reach objects only through presigned URLs. Its CORS
 * rule names the router's URL, and the router's security headers name this bucket, so the
 * bucket comes first and `infra/web.ts` adds the rule once the router exists.
 */
export const media = new sst.aws.Bucket("Media", { cors: false });

/** Where presigned URLs point (virtual-hosted style, as the AWS SDK signs them). */
export const mediaOrigin = $interpolate`https://${media.name}.s3.${aws.getRegionOutput().name}.amazonaws.com`;

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
