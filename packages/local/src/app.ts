/**
 * The ShareSpace backend, offline: the API Gateway emulator in front of the real handlers,
 * the bucket's event notifications through the queues to their consumers (Process), the mail
 * catcher, and the table and bucket they use. `npm start` and the integration tests both
 * build it here, so they run the same code.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { bucket } from "@sharespace/core/bucket";
import { type QueueConsumer, type QueueName, queues } from "@sharespace/core/queue";
import { securityHeaders } from "@sharespace/core/security-headers";
import { table } from "@sharespace/core/table";
import { type ApiFunction, edgePrefixes, routeKey, routes } from "@sharespace/functions/routes";
import type { SQSEvent } from "aws-lambda";
import { createApiGateway, type LambdaHandler } from "./apigw";
import { ensureBucket } from "./ensure-bucket";
import { ensureTable, tableMarker } from "./ensure-table";
import { handlerEnvironment, LOCAL_AUDIENCE, LOCAL_REGION, localQueueName } from "./environment";
import { createMailCatcher, type MailCatcher, SES_PATH } from "./mail";
import { notificationMessages } from "./notifications";
import {
  type Clock,
  type InvocationOutcome,
  type LocalQueues,
  type StoredMessage,
  startQueues,
} from "./queue";
import { handleSqsRequest, SQS_PATH } from "./queue/sqs-api";
import { S3_CREDENTIALS, subscribeS3Events } from "./s3";

/** Every Lambda function of the app: the API's, and the queues' consumers (Process, Purge, Notify). */
export type LocalFunction = ApiFunction | QueueConsumer;

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
  /**
   * Resolves once DynamoDB and S3 answer (`npm start` creates the app while Java boots): the
   * handlers load meanwhile, and the table and bucket are touched only after it.
   */
  servicesReady?: Promise<unknown>;
  /**
   * A file recording that the table matches its definition (next to the kept database).
   * When it does, start-up does not wait for the table check, which then runs just after.
   */
  tableMarkerFile?: string;
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
  /**
   * Where handlers' SES client sends mail: the catcher, mounted on the app's server. Default
   * `<origin>/_local/ses`.
   */
  sesEndpoint?: string;
  /**
   * Where handlers' SQS client sends messages (the sweep re-enqueues stuck items): the
   * queues' `SendMessage`, mounted on the app's server. Default `<origin>/_local/sqs`.
   */
  sqsEndpoint?: string;
  /** The queues' clock (tests move it past a visibility timeout); default the wall clock. */
  queueClock?: Clock;
  /** After each invocation of a queue's consumer (Process), with the event it got. */
  onConsumed?: (queue: QueueName, event: SQSEvent, outcome: InvocationOutcome) => void;
  /** A message moved to a dead-letter queue; default: one line on stderr. */
  onDeadLetter?: (queue: QueueName, message: StoredMessage) => void;
  /**
   * The nonce Vite's dev server puts on the scripts and styles it injects, allowed by the
   * CSP (`npm start` only: a production build needs none).
   */
  cspNonce?: string;
}

/** The running backend. */
export interface LocalApp {
  /** `/api` and `/api/*` to the API Gateway emulator, the rest to `fallback`. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** The variables handlers see; already applied to `process.env`. */
  env: Record<string, string>;
  /** The queues: send to one, read one or its dead-letter queue, wait until all are idle. */
  queues: Omit<LocalQueues, "close">;
  /** The mail handlers sent. */
  mail: Pick<MailCatcher, "messages">;
  /** Stops delivering S3 events and waits for consumer invocations in flight. */
  close(): Promise<void>;
}

/** Each function's module; a queue declared in core makes this record demand its consumer. */
const functionModules: Record<LocalFunction, () => Promise<{ handler: unknown }>> = {
  Auth: () => import("@sharespace/functions/auth"),
  User: () => import("@sharespace/functions/user"),
  Media: () => import("@sharespace/functions/media"),
  Share: () => import("@sharespace/functions/share"),
  Process: () => import("@sharespace/functions/process"),
  Purge: () => import("@sharespace/functions/purge"),
  Notify: () => import("@sharespace/functions/notify"),
};

