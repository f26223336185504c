/**
 * The Purge function in a process of its own, so that a test can kill it mid-batch as
 * Lambda's runtime would die: `tsx purge-child.ts <userId>`. It inherits the test stack's
 * environment (table, bucket, queue URLs and endpoints).
 */
import { handler } from "@sharespace/functions/purge";
import type { Context, SQSEvent } from "aws-lambda";

const userId = process.argv[2] as string;
const event = {
  Records: [{ messageId: "killed-1", body: JSON.stringify({ userId }) }],
} as SQSEvent;
const context = {
  functionName: "Purge",
  awsRequestId: "killed-1",
  getRemainingTimeInMillis: () => 300_000,
} as unknown as Context;
await handler(event, context);
