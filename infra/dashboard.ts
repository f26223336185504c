import { metricNames } from "../packages/core/src/metrics";
import { apiMetric, appMetric, lambdas } from "./monitoring";
import { deadLetters, queue } from "./queue";

/**
 * One CloudWatch dashboard per stage: the API, the functions, the queues and the app's own
 * metrics (uploads, processing, sign-ins, link views), the same figures the alarms watch.
 */
const region = aws.getRegionOutput().name;

// `$jsonStringify` resolves the outputs (names, ids) nested in the widgets.
const graph = (title: string, metrics: unknown[], stat = "Sum") => ({
  type: "metric",
  width: 12,
  height: 6,
  properties: { title, region, stat, period: 300, view: "timeSeries", metrics },
});
/** A dashboard line from the `{ namespace, metricName, dimensions }` the alarms use. */
const line = (
  metric: {
    namespace: string;
    metricName: string;
    dimensions: Record<string, $util.Input<string>>;
  },
  label = metric.metricName,
) =>
  $resolve(metric.dimensions).apply((dimensions) => [
    metric.namespace,
    metric.metricName,
    ...Object.entries(dimensions).flat(),
    { label },
  ]);
const lambdaLines = (metricName: string) =>
  Object.entries(lambdas).map(([name, functionName]) =>
    line({ namespace: "AWS/Lambda", metricName, dimensions: { FunctionName: functionName } }, name),
  );
const queueLines = (queues: Record<string, sst.aws.Queue>, suffix: string) =>
  Object.entries(queues).map(([name, q]) =>
    line(
      {
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: q.nodes.queue.name },
      },
      `${name}${suffix}`,
    ),
  );

new aws.cloudwatch.Dashboard("Dashboard", {
  dashboardName: `${$app.name}-${$app.stage}`,
  dashboardBody: $jsonStringify({
    widgets: [
      graph("API requests and errors", [
        line(apiMetric("Count"), "requests"),
        line(apiMetric("4xx"), "4xx"),
        line(apiMetric("5xx"), "5xx"),
      ]),
      graph("API latency (p90, ms)", [line(apiMetric("Latency"), "p90")], "p90"),
      graph("Function errors", lambdaLines("Errors")),
      graph("Function duration (p90, ms)", lambdaLines("Duration"), "p90"),
      graph(
        "Queues: waiting and dead letters",
        [...queueLines(queue, " waiting"), ...queueLines(deadLetters, " dead letters")],
        "Maximum",
      ),
      graph("Uploads and processing", [
        line(appMetric(metricNames.uploadStarted)),
        line(appMetric(metricNames.processingSucceeded)),
        line(appMetric(metricNames.processingFailed)),
        line(appMetric(metricNames.queueRetry)),
      ]),
      graph("Sign-ins and link views", [
        line(appMetric(metricNames.signIn)),
        line(appMetric(metricNames.signInFailed)),
        line(appMetric(metricNames.linkView)),
      ]),
    ],
  }),
});
