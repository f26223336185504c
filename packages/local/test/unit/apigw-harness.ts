/**
 * Shared fixtures of the apigw tests: the gateway on a real HTTP server (port 0), a raw
 * client that can repeat headers, and a token issuer serving discovery and JWKS via `fetch`.
 */
import { createServer, type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";
import { vi } from "vitest";
import { type ApiGatewayOptions, createApiGateway, type EmulatedRoute } from "../../src/apigw";
import type { GatewayEvent } from "../../src/apigw/event";

/** 2026-04-21T15:08:21.000Z: the frozen clock of the tests. */
export const NOW = Date.UTC(2026, 3, 21, 15, 8, 21);
export const NOW_S = NOW / 1000;

/** A running gateway; `close` stops its server. */
export interface TestGateway {
  port: number;
  close(): Promise<void>;
}

/** Serves `createApiGateway(options).handle` on 127.0.0.1 at a free port. */
export async function startGateway(options: ApiGatewayOptions): Promise<TestGateway> {
  const gateway = createApiGateway({ now: () => NOW, ...options });
  const server = createServer((req, res) => void gateway.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A response as the client saw it. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The port the client sent from. */
  clientPort: number;
}

/** Request options; `headers` are sent line by line, so names may repeat. */
export interface SendOptions {
  method?: string;
  headers?: [string, string][];
  body?: Buffer | string;
  /** Send the body chunked, without a content-length. */
  chunked?: boolean;
  /** The local address to send from (another loopback address is another client). */
  localAddress?: string;
}

/** One HTTP request with full control over the header lines. */
export function send(port: number, path: string, options: SendOptions = {}): Promise<RawResponse> {
  const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
  const lines = [...(options.headers ?? [])];
  // Raw header lists get no automatic Host, which HTTP/1.1 requires.
  if (!lines.some(([name]) => name.toLowerCase() === "host"))
    lines.unshift(["host", `127.0.0.1:${port}`]);
  if (body && !options.chunked) lines.push(["content-length", String(body.length)]);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        headers: lines.flat(),
        agent: false,
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const all = Buffer.concat(chunks);
          const clientPort = req.socket?.localPort ?? 0;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: all,
            text: `${all}`,
            clientPort,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    // end(body) would let Node compute a content-length; a first write() goes chunked.
    if (options.chunked && body) {
      req.write(body);
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** A handler spy that records the events it receives and returns `result`. */
export function recorder(result: unknown = { statusCode: 200, body: "ok" }) {
  const events: GatewayEvent[] = [];
  const handler = vi.fn(async (event: GatewayEvent) => {
    events.push(event);
    return result;
  });
  return { handler, events };
}

/** A route for `handler`, named after a made-up function. */
export function route(
  routeKey: string,
  handler: EmulatedRoute["handler"],
  jwt = false,
): EmulatedRoute {
  return { routeKey, functionName: "Test", handler, jwt };
}

export const ISSUER = "https://auth.example.test/api";
export const AUDIENCE = "sharespace-web";

/**
 * An RS256 token issuer: its discovery and JWKS are served by `fetch` (a spy), `sign` mints
 * tokens, `publish` replaces the published keys (rotation).
 */
export async function createIssuer() {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk: JWK = {
    ...(await exportJWK(publicKey)),
    kid: "key-1",
    alg: "RS256",
    use: "sig",
  };
  let published: JWK[] = [publicJwk];
  const discoveryUrl = `${ISSUER}/.well-known/openid-configuration`;
  const jwksUrl = `${ISSUER}/.well-known/jwks.json`;

  const fetch = vi.fn(async (input: string | URL | Request) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === discoveryUrl) return Response.json({ issuer: ISSUER, jwks_uri: jwksUrl });
    if (url === jwksUrl) return Response.json({ keys: published });
    return new Response("not found", { status: 404 });
  });

  /** Valid claims for NOW; override or remove (`undefined`) any of them. */
  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "usr_01",
    iat: NOW_S - 60,
    exp: NOW_S + 900,
    ...overrides,
  });

  const sign = (
    payload: JWTPayload = claims(),
    header: Record<string, unknown> = {},
    key: CryptoKey | Uint8Array = privateKey,
  ) => new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: "key-1", ...header }).sign(key);

  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    /** The URLs fetched so far, in order. */
    fetched: () => fetch.mock.calls.map(([input]) => String(input)),
    claims,
    sign,
    privateKey,
    publicKey,
    publicJwk,
    publish: (keys: JWK[]) => {
      published = keys;
    },
  };
}
