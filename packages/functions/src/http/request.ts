import { isIP } from "node:net";
import { AppError, type ErrorDetail, forbidden, invalid } from "@sharespace/core/error";
import { limits } from "@sharespace/core/limits";
import { check } from "@sharespace/core/validate";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { GenericSchema } from "valibot";
import type { Route } from "../routes";

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

/** The headers, with lower-case names as API Gateway's payload 2.0 gives them. */
export const readHeaders = (event: APIGatewayProxyEventV2) =>
  (event.headers ?? {}) as Record<string, string>;

/**
 * Reads and validates what a route declares: path variables, query string and JSON body,
 * each against its schema. Every problem is reported at once, as one 400 whose `details`
 * name the field (`email` in the body, `query.limit`, `path.id`).
 */
export function readInput(route: Route, event: APIGatewayProxyEventV2) {
  const raw = route.body ? readJsonBody(event) : undefined;
  const details: ErrorDetail[] = [];
  const validate = (schema: GenericSchema | undefined, input: unknown, prefix?: string) => {
    if (!schema) return undefined;
    const result = check(schema, input, prefix);
    if (result.success) return result.output;
    details.push(...result.details);
    return undefined;
  };
  const params = validate(route.params, event.pathParameters ?? {}, "path");
  const query = validate(route.query, event.queryStringParameters ?? {}, "query");
  const body = validate(route.body, raw);
  if (details.length) throw invalid("The request is not valid.", details);
  return { params, query, body };
}

/**
 * The address in a `CloudFront-Viewer-Address` value, `ip:port`: `198.51.100.7:46532`, an
 * IPv6 address as CloudFront writes it (`2001:db8::1:46532`, no brackets) or bracketed
 * (`[2001:db8::1]:46532`). Undefined when it is not an IP address with a port.
 */
export function parseViewerAddress(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let host: string;
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    if (end < 0 || !/^:\d+$/.test(text.slice(end + 1))) return undefined;
    host = text.slice(1, end);
  } else {
    const colon = text.lastIndexOf(":");
    if (colon < 0 || !/^\d+$/.test(text.slice(colon + 1))) return undefined;
    host = text.slice(0, colon);
  }
  return isIP(host) ? host.toLowerCase() : undefined;
}

/**
 * The client's address. Behind the router (CloudFront), API Gateway's `sourceIp` is
 * CloudFront's; the client's is in `CloudFront-Viewer-Address`, which CloudFront sets itself
 * (a value a client sends is replaced). `X-Forwarded-For` is never read: a client writes it.
 * Called without the router (the API's own URL), `sourceIp` is the client.
 */
export function clientAddress(event: APIGatewayProxyEventV2): string | undefined {
  const sourceIp = event.requestContext?.http?.sourceIp;
  return (
    parseViewerAddress(event.headers?.["cloudfront-viewer-address"]) ??
    (sourceIp && isIP(sourceIp) ? sourceIp : undefined)
  );
}

/**
 * For routes that authenticate by cookie: a request that says it comes from another site
 * (`Origin` present and not the app's own, `null` included) is refused. Browsers send
 * `Origin` on every cross-site POST; SameSite=Strict already keeps the cookie off them, this
 * is the second lock.
 */
export function checkOrigin(headers: Record<string, string>, appOrigin: string) {
  const origin = headers.origin;
  if (origin !== undefined && origin !== appOrigin) {
    throw forbidden("This request must come from the ShareSpace app itself.");
  }
}
