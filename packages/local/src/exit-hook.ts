/**
 * Synchronous clean-ups that run however this process ends: a normal exit, an uncaught
 * error, or SIGINT/SIGTERM/SIGHUP. The local stack uses it to kill DynamoDB Local's `java`,
 * which would otherwise outlive Node as an orphan that keeps its port.
 * @module
 */

/**
 * `exit`: the process ends now, nothing can be awaited. `signal`: a signal arrived that the
 * process's owner handles, so a graceful stop is likely under way.
 */
export type ExitReason = "exit" | "signal";

const cleanups = new Set<(reason: ExitReason) => void>();
const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let ending = false;

/** True once the clean-ups have run: what stops now was stopped on purpose. */
export function processIsEnding(): boolean {
  return ending;
}

function runCleanups(reason: ExitReason): void {
  ending = true;
  for (const cleanup of [...cleanups]) {
    try {
      cleanup(reason);
    } catch {
      // One failing clean-up must not keep the others from running.
    }
  }
}

const onExit = () => runCleanups("exit");

function onSignal(signal: NodeJS.Signals): void {
  // Listening for a signal switches off Node's default (exit). When nobody else handles it,
  // step aside and raise it again, so the process still ends the way its owner expects.
  const unhandled = process.listenerCount(signal) === 1;
  runCleanups(unhandled ? "exit" : "signal");
  if (unhandled) {
    uninstall();
    process.kill(process.pid, signal);
  }
}

function install(): void {
  process.on("exit", onExit);
  for (const signal of signals) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off("exit", onExit);
  for (const signal of signals) process.off(signal, onSignal);
}

/**
 * Runs `cleanup` when the process exits or receives SIGINT, SIGTERM or SIGHUP. It must be
 * synchronous (nothing asynchronous runs on `exit`) and safe to call more than once: a
 * signal the owner handles gracefully is followed by the exit.
 * @returns A function that unregisters it.
 */
export function onProcessExit(cleanup: (reason: ExitReason) => void): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) uninstall();
  };
}
