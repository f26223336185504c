/**
 * The app for one integration test file: `createLocalApp` (the code `npm start` runs) on
 * 127.0.0.1, against the run's shared DynamoDB Local and s3rver, with a table and a bucket
 * of its own and an in-memory signing key.
 *
 * One stack per test file (share it with `beforeAll`/`afterAll`): handlers run in the test's
 * process, and SST's `Resource` keeps the links it reads first. Vitest runs each file in its
 * own process, so files do not see each other's links.
 * @module
 */
import { createPublicKey, randomBytes } from "node:crypto";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { calculateJwkThumbprint, exportJWK } from "jose";
import { inject } from "vitest";
import { createLocalApp, type LocalApp, type LocalAppOptions } from "../src/app";
import { LOCAL_AUDIENCE } from "../src/environment";
import { listen } from "../src/ports";
import { type AdjustableClock, createAdjustableClock } from "../src/queue";
import { generateSigningKey } from "../src/signing-key";
import { type CookieJar, createCookieJar, parseSetCookie } from "./cookies";

/** What a test may change about its stack. */
export type TestStackOptions = Pick<
  LocalAppOptions,
  "handlers" | "integrationTimeoutMs" | "onError" | "onConsumed" | "onDeadLetter"
> & {
  /**
   * Variables handlers see instead of the stack's own, applied once the table and bucket
   * exist: e.g. `AWS_ENDPOINT_URL_DYNAMODB` pointed at a dead endpoint, to see what the API
   * answers when the database is gone.
   */
  handlerEnv?: Record<string, string>;
  /**
   * A DynamoDB Local of the test's own instead of the run's shared one: one it can kill and
   * restart (the resilience suite's outage under load).
   */
  dynamoDbEndpoint?: string;
};

/** One request. */
export interface RequestOptions {
  /** Sent as JSON (`content-type: application/json`). */
  body?: unknown;
  /** Sent as is, instead of `body`; set `content-type` in `headers` if it needs one. */
  raw?: string | Uint8Array;
  /** An access token, sent as `authorization: Bearer <token>`. */
  token?: string;
  /** Cookies to send, after (and over) those of the client's jar. */
  cookies?: Record<string, string>;
  headers?: Record<string, string>;
  /**
   * The local address to send from, e.g. `"127.0.0.2"`: another loopback address is another
   * client address for the app (`CloudFront-Viewer-Address`), "another place" to sign in from.
   */
  from?: string;
}

/** One answer, read completely. */
export interface TestResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie: see `setCookies`). */
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape the route answers.
  json: any;
  /** Every `set-cookie` header, attributes included. */
  setCookies: string[];
  /** The cookies this answer set, by name (a cleared cookie maps to ""). */
  cookies: Record<string, string>;
}

/** Sends requests to the stack. */
export interface TestClient {
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
}

/** A client that keeps cookies the way a browser does. */
export interface BrowserClient extends TestClient {
  /** Cookies set by earlier answers, sent to the paths they are scoped to. */
  jar: CookieJar;
}

/** A running app for one test file. */
export interface TestStack extends TestClient {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The token issuer, `<url>/api`: what the JWT authorizer and the Auth function agree on. */
  issuer: string;
  audience: string;
  /** PKCS#8 PEM of the signing key, to forge tokens the authorizer must refuse (or accept). */
  privateKey: string;
  /** The signing key's `kid` (its JWK thumbprint, as the Auth function publishes it). */
  kid: string;
  tableName: string;
  bucketName: string;
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  /** `request` keeps no cookies; a client from here does (sending from `from`, if given). */
  client(options?: { from?: string }): BrowserClient;
  /** The queues (send, read, dead letters, `idle()`) and the mail handlers sent. */
  queues: LocalApp["queues"];
  mail: LocalApp["mail"];
  /** The queues' clock: `advance(ms)` to pass a visibility timeout at once. */
  clock: AdjustableClock;
  close(): Promise<void>;
}

let created = false;

/** Starts the app for this test file. Call it once per file. */
export async function createTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  if (created) {
    throw new Error(
      "createTestStack() runs once per test file: SST's Resource keeps the first links it reads",
    );
  }
  created = true;
  const suffix = randomBytes(4).toString("hex");
  const tableName = `sharespace-test-Table-${suffix}`;
  const bucketName = `sharespace-test-media-${suffix}`;
  const dynamoDbEndpoint = options.dynamoDbEndpoint ?? inject("dynamoDbEndpoint");
  const s3Endpoint = inject("s3Endpoint");

  let listener: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => listener?.(req, res));
  const port = await listen(server, 0, "127.0.0.1", "test stack");
  const url = `http://127.0.0.1:${port}`;
  const privateKey = await generateSigningKey();
  const { handlerEnv, dynamoDbEndpoint: _, ...appOptions } = options;
  const clock = createAdjustableClock();
  const app = await createLocalApp({
    ...appOptions,
    queueClock: clock,
    origin: url,
    dynamoDbEndpoint,
    s3Endpoint,
    tableName,
    bucketName,
    signingKey: privateKey,
  }).catch((error: unknown) => {
    server.close();
    throw error;
  });
  // Core's SDK clients are made on first use, so they see these.
  Object.assign(process.env, handlerEnv);
  listener = app.listener;

  const send =
    (jar?: CookieJar, from?: string) =>
    (method: string, path: string, request: RequestOptions = {}) =>
      sendRequest(url, method, path, { from, ...request }, jar);
  return {
    url,
    issuer: `${url}/api`,
    audience: LOCAL_AUDIENCE,
    privateKey,
    kid: await calculateJwkThumbprint(await exportJWK(createPublicKey(privateKey))),
    tableName,
    bucketName,
    dynamoDbEndpoint,
    s3Endpoint,
    request: send(),
    client(clientOptions = {}) {
      const jar = createCookieJar();
      return { jar, request: send(jar, clientOptions.from) };
    },
    queues: app.queues,
    mail: app.mail,
    clock,
    async close() {
      await app.close();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function sendRequest(
  url: string,
  method: string,
  path: string,
  options: RequestOptions,
  jar?: CookieJar,
): Promise<TestResponse> {
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  let body: string | Uint8Array | undefined = options.raw;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const cookies = { ...jar?.cookiesFor(path), ...options.cookies };
  const cookieHeader = Object.entries(cookies).map(([name, value]) => `${name}=${value}`);
  if (cookieHeader.length) headers.cookie = cookieHeader.join("; ");
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));

  // node:http rather than fetch: it can send from a chosen local address.
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, {
      method,
      headers,
      localAddress: options.from,
      agent: false,
    });
    req.once("response", resolve).once("error", reject);
    req.end(body);
  });
  const chunks: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8");
  const setCookies = res.headers["set-cookie"] ?? [];
  jar?.store(setCookies, path);
  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (name !== "set-cookie" && value !== undefined) {
      responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
    }
  }
  return {
    status: res.statusCode ?? 0,
    headers: responseHeaders,
    text,
    json: parseJson(text, res.headers["content-type"] ?? null),
    setCookies,
    cookies: Object.fromEntries(
      setCookies.map((line) => {
        const cookie = parseSetCookie(line);
        return [cookie.name, cookie.value];
      }),
    ),
  };
}

function parseJson(text: string, contentType: string | null): unknown {
  if (!text || !contentType?.includes("json")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
