import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { dynamo, s3 } from "./clients";
import { config } from "./config";
import { unavailable } from "./error";

/** Answers only when the table and the bucket both answer. */
export async function checkHealth(): Promise<{ status: "ok" }> {
  const results = await Promise.allSettled([
    dynamo().send(new DescribeTableCommand({ TableName: config.tableName() })),
    s3().send(new HeadBucketCommand({ Bucket: config.bucketName() })),
  ]);
  if (results.some((r) => r.status === "rejected")) {
    throw unavailable();
  }
  return { status: "ok" };
}
