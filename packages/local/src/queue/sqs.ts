/**
 * SQS's `SendMessage` over its JSON protocol (`x-amz-target: AmazonSQS.SendMessage`), for
 * handlers that queue work with `@aws-sdk/client-sqs` unchanged: `AWS_ENDPOINT_URL_SQS`
 * points their client here, and each queue link's `url` names a queue under this path.
 * Messages go to the local queue stand-in, which runs the queue's consumer. Only
 * SendMessage is served: the app's functions send, and Lambda's event source mapping (the
 * stand-in) receives. Source: the SQS API reference, "SendMessage" and "Common Errors".
 * @module
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Where the SQS stand-in is mounted: `AWS_ENDPOINT_URL_SQS` is `<origin>` + this. */
export const SQS_PATH = "/_local/sqs";

/** The URL a queue link carries locally: `<origin>/_local/sqs/<queue name>`. */
export const localQueueUrl = (origin: string, queue: string) => `${origin}${SQS_PATH}/${queue}`;

const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * Answers one SQS request: `send(queue, body)` takes a SendMessage to a known queue and
 * returns its message id, or `undefined` for a queue that does not exist.
 */
export async function handleSqs(
  req: IncomingMessage,
  res: ServerResponse,
  send: (queue: string, body: string) => string | undefined,
): Promise<void> {
  const fail = (status: number, type: string, message: string): void => {
    res
      .writeHead(status, {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-query-error": `${type};Sender`,
      })
      .end(JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }));
  };
  try {
    const target = req.headers["x-amz-target"];
    if (req.method !== "POST" || target !== "AmazonSQS.SendMessage") {
      return fail(400, "InvalidAction", `The local SQS serves SendMessage only, not ${target}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_MESSAGE_BYTES * 2) return fail(400, "InvalidParameterValue", "Too large");
      chunks.push(chunk);
    }
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      QueueUrl?: unknown;
      MessageBody?: unknown;
    };
    if (typeof input.MessageBody !== "string" || input.MessageBody === "") {
      return fail(400, "MissingParameter", "MessageBody is required");
    }
    if (Buffer.byteLength(input.MessageBody) > MAX_MESSAGE_BYTES) {
      return fail(400, "InvalidParameterValue", "MessageBody is longer than 256 KiB");
    }
    const queue = typeof input.QueueUrl === "string" ? input.QueueUrl.split("/").pop() : "";
    const messageId = queue ? send(queue, input.MessageBody) : undefined;
    if (!messageId) return fail(400, "QueueDoesNotExist", "The specified queue does not exist.");
    res.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end(
      JSON.stringify({
        MessageId: messageId,
        MD5OfMessageBody: createHash("md5").update(input.MessageBody).digest("hex"),
      }),
    );
  } catch {
    fail(400, "InvalidParameterValue", "The request is not valid JSON");
  }
}
