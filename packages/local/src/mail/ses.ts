/**
 * SES v2's `SendEmail` (`POST /v2/email/outbound-emails`), for handlers that send mail with
 * `@aws-sdk/client-sesv2` unchanged: `AWS_ENDPOINT_URL_SESV2` points their client here. Only
 * simple content (subject, text and HTML bodies) is accepted, the way the app sends mail;
 * raw and templated messages get SES's `BadRequestException` saying so. Source: the SES API
 * v2 reference, "SendEmail" and "Common Errors" (see the README). Nothing is sent anywhere.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CaughtMail } from "./store";

/** The SES v2 operation path, below the endpoint's own path. */
export const SEND_EMAIL_PATH = "/v2/email/outbound-emails";
/** SES's limit on recipients (To, Cc and Bcc together) per message. */
const MAX_RECIPIENTS = 50;
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

type Mail = Omit<CaughtMail, "id" | "sentAt" | "links">;

/** A request SES would refuse with 400. */
class BadRequest extends Error {}

/** Answers one SendEmail request; `store` keeps the message and returns its id. */
export async function handleSendEmail(
  req: IncomingMessage,
  res: ServerResponse,
  store: (mail: Mail, messageId: string) => void,
): Promise<void> {
  try {
    if (req.method !== "POST") throw new BadRequest("SendEmail is a POST");
    const mail = readMail(await readJson(req));
    const messageId = newMessageId();
    store(mail, messageId);
    send(res, 200, { MessageId: messageId });
  } catch (error) {
    const message = error instanceof BadRequest ? error.message : "The request is not valid JSON";
    send(res, 400, { message }, { "x-amzn-errortype": "BadRequestException" });
  }
}

/** SES message ids look like `0100018f2c3b4d5e-1a2b3c4d-...-000000`. */
function newMessageId(): string {
  const hex = (bytes: number) => randomBytes(bytes).toString("hex");
  return `010001${hex(5)}-${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}-000000`;
}

function readMail(input: unknown): Mail {
  const request = asObject(input, "The request");
  const content = asObject(request.Content, "Content");
  if (content.Raw !== undefined || content.Template !== undefined) {
    throw new BadRequest("The local mail catcher accepts Content.Simple only");
  }
  const simple = asObject(content.Simple, "Content.Simple");
  const subject = asObject(simple.Subject, "Content.Simple.Subject");
  const body = asObject(simple.Body, "Content.Simple.Body");
  const text = body.Text === undefined ? undefined : asObject(body.Text, "Body.Text");
  const html = body.Html === undefined ? undefined : asObject(body.Html, "Body.Html");
  if (!text && !html) throw new BadRequest("Content.Simple.Body needs Text or Html");

  const destination = asObject(request.Destination, "Destination");
  const to = addresses(destination.ToAddresses, "Destination.ToAddresses");
  const cc = addresses(destination.CcAddresses, "Destination.CcAddresses");
  const bcc = addresses(destination.BccAddresses, "Destination.BccAddresses");
  const recipients = to.length + cc.length + bcc.length;
  if (recipients === 0) throw new BadRequest("Destination needs at least one address");
  if (recipients > MAX_RECIPIENTS) throw new BadRequest("Recipient count exceeds 50");
  if (typeof request.FromEmailAddress !== "string" || request.FromEmailAddress === "") {
    throw new BadRequest("FromEmailAddress is required");
  }
  return {
    from: request.FromEmailAddress,
    to,
    cc,
    bcc,
    subject: data(subject, "Subject"),
    text: text ? data(text, "Body.Text") : "",
    html: html ? data(html, "Body.Html") : "",
  };
}

function asObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BadRequest(`${name} is required`);
  }
  return value as Record<string, unknown>;
}

function data(content: Record<string, unknown>, name: string): string {
  if (typeof content.Data !== "string") throw new BadRequest(`${name}.Data is required`);
  return content.Data;
}

function addresses(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((a) => typeof a === "string" && a.includes("@"))) {
    throw new BadRequest(`${name} must be a list of email addresses`);
  }
  return value;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) throw new BadRequest("The message is larger than 10 MB");
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { "content-type": "application/json", ...headers })
    .end(JSON.stringify(body));
}
