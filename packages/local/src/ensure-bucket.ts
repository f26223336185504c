import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  PutBucketCorsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { type CorsRule, corsRule } from "@sharespace/core/bucket";

/**
 * Creates the media bucket if needed and (re)applies its CORS rule for the app's origins,
 * from the same declaration SST deploys (`@sharespace/core/bucket`). Through the S3 API
 * rather than s3rver's start-up `configureBuckets`, because in tests one s3rver serves every
 * test file, each with a bucket of its own created after s3rver started.
 */
export async function ensureBucket(
  client: S3Client,
  name: string,
  origins: readonly string[],
): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    // A second start reuses the bucket kept in DATA_DIR.
    if (!(error instanceof BucketAlreadyOwnedByYou) && !isBucketAlreadyExists(error)) throw error;
  }
  await client.send(
    new PutBucketCorsCommand({
      Bucket: name,
      CORSConfiguration: { CORSRules: [sdkRule(corsRule(origins))] },
    }),
  );
}

function isBucketAlreadyExists(error: unknown): boolean {
  return (error as { name?: string }).name === "BucketAlreadyExists";
}

function sdkRule(rule: CorsRule) {
  return {
    AllowedOrigins: [...rule.allowOrigins],
    AllowedMethods: [...rule.allowMethods],
    AllowedHeaders: [...rule.allowHeaders],
    ExposeHeaders: [...rule.exposeHeaders],
    MaxAgeSeconds: rule.maxAgeSeconds,
  };
}
