import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, DeleteBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

// One file of its own: it breaks its stack on purpose.
describe("GET /api/health", () => {
  it("answers ok while the table and the bucket answer", async () => {
    const res = await stack.request("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
  });

  it("answers 503 unavailable once the bucket is gone, without naming it", async () => {
    const s3 = new S3Client({
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      region: "us-east-1",
    });
    await s3.send(new DeleteBucketCommand({ Bucket: stack.bucketName }));
    const res = await stack.request("GET", "/api/health");
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("unavailable");
    expect(res.text).not.toContain(stack.bucketName);
  });

  it("answers 503 once the table is gone, even with the bucket back", async () => {
    const s3 = new S3Client({
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      region: "us-east-1",
    });
    await s3.send(new CreateBucketCommand({ Bucket: stack.bucketName }));
    expect((await stack.request("GET", "/api/health")).status).toBe(200);
    const dynamo = new DynamoDBClient({ endpoint: stack.dynamoDbEndpoint, region: "us-east-1" });
    await dynamo.send(new DeleteTableCommand({ TableName: stack.tableName }));
    expect((await stack.request("GET", "/api/health")).status).toBe(503);
  });
});
