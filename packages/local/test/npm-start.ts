/**
 * `npm start` in a child process, as a developer runs it (`tsx packages/local/src/main.ts`),
 * for the tests of its lifecycle and safety.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { REPO_ROOT } from "../src/config";
import { freePort } from "../src/ports";

/** A running `npm start`. */
export interface NpmStart {
  child: ChildProcess;
  /** The URL of its ready line. */
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/** PORT, DYNAMODB_PORT and S3_PORT, each free a moment ago. */
export async function freePorts() {
  return {
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
  };
}

/** Starts main.ts with `env` and resolves once it prints its ready line. */
export function startNpm(
  env: Record<string, string>,
  running?: Set<ChildProcess>,
): Promise<NpmStart> {
  const child = spawn(join(REPO_ROOT, "node_modules/.bin/tsx"), ["packages/local/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...env,
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
    },
  });
  running?.add(child);
  child.on("exit", () => running?.delete(child));
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/ShareSpace is running at (http:\/\/\S+)/)?.[1];
      if (url) resolve({ child, url, output: () => output });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited ${code} before ready:\n${output}`)));
  });
}

/** Sends `signal` and resolves with the exit code. */
export function stopNpm(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

/** Whether a connection to `host:port` is accepted. */
export function accepts(port: number | string, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(port), host);
    socket.setTimeout(3_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