/**
 * Sets the handlers' environment on `process.env` (handlers run in this process, and SST's
 * `Resource` reads it once: one app per process), makes sure the table (with its indexes
 * and TTL) and the bucket (with its CORS rule) exist, keeping any data already there, starts
 * the queues with their consumers, and sends them the bucket's events as its notifications
 * say.
 */
export async function createLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  const issuer = `${options.origin}/api`;
  const sesEndpoint = options.sesEndpoint ?? `${options.origin}${SES_PATH}`;
  const sqsEndpoint = options.sqsEndpoint ?? `${options.origin}${SQS_PATH}`;
  const env = handlerEnvironment({ ...options, issuer, sesEndpoint, sqsEndpoint });
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
  const loading = loadHandlers(options.handlers ?? {});
  loading.catch(() => {}); // awaited below, unless the services fail first
  const marker = options.tableMarkerFile
    ? tableMarker(options.tableMarkerFile, options.tableName, table)
    : undefined;
  const checkTable = async () => {
    await options.servicesReady;
    await ensureTable(dynamo, options.tableName, table);
    await marker?.write();
  };
  const known = (await marker?.matches()) ?? false;
  const [handlers] = await Promise.all([
    loading,
    known ? options.servicesReady : checkTable(),
    ensureBucket(s3, options.bucketName, origins),
  ])
    .catch((error: unknown) => {
      dynamo.destroy();
      throw error;
    })
    .finally(() => s3.destroy());
  // The table was as declared when last checked: check it again now, without waiting.
  let closing = false;
  const tableChecked = (known ? checkTable() : Promise.resolve())
    // A stop right after start takes DynamoDB Local down under it: nothing to report then.
    .catch((error: unknown) => closing || onError(error, "DynamoDB table"))
    .finally(() => dynamo.destroy());

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

  const queueSet = startQueues({
    definitions: queues,
    handlers,
    namePrefix: localQueueName(""),
    region: LOCAL_REGION,
    clock: options.queueClock,
    onInvoked(queue, event, outcome) {
      if (outcome.error) onError(outcome.error, queues[queue].consumer);
      options.onConsumed?.(queue, event, outcome);
    },
    onDeadLetter: options.onDeadLetter ?? logDeadLetter,
  });
  // What S3 would send, where the bucket's notifications say: filtered by type and key.
  const subscription = await subscribeS3Events(options.s3Endpoint, options.bucketName, (event) => {
    for (const message of notificationMessages(bucket.notifications, event)) {
      queueSet.send(message.queue, message.body);
    }
  }).catch(async (error: unknown) => {
    await queueSet.close();
    throw error;
  });
  const mail = createMailCatcher();
  const queueNames = Object.keys(queues) as QueueName[];
  const sendByName = (name: string, body: string, delaySeconds: number) => {
    const queue = queueNames.find((candidate) => localQueueName(candidate) === name);
    return queue && queueSet.send(queue, body, { delaySeconds });
  };

  const fallback = options.fallback ?? notFound;
  // What CloudFront adds to every answer when deployed (`infra/web.ts`), from the same module.
  const headers = Object.entries(
    securityHeaders({ bucketOrigin: new URL(options.s3Endpoint).origin, nonce: options.cspNonce }),
  );
  return {
    env,
    queues: {
      send: queueSet.send,
      messages: queueSet.messages,
      deadLetters: queueSet.deadLetters,
      idle: queueSet.idle,
    },
    mail,
    listener(req, res) {
      for (const [name, value] of headers) res.setHeader(name, value);
      const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
      // What the router sends to the API deployed (`/api`, the `/s/…` link pages), from the
      // route table.
      const api = edgePrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
      if (api) void gateway.handle(req, res);
      else if (path === SQS_PATH || path.startsWith(`${SQS_PATH}/`)) {
        handleSqsRequest(req, res, sendByName).catch((error: unknown) => {
          onError(error, "SQS stand-in");
          if (!res.headersSent) res.writeHead(500).end();
        });
      } else if (!(path.startsWith("/_local/") && mail.handle(req, res))) fallback(req, res);
    },
    async close() {
      closing = true;
      subscription.close();
      await Promise.all([queueSet.close(), tableChecked]);
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

function logDeadLetter(queue: QueueName, message: StoredMessage): void {
  console.error(
    `[${queue}] message ${message.messageId} failed ${message.receiveCount} times and moved to the dead-letter queue`,
  );
}
