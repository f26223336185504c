/**
 * The local stack for a benchmark, in one place: DynamoDB Local and s3rver on free ports,
 * and the app (`createLocalApp`, what `npm start` runs: the API Gateway emulator, the real
 * handlers) on 127.0.0.1. Handlers run in this process, so one stack per process: SST's
 * `Resource` keeps the first links it reads.
 * @module
 */
import { createServer, type IncomingMessage } from "node:http";
import { createLocalApp, type LocalApp, type LocalAppOptions } from "../../packages/local/src/app";
import { startDynamoDbLocal } from "../../packages/local/src/dynamodb";
import { freePort, listen } from "../../packages/local/src/ports";
import { startS3Local } from "../../packages/local/src/s3";
import { generateSigningKey } from "../../packages/local/src/signing-key";

// Benchmarks print tables: the handlers' logs and metrics (EMF lines) would bury them.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";

/** A running stack. */
export interface BenchStack {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  app: LocalApp;
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  /** Stops the app, s3rver and DynamoDB Local (Java too), whatever happened before. */
  close(): Promise<void>;
}

/** What a benchmark may set: names, and any of the app's own options. */
export type BenchStackOptions = Partial<
  Pick<LocalAppOptions, "handlers" | "fallback" | "tableName" | "bucketName">
> & {
  /** Told how long the server took over each request: from its arrival to its answer's end. */
  onServed?: (req: IncomingMessage, ms: number) => void;
};

/** Starts a stack; `close()` it in a `finally`. */
export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  const services = await startBenchServices();
  const bench = await startBenchApp(services, options).catch(async (error: unknown) => {
    await services.close();
    throw error;
  });
  return {
    ...bench,
    dynamoDbEndpoint: services.dynamoDbEndpoint,
    s3Endpoint: services.s3Endpoint,
    async close() {
      await bench.close();
      await services.close();
    },
  };
}

/** Signs a new account up through the API; answers its id, access token and refresh cookie. */
export async function signUpBench(url: string, name: string, password = "violet-harbour-42") {
  const email = `${name.toLowerCase()}.${Date.now()}@bench.example`;
  const res = await fetch(`${url}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, name }),
  });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; accessToken: string };
  const cookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith("ss_refresh="))
      ?.split(";")[0] ?? "";
  return { id: body.user.id, token: body.accessToken, email, password, cookie };
}

/** DynamoDB Local and s3rver alone, for a bench whose app runs in a child process. */
export interface BenchServices {
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  /** Stops s3rver and DynamoDB Local (Java too). */
  close(): Promise<void>;
}

/** Starts DynamoDB Local and s3rver on free ports; `close()` them in a `finally`. */
export async function startBenchServices(): Promise<BenchServices> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const s3 = await startS3Local({ port: 0 }).catch(async (error: unknown) => {
    await dynamo.stop();
    throw error;
  });
  return {
    dynamoDbEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    async close() {
      await s3.stop().catch(() => undefined);
      await dynamo.stop();
    },
  };
}

/** The app alone, on 127.0.0.1, against services another process runs. */
export interface BenchApp {
  url: string;
  app: LocalApp;
  close(): Promise<void>;
}

/**
 * Starts the app against `services` (started here by {@link startBenchStack}, or elsewhere:
 * by the parent of a child process that measures the app's own memory).
 */
export async function startBenchApp(
  services: Pick<BenchServices, "dynamoDbEndpoint" | "s3Endpoint">,
  { onServed, ...options }: BenchStackOptions = {},
): Promise<BenchApp> {
  let listener: LocalApp["listener"] | undefined;
  const server = createServer((req, res) => {
    if (onServed) {
      const started = performance.now();
      res.on("finish", () => onServed(req, performance.now() - started));
    }
    listener?.(req, res);
  });
  try {
    const url = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1", "bench")}`;
    const app = await createLocalApp({
      origin: url,
      dynamoDbEndpoint: services.dynamoDbEndpoint,
      s3Endpoint: services.s3Endpoint,
      tableName: "bench-Table",
      bucketName: "bench-media",
      signingKey: await generateSigningKey(),
      ...options,
    });
    listener = app.listener;
    return {
      url,
      app,
      async close() {
        await app.close().catch(() => undefined);
        server.closeAllConnections();
        server.close();
      },
    };
  } catch (error) {
    server.close();
    throw error;
  }
}
