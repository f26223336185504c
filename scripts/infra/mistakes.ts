/**
 * Mistakes in infrastructure, made on copies of a real run's resource graph, with what the
 * check guarding against each one reports.
 * @module
 */
import { functionNamed } from "./functions";
import { type Graph, type GraphResource, ofType } from "./graph";

/** `value`, or a failed test when it is missing. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the graph has no ${what}`);
  return value;
}
const one = (graph: Graph, type: string, name?: string): GraphResource =>
  must(
    ofType(graph, type).find((resource) => name === undefined || resource.name === name),
    `${type} ${name ?? ""}`,
  );
const routeNamed = (graph: Graph, key: string) =>
  must(
    ofType(graph, "aws:apigatewayv2/route:Route").find(({ inputs }) => inputs.routeKey === key),
    `route ${key}`,
  );
const roleOf = (graph: Graph, name: string) =>
  must(functionNamed(graph, name)?.role, `${name} role`);
const lambdaOf = (graph: Graph, name: string) =>
  must(functionNamed(graph, name)?.lambda, `${name} Lambda`);

/** One mistake, made on a copy of a good graph, and what the check guarding against it says. */
export interface Mistake {
  check: string;
  stage: "pr-123" | "production";
  mistake: string;
  make(graph: Graph): void;
  says: string;
}

/**
 * Mistakes for the infra test to make on copies of good graphs: each check must report the
 * one it guards against (a check that cannot fail proves nothing).
 */
