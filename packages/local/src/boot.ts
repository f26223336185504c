/**
 * The first moments of `npm start`: the data directory, the app's port (taken first, so a
 * busy one fails before Java starts) and DynamoDB Local's `java`, the long pole, launched
 * before anything heavy is loaded. Only Node's built-in modules and small local ones are
 * imported from here; `server.ts` loads the rest while Java boots.
 * @module
 */
import { mkdir, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import type { StackConfig } from "./config";
import type { DynamoDbLocal } from "./dynamodb";
import { superviseDynamoDbLocal } from "./dynamodb/supervise";
import { LocalStackError } from "./errors";
import { listen } from "./ports";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Options of {@link bootLocalStack}. */
export interface BootOptions {
  /** A part died after start-up and cannot be brought back: the stack cannot go on. */
  onFatal?: (error: LocalStackError) => void;
  /** One line for the developer: DynamoDB Local restarting, or listening beyond loopback. */
  onNotice?: (line: string) => void;
}

/** What has started by the time the rest of the stack loads. */
export interface Boot {
  /** The app's server, listening; requests wait at the gate until the app is there. */
  server: Server;
  gate: Gate;
  /** DynamoDB Local, supervised; resolves once it answers. */
  dynamo: Promise<DynamoDbLocal>;
  /** True once `java` has been launched; false when DynamoDB Local failed before that. */
  javaLaunched: Promise<boolean>;
}

/** Holds requests until the app is there, then hands them (and all later ones) to it. */
export interface Gate {
  listener: Listener;
  /** Settles once the gate opens. */
  opened: Promise<void>;
  open(listener: Listener): void;
}

/**
 * Takes the port and launches DynamoDB Local; resolves as soon as `java` is spawned (or has
 * failed to be), without waiting for it to answer.
 * @throws LocalStackError `data_dir_unusable`, or `port_in_use` for the app's port.
 */
export async function bootLocalStack(
  config: StackConfig,
  options: BootOptions = {},
): Promise<Boot> {
  await ensureDataDir(config.dataDir);
  const gate = createGate();
  // Idle connections outlive those of the stack's clients (browsers, test runners; Node's
  // default is 5 s): a server closing one just as a loaded client sends on it resets that
  // request (ECONNRESET), which a browser retries and a test's request context does not.
  const server = createServer({ keepAliveTimeout: 65_000 }, gate.listener);
  await listen(server, config.port, config.host, "ShareSpace");

  let launched: (yes: boolean) => void = () => {};
  const javaLaunched = new Promise<boolean>((resolve) => {
    launched = resolve;
  });
  const dynamo = superviseDynamoDbLocal({
    port: config.dynamoDbPort,
    path: join(config.dataDir, "dynamodb"),
    onSpawn: () => launched(true),
    onRestart: options.onNotice,
    onWarning: options.onNotice,
    onFatal: options.onFatal,
  });
  dynamo.catch(() => launched(false)); // failed before or without a launch: nothing to wait for
  return { server, gate, dynamo, javaLaunched };
}

function createGate(): Gate {
  let target: Listener | undefined;
  const waiting: (() => void)[] = [];
  let markOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    markOpened = resolve;
  });
  return {
    opened,
    listener: (req, res) => {
      if (target) target(req, res);
      else waiting.push(() => target?.(req, res));
    },
    open(listener) {
      target = listener;
      for (const serve of waiting.splice(0)) serve();
      markOpened();
    },
  };
}

/** What the gate serves when the stack could not start. */
export function unavailable(_req: IncomingMessage, res: ServerResponse): void {
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
