/**
 * What the infrastructure must be, checked on the resource graph of a mocked `sst diff`.
 * Each check returns its problems (empty when it holds), so the same checks prove the real
 * infra right and a broken copy wrong. Expectations come from the declarations infra is
 * built from (route table, permissions, table and bucket settings), not from copies of them.
 * @module
 */

import { limits } from "../../packages/core/src/limits";
import {
  emailLinkActions,
  emailLinkResources,
  type FunctionName,
  type FunctionPermissions,
  permissions,
  tableLinkActions,
} from "../../packages/functions/src/permissions";
import { routeKey, routes } from "../../packages/functions/src/routes";
import { edgeChecks } from "./checks-edge";
import { monitoringChecks } from "./checks-monitoring";
import { storageChecks } from "./checks-storage";
import { expectedCounts } from "./counts";
import {
  buildProblems,
  builtFunctions,
  codeEntries,
  functionNamed,
  functionNames,
  handlerOf,
} from "./functions";
import { countByType, type Graph, ofType } from "./graph";

/** A run to check: its graph and the copy of the repository it ran in. */
export interface CheckedRun {
  stage: string;
  graph: Graph;
  /** Where built files are (`.sst/artifacts`). */
  dir: string;
  /** SST's exit code. */
  exitCode: number | null;
}

/** One named property of the infrastructure. */
export interface Check {
  name: string;
  problems(run: CheckedRun): string[];
}

const json = (value: unknown) => JSON.stringify(value);
const same = (a: readonly unknown[], b: readonly unknown[]) =>
  json([...a].sort()) === json([...b].sort());

