import { randomBytes } from "node:crypto";
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
} from "aws-lambda";
import type { IncomingRequest } from "./request";

/** The local stand-ins for the account and API ids a deployed API would carry. */
export const LOCAL_ACCOUNT_ID = "000000000000";
export const LOCAL_API_ID = "local";

/** A payload-2.0 event; `authorizer` is present only on routes guarded by the JWT authorizer. */
export type GatewayEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & { authorizer?: APIGatewayEventRequestContextJWTAuthorizer }
>;

/** Everything the gateway has decided about a request by the time it invokes the handler. */
export interface EventInput {
  request: IncomingRequest;
  routeKey: string;
  pathParameters?: Record<string, string>;
  requestId: string;
  timeEpoch: number;
  /** Verified claims, already turned into strings; set only on JWT routes. */
  claims?: Record<string, string>;
}

/**
 * Media types API Gateway passes as text (measured on AWS; README, "Event"); any other
 * body, including one without a content-type or a form post, arrives base64-encoded.
 */
const TEXT_TYPES = new Set(["application/json", "application/xml", "application/javascript"]);

/** Set by CloudFront (when the origin request policy forwards it): `<client ip>:<port>`. */
export const VIEWER_ADDRESS = "cloudfront-viewer-address";

/** Builds the event exactly as API Gateway would send it for this request. */
export function buildEvent(input: EventInput): GatewayEvent {
  const { request, routeKey, requestId, timeEpoch } = input;
  const { headers, cookies } = collectHeaders(request, timeEpoch);
  const query = parseQuery(request.rawQueryString);
  const host = headers.host ?? "localhost";
  const hasBody = request.body.length > 0;
  const isText = isTextType(headers["content-type"]);

  // Absent fields are left out rather than set to undefined: the handler receives JSON.
  return {
    version: "2.0",
    routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      ...(input.claims ? { authorizer: { jwt: { claims: input.claims, scopes: null } } } : {}),
      // Locally the Host header keeps its port so handlers can build working absolute URLs.
      domainName: host,
      domainPrefix: host.split(":")[0]?.split(".")[0] ?? host,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey,
      stage: "$default",
      time: formatTime(timeEpoch),
      timeEpoch,
    },
    ...(hasBody ? { body: request.body.toString(isText ? "utf8" : "base64") } : {}),
    isBase64Encoded: hasBody && !isText,
  };
}

/**
 * Lower-cases names and joins repeated headers with "," (no space), moves every Cookie header
 * into `cookies`, and adds the headers API Gateway itself sets. It also plays the CloudFront
 * router in front of the API: `cloudfront-viewer-address` is the client's address and port,
 * whatever the client sent under that name (see the README, "Client address").
 */
function collectHeaders(request: IncomingRequest, timeEpoch: number) {
  const joined = new Map<string, string>();
  const cookies: string[] = [];
  for (const [name, value] of request.headers) {
    if (name === VIEWER_ADDRESS) continue;
    if (name === "cookie") {
      cookies.push(
        ...value
          .split(";")
          .map((c) => c.trim())
          .filter((c) => c !== ""),
      );
      continue;
    }
    const previous = joined.get(name);
    joined.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  const forwardedFor = joined.get("x-forwarded-for");
  joined.set(
    "x-forwarded-for",
    forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp,
  );
  joined.set("x-forwarded-port", String(request.localPort));
  joined.set("x-forwarded-proto", request.scheme);
  if (!joined.has("x-amzn-trace-id")) joined.set("x-amzn-trace-id", traceId(timeEpoch));
  // CloudFront writes an IPv6 address without brackets: `2001:db8::1:46532`.
  joined.set(VIEWER_ADDRESS, `${request.sourceIp}:${request.sourcePort}`);
  return { headers: Object.fromEntries(joined), cookies };
}

/** Decoded parameters, repeated keys joined with ","; undefined when there is no query. */
function parseQuery(raw: string): Record<string, string> | undefined {
  const params = new Map<string, string>();
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decodeComponent(pair.slice(eq + 1));
    const previous = params.get(key);
    params.set(key, previous === undefined ? value : `${previous},${value}`);
  }
  return params.size > 0 ? Object.fromEntries(params) : undefined;
}

/** Form-style decoding ("+" is a space, as browsers encode query strings). */
function decodeComponent(value: string): string {
  const spaced = value.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function isTextType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (!mediaType) return false;
  return mediaType.startsWith("text/") || TEXT_TYPES.has(mediaType);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `requestContext.time`, e.g. `"21/Apr/2020:15:08:21 +0000"`. */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}`;
  return `${date}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** A request id shaped like API Gateway's, e.g. `"LV7fzho-PHcEJPw="`. */
export function newRequestId(): string {
  return randomBytes(11).toString("base64").replaceAll("+", "-").replaceAll("/", "_");
}

/** An X-Ray trace header: version, epoch seconds in hex, 96 random bits. */
function traceId(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000)
    .toString(16)
    .padStart(8, "0");
  return `Root=1-${seconds}-${randomBytes(12).toString("hex")}`;
}
