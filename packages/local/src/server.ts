/**
 * Everything `npm start` runs, on loopback: DynamoDB Local, the S3 endpoint, the app (API
 * Gateway emulator and handlers) and Vite, the last two on one HTTP server and origin.
 * @module
 */
import { mkdir, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { createLocalApp, type LocalApp } from "./app";
import type { StackConfig } from "./config";
import { startDynamoDbLocal } from "./dynamodb";
import { LocalStackError } from "./errors";
import { listen } from "./ports";
import { startS3Local } from "./s3";
import { scheduledJobs, startSchedules } from "./schedules";
import { loadOrCreateSigningKey } from "./signing-key";
import { startWeb, type Web } from "./web";

/** Names of the local stage's resources. */
export const LOCAL_TABLE = "sharespace-local-Table";
export const LOCAL_BUCKET = "sharespace-local-media";

/** The running stack. */
export interface LocalStack {
  /** `http://localhost:<port>`. */
  url: string;
  /** Stops everything, DynamoDB Local's Java included. */
  stop(): Promise<void>;
}

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** A part died after start-up (DynamoDB Local exited): the stack cannot go on. */
  onFatal?: (error: LocalStackError) => void;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
type Part = { stop(): Promise<void> };

/**
 * Starts the stack and resolves once every part answers. The port is taken first, so a busy
 * one fails before Java starts; requests arriving during start-up wait for it.
 * @throws LocalStackError for each failure a developer can fix.
 */
export async function startLocalStack(
  config: StackConfig,
  options: LocalStackOptions = {},
): Promise<LocalStack> {
  await ensureDataDir(config.dataDir);
  const gate = createGate();
  const server = createServer(gate.listener);
  await listen(server, config.port, config.host, "ShareSpace");
  const origin = `http://localhost:${config.port}`;

  const parts: Part[] = [];
  let app: LocalApp | undefined;
  let schedules: { stop(): Promise<void> } | undefined;
  const stop = async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    // The app first (no more S3 events or scheduled runs into handlers), then what it used.
    await schedules?.stop();
    await app?.close();
    await Promise.all(parts.map((part) => part.stop().catch(() => {})));
    await closed;
  };
  try {
    const { dynamo, s3, signingKey, web } = await startParts(
      config,
      server,
      gate.opened,
      options,
      parts,
    );
    app = await createLocalApp({
      origin,
      corsOrigins: [`http://127.0.0.1:${config.port}`],
      dynamoDbEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      tableName: LOCAL_TABLE,
      bucketName: LOCAL_BUCKET,
      signingKey,
      fallback: web.handle,
    });
    gate.open(app.listener);
    schedules = startSchedules(scheduledJobs(), (error, source) =>
      console.error(`[${source}]`, error),
    );
  } catch (error) {
    gate.open(unavailable);
    await stop();
    throw error;
  }
  return { url: origin, stop };
}

/**
 * Starts the services, the signing key and Vite side by side, recording each part that
 * starts in `parts`; rethrows the first failure once all have settled, so nothing is left
 * running behind it.
 */
async function startParts(
  config: StackConfig,
  server: Server,
  opened: Promise<void>,
  options: LocalStackOptions,
  parts: Part[],
) {
  let launched: () => void = () => {};
  const javaLaunched = new Promise<void>((resolve) => {
    launched = resolve;
  });
  const dynamo = startDynamoDbLocal({
    port: config.dynamoDbPort,
    path: join(config.dataDir, "dynamodb"),
    onSpawn: launched,
    onUnexpectedExit: (error) => options.onFatal?.(error),
  });
  const s3 = startS3Local({
    port: config.s3Port,
    host: "127.0.0.1",
    directory: join(config.dataDir, "s3"),
  });
  const signingKey = loadOrCreateSigningKey(join(config.dataDir, "signing-key.pem"));
  // Java is the long pole (2–3 s): launch it before loading Vite, whose import keeps the
  // event loop busy for a few hundred milliseconds. Vite stays quiet until the app is up.
  const web: Promise<Web> = Promise.race([javaLaunched, dynamo.catch(() => {})]).then(() =>
    startWeb({ root: config.webRoot, httpServer: server, quietUntil: opened }),
  );

  const results = await Promise.allSettled([dynamo, s3, web, signingKey]);
  for (const result of results.slice(0, 3)) {
    if (result.status === "fulfilled") parts.push(result.value as Part);
  }
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return { dynamo: await dynamo, s3: await s3, web: await web, signingKey: await signingKey };
}

/** Holds requests until the app is there, then hands them (and all later ones) to it. */
function createGate() {
  let target: Listener | undefined;
  const waiting: (() => void)[] = [];
  let markOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    markOpened = resolve;
  });
  return {
    opened,
    listener: ((req, res) => {
      if (target) target(req, res);
      else waiting.push(() => target?.(req, res));
    }) as Listener,
    open(listener: Listener) {
      target = listener;
      for (const serve of waiting.splice(0)) serve();
      markOpened();
    },
  };
}

function unavailable(_req: IncomingMessage, res: ServerResponse): void {
  res
    .writeHead(503, { "content-type": "text/plain; charset=utf-8" })
    .end("ShareSpace could not start\n");
}

async function ensureDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const isFile = await stat(dir).then(
      (s) => s.isFile(),
      () => false,
    );
    const message = isFile
      ? `${dir} is a file, not a directory`
      : `${dir} cannot be used as a directory (${code})`;
    throw new LocalStackError("data_dir_unusable", message, { cause: error });
  }
}
