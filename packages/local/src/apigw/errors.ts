import { MAX_REQUEST_BODY_BYTES } from "./limits";
import type { HttpResponse } from "./response";

/**
 * An answer API Gateway gives by itself, without (or instead of) the integration's. Each
 * knows its status and renders itself; bodies are the exact texts AWS sends where known.
 */
export class GatewayError extends Error {
  private constructor(
    readonly status: number,
    private readonly body: string,
    private readonly contentType = "application/json",
    private readonly extraHeaders: [string, string][] = [],
  ) {
    super(`API Gateway answered ${status}: ${body}`);
    this.name = "GatewayError";
  }

  /** No route matched (also a trailing slash, or HEAD without a HEAD route). */
  static notFound(): GatewayError {
    return GatewayError.message(404, "Not Found");
  }

  /**
   * The JWT authorizer refused the request. `description` goes in `www-authenticate` as AWS
   * does; without one (no token at all) the challenge names only the scheme, as RFC 6750 §3.1
   * asks when a request carries no credentials.
   */
  static unauthorized(description?: string): GatewayError {
    const challenge =
      description === undefined
        ? "Bearer"
        : `Bearer scope="" error="invalid_token" error_description="${description.replaceAll('"', "'")}"`;
    return new GatewayError(401, JSON.stringify({ message: "Unauthorized" }), "application/json", [
      ["www-authenticate", challenge],
    ]);
  }

  /** Body over the 10 MB payload quota; the text is the one observed on AWS's front door. */
  static payloadTooLarge(): GatewayError {
    return new GatewayError(
      413,
      `HTTP content length exceeded ${MAX_REQUEST_BODY_BYTES} bytes.`,
      "text/plain",
    );
  }

  /** The event would exceed Lambda's 6 MB invoke payload (AWS's answer here is undocumented). */
  static eventTooLarge(): GatewayError {
    return GatewayError.message(413, "Request Entity Too Large");
  }

  /**
   * Request line plus header values over 10240 bytes. 431 rather than 413 because it is the
   * status Node's own parser sends for oversized headers, so both limits look alike to clients.
   */
  static headersTooLarge(): GatewayError {
    return GatewayError.message(431, "Request Header Fields Too Large");
  }

  /** The handler threw, or returned something API Gateway cannot map. Never says why. */
  static internal(): GatewayError {
    return GatewayError.message(500, "Internal Server Error");
  }

  /** The integration timeout passed before the handler answered. */
  static unavailable(): GatewayError {
    return GatewayError.message(503, "Service Unavailable");
  }

  private static message(status: number, message: string): GatewayError {
    return new GatewayError(status, JSON.stringify({ message }));
  }

  /** The HTTP answer for this error. */
  toResponse(): HttpResponse {
    return {
      statusCode: this.status,
      headers: [["content-type", this.contentType], ...this.extraHeaders],
      body: Buffer.from(this.body),
    };
  }
}

/** A handler result API Gateway would answer with a 500; `message` says what is wrong. */
export class MalformedResultError extends Error {
  readonly code = "malformed_result";
  constructor(message: string) {
    super(`Malformed Lambda proxy response: ${message}`);
    this.name = "MalformedResultError";
  }
}

/** Reported to `onError` when the integration timeout passes (the gateway answers 503). */
export class IntegrationTimeoutError extends Error {
  readonly code = "integration_timeout";
  constructor(timeoutMs: number) {
    super(`The handler did not answer within the ${timeoutMs} ms integration timeout`);
    this.name = "IntegrationTimeoutError";
  }
}

/** The gateway's options cannot describe a working API; thrown by `createApiGateway` only. */
export class GatewayConfigError extends Error {
  readonly code = "invalid_gateway_config";
  constructor(message: string) {
    super(message);
    this.name = "GatewayConfigError";
  }
}
