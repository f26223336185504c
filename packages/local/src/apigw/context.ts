import { randomBytes, randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";
import { LOCAL_ACCOUNT_ID } from "./event";

/** SST's default function memory size. */
const MEMORY_MB = "1024";

/**
 * The Lambda `Context` for one in-process invocation. The deadline runs on real time (not
 * the gateway's injectable clock) so `getRemainingTimeInMillis` counts down even in tests
 * that freeze time for token checks.
 */
export function createLambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const region = process.env.AWS_REGION ?? "us-east-1";
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "/");
  return {
    awsRequestId: randomUUID(),
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: MEMORY_MB,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString("hex")}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // Callback-era completion methods: handlers here are async and answer by returning.
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
