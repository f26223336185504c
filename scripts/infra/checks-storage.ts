/**
 * Checks on the data side of the resource graph: the table, the media bucket, its event
 * notification (and the queue between it and Process, once there is one), and what keeps
 * production's data when a stage is removed.
 * @module
 */
import { bucket, corsRule } from "../../packages/core/src/bucket";
import * as queue from "../../packages/core/src/queue";
import { table } from "../../packages/core/src/table";
import type { Check } from "./checks";
import { functionNamed, lambdaByArn } from "./functions";
import { type Graph, type GraphResource, ofType } from "./graph";

const json = (value: unknown) => JSON.stringify(value);
const sorted = <T>(items: T[]) => [...items].sort((a, b) => json(a).localeCompare(json(b)));
const differs = (what: string, expected: unknown, actual: unknown) =>
  json(expected) === json(actual)
    ? []
    : [`${what}: expected ${json(expected)}, got ${json(actual)}`];

export const mediaBucket = (graph: Graph) =>
  ofType(graph, "aws:s3/bucket:Bucket").find((resource) => resource.name === "MediaBucket");
/** The resources of `type` configuring the media bucket. */
const onMedia = (graph: Graph, type: string) =>
  ofType(graph, type).filter(({ inputs }) => inputs.bucket === mediaBucket(graph)?.inputs.bucket);

/** One queue as `packages/core/src/queue.ts` declares it. */
export interface QueueDeclaration {
  consumer: string;
  consumerTimeoutSeconds: number;
  consumerMemoryMb: number;
  maxReceiveCount: number;
  batchSize: number;
  batchWindowSeconds: number;
  deadLetterRetentionSeconds: number;
}

/** The shape of `packages/core/src/queue.ts` (pass the module itself to {@link queueCheck}). */
export interface QueueDeclarations {
  queues: Record<string, QueueDeclaration>;
  visibilityTimeoutSeconds(queue: QueueDeclaration): number;
}

/**
 * Each declared queue has its dead-letter queue, its settings, and its consumer subscribed
 * in batches that report failures per record. Without declarations, there must be no queue.
 */
export function queueCheck(declarations?: QueueDeclarations): Check {
  return {
    name: "each queue has its dead-letter queue and its consumer, as declared",
    problems: ({ graph }) => {
      const queues = ofType(graph, "aws:sqs/queue:Queue");
      if (!declarations) {
        return queues.length === 0
          ? []
          : [`${queues.length} SQS queues, but no queue declarations were given to queueCheck()`];
      }
      return Object.entries(declarations.queues).flatMap(([name, declared]) => {
        const component = ofType(graph, "sst:aws:Queue").find((resource) => resource.name === name);
        const main = queues.find((resource) => resource.parent === component?.urn);
        if (!main) return [`${name}: no queue`];
        const redrive = JSON.parse(String(main.inputs.redrivePolicy ?? "{}"));
        const deadLetter = queues.find(
          (queue) => queue.outputs.arn === redrive.deadLetterTargetArn,
        );
        const mapping = ofType(graph, "aws:lambda/eventSourceMapping:EventSourceMapping").find(
          ({ inputs }) => inputs.eventSourceArn === main.outputs.arn,
        );
        const consumer = functionNamed(graph, declared.consumer)?.lambda;
        return [
          ...differs(
            `${name} visibility timeout`,
            declarations.visibilityTimeoutSeconds(declared),
            main.inputs.visibilityTimeoutSeconds,
          ),
          ...differs(`${name} max receives`, declared.maxReceiveCount, redrive.maxReceiveCount),
          ...(deadLetter ? [] : [`${name}: no dead-letter queue`]),
          ...differs(
            `${name} dead letters kept`,
            declared.deadLetterRetentionSeconds,
            deadLetter?.inputs.messageRetentionSeconds,
          ),
          ...(mapping &&
          [consumer?.outputs.arn, consumer?.inputs.name].includes(mapping.inputs.functionName)
            ? []
            : [`${name}: not consumed by ${declared.consumer}`]),
          ...differs(
            `${name} batch`,
            [declared.batchSize, declared.batchWindowSeconds, ["ReportBatchItemFailures"]],
            [
              mapping?.inputs.batchSize,
              mapping?.inputs.maximumBatchingWindowInSeconds ?? 0,
              mapping?.inputs.functionResponseTypes,
            ],
          ),
          ...differs(
            `${declared.consumer} timeout`,
            declared.consumerTimeoutSeconds,
            consumer?.inputs.timeout,
          ),
          ...differs(
            `${declared.consumer} memory`,
            declared.consumerMemoryMb,
            consumer?.inputs.memorySize,
          ),
        ];
      });
    },
  };
}

/** Whether `target` (a notification's Lambda or queue) ends at the Process function. */
function reachesProcess(graph: Graph, target: Record<string, unknown>): boolean {
  const processLambda = functionNamed(graph, "Process")?.lambda;
  if (!processLambda) return false;
  if (target.lambdaFunctionArn) {
    return lambdaByArn(graph, target.lambdaFunctionArn)?.lambda === processLambda;
  }
  return ofType(graph, "aws:lambda/eventSourceMapping:EventSourceMapping").some(
    ({ inputs }) =>
      inputs.eventSourceArn === target.queueArn &&
      [processLambda.outputs.arn, processLambda.inputs.name].includes(inputs.functionName),
  );
}

/** Whether removing the stage leaves `resource` behind. */
const kept = (resource: GraphResource) => resource.retainOnDelete || resource.protect;

/**
 * Retained, but not the app's data: SST keeps its copies of source maps in its own asset
 * bucket, and retains a queue's policy, which goes with the queue when that is removed.
 */