/** Every check, in the order a reader would ask. */
export const checks: Check[] = [
  {
    name: "the program runs without an error, every input resolved",
    problems: ({ graph, exitCode }) => [
      ...(exitCode === 0 ? [] : [`sst diff exited with ${exitCode}`]),
      ...graph.errors.map((error) => `error: ${error.split("\n")[0]}`),
      ...graph.unresolved.map((path) => `never resolved: ${path}`),
    ],
  },
  {
    name: "as many resources of each type as the declarations make",
    problems: ({ graph, stage }) => {
      const expected = expectedCounts(stage);
      const actual = countByType(graph);
      return [...new Set([...Object.keys(expected), ...Object.keys(actual)])]
        .filter((type) => (expected[type] ?? 0) !== (actual[type] ?? 0))
        .map((type) => `${type}: expected ${expected[type] ?? 0}, got ${actual[type] ?? 0}`);
    },
  },
  {
    name: "every function is built from its handler, and only those, with the build plugins",
    problems: ({ graph, dir }) => {
      const built = builtFunctions(graph);
      const handlers = built.map((fn) => fn.handler);
      const expected = functionNames.map(handlerOf);
      const problems = same(handlers, expected)
        ? []
        : [`functions: expected ${json(expected)}, got ${json(handlers)}`];
      for (const fn of built) problems.push(...buildProblems(fn, dir));
      // sharp loads a native library, libheif-js and mediainfo.js their WebAssembly from
      // their packages: Process installs them (`nodejs.install`), not bundles them.
      const processFn = functionNamed(graph, "Process");
      const entries = processFn ? codeEntries(processFn) : undefined;
      for (const name of ["sharp", "libheif-js", "mediainfo.js"]) {
        if (!entries?.includes(`node_modules/${name}/package.json`)) {
          problems.push(`Process: ${name} is not installed in its zip`);
        }
      }
      return problems;
    },
  },
  {
    name: "every route of the route table is on the API, to its function, with the authorizer where the table says",
    problems: ({ graph }) => {
      const problems: string[] = [];
      const onApi = ofType(graph, "aws:apigatewayv2/route:Route");
      const keys = onApi.map((route) => route.inputs.routeKey);
      if (!same(keys, routes.map(routeKey))) {
        problems.push(
          `routes: expected ${json(routes.map(routeKey).sort())}, got ${json(keys.sort())}`,
        );
      }
      const [authorizer] = ofType(graph, "aws:apigatewayv2/authorizer:Authorizer");
      const integrations = ofType(graph, "aws:apigatewayv2/integration:Integration");
      for (const route of routes) {
        const key = routeKey(route);
        const found = onApi.find((resource) => resource.inputs.routeKey === key);
        if (!found) continue;
        const { authorizationType, authorizerId, target } = found.inputs;
        const guarded = authorizationType === "JWT" && authorizerId === authorizer?.id;
        if (route.auth === "jwt" && !guarded)
          problems.push(`${key}: not guarded by the JWT authorizer`);
        if (route.auth === "public" && (authorizationType !== "NONE" || authorizerId)) {
          problems.push(`${key}: public in the route table, but ${authorizationType} on the API`);
        }
        const integration = integrations.find(
          (resource) => target === `integrations/${resource.id}`,
        );
        const lambda = functionNamed(graph, route.function)?.lambda;
        if (!lambda || integration?.inputs.integrationUri !== lambda.outputs.arn) {
          problems.push(`${key}: not integrated with the ${route.function} function`);
        }
      }
      return problems;
    },
  },
  {
    name: "the JWT authorizer trusts the router URL + /api as issuer, and this stage's audience",
    problems: ({ graph, stage }) => {
      const authorizers = ofType(graph, "aws:apigatewayv2/authorizer:Authorizer");
      const [distribution] = ofType(graph, "aws:cloudfront/distribution:Distribution");
      const routerUrl = `https://${distribution?.outputs.domainName}`;
      const problems: string[] = [];
      if (graph.outputs.url !== routerUrl)
        problems.push(`the app's url is not the router's: ${graph.outputs.url}`);
      if (authorizers.length !== 1)
        return [...problems, `expected 1 authorizer, got ${authorizers.length}`];
      const { authorizerType, identitySources, jwtConfiguration } = authorizers[0]?.inputs ?? {};
      const expected = {
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: { audiences: [`${graph.app}-${stage}`], issuer: `${routerUrl}/api` },
      };
      const actual = { authorizerType, identitySources, jwtConfiguration };
      if (json(actual) !== json(expected))
        problems.push(`authorizer: expected ${json(expected)}, got ${json(actual)}`);
      return problems;
    },
  },
  {
    name: "each function's role grants exactly its declared permissions and its links' grants",
    problems: ({ graph }) => {
      const [table] = ofType(graph, "aws:dynamodb/table:Table");
      const media = ofType(graph, "aws:s3/bucket:Bucket").find(
        (bucket) => bucket.name === "MediaBucket",
      );
      const tableArn = String(table?.outputs.arn);
      const bucketArn = String(media?.outputs.arn);
      const problems: string[] = [];
      for (const name of functionNames) {
        const fn = functionNamed(graph, name);
        if (!fn?.role) {
          problems.push(`${name}: no role`);
          continue;
        }
        // Every function links the table, which grants item access on it and its indexes.
        const expected = new Set(
          tableLinkActions.flatMap((action) => [
            `${action} ${tableArn}`,
            `${action} ${tableArn}/index/*`,
          ]),
        );
        for (const action of permissionsOf(name).table) expected.add(`${action} ${tableArn}`);
        for (const { actions, on } of permissionsOf(name).bucket) {
          const resource =
            on === "bucket" ? bucketArn : `${bucketArn}/${on === "objects" ? "" : on.prefix}*`;
          for (const action of actions) expected.add(`${action} ${resource}`);
        }
        for (const { actions, queue } of permissionsOf(name).queues ?? []) {
          for (const action of actions) expected.add(`${action} ${queueArn(graph, queue)}`);
        }
        // A function that links the email sender may send, and only that.
        if (permissionsOf(name).email) {
          const [configSet] = ofType(graph, "aws:sesv2/configurationSet:ConfigurationSet");
          const resources = emailLinkResources(String(configSet?.outputs.configurationSetName));
          for (const action of emailLinkActions) {
            for (const resource of resources) expected.add(`${action} ${resource}`);
          }
        }
        // A queue's consumer may read and delete its messages (SST grants this with `subscribe`).
        for (const queueArn of consumedQueues(graph, String(fn.lambda?.outputs.arn))) {
          for (const action of sqsConsumerActions) expected.add(`${action} ${queueArn}`);
        }
        const granted = grants(fn.role.inputs);
        const missing = [...expected].filter((grant) => !granted.includes(grant));
        const extra = granted.filter((grant) => !expected.has(grant));
        if (missing.length > 0) problems.push(`${name}: missing ${json(missing)}`);
        if (extra.length > 0) problems.push(`${name}: not declared ${json(extra)}`);
        const managed = fn.role.inputs.managedPolicyArns;
        if (json(managed) !== json([basicExecution]))
          problems.push(`${name}: managed policies ${json(managed)}`);
      }
      return problems;
    },
  },
  {
    name: "the router forwards the client's address to the API, and the stage throttles",
    problems: ({ graph }) => {
      const problems: string[] = [];
      const [policy] = ofType(graph, "aws:cloudfront/originRequestPolicy:OriginRequestPolicy");
      type PolicyInputs = { headersConfig?: { headers?: { items?: string[] } } };
      const headers =
        (policy?.inputs as PolicyInputs | undefined)?.headersConfig?.headers?.items ?? [];
      if (!headers.includes("CloudFront-Viewer-Address"))
        problems.push(`origin request policy forwards ${json(headers)}`);
      if (headers.some((header: string) => header.toLowerCase() === "host"))
        problems.push("origin request policy forwards Host");
      const [distribution] = ofType(graph, "aws:cloudfront/distribution:Distribution");
      type DistributionInputs = { defaultCacheBehavior?: { originRequestPolicyId?: string } };
      const used = (distribution?.inputs as DistributionInputs | undefined)?.defaultCacheBehavior
        ?.originRequestPolicyId;
      // The mocks give a resource the id Pulumi's auto-naming would: `<name>-<hash>`.
      if (!policy || !String(used).startsWith(`${policy.name}-`))
        problems.push(`the router's behaviour uses origin request policy ${json(used)}`);
      const [stage] = ofType(graph, "aws:apigatewayv2/stage:Stage");
      const { ratePerSecond, burst } = limits.gateway.stage;
      type Throttling = {
        routeKey?: string;
        throttlingRateLimit?: number;
        throttlingBurstLimit?: number;
      };
      const stageInputs = stage?.inputs as
        | { defaultRouteSettings?: Throttling; routeSettings?: Throttling[] }
        | undefined;
      const defaults = stageInputs?.defaultRouteSettings;
      if (
        defaults?.throttlingRateLimit !== ratePerSecond ||
        defaults?.throttlingBurstLimit !== burst
      )
        problems.push(`stage default route settings ${json(defaults)}`);
      const tight = routes.filter((route) => "throttle" in route && route.throttle === "auth");
      const settings = stageInputs?.routeSettings ?? [];
      for (const route of tight) {
        const setting = settings.find((s) => s.routeKey === routeKey(route));
        if (setting?.throttlingRateLimit !== limits.gateway.auth.ratePerSecond)
          problems.push(`${routeKey(route)}: route settings ${json(setting)}`);
      }
      return problems;
    },
  },
  ...storageChecks,
  ...monitoringChecks,
  ...edgeChecks,
];

