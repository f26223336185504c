/**
 * The app's DynamoDB table, created from the same definition SST deploys
 * (`@sharespace/core/table`), so the local table cannot drift from the real one.
 * @module
 */

import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  type Projection,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { LocalStackError } from "./errors";

/** SST's `sst.aws.Dynamo` arguments, the subset that shapes a table. */
export interface DynamoArgs {
  fields: Readonly<Record<string, "string" | "number" | "binary">>;
  primaryIndex: { hashKey: string; rangeKey?: string };
  globalIndexes?: Readonly<Record<string, IndexArgs & { hashKey: string }>>;
  localIndexes?: Readonly<Record<string, IndexArgs & { rangeKey: string }>>;
  /** The attribute holding each item's expiry, in epoch seconds. */
  ttl?: string;
}

interface IndexArgs {
  rangeKey?: string;
  /** SST's default is `"all"`. */
  projection?: "all" | "keys-only" | readonly string[];
}

const attributeTypes = { string: "S", number: "N", binary: "B" } as const;

/** The `CreateTable` input SST would deploy: on-demand billing, indexes projecting all by default. */
export function createTableInput(name: string, args: DynamoArgs): CreateTableCommandInput {
  const globals = Object.entries(args.globalIndexes ?? {});
  const locals = Object.entries(args.localIndexes ?? {});
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    // Like SST: every declared field (DynamoDB refuses fields that no index uses).
    AttributeDefinitions: attributeDefinitions(args, Object.keys(args.fields)),
    KeySchema: keySchema(args.primaryIndex.hashKey, args.primaryIndex.rangeKey),
    GlobalSecondaryIndexes: globals.length
      ? globals.map(([IndexName, index]) => ({
          IndexName,
          KeySchema: keySchema(index.hashKey, index.rangeKey),
          Projection: projection(index.projection),
        }))
      : undefined,
    LocalSecondaryIndexes: locals.length
      ? locals.map(([IndexName, index]) => ({
          IndexName,
          KeySchema: keySchema(args.primaryIndex.hashKey, index.rangeKey),
          Projection: projection(index.projection),
        }))
      : undefined,
  };
}

/**
 * Creates the table with its TTL, or brings an existing one (kept in `DATA_DIR`) up to date:
 * global indexes added to the definition since are created, TTL is switched on.
 * @throws LocalStackError `data_outdated` when the kept table's primary key differs.
 */
export async function ensureTable(
  client: DynamoDBClient,
  name: string,
  args: DynamoArgs,
): Promise<void> {
  // Both at once: on a DynamoDB Local that has just started, each first call is slow.
  const [existing, ttl] = await Promise.all([
    describe(client, name),
    args.ttl ? describeTimeToLive(client, name) : undefined,
  ]);
  if (!existing) {
    await client.send(new CreateTableCommand(createTableInput(name, args)));
  } else {
    await updateTable(client, existing, args);
  }
  if (args.ttl && !(ttl?.TimeToLiveStatus === "ENABLED" && ttl.AttributeName === args.ttl)) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: true, AttributeName: args.ttl },
      }),
    );
  }
}

/**
 * A record, kept next to DynamoDB Local's database file, that `ensureTable` last brought this
 * table to this definition. A start that finds it need not wait for the check: a fresh
 * DynamoDB Local answers its first calls slowly, and the table is very likely as it was.
 */
export interface TableMarker {
  /** Whether the marker says the table is already as `args` describes it. */
  matches(): Promise<boolean>;
  /** Records that it is. */
  write(): Promise<void>;
}

export function tableMarker(file: string, name: string, args: DynamoArgs): TableMarker {
  const digest = createHash("sha256")
    .update(JSON.stringify(createTableInput(name, args)))
    .update(String(args.ttl))
    .digest("hex");
  return {
    matches: () =>
      readFile(file, "utf8").then(
        (text) => text.trim() === digest,
        () => false,
      ),
    write: () => writeFile(file, `${digest}\n`),
  };
}

async function describe(
  client: DynamoDBClient,
  name: string,
): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function updateTable(client: DynamoDBClient, table: TableDescription, args: DynamoArgs) {
  const name = table.TableName ?? "";
  const wanted = createTableInput(name, args);
  const keys = (schema: KeySchemaElement[] = []) =>
    schema.map((key) => `${key.AttributeName} ${key.KeyType}`).join(", ");
  if (keys(table.KeySchema) !== keys(wanted.KeySchema)) {
    throw new LocalStackError(
      "data_outdated",
      `The kept table ${name} has another primary key than packages/core/src/table.ts`,
    );
  }
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  // DynamoDB creates one global index per UpdateTable call.
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    const keys = (index.KeySchema ?? []).map((key) => key.AttributeName ?? "");
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributeDefinitions(args, keys),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}

/** The table's TTL setting; undefined when there is no such table yet. */
async function describeTimeToLive(client: DynamoDBClient, name: string) {
  try {
    const out = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    return out.TimeToLiveDescription;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function attributeDefinitions(args: DynamoArgs, names: readonly string[]): AttributeDefinition[] {
  return names.map((AttributeName) => {
    const type = args.fields[AttributeName];
    if (!type) throw new Error(`index key ${AttributeName} is not among the table's fields`);
    return { AttributeName, AttributeType: attributeTypes[type] };
  });
}

function keySchema(hashKey: string, rangeKey?: string): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: hashKey, KeyType: "HASH" }];
  if (rangeKey) schema.push({ AttributeName: rangeKey, KeyType: "RANGE" });
  return schema;
}

function projection(value: IndexArgs["projection"] = "all"): Projection {
  if (value === "all") return { ProjectionType: "ALL" };
  if (value === "keys-only") return { ProjectionType: "KEYS_ONLY" };
  return { ProjectionType: "INCLUDE", NonKeyAttributes: [...value] };
}
