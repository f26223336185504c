/**
 * The S3 endpoint: s3rver on loopback, plus what S3 does with bucket notifications. s3rver
 * emits an `event` per write inside its own process; this server turns each into the Lambda
 * event S3 would send and streams it, as NDJSON, to whoever subscribed to that bucket. The
 * app subscribes over HTTP, so it reaches the S3 endpoint the same way whether both run in
 * one process (`npm start`) or in two (tests share one s3rver started by the global setup).
 * @module
 */
import type { EventEmitter } from "node:events";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, get, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { LocalStackError } from "./errors";
import { listen } from "./ports";
import { answerChecksums, keepChecksums } from "./s3-checksum";
import { type S3Event, type S3rverRecord, toS3Event } from "./s3-event";
import { answerJoinsAtOnce } from "./s3-join";
import {
  isCompletion,
  isMultipartExtra,
  refuseUnknownCompletion,
  type S3rverStore,
  serveMultipartExtras,
} from "./s3-multipart";
import { answerWritesWhenWritten } from "./s3-writes";

/** s3rver's fixed credentials: it checks signatures, so clients must sign with these. */
export const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** Bucket names cannot start with `_`, so this path can never be an S3 request. */
const EVENTS_PATH = "/_local/events";

/** Options of {@link startS3Local}. */
export interface S3LocalOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where objects live (created if missing); a temporary directory, removed at stop, without it. */
  directory?: string;
  /** The region written in events; default us-east-1. */
  region?: string;
}

/** A running S3 endpoint. */
export interface S3Local {
  /** `http://127.0.0.1:<port>`: an IP address, so the AWS SDK uses path-style URLs by itself. */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts s3rver. It creates no bucket: the app does, through the S3 API, as it would have to
 * against a shared endpoint.
 * @throws PortInUseError, or LocalStackError `data_dir_unusable`.
 */
export async function startS3Local(options: S3LocalOptions): Promise<S3Local> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "us-east-1";
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), "sharespace-s3-")));
  if (options.directory) await ensureDirectory(options.directory);

  const s3rver = new S3rver({ directory, silent: true });
  const store = (s3rver as unknown as { store: S3rverStore }).store;
  answerWritesWhenWritten(store);
  keepChecksums(store);
  const joins = answerJoinsAtOnce(store);
  const subscribers = new Map<string, Set<ServerResponse>>();
  // s3rver is a Koa app, so an EventEmitter; its type definitions leave that out.
  (s3rver as unknown as EventEmitter).on("event", (event: { Records: S3rverRecord[] }) => {
    const s3 = event.Records[0]?.s3;
    const bucket = s3?.bucket.name ?? "";
    const line = `${JSON.stringify(toS3Event(event, region))}\n`;
    // S3 notifies of an object that can be read: a completion's once its parts are joined.
    void joins.settled(bucket, s3?.object.key ?? "").then(() => {
      for (const res of subscribers.get(bucket) ?? []) res.write(line);
    });
  });

  const middleware = s3rver.getMiddleware();
  // A request for an object whose parts are being joined, or for its whole bucket, waits for
  // them (`s3-join.ts`); those of multipart uploads do not (a completion sent again among them).
  const s3 = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://s3");
    const [, bucket = "", ...path] = url.pathname.split("/");
    const key = decoded(path.join("/"));
    if (!bucket || url.searchParams.has("uploadId") || key === undefined) {
      return void middleware(req, res);
    }
    void joins.settled(bucket, key || undefined).then(() => middleware(req, res));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://s3");
    answerChecksums(req, res);
    if (isCompletion(req.method, url)) {
      return void refuseUnknownCompletion(store, res, url).then(
        (answered) => answered || s3(req, res),
        () => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        },
      );
    }
    if (isMultipartExtra(req.method, url)) {
      return void serveMultipartExtras(store, req, res, url).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    }
    if (url.pathname !== EVENTS_PATH) return s3(req, res);
    const bucket = url.searchParams.get("bucket") ?? "";
    res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
    res.flushHeaders();
    const set = subscribers.get(bucket) ?? new Set();
    subscribers.set(bucket, set.add(res));
    res.on("close", () => set.delete(res));
  });

  const port = await listen(server, options.port, host, "S3 (s3rver)");
  return {
    endpoint: `http://${host}:${port}`,
    async stop() {
      for (const set of subscribers.values()) for (const res of set) res.end();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await joins.idle();
      if (!options.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A subscription to a bucket's event notifications. */
export interface S3Subscription {
  close(): void;
}

/**
 * Receives the Lambda event of every write to `bucket` on the endpoint started by
 * {@link startS3Local}. Resolves once subscribed, so writes from then on are delivered.
 */
export function subscribeS3Events(
  endpoint: string,
  bucket: string,
  onEvent: (event: S3Event) => void,
): Promise<S3Subscription> {
  const url = `${endpoint}${EVENTS_PATH}?bucket=${encodeURIComponent(bucket)}`;
  return new Promise((resolve, reject) => {
    // A socket of its own: the stream stays open for as long as the app runs.
    const req = get(url, { agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${endpoint} does not stream S3 events (HTTP ${res.statusCode})`));
        return;
      }
      let buffered = "";
      res.setEncoding("utf8").on("data", (chunk: string) => {
        const lines = (buffered + chunk).split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) if (line) onEvent(JSON.parse(line) as S3Event);
      });
      res.on("error", () => {}); // closing the subscription aborts the response
      resolve({ close: () => req.destroy() });
    });
    req.on("error", reject);
  });
}

/** A URL path decoded, or `undefined` when it does not decode. */
function decoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

async function ensureDirectory(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new LocalStackError("data_dir_unusable", `${path} is not a usable directory (${code})`, {
      cause: error,
    });
  }
}
