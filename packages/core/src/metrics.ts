/**
 * ShareSpace's own CloudWatch metrics, declared once: the functions emit them (Powertools
 * metrics, as embedded-metric-format log lines), and `infra/monitoring.ts` draws and alarms
 * on them. A metric's name and dimensions must match exactly for an alarm to see it.
 */

/** The CloudWatch namespace of every metric below. */
export const metricNamespace = "ShareSpace";

/** The service dimension Powertools adds to every metric. */
export const metricService = "sharespace";

/** Each metric, counted once per event. */
export const metricNames = {
  /** An upload was accepted (`POST /api/media`). */
  uploadStarted: "UploadStarted",
  /** Process made an item `ready`. */
  processingSucceeded: "ProcessingSucceeded",
  /** Process marked an item `failed` (bytes not matching their type, unreadable media). */
  processingFailed: "ProcessingFailed",
  /** A queue message arrived again after a failed attempt (SQS `ApproximateReceiveCount` > 1). */
  queueRetry: "QueueRetry",
  /** A sign-in with the right password. */
  signIn: "SignIn",
  /** A sign-in refused: wrong password, unknown email or throttled. */
  signInFailed: "SignInFailed",
  /** A link was opened and counted as a view. */
  linkView: "LinkView",
} as const;

/** The dimensions every metric carries: the service, and the stage it was emitted in. */
export function metricDimensions(stage: string) {
  return { service: metricService, stage };
}

/** One of {@link metricNames}. */
export type MetricName = (typeof metricNames)[keyof typeof metricNames];

/**
 * Where core reports what it counts. Core knows nothing of Lambda or CloudWatch: the
 * functions bind Powertools metrics here (`packages/functions/src/metrics.ts`), which writes
 * them as EMF log lines at the end of each invocation.
 */
export interface MetricRecorder {
  count(name: MetricName, value: number): void;
}

const discard: MetricRecorder = { count: () => undefined };
let recorder: MetricRecorder = discard;

/**
 * Counting what happened, through whichever recorder the running program bound. Unbound (a
 * script using core directly), counts go nowhere.
 *
 * ```ts
 * Metrics.count(metricNames.signIn);
 * ```
 */
export namespace Metrics {
  /** Makes `next` the recorder (`undefined`: none again). */
  export function bind(next: MetricRecorder | undefined): void {
    recorder = next ?? discard;
  }

  /**
   * Counts one event (or `value` of them). Never throws: a metric is not worth failing the
   * request it describes.
   */
  export function count(name: MetricName, value = 1): void {
    try {
      recorder.count(name, value);
    } catch {
      // A recorder that fails loses the metric, not the request.
    }
  }
}