export const mistakes: Mistake[] = [
  {
    check: "the program runs",
    stage: "pr-123",
    mistake: "an input never resolved",
    says: "never resolved: x.arn",
    make: (g) => g.unresolved.push("x.arn"),
  },
  {
    check: "as many resources",
    stage: "pr-123",
    mistake: "a bucket policy skipped",
    says: "aws:s3/bucketPolicy:BucketPolicy: expected 2, got 1",
    make: (g) => {
      g.resources = g.resources.filter((r) => r.name !== "MediaPolicy");
    },
  },
  {
    check: "every function is built",
    stage: "pr-123",
    mistake: "a Lambda calling another export",
    says: "the Lambda calls bundle.main, not the handler export",
    make: (g) => {
      lambdaOf(g, "Auth").inputs.handler = "bundle.main";
    },
  },
  {
    check: "every route",
    stage: "pr-123",
    mistake: "a route not in the table",
    says: "routes: expected",
    make: (g) => {
      g.resources.push({ ...routeNamed(g, "GET /api/me"), inputs: { routeKey: "DELETE /api/me" } });
    },
  },
  {
    check: "every route",
    stage: "pr-123",
    mistake: "a route to the wrong function",
    says: "GET /api/health: not integrated with the User function",
    make: (g) => {
      const target = routeNamed(g, "GET /api/health").inputs.target;
      const integration = ofType(g, "aws:apigatewayv2/integration:Integration").find(
        (i) => target === `integrations/${i.id}`,
      );
      if (integration) integration.inputs.integrationUri = lambdaOf(g, "Auth").outputs.arn;
    },
  },
  {
    check: "the JWT authorizer",
    stage: "pr-123",
    mistake: "production's audience",
    says: "authorizer: expected",
    make: (g) => {
      one(g, "aws:apigatewayv2/authorizer:Authorizer").inputs.jwtConfiguration = {
        audiences: ["sharespace-production"],
        issuer: "x",
      };
    },
  },
  {
    check: "each function's role",
    stage: "pr-123",
    mistake: "s3:* for Share",
    says: 'Share: not declared ["s3:* *"]',
    make: (g) => {
      const role = roleOf(g, "Share").inputs;
      role.inlinePolicies = [
        ...(role.inlinePolicies as object[]),
        {
          name: "x",
          policy: JSON.stringify({
            Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
          }),
        },
      ];
    },
  },
  {
    check: "each function's role",
    stage: "pr-123",
    mistake: "User without DescribeTable",
    says: "User: missing",
    make: (g) => {
      const role = roleOf(g, "User").inputs;
      role.inlinePolicies = (role.inlinePolicies as { policy: string }[]).map(
        ({ policy, ...rest }) => ({
          ...rest,
          policy: policy.replace('"dynamodb:DescribeTable"', '"dynamodb:Scan"'),
        }),
      );
    },
  },
  {
    check: "the table",
    stage: "pr-123",
    mistake: "TTL off",
    says: "TTL: expected",
    make: (g) => {
      one(g, "aws:dynamodb/table:Table").inputs.ttl = {
        attributeName: "expiresAt",
        enabled: false,
      };
    },
  },
  {
    check: "the table",
    stage: "pr-123",
    mistake: "an index missing",
    says: "global indexes: expected",
    make: (g) => {
      const table = one(g, "aws:dynamodb/table:Table").inputs;
      table.globalSecondaryIndexes = (table.globalSecondaryIndexes as object[]).slice(1);
    },
  },
  {
    check: "the media bucket",
    stage: "pr-123",
    mistake: "CORS for every origin",
    says: "CORS: expected",
    make: (g) => {
      one(
        g,
        "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
        "MediaCors",
      ).inputs.corsRules = [{ allowedOrigins: ["*"] }];
    },
  },
  {
    check: "new originals",
    stage: "pr-123",
    mistake: "every object notifying",
    says: "notification: expected",
    make: (g) => {
      const n = one(g, "aws:s3/bucketNotification:BucketNotification").inputs;
      n.queues = (n.queues as object[]).map((t) => ({ ...t, filterPrefix: "" }));
    },
  },
  {
    check: "each queue",
    stage: "pr-123",
    mistake: "a queue that never gives up on a message",
    says: "no dead-letter queue",
    make: (g) => {
      for (const queue of g.resources.filter((r) => r.type === "aws:sqs/queue:Queue")) {
        delete queue.inputs.redrivePolicy;
      }
    },
  },
  {
    check: "each queue",
    stage: "pr-123",
    mistake: "a consumer that fails whole batches",
    says: "batch",
    make: (g) => {
      one(g, "aws:lambda/eventSourceMapping:EventSourceMapping").inputs.functionResponseTypes = [];
    },
  },
  {
    check: "production keeps",
    stage: "pr-123",
    mistake: "a PR stage's bucket retained",
    says: "MediaBucket is retained",
    make: (g) => {
      one(g, "aws:s3/bucket:Bucket", "MediaBucket").retainOnDelete = true;
    },
  },
  {
    check: "production keeps",
    stage: "pr-123",
    mistake: "a PR stage's bucket not emptied on removal",
    says: "the media bucket cannot be removed while not empty",
    make: (g) => {
      one(g, "aws:s3/bucket:Bucket", "MediaBucket").inputs.forceDestroy = false;
    },
  },
  {
    check: "production keeps",
    stage: "production",
    mistake: "production's table not retained",
    says: "TableTable is not retained",
    make: (g) => {
      one(g, "aws:dynamodb/table:Table").retainOnDelete = false;
    },
  },
  {
    check: "production keeps",
    stage: "production",
    mistake: "production's table deletable",
    says: "table deletion protection: expected true, got false",
    make: (g) => {
      one(g, "aws:dynamodb/table:Table").inputs.deletionProtectionEnabled = false;
    },
  },
  {
    check: "production keeps",
    stage: "production",
    mistake: "no point-in-time recovery",
    says: "table point-in-time recovery",
    make: (g) => {
      one(g, "aws:dynamodb/table:Table").inputs.pointInTimeRecovery = { enabled: false };
    },
  },
  {
    check: "logs are kept",
    stage: "production",
    mistake: "a log group kept a month in production",
    says: "AuthFunctionLogGroup: kept 30 days, not 365",
    make: (g) => {
      one(g, "aws:cloudwatch/logGroup:LogGroup", "AuthFunctionLogGroup").inputs.retentionInDays =
        30;
    },
  },
  {
    check: "every function and dead-letter",
    stage: "pr-123",
    mistake: "a function whose errors nobody hears of",
    says: "no alarm on Errors",
    make: (g) => {
      g.resources = g.resources.filter((r) => r.name !== "MediaErrorsAlarm");
    },
  },
  {
    check: "every function and dead-letter",
    stage: "pr-123",
    mistake: "an alarm that tells nobody",
    says: "notifies no topic",
    make: (g) => {
      one(
        g,
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "ProcessingDeadLetterAlarm",
      ).inputs.alarmActions = [];
    },
  },
  {
    check: "mail comes from the sender",
    stage: "production",
    mistake: "the deploy-time sender ignored",
    says: "sends as no-reply@example.com, not no-reply@sharespace.example.org",
    make: (g) => {
      one(g, "aws:sesv2/emailIdentity:EmailIdentity").inputs.emailIdentity = "no-reply@example.com";
    },
  },
  {
    check: "alarms and the dashboard read exactly",
    stage: "pr-123",
    mistake: "an alarm on a metric name no function emits",
    says: "ProcessingFailureAlarm: reads ProcessingFailures, which no function emits",
    make: (g) => {
      const alarm = one(g, "aws:cloudwatch/metricAlarm:MetricAlarm", "ProcessingFailureAlarm");
      const queries = alarm.inputs.metricQueries as { metric?: { metricName?: string } }[];
      const failed = must(
        queries.find((query) => query.metric?.metricName === "ProcessingFailed")?.metric,
        "ProcessingFailed query",
      );
      failed.metricName = "ProcessingFailures";
    },
  },
  {
    check: "alarms and the dashboard read exactly",
    stage: "production",
    mistake: "a dashboard line without the stage dimension",
    says: 'SignIn with dimensions {"service":"sharespace"}',
    make: (g) => {
      const dashboard = one(g, "aws:cloudwatch/dashboard:Dashboard").inputs;
      dashboard.dashboardBody = String(dashboard.dashboardBody).replace(
        /"SignIn","service","sharespace","stage","production"/,
        '"SignIn","service","sharespace"',
      );
    },
  },
  {
    check: "the API's 5xx rate",
    stage: "production",
    mistake: "alarm mail that goes nowhere",
    says: "alarm mail: expected alarms@example.com",
    make: (g) => {
      g.resources = g.resources.filter(
        (r) => r.type !== "aws:sns/topicSubscription:TopicSubscription",
      );
    },
  },
  {
    check: "the router sends the security headers",
    stage: "pr-123",
    mistake: "a distribution without the headers policy",
    says: "the distribution's responses use policy",
    make: (g) => {
      const cdn = one(g, "aws:cloudfront/distribution:Distribution").inputs;
      cdn.defaultCacheBehavior = {
        ...(cdn.defaultCacheBehavior as object),
        responseHeadersPolicyId: undefined,
      };
    },
  },
  {
    check: "the router sends the security headers",
    stage: "production",
    mistake: "a CSP letting scripts in from anywhere",
    says: "csp: expected",
    make: (g) => {
      const policy = one(g, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").inputs;
      const config = policy.securityHeadersConfig as Record<string, Record<string, unknown>>;
      config.contentSecurityPolicy = { contentSecurityPolicy: "script-src *", override: true };
    },
  },
];
