/**
 * Checks of what operators rely on: how long logs are kept, an alarm on every function and
 * dead-letter queue, every alarm reaching the alarm topic, and the dashboard.
 * @module
 */
import { metricDimensions, metricNames, metricNamespace } from "../../packages/core/src/metrics";
import type { Check } from "./checks";
import { alarmEmailFor, emailSenderFor } from "./counts";
import { type Graph, type GraphResource, ofType } from "./graph";

const alarmsOf = (graph: Graph) => ofType(graph, "aws:cloudwatch/metricAlarm:MetricAlarm");
const dimension = (alarm: GraphResource, key: string) =>
  (alarm.inputs.dimensions as Record<string, unknown> | undefined)?.[key];
/** The metric names an alarm reads, directly or through metric math. */
const metricsOf = (alarm: GraphResource): unknown[] => [
  alarm.inputs.metricName,
  ...((alarm.inputs.metricQueries ?? []) as { metric?: { metricName?: string } }[]).map(
    (query) => query.metric?.metricName,
  ),
];
/** Dead-letter queues: the queues another queue's redrive policy points to. */
const deadLetterQueues = (graph: Graph) => {
  const queues = ofType(graph, "aws:sqs/queue:Queue");
  const targets = queues.map(
    (queue) => JSON.parse(String(queue.inputs.redrivePolicy ?? "{}")).deadLetterTargetArn,
  );
  return queues.filter((queue) => targets.includes(queue.outputs.arn));
};

/** A metric as an alarm or the dashboard names it. */
interface MetricRef {
  where: string;
  namespace: unknown;
  name: unknown;
  dimensions: Record<string, unknown>;
}
/** Every metric the alarms read, directly or through metric math. */
const alarmMetrics = (graph: Graph): MetricRef[] =>
  alarmsOf(graph).flatMap((alarm) => [
    ...(alarm.inputs.metricName === undefined
      ? []
      : [
          {
            where: alarm.name,
            namespace: alarm.inputs.namespace,
            name: alarm.inputs.metricName,
            dimensions: (alarm.inputs.dimensions ?? {}) as Record<string, unknown>,
          },
        ]),
    ...(
      (alarm.inputs.metricQueries ?? []) as {
        metric?: { namespace?: string; metricName?: string; dimensions?: Record<string, unknown> };
      }[]
    ).flatMap(({ metric }) =>
      metric
        ? [
            {
              where: alarm.name,
              namespace: metric.namespace,
              name: metric.metricName,
              dimensions: metric.dimensions ?? {},
            },
          ]
        : [],
    ),
  ]);
/** Every metric line of the dashboard: `[namespace, name, key, value, …, { options }]`. */
const dashboardMetrics = (graph: Graph): MetricRef[] => {
  const body = ofType(graph, "aws:cloudwatch/dashboard:Dashboard")[0]?.inputs.dashboardBody;
  const widgets = (JSON.parse(String(body ?? "{}")).widgets ?? []) as {
    properties?: { title?: string; metrics?: unknown[][] };
  }[];
  return widgets.flatMap(({ properties }) =>
    (properties?.metrics ?? []).map((line) => {
      const [namespace, name, ...rest] = line;
      const pairs = rest.filter((part) => typeof part !== "object");
      const dimensions: Record<string, unknown> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[String(pairs[i])] = pairs[i + 1];
      return { where: `dashboard "${properties?.title}"`, namespace, name, dimensions };
    }),
  );
};

