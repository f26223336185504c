import { DynamoDBClient, paginateScan } from "@aws-sdk/client-dynamodb";
import { paginateListObjectsV2, S3Client } from "@aws-sdk/client-s3";
import type { TestStack } from "../../packages/local/test/stack";

/** Everything the app has stored: every table item and every object (key, size, ETag). */
export interface Snapshot {
  items: string[];
  objects: string[];
}

/**
 * Reads the whole table and the whole bucket of a test stack, sorted, so that two snapshots
 * compare equal exactly when nothing was written, changed or removed in between.
 */
export async function snapshot(stack: TestStack): Promise<Snapshot> {
  const region = "us-east-1";
  const dynamo = new DynamoDBClient({ endpoint: stack.dynamoDbEndpoint, region });
  const s3 = new S3Client({ endpoint: stack.s3Endpoint, forcePathStyle: true, region });
  try {
    const items: string[] = [];
    for await (const page of paginateScan(
      { client: dynamo },
      { TableName: stack.tableName, ConsistentRead: true },
    )) {
      for (const item of page.Items ?? [])
        items.push(JSON.stringify(Object.fromEntries(Object.entries(item).sort())));
    }
    const objects: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: stack.bucketName })) {
      for (const object of page.Contents ?? [])
        objects.push(`${object.Key} ${object.Size} ${object.ETag}`);
    }
    return { items: items.sort(), objects: objects.sort() };
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
}

/** What changed between two snapshots, for a failure message: `+` added, `-` gone. */
export function difference(before: Snapshot, after: Snapshot): string[] {
  const diff = (a: string[], b: string[]) => {
    const had = new Set(a);
    const has = new Set(b);
    return [
      ...b.filter((x) => !had.has(x)).map((x) => `+ ${x}`),
      ...a.filter((x) => !has.has(x)).map((x) => `- ${x}`),
    ];
  };
  return [...diff(before.items, after.items), ...diff(before.objects, after.objects)];
}
