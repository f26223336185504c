import type { ServerResponse } from "node:http";
import { MalformedResultError } from "./errors";
import { MAX_LAMBDA_PAYLOAD_BYTES } from "./limits";

/** An HTTP answer ready to write; repeated header names (e.g. `set-cookie`) stay separate. */
export interface HttpResponse {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

/**
 * Headers the gateway computes itself; a handler's value would only desynchronise framing.
 */
const FRAMING_HEADERS = new Set(["content-length", "transfer-encoding", "connection"]);

/**
 * Maps a handler's return value to HTTP as payload format 2.0 does (README, "Response mapping").
 * The value goes through JSON first, as it does between Lambda and API Gateway, so a class
 * instance or a `Date` looks here exactly as it would on AWS.
 * @throws MalformedResultError for anything API Gateway would answer with a 500.
 */
export function toHttpResponse(result: unknown): HttpResponse {
  const value = throughJson(result);
  const structured =
    typeof value === "object" && value !== null && !Array.isArray(value) && "statusCode" in value;
  if (!structured) {
    // No statusCode: 200, JSON, and the whole value is the body (a string as-is).
    const body = typeof value === "string" ? value : JSON.stringify(value);
    return {
      statusCode: 200,
      headers: [["content-type", "application/json"]],
      body: Buffer.from(body),
    };
  }
  return structuredResponse(value as Record<string, unknown>);
}

function structuredResponse(value: Record<string, unknown>): HttpResponse {
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = value;
  if (typeof statusCode !== "number" || !Number.isInteger(statusCode)) {
    throw new MalformedResultError("statusCode must be an integer");
  }
  // 1xx cannot be a final answer over HTTP/1.1.
  if (statusCode < 200 || statusCode > 599) {
    throw new MalformedResultError(`statusCode ${statusCode} is out of range`);
  }
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) {
    throw new MalformedResultError("headers must be an object");
  }
  if (!Array.isArray(cookies) || cookies.some((cookie) => typeof cookie !== "string")) {
    throw new MalformedResultError("cookies must be an array of strings");
  }
  if (body !== undefined && body !== null && typeof body !== "string") {
    throw new MalformedResultError("body must be a string");
  }
  if (typeof isBase64Encoded !== "boolean") {
    throw new MalformedResultError("isBase64Encoded must be a boolean");
  }

  const lines: [string, string][] = [];
  for (const [name, headerValue] of Object.entries(headers)) {
    if (!["string", "number", "boolean"].includes(typeof headerValue)) {
      throw new MalformedResultError(`header ${name} must be a string, number or boolean`);
    }
    if (!FRAMING_HEADERS.has(name.toLowerCase())) lines.push([name, String(headerValue)]);
  }
  // Each cookie becomes its own set-cookie header (they cannot be joined with commas).
  for (const cookie of cookies as string[]) lines.push(["set-cookie", cookie]);
  const text = body ?? "";
  return {
    statusCode,
    headers: lines,
    body: Buffer.from(text, isBase64Encoded ? "base64" : "utf8"),
  };
}

function throughJson(result: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(result);
  } catch (error) {
    throw new MalformedResultError(`not serialisable (${(error as Error).message})`);
  }
  // Lambda turns "no value" into null.
  if (json === undefined) return null;
  if (Buffer.byteLength(json) > MAX_LAMBDA_PAYLOAD_BYTES) {
    throw new MalformedResultError(`larger than Lambda's ${MAX_LAMBDA_PAYLOAD_BYTES}-byte limit`);
  }
  return JSON.parse(json);
}

/** Writes the answer, tagged with the request id API Gateway puts on every response. */
export function writeResponse(res: ServerResponse, response: HttpResponse, requestId: string) {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of response.headers) {
    const key = name.toLowerCase();
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  grouped.set("apigw-requestid", [requestId]);
  // 204 and 304 carry no body, so they must not announce a length either.
  const bodiless = response.statusCode === 204 || response.statusCode === 304;
  if (!bodiless) grouped.set("content-length", [String(response.body.length)]);
  res.statusCode = response.statusCode;
  for (const [name, values] of grouped) {
    res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
  }
  res.end(bodiless ? undefined : response.body);
}
