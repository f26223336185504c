import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { table } from "@sharespace/core/table";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTable } from "../../src/ensure-table";
import type { S3Event } from "../../src/s3-event";
import { createTestStack, type TestStack } from "../stack";

let stack: TestStack;
/** Each SQS record Process got, with the S3 event in its body. */
const processed: { record: SQSRecord; event: S3Event; context: Context }[] = [];
const waiters: (() => void)[] = [];
/** Every S3 event Process got so far, once one for `key` (as the event writes it) is among them. */
const processedUpTo = async (key: string) => {
  const has = () => processed.some(({ event }) => event.Records[0]?.s3.object.key === key);
  while (!has()) await new Promise<void>((resolve) => waiters.push(resolve));
  return processed.map(({ event }) => event);
};

beforeAll(async () => {
  stack = await createTestStack({
    handlers: {
      // Stands in for the real Process function, to see exactly what S3 and SQS hand it.
      Process: async (event: SQSEvent, context: Context) => {
        for (const record of event.Records) {
          processed.push({ record, event: JSON.parse(record.body), context });
        }
        for (const wake of waiters.splice(0)) wake();
      },
    },
  });
});
afterAll(() => stack?.close());

// Clients as a handler builds them: endpoints, region and keys all from the environment.
const dynamo = () => new DynamoDBClient({});
const s3 = () => new S3Client({ forcePathStyle: true });

describe("the table", () => {
  it("has the keys, global indexes (projecting all) and TTL of packages/core/src/table.ts", async () => {
    const { Table } = await dynamo().send(new DescribeTableCommand({ TableName: stack.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: table.primaryIndex.hashKey, KeyType: "HASH" },
      { AttributeName: table.primaryIndex.rangeKey, KeyType: "RANGE" },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => [
        index.IndexName,
        {
          keys: index.KeySchema?.map((key) => key.AttributeName),
          projection: index.Projection?.ProjectionType,
        },
      ]),
    );
    expect(indexes).toEqual(
      Object.fromEntries(
        Object.entries(table.globalIndexes).map(([name, index]) => [
          name,
          { keys: [index.hashKey, index.rangeKey], projection: "ALL" },
        ]),
      ),
    );
    const ttl = await dynamo().send(new DescribeTimeToLiveCommand({ TableName: stack.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: "ENABLED",
      AttributeName: table.ttl,
    });
  });

  it("is kept with its data on a second start, and gains indexes declared since", async () => {
    const name = `${stack.tableName}-again`;
    // The table as it was before gsi2 was declared (SST, like DynamoDB, wants every field used).
    const { gsi2: _index, ...globalIndexes } = table.globalIndexes;
    const { gsi2pk: _pk, gsi2sk: _sk, ...fields } = table.fields;
    await ensureTable(dynamo(), name, { ...table, fields, globalIndexes });
    const item = { pk: { S: "kept" }, sk: { S: "kept" } };
    await dynamo().send(new PutItemCommand({ TableName: name, Item: item }));

    await ensureTable(dynamo(), name, table);
    const { Item } = await dynamo().send(new GetItemCommand({ TableName: name, Key: item }));
    expect(Item).toEqual(item);
    const { Table } = await dynamo().send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      "gsi1",
      "gsi2",
    ]);
  });
});

