/**
 * Everything `npm start` runs, on loopback: DynamoDB Local, the S3 endpoint, the app (API
 * Gateway emulator, handlers, queues, mail catcher) and Vite, the last two on one HTTP
 * server and origin. `boot.ts` has already taken the port and launched Java when this loads.
 * @module
 */
import type { Server } from "node:http";
import { join } from "node:path";
import { createLocalApp, type LocalApp } from "./app";
import { type Boot, type BootOptions, bootLocalStack, unavailable } from "./boot";
import type { StackConfig } from "./config";
import { startS3Local } from "./s3";
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
export type LocalStackOptions = BootOptions;

type Part = { stop(): Promise<void> };

/**
 * Starts the stack (after {@link bootLocalStack}, which it runs itself when not given) and
 * resolves once every part answers. Requests arriving during start-up wait for it.
 * @throws LocalStackError for each failure a developer can fix.
 */
export async function startLocalStack(
  config: StackConfig,
  options: LocalStackOptions = {},
  booted?: Boot,
): Promise<LocalStack> {
  const boot = booted ?? (await bootLocalStack(config, options));
  const { server, gate } = boot;
  const origin = `http://localhost:${config.port}`;

  const parts: Part[] = [];
  let app: LocalApp | undefined;
  const stop = async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    // The app first (no more S3 events into handlers), then what it used.
    await app?.close();
    await Promise.all(parts.map((part) => part.stop().catch(() => {})));
    await closed;
  };
  try {
    const { dynamo, s3, signingKey, web } = await startParts(config, boot, parts);
    app = await createLocalApp({
      origin,
      corsOrigins: [`http://127.0.0.1:${config.port}`],
      dynamoDbEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      tableName: LOCAL_TABLE,
      bucketName: LOCAL_BUCKET,
      signingKey,
      // Handlers reach the mail catcher on the server itself, wherever the browser does.
      sesEndpoint: `${localUrl(server, config)}/_local/ses`,
      fallback: web.handle,
    });
    gate.open(app.listener);
  } catch (error) {
    gate.open(unavailable);
    await stop();
    throw error;
  }
  return { url: origin, stop };
}

/**
 * Waits for DynamoDB Local and starts the S3 endpoint, the signing key and Vite side by side,
 * recording each part that starts in `parts`; rethrows the first failure once all have
 * settled, so nothing is left running behind it.
 */
async function startParts(config: StackConfig, boot: Boot, parts: Part[]) {
  const s3 = startS3Local({
    port: config.s3Port,
    host: "127.0.0.1",
    directory: join(config.dataDir, "s3"),
  });
  const signingKey = loadOrCreateSigningKey(join(config.dataDir, "signing-key.pem"));
  // Java is the long pole (2–3 s): Vite's import keeps the event loop busy for a few hundred
  // milliseconds, so it starts once Java has been launched. It stays quiet until the app is up.
  const web: Promise<Web> = boot.javaLaunched.then(() =>
    startWeb({
      root: config.webRoot,
      httpServer: boot.server,
      quietUntil: boot.gate.opened,
      dataDir: config.dataDir,
    }),
  );

  const results = await Promise.allSettled([boot.dynamo, s3, web, signingKey]);
  for (const result of results.slice(0, 3)) {
    if (result.status === "fulfilled") parts.push(result.value as Part);
  }
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return { dynamo: await boot.dynamo, s3: await s3, web: await web, signingKey: await signingKey };
}

/** The app's own URL from this machine (where it listens, not what the browser calls it). */
function localUrl(server: Server, config: StackConfig): string {
  const address = server.address();
  const host = typeof address === "object" && address ? address.address : config.host;
  const loopback = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${config.port}`;
}
