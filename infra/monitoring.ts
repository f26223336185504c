import { metricDimensions, metricNames, metricNamespace } from "../packages/core/src/metrics";
import { api, functions } from "./api";
import { sweep } from "./jobs";
import { consumerFunctions, deadLetters } from "./queue";

/**
 * Alarms and a dashboard per stage. Every alarm notifies one SNS topic; an operator gets
 * them by email when `SHARESPACE_ALARM_EMAIL` is set at deploy time (AWS then mails a
 * confirmation link that must be clicked once).
 */
export const alarmTopic = new sst.aws.SnsTopic("Alarms");

const alarmEmail = process.env.SHARESPACE_ALARM_EMAIL?.trim();
if (alarmEmail) {
  new aws.sns.TopicSubscription("AlarmEmail", {
    topic: alarmTopic.arn,
    protocol: "email",
    endpoint: alarmEmail,
  });
}

const FIVE_MINUTES = 300;

/** An alarm that notifies the topic when it fires and when it clears. */
function alarm(name: string, description: string, args: Partial<aws.cloudwatch.MetricAlarmArgs>) {
  return new aws.cloudwatch.MetricAlarm(name, {
    alarmDescription: description,
    alarmActions: [alarmTopic.arn],
    okActions: [alarmTopic.arn],
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    evaluationPeriods: 1,
    // No data means nothing happened: no invocations, no messages, no sign-ups.
    treatMissingData: "notBreaching",
    ...args,
  });
}

/** Every Lambda function of the app, by name, for its alarms and the dashboard. */
export const lambdas: Record<string, $util.Output<string>> = {
  ...Object.fromEntries(Object.entries(functions).map(([name, fn]) => [name, fn.name])),
  ...Object.fromEntries(
    Object.entries(consumerFunctions).map(([name, fn]) => [name, fn.apply((f) => f.name)]),
  ),
  Sweep: sweep.nodes.function.apply((fn) => fn.name),
};

for (const [name, functionName] of Object.entries(lambdas)) {
  for (const metricName of ["Errors", "Throttles"]) {
    alarm(`${name}${metricName}Alarm`, `${name}: ${metricName.toLowerCase()} in 5 minutes`, {
      namespace: "AWS/Lambda",
      metricName,
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      period: FIVE_MINUTES,
      threshold: 1,
    });
  }
}

// A message in a dead-letter queue is an upload (or other work) that failed every retry.
for (const [name, deadLetter] of Object.entries(deadLetters)) {
  alarm(`${name}DeadLetterAlarm`, `${name}: messages in the dead-letter queue`, {
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: deadLetter.nodes.queue.name },
    statistic: "Maximum",
    period: FIVE_MINUTES,
    threshold: 1,
  });
}

export const apiMetric = (metricName: string) => ({
  namespace: "AWS/ApiGateway",
  metricName,
  dimensions: { ApiId: api.nodes.api.id, Stage: "$default" },
  stat: "Sum",
  period: FIVE_MINUTES,
});
alarm("Api5xxAlarm", "API: over 1% of requests answered 5xx in 5 minutes (at least 20 requests)", {
  metricQueries: [
    { id: "errors", metric: apiMetric("5xx") },
    { id: "requests", metric: apiMetric("Count") },
    {
      id: "rate",
      expression: "IF(requests >= 20, 100 * errors / requests, 0)",
      label: "percent 5xx",
      returnData: true,
    },
  ],
  threshold: 1,
});

export const appMetric = (metricName: string) => ({
  namespace: metricNamespace,
  metricName,
  dimensions: metricDimensions($app.stage),
  stat: "Sum",
  period: FIVE_MINUTES,
});
alarm("ProcessingFailureAlarm", "Processing: over 10% of items failed in 5 minutes (at least 5)", {
  metricQueries: [
    { id: "failed", metric: appMetric(metricNames.processingFailed) },
    { id: "succeeded", metric: appMetric(metricNames.processingSucceeded) },
    {
      id: "rate",
      expression: "IF(failed + succeeded >= 5, 100 * failed / (failed + succeeded), 0)",
      label: "percent failed",
      returnData: true,
    },
  ],
  threshold: 10,
});

// SES reviews an account whose bounce rate passes 5% and may pause sending at 10%.
alarm("EmailBounceAlarm", "Email: the account's bounce rate passed 5%", {
  namespace: "AWS/SES",
  metricName: "Reputation.BounceRate",
  statistic: "Maximum",
  period: FIVE_MINUTES * 3,
  threshold: 0.05,
});
