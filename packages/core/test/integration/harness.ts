/**
 * The core test tier: core's own functions against the run's DynamoDB Local and s3rver
 * (started by the integration project's global setup), with no HTTP in between, so domain
 * rules are tested where they live. One table and one bucket per test file.
 *
 * ```ts
 * beforeAll(() => useCoreTestEnv());
 * const user = await newUser();
 * await withActor(user.id, () => Media.list());
 * ```
 * @module
 */
import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { inject } from "vitest";
import { ensureBucket } from "../../../local/src/ensure-bucket";
import { ensureTable } from "../../../local/src/ensure-table";
import { handlerEnvironment, LOCAL_REGION } from "../../../local/src/environment";
import { S3_CREDENTIALS } from "../../../local/src/s3";
import { generateSigningKey } from "../../../local/src/signing-key";
import { Account } from "../../src/account";
import { Actor } from "../../src/actor";
import { AppError } from "../../src/error";
import { table } from "../../src/table";

/** What a core test file runs against. */
export interface CoreTestEnv {
  tableName: string;
  bucketName: string;
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  /** The token issuer the Issuer link names. */
  issuer: string;
}

let env: CoreTestEnv | undefined;

/**
 * Creates this file's table and bucket and points core at them, exactly as a Lambda sees
 * its links (`SST_RESOURCE_*`) and endpoints (`AWS_ENDPOINT_URL_*`). Once per file: SST's
 * `Resource` and core's SDK clients keep what they read first. `overrides` replace
 * variables after the table and bucket exist (a dead endpoint, say).
 */
export async function useCoreTestEnv(overrides: Record<string, string> = {}): Promise<CoreTestEnv> {
  if (env) return env;
  const suffix = randomBytes(4).toString("hex");
  const next: CoreTestEnv = {
    tableName: `sharespace-core-Table-${suffix}`,
    bucketName: `sharespace-core-media-${suffix}`,
    dynamoDbEndpoint: inject("dynamoDbEndpoint"),
    s3Endpoint: inject("s3Endpoint"),
    issuer: "http://core.test/api",
  };
  Object.assign(
    process.env,
    handlerEnvironment({
      ...next,
      signingKey: await generateSigningKey(),
      // Nothing listens there: core's tests catch no mail (the local stack's tests do).
      sesEndpoint: "http://127.0.0.1:9/_local/ses",
      sqsEndpoint: "http://127.0.0.1:9/_local/sqs",
    }),
  );
  const options = { region: LOCAL_REGION, credentials: S3_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...options, endpoint: next.dynamoDbEndpoint });
  const s3 = new S3Client({ ...options, endpoint: next.s3Endpoint, forcePathStyle: true });
  try {
    await Promise.all([
      ensureTable(dynamo, next.tableName, table),
      ensureBucket(s3, next.bucketName, ["http://core.test"]),
    ]);
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
  Object.assign(process.env, overrides);
  env = next;
  return next;
}

/** Runs `fn` as the signed-in user `userId`, as the handler wrapper would. */
export const withActor = <T>(userId: string, fn: () => Promise<T>): Promise<T> =>
  Actor.provide({ type: "user", userId }, fn);

/** Runs `fn` as nobody (a public route). */
export const asPublic = <T>(fn: () => Promise<T>): Promise<T> =>
  Actor.provide({ type: "public" }, fn);

let n = 0;
/** A fresh account of its own for one test; its password is `password`. */
export async function newUser(name = "Test User") {
  const email = `core.${Date.now()}.${n++}@example.com`;
  const password = "violet-harbour-42";
  const user = await Account.create({ email, password, name });
  return { ...user, password };
}

/** The AppError a promise rejects with (and fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}
