import { MetricUnit, Metrics as Powertools } from "@aws-lambda-powertools/metrics";
import { config } from "@sharespace/core/config";
import {
  Metrics,
  metricDimensions,
  metricNames,
  metricNamespace,
  metricService,
} from "@sharespace/core/metrics";
import type { SQSRecord } from "aws-lambda";

/*
 * Powertools metrics behind core's recorder: each count is buffered and written as one
 * embedded-metric-format log line when the invocation ends (`withMetrics`), which CloudWatch
 * turns into the metrics `infra/monitoring.ts` alarms on. Made on the first count, not at
 * import: the stage comes from SST's links, which tests set per file, and
 * `POWERTOOLS_METRICS_DISABLED` is read then too.
 */
let powertools: Powertools | undefined;

function instance(): Powertools {
  powertools ??= new Powertools({
    namespace: metricNamespace,
    serviceName: metricService,
    defaultDimensions: metricDimensions(config.stage()),
  });
  return powertools;
}

Metrics.bind({
  count: (name, value) => instance().addMetric(name, MetricUnit.Count, value),
});

/**
 * Runs one invocation and then writes the metrics it counted (nothing when it counted none:
 * Powertools would warn on every request that signs no one in). Wraps every handler.
 */
export async function withMetrics<T>(invocation: () => Promise<T>): Promise<T> {
  try {
    return await invocation();
  } finally {
    if (powertools?.hasStoredMetrics()) powertools.publishStoredMetrics();
  }
}

/** Counts a queue message that arrives again after a failed attempt. */
export function countRetry(record: Pick<SQSRecord, "attributes">): void {
  if (Number(record.attributes?.ApproximateReceiveCount ?? 1) > 1) {
    Metrics.count(metricNames.queueRetry);
  }
}
