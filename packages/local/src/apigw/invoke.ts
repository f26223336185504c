import type { Context } from "aws-lambda";
import { createLambdaContext } from "./context";
import { GatewayError, IntegrationTimeoutError } from "./errors";

/** What the gateway needs to invoke one route's handler. */
export interface Invocation {
  routeKey: string;
  functionName: string;
  // biome-ignore lint/suspicious/noExplicitAny: each handler declares its own event type.
  handler: (event: any, context: Context) => Promise<unknown>;
  timeoutMs: number;
  /** Told about throws and timeouts; the client only ever sees the generic 500 or 503. */
  report: (error: unknown, routeKey: string) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown } | "timeout";

/**
 * Runs the handler in-process under the integration timeout. A handler still running when the
 * timeout answers 503 is left to finish (it cannot be stopped), and whatever it does later
 * is ignored, including a rejection.
 * @throws GatewayError 500 when the handler throws, 503 when the timeout passes first.
 */
export async function invoke(invocation: Invocation, event: unknown): Promise<unknown> {
  const { routeKey, timeoutMs, report } = invocation;
  const context = createLambdaContext(invocation.functionName, timeoutMs);
  const run = Promise.resolve()
    .then(() => invocation.handler(event, context))
    .then(
      (value): Outcome => ({ ok: true, value }),
      (error: unknown): Outcome => ({ ok: false, error }),
    );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const outcome = await Promise.race([run, timedOut]).finally(() => clearTimeout(timer));
  if (outcome === "timeout") {
    report(new IntegrationTimeoutError(timeoutMs), routeKey);
    throw GatewayError.unavailable();
  }
  if (!outcome.ok) {
    report(outcome.error, routeKey);
    throw GatewayError.internal();
  }
  return outcome.value;
}
