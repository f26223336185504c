/**
 * The app's Lambda functions as they appear in a resource graph, and what was built for
 * them: each SST `Function` component with its Lambda, role and code object, and the
 * files of its bundle in the run's `.sst/artifacts`.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type FunctionName, permissions } from "../../packages/functions/src/permissions";
import { type Graph, type GraphResource, ofType } from "./graph";

/** One SST `Function` and the resources it made. */
export interface BuiltFunction {
  component: GraphResource;
  /** What `handler` said in `infra/`: `packages/functions/src/auth.handler`. */
  handler: string;
  lambda: GraphResource | undefined;
  role: GraphResource | undefined;
  /** The object in SST's asset bucket holding the code zip (`source.path` on disk). */
  code: GraphResource | undefined;
}

/** The functions the app declares (`permissions.ts` lists every one of them). */
export const functionNames = Object.keys(permissions) as FunctionName[];

/**
 * The handler each function is declared with: `packages/functions/src/<name>.handler`, the
 * module the local stack runs for that function too.
 */
export const handlerOf = (name: string) => `packages/functions/src/${name.toLowerCase()}.handler`;

const childrenOf = (graph: Graph, parent: GraphResource, type: string) =>
  ofType(graph, type).filter((resource) => resource.parent === parent.urn);

/** Every SST `Function` of the graph, with the resources it created. */
export function builtFunctions(graph: Graph): BuiltFunction[] {
  return ofType(graph, "sst:aws:Function").map((component) => {
    const metadata = component.outputs._metadata as { handler?: string } | undefined;
    const lambda = childrenOf(graph, component, "aws:lambda/function:Function")[0];
    const code = childrenOf(graph, component, "aws:s3/bucketObjectv2:BucketObjectv2").find(
      (object) => object.inputs.key === lambda?.inputs.s3Key,
    );
    return {
      component,
      handler: metadata?.handler ?? "",
      lambda,
      role: childrenOf(graph, component, "aws:iam/role:Role")[0],
      code,
    };
  });
}

/** The function declared with `name`'s handler. */
export function functionNamed(graph: Graph, name: string): BuiltFunction | undefined {
  return builtFunctions(graph).find((fn) => fn.handler === handlerOf(name));
}

/** The Lambda whose ARN is `arn` (routes, notifications and permissions name it so). */
export const lambdaByArn = (graph: Graph, arn: unknown) =>
  builtFunctions(graph).find((fn) => fn.lambda?.outputs.arn === arn);

/**
 * What SST's build leaves out of every bundle when it applies `infra/esbuild/plugins.mjs`
 * (`infra/build.ts`): a DynamoDB command the app never sends, which ElectroDB's `require` of
 * the whole document client would keep, and `jsonschema`'s messages (ElectroDB's model check).
 */
export const leftOutByBuildPlugins = ["ExecuteStatementCommand", "is not of a type"];

/**
 * Problems with one function's build: its handler's module is missing, its bundle was not
 * produced, the bundle does not export the handler the Lambda will call, or it was built
 * without the build plugins.
 */
export function buildProblems(fn: BuiltFunction, dir: string): string[] {
  const name = fn.component.name;
  const match = /^(.+)\.([A-Za-z_$][\w$]*)$/.exec(fn.handler);
  if (!match?.[1] || !match[2]) return [`${name}: no handler recorded (got "${fn.handler}")`];
  const [, module, exported] = match;
  const problems: string[] = [];
  const sources = [".ts", ".tsx", ".js", ".mjs"].map((ext) => join(dir, module + ext));
  if (!sources.some((file) => existsSync(file))) {
    problems.push(`${name}: ${module}.ts does not exist`);
  }
  if (!fn.lambda) return [...problems, `${name}: no Lambda function was created`];

  const [bundleName, lambdaExport] = String(fn.lambda.inputs.handler).split(".");
  if (lambdaExport !== exported) {
    problems.push(
      `${name}: the Lambda calls ${fn.lambda.inputs.handler}, not the ${exported} export`,
    );
  }
  const entries = codeEntries(fn);
  if (!entries) return [...problems, `${name}: no code zip was built`];
  const bundle = entries.find(
    (entry) => /^[^/]+\.m?js$/.test(entry) && entry.startsWith(`${bundleName}.`),
  );
  if (!bundle) {
    return [...problems, `${name}: the zip holds no ${bundleName}.mjs (${entries.length} entries)`];
  }

  // The zip is made from `<artifacts>/<Name>-src`; read the bundle there.
  const built = join(dir, ".sst", "artifacts", `${name}-src`, bundle);
  const text = existsSync(built) ? readFileSync(built, "utf8") : "";
  if (!new RegExp(`export\\s*\\{[^}]*\\b${exported}\\b[^}]*\\}`).test(text)) {
    problems.push(`${name}: ${bundle} does not export ${exported}`);
  }
  for (const marker of leftOutByBuildPlugins) {
    if (text.includes(marker)) {
      problems.push(`${name}: ${bundle} holds "${marker}" (built without the build plugins)`);
    }
  }
  return problems;
}

/** What the function's code zip holds, or undefined when no zip was built. */
export function codeEntries(fn: BuiltFunction): string[] | undefined {
  const zip = (fn.code?.inputs.source as { path?: string } | undefined)?.path;
  return zip && existsSync(zip) ? zipEntries(readFileSync(zip)) : undefined;
}

/** The names in a zip file's central directory (enough to list what a bundle holds). */
export function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return [];
  const count = zip.readUInt16LE(end + 10);
  const names: string[] = [];
  for (let at = zip.readUInt32LE(end + 16), i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) break;
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    names.push(zip.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + skip;
  }
  return names;
}
