import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { table } from "@sharespace/core/table";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBucket } from "../../local/src/ensure-bucket";
import { ensureTable } from "../../local/src/ensure-table";
import { createTestStack, type TestStack } from "../../local/test/stack";

let stack: TestStack;
let dynamo: DynamoDBClient;
let s3: S3Client;
beforeAll(async () => {
  stack = await createTestStack();
  dynamo = new DynamoDBClient({ endpoint: stack.dynamoDbEndpoint, region: "us-east-1" });
  s3 = new S3Client({ endpoint: stack.s3Endpoint, forcePathStyle: true, region: "us-east-1" });
});
// Each test breaks what it needs and this puts it back, so they hold in any order.
afterEach(async () => {
  await ensureBucket(s3, stack.bucketName, [stack.url]);
  await ensureTable(dynamo, stack.tableName, table);
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
    await s3.send(new DeleteBucketCommand({ Bucket: stack.bucketName }));
    const res = await stack.request("GET", "/api/health");
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("unavailable");
    expect(res.text).not.toContain(stack.bucketName);
  });

  it("answers 503 once the table is gone, without naming it", async () => {
    await dynamo.send(new DeleteTableCommand({ TableName: stack.tableName }));
    const res = await stack.request("GET", "/api/health");
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("unavailable");
    expect(res.text).not.toContain(stack.tableName);
  });
});