export const monitoringChecks: Check[] = [
  {
    name: "alarms and the dashboard read exactly the metrics the functions emit",
    problems: ({ graph, stage }) => {
      const emitted: unknown[] = Object.values(metricNames);
      const dimensions = JSON.stringify(Object.entries(metricDimensions(stage)).sort());
      const own = [...alarmMetrics(graph), ...dashboardMetrics(graph)].filter(
        (metric) => metric.namespace === metricNamespace,
      );
      const shown = dashboardMetrics(graph).map((metric) => metric.name);
      return [
        ...own
          .filter((metric) => !emitted.includes(metric.name))
          .map((metric) => `${metric.where}: reads ${metric.name}, which no function emits`),
        ...own
          .filter(
            (metric) => JSON.stringify(Object.entries(metric.dimensions).sort()) !== dimensions,
          )
          .map(
            (metric) =>
              `${metric.where}: ${metric.name} with dimensions ${JSON.stringify(metric.dimensions)}, not ${dimensions}`,
          ),
        ...emitted
          .filter((name) => !shown.includes(name))
          .map((name) => `${name}: emitted, not on the dashboard`),
      ];
    },
  },
  {
    name: "mail comes from the sender set at deploy time (empty: the placeholder)",
    problems: ({ graph, stage }) => {
      const expected = emailSenderFor(stage) || "no-reply@example.com";
      return ofType(graph, "aws:sesv2/emailIdentity:EmailIdentity")
        .filter((identity) => identity.inputs.emailIdentity !== expected)
        .map(
          (identity) =>
            `${identity.name}: sends as ${identity.inputs.emailIdentity}, not ${expected}`,
        );
    },
  },
  {
    name: "logs are kept 30 days, production's a year",
    problems: ({ graph, stage }) => {
      const days = stage === "production" ? 365 : 30;
      return ofType(graph, "aws:cloudwatch/logGroup:LogGroup")
        .filter((group) => group.inputs.retentionInDays !== days)
        .map(
          (group) =>
            `${group.name}: kept ${group.inputs.retentionInDays ?? "forever"} days, not ${days}`,
        );
    },
  },
  {
    name: "every function and dead-letter queue has its alarms, and every alarm reaches the topic",
    problems: ({ graph }) => {
      const alarms = alarmsOf(graph);
      const topics = ofType(graph, "aws:sns/topic:Topic").map((topic) => topic.outputs.arn);
      const reaches = (alarm: GraphResource) =>
        ["alarmActions", "okActions"].every((key) =>
          ((alarm.inputs[key] ?? []) as unknown[]).some((arn) => topics.includes(arn)),
        );
      const watched = (namespace: string, metric: string, key: string, value: unknown) =>
        alarms.some(
          (alarm) =>
            alarm.inputs.namespace === namespace &&
            alarm.inputs.metricName === metric &&
            dimension(alarm, key) === value,
        );
      return [
        ...(topics.length === 1 ? [] : [`expected 1 alarm topic, got ${topics.length}`]),
        ...alarms.filter((alarm) => !reaches(alarm)).map((a) => `${a.name}: notifies no topic`),
        ...ofType(graph, "aws:lambda/function:Function").flatMap((fn) =>
          ["Errors", "Throttles"]
            .filter((metric) => !watched("AWS/Lambda", metric, "FunctionName", fn.outputs.name))
            .map((metric) => `${fn.name}: no alarm on ${metric}`),
        ),
        ...deadLetterQueues(graph)
          .filter(
            (queue) =>
              !watched(
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                "QueueName",
                queue.outputs.name,
              ),
          )
          .map((queue) => `${queue.name}: no alarm on its depth`),
      ];
    },
  },
  {
    name: "the API's 5xx rate, processing failures and email bounces are alarmed, and mailed when asked",
    problems: ({ graph, stage }) => {
      const alarms = alarmsOf(graph);
      const api = ofType(graph, "aws:apigatewayv2/api:Api")[0];
      const reading = (...metrics: string[]) =>
        alarms.find((alarm) => metrics.every((metric) => metricsOf(alarm).includes(metric)));
      const api5xx = reading("5xx", "Count");
      const apiIds = (
        (api5xx?.inputs.metricQueries ?? []) as { metric?: { dimensions?: { ApiId?: unknown } } }[]
      ).flatMap((query) => query.metric?.dimensions?.ApiId ?? []);
      const processing = reading(metricNames.processingFailed, metricNames.processingSucceeded);
      const namespaces = (
        (processing?.inputs.metricQueries ?? []) as { metric?: { namespace?: string } }[]
      ).flatMap((query) => query.metric?.namespace ?? []);
      const email = alarmEmailFor(stage);
      const subscriptions = ofType(graph, "aws:sns/topicSubscription:TopicSubscription");
      return [
        ...(api5xx ? [] : ["no alarm on the API's 5xx rate"]),
        ...(apiIds.length > 0 && apiIds.every((id) => id === api?.id)
          ? []
          : [`the 5xx alarm reads API ${JSON.stringify(apiIds)}, not ${api?.id}`]),
        ...(processing && namespaces.every((n) => n === metricNamespace)
          ? []
          : ["no alarm on the processing failure rate, in the app's namespace"]),
        ...(reading("Reputation.BounceRate") ? [] : ["no alarm on email bounces"]),
        ...(JSON.stringify(subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint])) ===
        JSON.stringify(email ? [["email", email]] : [])
          ? []
          : [
              `alarm mail: expected ${email ?? "none"}, got ${JSON.stringify(subscriptions.map((s) => s.inputs.endpoint))}`,
            ]),
      ];
    },
  },
  {
    name: "the dashboard shows every function",
    problems: ({ graph }) => {
      const body = String(
        ofType(graph, "aws:cloudwatch/dashboard:Dashboard")[0]?.inputs.dashboardBody ?? "",
      );
      return ofType(graph, "aws:lambda/function:Function")
        .filter((fn) => !body.includes(`"${fn.outputs.name}"`))
        .map((fn) => `${fn.name}: not on the dashboard`);
    },
  },
];
