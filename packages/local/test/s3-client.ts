import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { LOCAL_REGION } from "../src/environment";
import { S3_CREDENTIALS } from "../src/s3";

/**
 * An AWS SDK client for the local S3 endpoint at `endpoint`, signing with s3rver's
 * credentials. It sends a checksum only where an operation requires one: the tests of the
 * endpoint send their own, or none, as the app's clients do.
 */
export function localS3Client(endpoint: string, config: S3ClientConfig = {}): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: S3_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    ...config,
  });
}
