import type { LocalStackError } from "../errors";
import { type DynamoDbLocal, type DynamoDbLocalOptions, startDynamoDbLocal } from "./index";

/** Options of {@link superviseDynamoDbLocal}. */
export interface SupervisedOptions extends Omit<DynamoDbLocalOptions, "onUnexpectedExit"> {
  /** The one line to show when it stopped on its own and is being restarted. */
  onRestart?: (line: string) => void;
  /** It cannot be brought back: it failed to restart, or keeps dying. */
  onFatal?: (error: LocalStackError) => void;
}

/** More unexpected exits than this within the window is not a crash but a broken setup. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

/**
 * Starts DynamoDB Local (see {@link startDynamoDbLocal}) and starts it again, on the same
 * port and data, whenever it stops on its own: a crashed or killed database costs the app a
 * few seconds of 503s, not the whole stack. Resolves once the first start answers.
 */
export async function superviseDynamoDbLocal(
  options: SupervisedOptions,
  /** What starts one DynamoDB Local (tests pass a stand-in that crashes on demand). */
  startOne: typeof startDynamoDbLocal = startDynamoDbLocal,
): Promise<DynamoDbLocal> {
  const { onRestart, onFatal, ...start } = options;
  let stopped = false;
  let restarting: Promise<void> | undefined;
  const exits: number[] = [];

  const crashed = (error: LocalStackError) => {
    if (stopped) return;
    const now = Date.now();
    exits.push(now);
    while ((exits[0] ?? now) < now - RESTART_WINDOW_MS) exits.shift();
    if (exits.length > MAX_RESTARTS) {
      onFatal?.(error);
      return;
    }
    const data = start.path ? "on the same data" : "(in memory: its data is gone)";
    onRestart?.(`${error.message}; restarting it ${data}`);
    restarting = startOne({ ...start, onSpawn: undefined, onUnexpectedExit: crashed })
      .then(
        async (next) => {
          if (stopped) await next.stop();
          else current = next;
        },
        (failure: LocalStackError) => {
          if (!stopped) onFatal?.(failure);
        },
      )
      .finally(() => {
        restarting = undefined;
      });
  };

  let current = await startOne({ ...start, onUnexpectedExit: crashed });
  return {
    endpoint: current.endpoint,
    get loopback() {
      return current.loopback;
    },
    async stop() {
      stopped = true;
      await restarting;
      await current.stop();
    },
  };
}
