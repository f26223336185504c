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
    app = await startParts(config, boot, parts);
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
 * Starts the S3 endpoint, the signing key, Vite and the app side by side while DynamoDB
 * Local boots: the app loads its handlers meanwhile and touches the table only once
 * DynamoDB answers. Records each part that starts in `parts`; rethrows the first failure
 * once all have settled, so nothing is left running behind it.
 */
async function startParts(config: StackConfig, boot: Boot, parts: Part[]): Promise<LocalApp> {
  const s3 = startS3Local({
    port: config.s3Port,
    host: "127.0.0.1",
    directory: join(config.dataDir, "s3"),
  });
  const signingKey = loadOrCreateSigningKey(join(config.dataDir, "signing-key.pem"));
  // Vite's import keeps the event loop busy for a few hundred milliseconds, so it starts
  // once Java has been launched. It stays quiet until the app is up.
  const web: Promise<Web> = boot.javaLaunched.then(() =>
    startWeb({
      root: config.webRoot,
      httpServer: boot.server,
      quietUntil: boot.gate.opened,
      dataDir: config.dataDir,
    }),
  );
  const app = Promise.all([s3, signingKey]).then(([s3Local, key]) =>
    createLocalApp({
      origin: `http://localhost:${config.port}`,
      corsOrigins: [`http://127.0.0.1:${config.port}`],
      // Where DynamoDB Local will answer; the app waits for `servicesReady` to use it.
      dynamoDbEndpoint: `http://127.0.0.1:${config.dynamoDbPort}`,
      servicesReady: boot.dynamo,
      tableMarkerFile: join(config.dataDir, "dynamodb", "sharespace-table.sha256"),
      s3Endpoint: s3Local.endpoint,
      tableName: LOCAL_TABLE,
      bucketName: LOCAL_BUCKET,
      signingKey: key,
      // Handlers reach the mail catcher on the server itself, wherever the browser does.
      sesEndpoint: `${localUrl(boot.server, config)}/_local/ses`,
      // The gate opens once Vite is there too.
      fallback: (req, res) => void web.then((started) => started.handle(req, res)),
    }),
  );

  const results = await Promise.allSettled([boot.dynamo, s3, web, app, signingKey]);
  for (const result of results.slice(0, 4)) {
    if (result.status === "fulfilled") {
      const part = result.value as LocalApp | Part;
      parts.push("listener" in part ? { stop: () => part.close() } : part);
    }
  }
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return app;
}
/** The app's own URL from this machine (where it listens, not what the browser calls it). */
function localUrl(server: Server, config: StackConfig): string {
  const address = server.address();
  const host = typeof address === "object" && address ? address.address : config.host;
  const loopback = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${config.port}`;
}
