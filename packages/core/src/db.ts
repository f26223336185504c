import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

let documentClient: DynamoDBDocumentClient | undefined;
let s3Client: S3Client | undefined;

/** One DynamoDB document client per process (a Lambda container reuses it across calls). */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

/** One S3 client per process. Against a local endpoint (s3rver) bucket names go in the path. */
export function s3(): S3Client {
  s3Client ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  return s3Client;
}

/**
 * True when DynamoDB refused a write for its condition (ElectroDB wraps the SDK's
 * `ConditionalCheckFailedException` and keeps it as `cause`).
 */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === "ConditionalCheckFailedException" ||
    (error.cause instanceof Error && error.cause.name === "ConditionalCheckFailedException"));
