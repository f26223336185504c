import { AppError, invalid } from "@sharespace/core/error";
import { limits } from "@sharespace/core/limits";
import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** What a route handler gets: the parsed pieces of API Gateway's payload-2.0 event. */
export interface Request {
  /** The JSON body, parsed but not validated (core validates it). `undefined` when empty. */
  body: unknown;
  params: Record<string, string>;
  query: Record<string, string>;
  cookies: Record<string, string>;
  headers: Record<string, string>;
}

const tooLarge = () =>
  new AppError(
    "too_large",
    "payload_too_large",
    `The request body must be at most ${limits.maxJsonBodyBytes / 1024} KiB.`,
  );

/** Reads the JSON body: 413 over the limit, 415 when not JSON, 400 when malformed. */
export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === "") return undefined;
  // Cheap bound first: base64 is 4/3 of the bytes, so this never rejects a valid body.
  if (event.body.length > Math.ceil((limits.maxJsonBodyBytes * 4) / 3) + 4) throw tooLarge();
  const bytes = Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
  if (bytes.byteLength > limits.maxJsonBodyBytes) throw tooLarge();
  const type = event.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new AppError(
      "unsupported",
      "unsupported_media_type",
      "Send the body as JSON with content-type: application/json.",
    );
  }
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw invalid("The request body is not valid JSON.");
  }
}

/** A malformed escape (`%E0%A4%A`) is someone else's garbage: keep it as sent, never throw. */
const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** `event.cookies` is `["name=value", ...]`; the first value of a name wins, like browsers send. */
export function readCookies(event: APIGatewayProxyEventV2): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of event.cookies ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    if (!(name in cookies)) cookies[name] = decode(pair.slice(at + 1).trim());
  }
  return cookies;
}

export function readRequest(event: APIGatewayProxyEventV2, withBody: boolean): Request {
  return {
    body: withBody ? readJsonBody(event) : undefined,
    params: (event.pathParameters ?? {}) as Record<string, string>,
    query: (event.queryStringParameters ?? {}) as Record<string, string>,
    cookies: readCookies(event),
    headers: event.headers as Record<string, string>,
  };
}
