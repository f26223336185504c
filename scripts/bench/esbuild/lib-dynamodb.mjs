/*
 * What the functions take from `@aws-sdk/lib-dynamodb`: the document client (core's
 * `clients.ts`) and the ten commands ElectroDB sends. ElectroDB is CommonJS and requires the
 * package whole, and a `require` keeps every export: each DynamoDB command, paginator and
 * waiter would be bundled and loaded on every cold start. Requiring this module instead
 * keeps only what is named here. A name missing here fails the build, not a request.
 *
 * It imports the package's ES module build by path: the package's own name resolves back
 * here (see `plugins.mjs`).
 */
export {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb/dist-es/index.js";