function removedAnyway(graph: Graph, resource: GraphResource): boolean {
  const assets = ofType(graph, "aws:lambda/function:Function").map(({ inputs }) => inputs.s3Bucket);
  if (resource.type === "aws:s3/bucketObjectv2:BucketObjectv2") {
    return assets.includes(resource.inputs.bucket);
  }
  if (resource.type !== "aws:sqs/queuePolicy:QueuePolicy") return false;
  const owner = ofType(graph, "aws:sqs/queue:Queue").find(
    ({ outputs }) => outputs.url === resource.inputs.queueUrl,
  );
  return owner !== undefined && !kept(owner);
}

/** Checks of the table, the bucket and stage protection. */
export const storageChecks: Check[] = [
  {
    name: "the table has the declared keys, indexes and TTL",
    problems: ({ graph }) => {
      const tables = ofType(graph, "aws:dynamodb/table:Table");
      if (tables.length !== 1) return [`expected 1 table, got ${tables.length}`];
      const { inputs } = tables[0] as GraphResource;
      const types = { string: "S", number: "N", binary: "B" } as const;
      const attributes = Object.entries(table.fields).map(([name, type]) => ({
        name,
        type: types[type],
      }));
      const indexes = Object.entries(table.globalIndexes).map(([name, keys]) => ({
        name,
        ...keys,
      }));
      const actualIndexes = (
        (inputs.globalSecondaryIndexes ?? []) as Record<string, unknown>[]
      ).map(({ name, hashKey, rangeKey }) => ({ name, hashKey, rangeKey }));
      return [
        ...differs("attributes", sorted(attributes), sorted((inputs.attributes ?? []) as object[])),
        ...differs("primary key", table.primaryIndex, {
          hashKey: inputs.hashKey,
          rangeKey: inputs.rangeKey,
        }),
        ...differs("global indexes", sorted(indexes), sorted(actualIndexes)),
        ...differs("TTL", { attributeName: table.ttl, enabled: true }, inputs.ttl),
      ];
    },
  },
  {
    name: "the media bucket is private, with the declared CORS rule and upload clean-up",
    problems: ({ graph }) => {
      const rule = corsRule([String(graph.outputs.url)]);
      const cors = onMedia(graph, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration");
      const lifecycle = onMedia(
        graph,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      );
      const blocks = onMedia(graph, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
      const rules = (lifecycle[0]?.inputs.rules ?? []) as Record<string, unknown>[];
      const { bucket: _, ...block } = blocks[0]?.inputs ?? {};
      return [
        ...differs(
          "CORS",
          [
            {
              allowedHeaders: rule.allowHeaders,
              allowedMethods: rule.allowMethods,
              allowedOrigins: rule.allowOrigins,
              exposeHeaders: rule.exposeHeaders,
              maxAgeSeconds: rule.maxAgeSeconds,
            },
          ],
          cors[0]?.inputs.corsRules,
        ),
        ...differs(
          "incomplete uploads aborted after (days)",
          [bucket.abortIncompleteMultipartUploadDays],
          rules.map(
            (r) =>
              (r.abortIncompleteMultipartUpload as { daysAfterInitiation?: number })
                ?.daysAfterInitiation,
          ),
        ),
        ...differs(
          "public access block",
          {
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
          },
          block,
        ),
      ];
    },
  },
  {
    name: "new originals, and only they, notify the Process function",
    problems: ({ graph }) => {
      const notifications = onMedia(graph, "aws:s3/bucketNotification:BucketNotification");
      const targets = notifications.flatMap(({ inputs }) =>
        ["lambdaFunctions", "queues", "topics"].flatMap(
          (key) => (inputs[key] ?? []) as Record<string, unknown>[],
        ),
      );
      if (targets.length !== 1) return [`expected 1 notification target, got ${targets.length}`];
      const [target = {}] = targets;
      const expected = { events: ["s3:ObjectCreated:*"], filterPrefix: bucket.prefixes.originals };
      return [
        ...differs("notification", expected, {
          events: target.events,
          filterPrefix: target.filterPrefix,
        }),
        ...(target.filterSuffix ? [`unexpected suffix filter ${target.filterSuffix}`] : []),
        ...(reachesProcess(graph, target)
          ? []
          : [`the notification does not reach Process: ${json(target)}`]),
      ];
    },
  },
  queueCheck(queue),
  {
    name: "production keeps its data (retain, deletion protection, point-in-time recovery); other stages are removable",
    problems: ({ graph, stage }) => {
      const production = stage === "production";
      const [tableResource] = ofType(graph, "aws:dynamodb/table:Table");
      const media = mediaBucket(graph);
      const problems = [
        ...differs("stage protected (sst remove refused)", production, graph.outputs._protect),
        ...differs(
          "table deletion protection",
          production,
          tableResource?.inputs.deletionProtectionEnabled,
        ),
        ...differs(
          "table point-in-time recovery",
          { enabled: production },
          tableResource?.inputs.pointInTimeRecovery,
        ),
      ];
      if (production) {
        for (const resource of [tableResource, media]) {
          if (!resource || !kept(resource))
            problems.push(`${resource?.name ?? "a data store"} is not retained`);
        }
        return problems;
      }
      for (const resource of graph.resources) {
        if (kept(resource) && !removedAnyway(graph, resource)) {
          problems.push(`${resource.name} is retained`);
        }
      }
      // A bucket that still holds objects can only be removed when it may be emptied.
      if (media?.inputs.forceDestroy !== true)
        problems.push("the media bucket cannot be removed while not empty");
      return problems;
    },
  },
];
