/**
 * The ShareSpace backend, offline: the API Gateway emulator in front of the real handlers,
 * S3 event notifications delivered to the Process function, and the table and bucket they
 * use. `npm start` and the integration tests both build it here, so they run the same code.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { table } from "@sharespace/core/table";
import { type ApiFunction, routeKey, routes } from "@sharespace/functions/routes";
import { createApiGateway, type LambdaHandler } from "./apigw";
import { createLambdaContext } from "./apigw/context";
import { ensureBucket } from "./ensure-bucket";
import { ensureTable } from "./ensure-table";
import { handlerEnvironment, LOCAL_AUDIENCE, LOCAL_REGION } from "./environment";
import { S3_CREDENTIALS, subscribeS3Events } from "./s3";
import type { S3Event } from "./s3-event";

/** Every Lambda function of the app: the API's, and Process behind the bucket. */
export type LocalFunction = ApiFunction | "Process";

/** Options of {@link createLocalApp}. */
export interface LocalAppOptions {
  /**
   * The app's origin as the browser sees it, e.g. `http://localhost:3000`. Tokens are issued
   * by `<origin>/api` and the bucket's CORS rule allows this origin.
   */
  origin: string;
  /** More origins the bucket's CORS rule allows (`http://127.0.0.1:3000` next to localhost). */
  corsOrigins?: readonly string[];
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
  /** PKCS#8 PEM of the RS256 key the Auth function signs tokens with. */
  signingKey: string;
  /** Serves every request outside `/api` (Vite under `npm start`); 404 without one. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Handlers to use instead of the real ones (tests). The others are imported from
   * `@sharespace/functions` after the environment is set.
   */
  handlers?: Partial<Record<LocalFunction, LambdaHandler>>;
  /** API Gateway's integration timeout; default (and AWS's maximum) 30 s. */
  integrationTimeoutMs?: number;
  /** A handler failed (threw, timed out, answered junk); default: logged to stderr. */
  onError?: (error: unknown, source: string) => void;
  /** After each Process invocation, with its error if it failed. */
  onProcessed?: (event: S3Event, error?: unknown) => void;
}

/** The running backend. */
export interface LocalApp {
  /** `/api` and `/api/*` to the API Gateway emulator, the rest to `fallback`. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** The variables handlers see; already applied to `process.env`. */
  env: Record<string, string>;
  /** Stops delivering S3 events and waits for Process invocations in flight. */
  close(): Promise<void>;
}

/** What `getRemainingTimeInMillis` tells Process; nothing stops it locally. */
const PROCESS_TIMEOUT_MS = 5 * 60_000;

const functionModules: Record<LocalFunction, () => Promise<{ handler: unknown }>> = {
  Auth: () => import("@sharespace/functions/auth"),
  User: () => import("@sharespace/functions/user"),
  Media: () => import("@sharespace/functions/media"),
  Share: () => import("@sharespace/functions/share"),
  Process: () => import("@sharespace/functions/process"),
};

/**
 * Sets the handlers' environment on `process.env` (handlers run in this process, and SST's
 * `Resource` reads it once: one app per process), makes sure the table (with its indexes
 * and TTL) and the bucket (with its CORS rule) exist, keeping any data already there, and
 * subscribes the Process function to the bucket's events.
 */
export async function createLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  const issuer = `${options.origin}/api`;
  const env = handlerEnvironment({ ...options, issuer });
  Object.assign(process.env, env);
  const onError = options.onError ?? logError;

  // The keys handlers get too: s3rver checks them, DynamoDB Local takes any.
  const dynamo = new DynamoDBClient({
    endpoint: options.dynamoDbEndpoint,
    region: LOCAL_REGION,
    credentials: S3_CREDENTIALS,
  });
  const s3 = new S3Client({
    endpoint: options.s3Endpoint,
    region: LOCAL_REGION,
    credentials: S3_CREDENTIALS,
    forcePathStyle: true,
  });
  const origins = [options.origin, ...(options.corsOrigins ?? [])];
  const [handlers] = await Promise.all([
    loadHandlers(options.handlers ?? {}),
    ensureTable(dynamo, options.tableName, table),
    ensureBucket(s3, options.bucketName, origins),
  ]).finally(() => {
    dynamo.destroy();
    s3.destroy();
  });

  const gateway = createApiGateway({
    routes: routes.map((route) => ({
      routeKey: routeKey(route),
      functionName: route.function,
      handler: handlers[route.function],
      jwt: route.auth === "jwt",
    })),
    jwt: { issuer, audience: [LOCAL_AUDIENCE] },
    integrationTimeoutMs: options.integrationTimeoutMs,
    onError,
  });

  const inFlight = new Set<Promise<void>>();
  const deliver = (event: S3Event) => {
    // The deployed notification subscribes Process to ObjectCreated:* only.
    if (!event.Records.every((record) => record.eventName.startsWith("ObjectCreated:"))) return;
    const run = Promise.resolve()
      .then(() => handlers.Process(event, createLambdaContext("Process", PROCESS_TIMEOUT_MS)))
      .then(
        () => options.onProcessed?.(event),
        (error: unknown) => {
          onError(error, "Process");
          options.onProcessed?.(event, error);
        },
      )
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  };
  const subscription = await subscribeS3Events(options.s3Endpoint, options.bucketName, deliver);

  const fallback = options.fallback ?? notFound;
  return {
    env,
    listener(req, res) {
      const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
      if (path === "/api" || path.startsWith("/api/")) void gateway.handle(req, res);
      else fallback(req, res);
    },
    async close() {
      subscription.close();
      await Promise.allSettled([...inFlight]);
    },
  };
}

async function loadHandlers(
  given: Partial<Record<LocalFunction, LambdaHandler>>,
): Promise<Record<LocalFunction, LambdaHandler>> {
  const names = Object.keys(functionModules) as LocalFunction[];
  const loaded = await Promise.all(
    names.map(
      async (name) => given[name] ?? ((await functionModules[name]()).handler as LambdaHandler),
    ),
  );
  return Object.fromEntries(names.map((name, i) => [name, loaded[i]])) as Record<
    LocalFunction,
    LambdaHandler
  >;
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found\n");
}

function logError(error: unknown, source: string): void {
  console.error(`[${source}]`, error);
}