const permissionsOf = (name: FunctionName): FunctionPermissions => permissions[name];

/** Logs only: what SST adds to every function that logs (its default). */
const basicExecution = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/** What SST's queue `subscribe` grants the consumer on its queue. */
const sqsConsumerActions = [
  "sqs:ChangeMessageVisibility",
  "sqs:DeleteMessage",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
  "sqs:ReceiveMessage",
];

/** The ARN of the app's queue `name` (`core/queue.ts`): the SQS queue of SST's component. */
function queueArn(graph: Graph, name: string): string {
  const component = ofType(graph, "sst:aws:Queue").find((resource) => resource.name === name);
  const found = ofType(graph, "aws:sqs/queue:Queue").find(
    (resource) => resource.parent === component?.urn,
  );
  return String(found?.outputs.arn ?? `<no ${name} queue>`);
}

/** The ARNs of the queues an event source mapping feeds to the Lambda `arn`. */
function consumedQueues(graph: Graph, arn: string): string[] {
  return ofType(graph, "aws:lambda/eventSourceMapping:EventSourceMapping")
    .filter(({ inputs }) => inputs.functionName === arn || arn.endsWith(`:${inputs.functionName}`))
    .map(({ inputs }) => String(inputs.eventSourceArn))
    .filter((source) => source.startsWith("arn:aws:sqs:"));
}

/** `action resource` for every Allow of a role's inline policies. */
function grants(role: Record<string, unknown>): string[] {
  const policies = (role.inlinePolicies ?? []) as { policy: string }[];
  return policies.flatMap(({ policy }) =>
    (JSON.parse(policy) as { Statement: Record<string, string | string[]>[] }).Statement.flatMap(
      (statement) => {
        const list = (value: string | string[] | undefined) => [value ?? []].flat();
        const effect = statement.Effect === "Allow" ? "" : `${statement.Effect} `;
        return list(statement.Action).flatMap((action) =>
          list(statement.Resource).map((resource) => `${effect}${action} ${resource}`),
        );
      },
    ),
  );
}