describe("the bucket's CORS rule", () => {
  const preflight = (origin: string) =>
    fetch(`${stack.s3Endpoint}/${stack.bucketName}/uploads/part`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    });

  it("lets the app's origin upload and read each part's ETag", async () => {
    const res = await preflight(stack.url);
    expect(res.status).toBe(200);
    // S3 echoes the origin; s3rver answers a preflight with "*". Either lets the browser on.
    expect([stack.url, "*"]).toContain(res.headers.get("access-control-allow-origin"));
    expect(res.headers.get("access-control-allow-methods")).toMatch(/PUT/);

    const put = await fetch(`${stack.s3Endpoint}/${stack.bucketName}/uploads/cors-probe`, {
      method: "PUT",
      headers: { origin: stack.url },
      body: "x",
    });
    // s3rver accepts unsigned requests; what matters here is the CORS answer.
    expect(put.headers.get("access-control-allow-origin")).toBe(stack.url);
    expect(put.headers.get("access-control-expose-headers")).toMatch(/ETag/i);
  });

  it("refuses a foreign origin's preflight", async () => {
    const res = await preflight("https://evil.example");
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("S3 events through the Processing queue to the Process function", () => {
  it("delivers a PUT under originals/ as S3 sends it to SQS, in Lambda's SQS event", async () => {
    const key = "originals/a photo+1.jpg";
    const put = await s3().send(
      new PutObjectCommand({
        Bucket: stack.bucketName,
        Key: key,
        Body: "hello",
        ContentType: "image/jpeg",
      }),
    );
    await processedUpTo("originals/a+photo%2B1.jpg");
    const { record, event, context } =
      processed.find((p) => p.event.Records[0]?.s3.object.key.startsWith("originals/a+")) ?? {};
    expect(record).toMatchObject({
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:sharespace-local-Processing",
      attributes: { ApproximateReceiveCount: "1" },
    });
    expect(event).toEqual({
      Records: [
        {
          eventVersion: "2.1",
          eventSource: "aws:s3",
          awsRegion: "us-east-1",
          eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          eventName: "ObjectCreated:Put",
          userIdentity: { principalId: expect.any(String) },
          requestParameters: { sourceIPAddress: expect.any(String) },
          responseElements: {
            "x-amz-request-id": expect.any(String),
            "x-amz-id-2": expect.any(String),
          },
          s3: {
            s3SchemaVersion: "1.0",
            // The notification's name (core/bucket.ts).
            configurationId: "Process",
            bucket: {
              name: stack.bucketName,
              ownerIdentity: { principalId: expect.any(String) },
              arn: `arn:aws:s3:::${stack.bucketName}`,
            },
            object: {
              key: "originals/a+photo%2B1.jpg",
              size: 5,
              eTag: put.ETag?.replaceAll('"', ""),
              sequencer: expect.stringMatching(/^[0-9A-F]+$/),
            },
          },
        },
      ],
    });
    expect(context?.functionName).toBe("Process");
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it("delivers a completed multipart upload as s3rver names it (ObjectCreated:Post), and no deletes", async () => {
    const Key = "originals/multi";
    const deleted = "originals/a photo+1.jpg";
    await s3().send(new DeleteObjectCommand({ Bucket: stack.bucketName, Key: deleted }));
    const { UploadId } = await s3().send(
      new CreateMultipartUploadCommand({ Bucket: stack.bucketName, Key }),
    );
    const part = await s3().send(
      new UploadPartCommand({
        Bucket: stack.bucketName,
        Key,
        UploadId,
        PartNumber: 1,
        Body: "abc",
      }),
    );
    await s3().send(
      new CompleteMultipartUploadCommand({
        Bucket: stack.bucketName,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] },
      }),
    );
    const events = await processedUpTo(Key);
    const record = events.find((event) => event.Records[0]?.s3.object.key === Key)?.Records[0];
    expect(record?.eventName).toBe("ObjectCreated:Post");
    // S3 would write the multipart ETag as "<md5 of the part MD5s>-1"; s3rver writes a plain MD5.
    expect(record?.s3.object).toMatchObject({
      key: Key,
      size: 3,
      eTag: expect.stringMatching(/^[0-9a-f]{32}/),
    });
    // The delete came first on the same stream: had it been delivered, it would be here.
    expect(events.flatMap((event) => event.Records.map((r) => r.eventName))).not.toContain(
      "ObjectRemoved:Delete",
    );
  });

  it("never hands Process a write outside originals/ (its own derivatives included)", async () => {
    const keys = ["derived/usr_1/med_1/thumb.webp", "uploads/tmp", "originals-not/x"];
    for (const Key of keys) {
      await s3().send(new PutObjectCommand({ Bucket: stack.bucketName, Key, Body: "x" }));
    }
    // Events arrive in order on one stream: once this one is processed, the others were
    // filtered (or would be here).
    const last = "originals/after-the-others";
    await s3().send(new PutObjectCommand({ Bucket: stack.bucketName, Key: last, Body: "x" }));
    const events = await processedUpTo(last);
    const seen = events.flatMap((event) => event.Records.map((r) => r.s3.object.key));
    expect(seen.every((key) => key.startsWith("originals/"))).toBe(true);
    expect(seen).toContain(last);
    await stack.queues.idle();
    expect(stack.queues.messages("Processing")).toEqual([]);
  });
});
