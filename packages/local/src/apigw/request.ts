import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { GatewayError } from "./errors";
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_LINE_AND_HEADERS_BYTES } from "./limits";

/** The client went away before sending its whole body; there is no one left to answer. */
export class ClientClosedError extends Error {
  readonly code = "client_closed";
  constructor() {
    super("The client closed the request before its end");
    this.name = "ClientClosedError";
  }
}

/** What API Gateway knows about a request once it has read it, before routing. */
export interface IncomingRequest {
  method: string;
  /** Path exactly as sent, still percent-encoded, without the query. */
  rawPath: string;
  /** Everything after the first `?`; `""` when there is none. */
  rawQueryString: string;
  /** Header lines in arrival order, names lower-cased; repeated names stay separate. */
  headers: [string, string][];
  body: Buffer;
  sourceIp: string;
  /** The client's port, for `cloudfront-viewer-address`. */
  sourcePort: number;
  protocol: string;
  /** The scheme and port the client reached, for `x-forwarded-proto` and `-port`. */
  scheme: "http" | "https";
  localPort: number;
}

/**
 * Reads a Node request the way API Gateway receives one: size limits first (431 for the
 * request line and headers, 413 for the body), then the whole body.
 */
export async function readRequest(req: IncomingMessage): Promise<IncomingRequest> {
  // Connect-style mounts (Vite's `middlewares.use("/api", …)`) strip the mount path from
  // `req.url` and keep the original in `originalUrl`; API Gateway sees the full path.
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const method = (req.method ?? "GET").toUpperCase();
  const protocol = `HTTP/${req.httpVersion}`;
  const headers = headerLines(req.rawHeaders);

  const requestLine = `${method} ${url} ${protocol}`;
  const size = headers.reduce(
    (total, [, value]) => total + Buffer.byteLength(value),
    Buffer.byteLength(requestLine),
  );
  if (size > MAX_REQUEST_LINE_AND_HEADERS_BYTES) throw GatewayError.headersTooLarge();

  const target = stripOrigin(url);
  const queryStart = target.indexOf("?");
  const body = await readBody(req, MAX_REQUEST_BODY_BYTES);
  return {
    method,
    rawPath: queryStart === -1 ? target : target.slice(0, queryStart),
    rawQueryString: queryStart === -1 ? "" : target.slice(queryStart + 1),
    headers,
    body,
    sourceIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
    sourcePort: req.socket.remotePort ?? 0,
    protocol,
    scheme: (req.socket as TLSSocket).encrypted ? "https" : "http",
    localPort: req.socket.localPort ?? 0,
  };
}

function headerLines(raw: string[]): [string, string][] {
  const lines: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    lines.push([(raw[i] as string).toLowerCase(), raw[i + 1] as string]);
  }
  return lines;
}

/** A request target in absolute form (`http://host/path`) is reduced to its path. */
function stripOrigin(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i.exec(url);
  if (!match) return url;
  const rest = url.slice(match[0].length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

/**
 * Buffers the body up to `limit` bytes. Over the limit it stops buffering and lets the rest
 * drain (rather than destroying the socket) so the client can still read the 413.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.on("error", ignore);
    req.resume();
    return Promise.reject(GatewayError.payloadTooLarge());
  }
  // Already read by someone else: nothing more will arrive.
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        req.resume();
        reject(GatewayError.payloadTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    // Errors of an incoming message are connection failures ("aborted", ECONNRESET).
    const onError = () => {
      stop();
      reject(new ClientClosedError());
    };
    const onClose = () => {
      if (!req.complete) onError();
    };
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      // The rest may still drain; a reset then must not become an uncaught 'error'.
      req.on("error", ignore);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

function ignore(): void {}
