/**
 * Checks of what operators rely on: how long logs are kept, an alarm on every function and
 * dead-letter queue, every alarm reaching the alarm topic, and the dashboard.
 * @module
 */
import { metricNames, metricNamespace } from "../../packages/core/src/metrics";
import type { Check } from "./checks";
import { alarmEmailFor } from "./counts";
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

export const monitoringChecks: Check[] = [
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
