/// <reference path="./electrodb.d.ts" />
/**
 * The DynamoDB client ElectroDB sends through, given the document client's commands by this
 * module rather than finding them itself: ElectroDB, a CommonJS library, `require`s the whole
 * `@aws-sdk/lib-dynamodb` for them, and a `require` keeps every command, paginator and waiter
 * of it (and of `@aws-sdk/client-dynamodb`) in a function's bundle and runs them on every
 * cold start. Imported here, esbuild keeps the ten ElectroDB sends; the build plugins
 * (`infra/esbuild/plugins.mjs`) then give ElectroDB's own `require` an empty module.
 * @module
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { DocumentClient } from "electrodb";
import { DocumentClientV3Wrapper } from "electrodb/src/client";

/** What ElectroDB's wrapper constructs (every command it sends). */
const commands = {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
};

/**
 * `client` wrapped as ElectroDB wraps a v3 document client, with the commands above.
 * ElectroDB takes its own wrapper where it takes a client (its types name only the SDK's).
 */
export const electroClient = (client: DynamoDBDocumentClient): DocumentClient =>
  new DocumentClientV3Wrapper(client, commands) as unknown as DocumentClient;
