/**
 * SQS's `SendMessage` over its JSON protocol (`X-Amz-Target: AmazonSQS.SendMessage`), with
 * `DelaySeconds`, for functions that send to a queue with `@aws-sdk/client-sqs` unchanged
 * (the sweep re-enqueues stuck items, a share queues its delayed notification):
 * `AWS_ENDPOINT_URL_SQS` points their client here and each queue's link carries a queue URL
 * below it. Other operations get SQS's `UnsupportedOperation`. Source:
 * the SQS API reference, "SendMessage" and "Common Errors" (see the README).
 * @module
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_DELAY_SECONDS } from "./queue";

/** Where the stand-in is mounted: `AWS_ENDPOINT_URL_SQS` is `<origin>` + this. */
export const SQS_PATH = "/_local/sqs";
/** The account id in local queue URLs and ARNs. */
export const LOCAL_ACCOUNT_ID = "000000000000";
const MAX_REQUEST_BYTES = 1024 * 1024;

/** The URL of the queue named `name` (its full name) on the stand-in at `endpoint`. */
export const localQueueUrl = (endpoint: string, name: string) =>
  `${endpoint}/${LOCAL_ACCOUNT_ID}/${name}`;

/** A request SQS would refuse with 400, with its error type. */
class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Answers one request to the stand-in. `send` takes a queue's full name and a body and
 * answers the message id, or `undefined` when there is no such queue; it may throw a
 * RangeError for a body SQS would refuse.
 */
export async function handleSqsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  send: (queueName: string, body: string, delaySeconds: number) => string | undefined,
): Promise<void> {
  try {
    const target = String(req.headers["x-amz-target"] ?? "");
    if (req.method !== "POST" || !target.startsWith("AmazonSQS.")) {
      throw new SqsError("InvalidAction", "Expected a POST with X-Amz-Target: AmazonSQS.<Action>");
    }
    if (target !== "AmazonSQS.SendMessage") {
      throw new SqsError("UnsupportedOperation", `The local stack answers SendMessage only`);
    }
    const input = await readJson(req);
    const queueUrl = typeof input.QueueUrl === "string" ? input.QueueUrl : "";
    const body = input.MessageBody;
    if (typeof body !== "string" || body === "") {
      throw new SqsError("MissingParameter", "The request must contain MessageBody");
    }
    const delay = input.DelaySeconds ?? 0;
    if (!(Number.isInteger(delay) && Number(delay) >= 0 && Number(delay) <= MAX_DELAY_SECONDS)) {
      throw new SqsError(
        "InvalidParameterValue",
        `DelaySeconds must be an integer from 0 to ${MAX_DELAY_SECONDS}`,
      );
    }
    const name = queueUrl.split("/").at(-1) ?? "";
    let messageId: string | undefined;
    try {
      messageId = send(name, body, Number(delay));
    } catch (error) {
      if (error instanceof RangeError) throw new SqsError("InvalidParameterValue", error.message);
      throw error;
    }
    if (!messageId) {
      throw new SqsError("QueueDoesNotExist", "The specified queue does not exist.");
    }
    reply(res, 200, {
      MessageId: messageId,
      MD5OfMessageBody: createHash("md5").update(body).digest("hex"),
    });
  } catch (error) {
    if (!(error instanceof SqsError)) throw error;
    reply(res, 400, { __type: `com.amazonaws.sqs#${error.type}`, message: error.message });
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_REQUEST_BYTES) throw new SqsError("InvalidParameterValue", "Too large");
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {}
  throw new SqsError("InvalidParameterValue", "The request is not a JSON object");
}

function reply(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.0" }).end(JSON.stringify(body));
}
