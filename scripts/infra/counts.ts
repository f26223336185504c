/**
 * How many resources of each type a stage should have. A mock that leaves an output out
 * makes the code depending on it silently not run, and the resources that code creates
 * silently not exist; counting every type catches that, as well as anything new.
 *
 * Counts that follow from a declaration are computed from it; the rest are what SST's
 * components create for one instance, explained once here. A change of infra that adds or
 * removes resources changes this table in the same commit.
 * @module
 */

import { bucket } from "../../packages/core/src/bucket";
import { queues } from "../../packages/core/src/queue";
import { edgePrefixes, routes } from "../../packages/functions/src/routes";
import { functionNames } from "./functions";

/**
 * The alarm email each run deploys with (`SHARESPACE_ALARM_EMAIL`): production's runs with
 * one, the PR stage's without, so both ways of `infra/monitoring.ts` are exercised.
 */
export const alarmEmailFor = (stage: string) =>
  stage === "production" ? "alarms@example.com" : undefined;

/** The expected count per resource type for `stage`. */
export function expectedCounts(stage: string): Record<string, number> {
  const functions = functionNames.length;
  // All but the queues' consumers (Process, Purge, Notify) and Sweep.
  const consumers = new Set<string>(Object.values(queues).map((queue) => queue.consumer));
  const apiFunctions = functionNames.filter((n) => !consumers.has(n) && n !== "Sweep").length;
  const queueCount = Object.keys(queues).length;
  return {
    "pulumi:pulumi:Stack": 1,

    // Each function: SST's component, the Lambda, its role, its log group, and its code
    // zip and source map uploaded to SST's asset bucket.
    "sst:aws:Function": functions,
    "aws:lambda/function:Function": functions,
    "aws:iam/role:Role": functions,
    "aws:s3/bucketObjectv2:BucketObjectv2": 2 * functions,
    // One per function, and the API's access log.
    "aws:cloudwatch/logGroup:LogGroup": functions + 1,
    // One per linkable resource: Router, Web, Table, Media, Issuer, Api, Email, the alarm
    // topic, each API function, and each queue with its dead-letter queue.
    "sst:sst:LinkRef": 8 + apiFunctions + 2 * queueCount,
    // The functions' shared key for encrypting their links (`resource.enc`).
    "random:index/randomBytes:RandomBytes": 1,

    // The API: one route, integration and invoke permission per route of the table.
    "sst:aws:ApiGatewayV2": 1,
    "aws:apigatewayv2/api:Api": 1,
    "aws:apigatewayv2/stage:Stage": 1,
    "sst:aws:ApiGatewayV2Authorizer": 1,
    "aws:apigatewayv2/authorizer:Authorizer": 1,
    "sst:aws:ApiGatewayV2LambdaRoute": routes.length,
    "aws:apigatewayv2/route:Route": routes.length,
    "aws:apigatewayv2/integration:Integration": routes.length,
    // Each route's, and the sweep's schedule's (the queues invoke their consumers through
    // event source mappings, which need no Lambda permission).
    "aws:lambda/permission:Permission": routes.length + 1,

    // Each queue of core/queue.ts, with its dead-letter queue, its consumer subscribed by an
    // event source mapping; a queue policy per bucket notification lets S3 send to it.
    "sst:aws:Queue": 2 * queueCount,
    "aws:sqs/queue:Queue": 2 * queueCount,
    "sst:aws:QueueLambdaSubscriber": queueCount,
    "aws:lambda/eventSourceMapping:EventSourceMapping": queueCount,
    "aws:sqs/queuePolicy:QueuePolicy": bucket.notifications.length,

    // The media sweep's schedule (`infra/jobs.ts`): the cron, its EventBridge rule and target.
    "sst:aws:Cron": 1,
    "aws:cloudwatch/eventRule:EventRule": 1,
    "aws:cloudwatch/eventTarget:EventTarget": 1,

    // Monitoring (`infra/monitoring.ts`, `infra/dashboard.ts`): errors and throttles of each
    // function, each dead-letter queue, the API's 5xx rate, processing failures and email
    // bounces; their topic, mailed when an address is given; the dashboard.
    "aws:cloudwatch/metricAlarm:MetricAlarm": 2 * functions + queueCount + 3,
    "sst:aws:SnsTopic": 1,
    "aws:sns/topic:Topic": 1,
    "aws:sns/topicSubscription:TopicSubscription": alarmEmailFor(stage) ? 1 : 0,
    "aws:cloudwatch/dashboard:Dashboard": 1,

    // The token issuer and its signing key.
    "sst:sst:Linkable": 1,
    "tls:index/privateKey:PrivateKey": 1,

    // The email sender (`infra/email.ts`): SES's identity and configuration set.
    "sst:aws:Email": 1,
    "aws:sesv2/emailIdentity:EmailIdentity": 1,
    "aws:sesv2/configurationSet:ConfigurationSet": 1,

    // Storage: the table, and two buckets (media; the web app's assets), each with its
    // public access block, policy (HTTPS only) and CORS rule. The media bucket's lifecycle
    // rule and event notification.
    "sst:aws:Dynamo": 1,
    "aws:dynamodb/table:Table": 1,
    "sst:aws:Bucket": 2,
    "aws:s3/bucket:Bucket": 2,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 2,
    "aws:s3/bucketPolicy:BucketPolicy": 2,
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": 2,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
    "sst:aws:BucketNotification": 1,
    "aws:s3/bucketNotification:BucketNotification": 1,

    // The router (CloudFront, its routing function and key-value store, the cache policy
    // that keys on Authorization), its API routes, and the web app built and uploaded.
    "sst:aws:Router": 1,
    "sst:aws:CDN": 1,
    "aws:cloudfront/distribution:Distribution": 1,
    "aws:cloudfront/function:Function": 1,
    "aws:cloudfront/keyValueStore:KeyValueStore": 1,
    "aws:cloudfront/cachePolicy:CachePolicy": 1,
    // The security headers (`infra/web.ts`), on the distribution's responses.
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": 1,
    // What it forwards to the API, the client's address included (`infra/web.ts`).
    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy": 1,
    // One per prefix the router sends to the API: `/api`, and `/s` for the link pages.
    "sst:aws:RouterUrlRoute": edgePrefixes.length,
    "sst:aws:StaticSite": 1,
    "command:local:Command": 1,
    // SST's own providers: the distribution's deployment waiter, the router's and the
    // site's key-value entries and route updates (two per router route), the site's files
    // and invalidation.
    "pulumi-nodejs:dynamic:Resource": 5 + 2 * edgePrefixes.length,
  };
}
