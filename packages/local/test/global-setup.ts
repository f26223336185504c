/**
 * The integration project's global setup: ONE in-memory DynamoDB Local and ONE s3rver for
 * the whole run (Java takes 2–3 s to start; once is enough). Test files reach them through
 * `inject()`, each with a table and a bucket of its own (see `stack.ts`).
 * @module
 */
import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../src/dynamodb";
import { PortInUseError } from "../src/errors";
import { freePort } from "../src/ports";
import { startS3Local } from "../src/s3";

declare module "vitest" {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the run's DynamoDB Local (in memory). */
    dynamoDbEndpoint: string;
    /** `http://127.0.0.1:<port>` of the run's s3rver (objects in a temporary directory). */
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamo, s3] = await Promise.allSettled([startOnFreePort(), startS3Local({ port: 0 })]);
  if (dynamo.status === "rejected" || s3.status === "rejected") {
    await Promise.all(
      [dynamo, s3].map((r) => (r.status === "fulfilled" ? r.value.stop() : undefined)),
    );
    throw dynamo.status === "rejected" ? dynamo.reason : (s3 as PromiseRejectedResult).reason;
  }
  project.provide("dynamoDbEndpoint", dynamo.value.endpoint);
  project.provide("s3Endpoint", s3.value.endpoint);
  return async () => {
    await Promise.all([dynamo.value.stop(), s3.value.stop()]);
  };
}

/** Java cannot listen on port 0, so a free port is probed first; another program may take it meanwhile. */
async function startOnFreePort(attempts = 3): ReturnType<typeof startDynamoDbLocal> {
  try {
    return await startDynamoDbLocal({ port: await freePort() });
  } catch (error) {
    if (error instanceof PortInUseError && attempts > 1) return startOnFreePort(attempts - 1);
    throw error;
  }
}
