/**
 * The AWS SDK clients, one of each per process (a Lambda container reuses them across
 * calls), and the time each may spend. A stalled or dead backing service must fail a
 * request within a few seconds, so the API answers 503 long before API Gateway gives up
 * (30 s) or the Lambda times out: every client gets connection and request timeouts and a
 * retry budget whose worst case {@link worstCaseMs} adds up.
 * @module
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  ConfiguredRetryStrategy,
  isServerError,
  isThrottlingError,
  isTransientError,
} from "@smithy/core/retry";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** How long one client may wait, and how often it tries. */
export interface ClientBudget {
  /** TCP connection set-up; in-region AWS endpoints connect in milliseconds. */
  connectionTimeoutMs: number;
  /**
   * From sending a request to its response headers (and the longest silence while the body
   * streams). A black-hole endpoint (accepts, never answers) fails each attempt after this.
   */
  requestTimeoutMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Longest wait before retry number `n` (1-based); the actual wait is a random part of it. */
  backoffCapMs: (retry: number) => number;
}

/**
 * DynamoDB answers single-item reads and writes in milliseconds and transactions in tens of
 * them, so a second without response headers means something is wrong. Three attempts ride
 * out a dropped connection or one slow node; worst case about 3.3 s.
 */
const dynamoBudget: ClientBudget = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 1_000,
  maxAttempts: 3,
  backoffCapMs: (retry) => 50 * 2 ** retry,
};

/**
 * S3's first byte takes longer than DynamoDB's (and a PUT's time includes sending its body;
 * callers that send large bodies pass a longer per-call `requestTimeout`). Two attempts;
 * worst case about 4.1 s.
 */
const s3Budget: ClientBudget = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  maxAttempts: 2,
  backoffCapMs: (retry) => 50 * 2 ** retry,
};

/**
 * SES answers `SendEmail` in tens of milliseconds. Two attempts; worst case about 4.1 s. A
 * message that cannot be sent is logged, never an error for the person (they can ask again).
 */
const sesBudget: ClientBudget = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  maxAttempts: 2,
  backoffCapMs: (retry) => 50 * 2 ** retry,
};

/** SQS answers a SendMessage in milliseconds. Two attempts; worst case about 4.1 s. */
const sqsBudget: ClientBudget = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  maxAttempts: 2,
  backoffCapMs: (retry) => 50 * 2 ** retry,
};

/** The budgets, readable by tests and by whoever sets a Lambda or queue timeout. */
export const budgets = {
  dynamo: dynamoBudget,
  s3: s3Budget,
  ses: sesBudget,
  sqs: sqsBudget,
} as const;

/**
 * The longest one SDK call can take before it rejects: every attempt runs into its request
 * timeout (which starts with the connection, so it bounds both) and every wait between
 * attempts takes its cap.
 */
export function worstCaseMs(budget: ClientBudget): number {
  const perAttempt = Math.max(budget.requestTimeoutMs, budget.connectionTimeoutMs);
  let waits = 0;
  for (let retry = 1; retry < budget.maxAttempts; retry++) waits += budget.backoffCapMs(retry);
  return budget.maxAttempts * perAttempt + waits;
}

/**
 * The SDK's standard strategy (retry only transient and throttling errors, spend from a
 * retry quota) with a bounded, jittered backoff. A server's `Retry-After` hint is ignored:
 * the SDK would let it add up to 5 s, which would break the budget.
 */
class BoundedRetryStrategy extends ConfiguredRetryStrategy {
  constructor(budget: ClientBudget) {
    super(budget.maxAttempts, (retry) => Math.floor(Math.random() * budget.backoffCapMs(retry)));
  }

  override refreshRetryTokenForRetry(
    ...[token, errorInfo]: Parameters<ConfiguredRetryStrategy["refreshRetryTokenForRetry"]>
  ) {
    return super.refreshRetryTokenForRetry(token, { ...errorInfo, retryAfterHint: undefined });
  }
}

/** Client settings for one budget: timeouts that throw, and the bounded retries. */
export function clientConfig(budget: ClientBudget) {
  return {
    maxAttempts: budget.maxAttempts,
    retryStrategy: new BoundedRetryStrategy(budget),
    requestHandler: new NodeHttpHandler({
      connectionTimeout: budget.connectionTimeoutMs,
      requestTimeout: budget.requestTimeoutMs,
      // Without it the SDK only logs a warning when the request timeout passes.
      throwOnRequestTimeout: true,
      socketTimeout: budget.requestTimeoutMs,
    }),
  };
}

/**
 * DynamoDB's budget, unless `SHARESPACE_DYNAMODB_TIMEOUT_MS` sets another per-attempt
 * timeout. Only for DynamoDB Local: on a busy developer machine it takes seconds to answer a
 * burst of a hundred conditional writes to one item, which DynamoDB answers at once (the
 * sign-in burst tests set it). Never set deployed.
 */
function localBudget(): ClientBudget {
  const ms = Number(process.env.SHARESPACE_DYNAMODB_TIMEOUT_MS);
  return ms > 0 ? { ...dynamoBudget, connectionTimeoutMs: ms, requestTimeoutMs: ms } : dynamoBudget;
}

let documentClient: DynamoDBDocumentClient | undefined;
let s3Client: S3Client | undefined;
let sesClient: SESv2Client | undefined;
let sqsClient: SQSClient | undefined;

/**
 * The DynamoDB document client. The endpoint comes from the environment
 * (`AWS_ENDPOINT_URL_DYNAMODB` locally), like region and credentials.
 */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(localBudget())), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

/** The S3 client. Against a local endpoint (s3rver) bucket names go in the path. */
export function s3(): S3Client {
  s3Client ??= new S3Client({
    ...clientConfig(s3Budget),
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
    // By default the SDK adds a CRC32 of the (empty) body to every PutObject and UploadPart,
    // presigned ones included, and S3 then refuses the real bytes. Checksums the app wants
    // (a promised SHA-256) are set explicitly.
    requestChecksumCalculation: "WHEN_REQUIRED",
    // And it checks a CRC of every object it reads whole, in JavaScript: for a 23 MB photo,
    // most of what reading it cost. Process checks each original's SHA-256 itself.
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return s3Client;
}

/** The SES v2 client (the mail catcher's endpoint locally: `AWS_ENDPOINT_URL_SESV2`). */
export function ses(): SESv2Client {
  sesClient ??= new SESv2Client(clientConfig(sesBudget));
  return sesClient;
}

/** The SQS client (the local stack's SQS stand-in locally: `AWS_ENDPOINT_URL_SQS`). */
export function sqs(): SQSClient {
  sqsClient ??= new SQSClient(clientConfig(sqsBudget));
  return sqsClient;
}

type SdkError = Parameters<typeof isTransientError>[0];

/**
 * True when an error means a backing service is unreachable or failing rather than that the
 * request was wrong: a timeout, a refused or reset connection, throttling that outlived the
 * retries, or an AWS 5xx. Looks through wrappers (ElectroDB keeps the SDK's error as
 * `cause`). Callers answer these as `unavailable`, never with the SDK's own text.
 */
export function isServiceOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    const sdk = current as SdkError;
    if (isTransientError(sdk) || isThrottlingError(sdk) || isServerError(sdk)) return true;
    current = current.cause;
  }
  return false;
}
