/**
 * An in-process emulator of an API Gateway HTTP API with Lambda proxy integrations (payload
 * format 2.0) and a JWT authorizer, for the offline local stack. What it reproduces, and from
 * which AWS sources, is in the package README ("The API Gateway emulator"); choices where AWS
 * is silent are noted where made.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "aws-lambda";
import { createJwtAuthorizer, type JwtAuthorizer, TokenRejectedError } from "./authorizer";
import { GatewayConfigError, GatewayError } from "./errors";
import { buildEvent, newRequestId } from "./event";
import { invoke } from "./invoke";
import { createKeyStore } from "./jwks";
import { DEFAULT_INTEGRATION_TIMEOUT_MS, MAX_LAMBDA_PAYLOAD_BYTES } from "./limits";
import { ClientClosedError, type IncomingRequest, readRequest } from "./request";
import { type HttpResponse, toHttpResponse, writeResponse } from "./response";
import { createRouter } from "./router";

export type { APIGatewayProxyEventV2, Context } from "aws-lambda";
export { TokenRejectedError } from "./authorizer";
export { GatewayConfigError, IntegrationTimeoutError, MalformedResultError } from "./errors";
export type { GatewayEvent } from "./event";
export { RouteKeyError } from "./router";

/** A Lambda handler as exported by packages/functions; invoked with a payload-2.0 event. */
// biome-ignore lint/suspicious/noExplicitAny: each handler declares its own event type.
export type LambdaHandler = (event: any, context: Context) => Promise<unknown>;

/** One route of the emulated API, bound to the handler that serves it. */
export interface EmulatedRoute {
  /** `"GET /api/media/{id}"`, `"ANY /x/{proxy+}"` or `"$default"`. */
  routeKey: string;
  /** The Lambda function's name, for the invocation context (e.g. `"Auth"`). */
  functionName: string;
  /** Invoked in-process with a payload-2.0 event. */
  handler: LambdaHandler;
  /** Guarded by the JWT authorizer: refused with 401 before the handler runs. */
  jwt?: boolean;
}

/** Options of {@link createApiGateway}. */
export interface ApiGatewayOptions {
  routes: EmulatedRoute[];
  /** The JWT authorizer; keys come from `${issuer}/.well-known/openid-configuration` → `jwks_uri`. */
  jwt?: { issuer: string; audience: string[] };
  /**
   * Default (and AWS's maximum) 30000; when it passes the client gets 503
   * `{"message":"Service Unavailable"}`. AWS accepts 50–30000; smaller values are allowed
   * here so tests stay fast.
   */
  integrationTimeoutMs?: number;
  /** Used for OIDC discovery and the JWKS (tests inject one). */
  fetch?: typeof fetch;
  /** Millisecond clock for `exp`/`nbf`/`iat` and the event's `time`. */
  now?: () => number;
  /** Called when a handler throws, returns something unmappable or times out. */
  onError?: (err: unknown, route: string) => void;
}

/** The emulated API. */
export interface ApiGateway {
  /** Serve one Node request. Never throws; never leaks a stack trace to the client. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/**
 * Creates the emulator. Invalid route keys, or JWT routes without a `jwt` configuration,
 * throw here ({@link RouteKeyError}, {@link GatewayConfigError}) rather than per request.
 */
export function createApiGateway(options: ApiGatewayOptions): ApiGateway {
  const now = options.now ?? Date.now;
  const timeoutMs = options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new GatewayConfigError(`integrationTimeoutMs must be positive, not ${timeoutMs}`);
  }
  const route = createRouter(
    options.routes.map((target) => ({ routeKey: target.routeKey, target })),
  );
  const authorize = createAuthorizer(options, now);
  const report = (error: unknown, routeKey: string) => {
    try {
      options.onError?.(error, routeKey);
    } catch {
      // A failing error reporter must not turn into an unanswered request.
    }
  };

  async function serve(req: IncomingMessage, requestId: string): Promise<HttpResponse> {
    const timeEpoch = now();
    const request = await readRequest(req);
    const match = route(request.method, request.rawPath);
    if (!match) throw GatewayError.notFound();
    const { routeKey, pathParameters, target } = match;

    const claims = target.jwt ? await authorizeRequest(authorize, request) : undefined;
    const event = buildEvent({ request, routeKey, pathParameters, requestId, timeEpoch, claims });
    // The handler gets the event as Lambda delivers it: parsed from JSON, within 6 MB.
    const payload = JSON.stringify(event);
    if (Buffer.byteLength(payload) > MAX_LAMBDA_PAYLOAD_BYTES) throw GatewayError.eventTooLarge();

    const invocation = { ...target, routeKey, timeoutMs, report };
    const result = await invoke(invocation, JSON.parse(payload));
    try {
      return toHttpResponse(result);
    } catch (error) {
      report(error, routeKey);
      throw GatewayError.internal();
    }
  }

  return {
    async handle(req, res) {
      const requestId = newRequestId();
      let response: HttpResponse;
      try {
        response = await serve(req, requestId);
      } catch (error) {
        if (error instanceof GatewayError) {
          response = error.toResponse();
        } else {
          // Anything else is a bug of the emulator itself: reported, and still a generic 500.
          if (!(error instanceof ClientClosedError)) report(error, `${req.method} ${req.url}`);
          response = GatewayError.internal().toResponse();
        }
      }
      try {
        if (!res.headersSent && !res.destroyed) writeResponse(res, response, requestId);
      } catch {
        res.destroy();
      }
    },
  };
}

function createAuthorizer(
  options: ApiGatewayOptions,
  now: () => number,
): JwtAuthorizer | undefined {
  const guarded = options.routes.filter((r) => r.jwt).map((r) => r.routeKey);
  if (!options.jwt) {
    if (guarded.length > 0) {
      throw new GatewayConfigError(`JWT routes without a jwt option: ${guarded.join(", ")}`);
    }
    return undefined;
  }
  const { issuer, audience } = options.jwt;
  // API Gateway requires at least one audience and accepts at most 50.
  if (audience.length === 0 || audience.length > 50) {
    throw new GatewayConfigError("a JWT authorizer needs between 1 and 50 audiences");
  }
  const keys = createKeyStore({ issuer, fetch: options.fetch ?? globalThis.fetch });
  return createJwtAuthorizer({ issuer, audience, keys, now });
}

async function authorizeRequest(
  authorize: JwtAuthorizer | undefined,
  request: IncomingRequest,
): Promise<Record<string, string>> {
  // Repeated Authorization headers are joined with "," like any header, which no token survives.
  const values = request.headers.filter(([name]) => name === "authorization").map(([, v]) => v);
  try {
    if (!authorize) throw new GatewayConfigError("no JWT authorizer configured");
    return await authorize(values.length > 0 ? values.join(",") : undefined);
  } catch (error) {
    if (!(error instanceof TokenRejectedError)) throw error;
    throw GatewayError.unauthorized(error.code === "missing_token" ? undefined : error.description);
  }
}
