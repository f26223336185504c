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
