/**
 * Cold start: every function built the way SST builds it (esbuild: bundle, ESM, platform
 * node, `mainFields` module then main, `keepNames`, minified, SST's `createRequire` banner,
 * sharp and `nodejs.install` packages external, the plugins `infra/build.ts` gives it; target `esnext`, SST's own default, which
 * Node 24 runs), its size minified and gzipped, and the time a fresh `node` takes to import
 * the bundle and answer one request, against a baseline handler that imports only the same
 * AWS SDK packages, built the same way, in the same run.
 *
 * The requests need no backing service (the cost measured is the code's, not DynamoDB's):
 * Auth serves its JWKS, User and Media refuse an anonymous `GET` (routing, validation, error
 * mapping), Share answers its 404, Process takes S3's test event through the batch
 * processor. Sweep, which only queries, is imported and not invoked.
 * @module
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build, type Metafile, type Plugin } from "esbuild";
import buildPlugins from "../../infra/esbuild/plugins.mjs";
import { buildEvent, newRequestId } from "../../packages/local/src/apigw/event";
import { handlerEnvironment } from "../../packages/local/src/environment";
import { generateSigningKey } from "../../packages/local/src/signing-key";
import { type Figure, figure, median } from "./figure";

const root = join(import.meta.dirname, "../..");
const out = join(root, "bench/.build");
const runs = Number(process.env.BENCH_COLD_RUNS ?? 15);
const MB = 1024 * 1024;

/** SST's forced externals (`pkg/runtime/node/build.go`), and Process's `nodejs.install`. */
const forceExternal = ["sharp", "pg-native"];
function installed(): string[] {
  const queue = readFileSync(join(root, "infra/queue.ts"), "utf8");
  const list = queue.match(/install:\s*\[([^\]]*)\]/)?.[1] ?? "";
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
}

/** SST's build options for a function (see the module comment). */
export function sstOptions(entry: string, outfile: string, plugins: Plugin[] = []): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    platform: "node",
    format: "esm",
    target: "esnext",
    bundle: true,
    minify: true,
    keepNames: true,
    metafile: true,
    mainFields: ["module", "main"],
    external: [...forceExternal, ...installed()],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __filename = topLevelFileUrlToPath(import.meta.url)`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
      ].join("\n"),
    },
    plugins,
    logLevel: "silent",
  };
}

/** One export of each AWS SDK package a baseline imports (enough to load the package). */
const sdkExports: Record<string, string> = {
  "client-dynamodb": "DynamoDBClient",
  "client-s3": "S3Client",
  "client-sqs": "SQSClient",
  "client-sesv2": "SESv2Client",
  "lib-dynamodb": "DynamoDBDocumentClient",
  "s3-request-presigner": "getSignedUrl",
};
/** The AWS SDK packages a bundle holds (from its metafile). */
function sdkPackagesOf(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const name = input.match(/node_modules\/@aws-sdk\/([a-z0-9-]+)\//)?.[1];
    if (name && name in sdkExports) found.add(name);
  }
  return [...found].sort();
}

/** A request each function answers without a backing service. */
function requestFor(name: string): unknown {
  const api = (method: string, path: string, routeKey = `${method} ${path}`) =>
    buildEvent({
      request: {
        method,
        rawPath: path,
        rawQueryString: "",
        headers: [["host", "bench.example"]],
        body: Buffer.alloc(0),
        sourceIp: "127.0.0.1",
        sourcePort: 50000,
        protocol: "HTTP/1.1",
        scheme: "https",
        localPort: 443,
      },
      routeKey,
      requestId: newRequestId(),
      timeEpoch: Date.now(),
    });
  switch (name) {
    case "Auth":
      return api("GET", "/api/.well-known/jwks.json");
    case "User":
      return api("GET", "/api/me");
    case "Media":
      return api("GET", "/api/media");
    case "Share":
      return api("GET", "/api/shares");
    case "Process":
      return {
        Records: [
          {
            messageId: "bench",
            receiptHandle: "bench",
            body: JSON.stringify({ Event: "s3:TestEvent" }),
            attributes: { ApproximateReceiveCount: "1" },
            messageAttributes: {},
            md5OfBody: "",
            eventSource: "aws:sqs",
            eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:bench",
            awsRegion: "us-east-1",
          },
        ],
      };
    default:
      return undefined; // imported only
  }
}

/** Runs in a fresh `node`: import the bundle, answer one request, print the times. */
const driver = `
const started = performance.now();
const mod = await import(process.argv[2]);
const imported = performance.now();
const event = JSON.parse(process.argv[3]);
if (event) {
  await mod.handler(event, {
    awsRequestId: "bench", functionName: "bench", functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:bench",
    memoryLimitInMB: "1024", logGroupName: "bench", logStreamName: "bench",
    callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30000,
    done() {}, fail() {}, succeed() {},
  });
}
const answered = performance.now();
process.stdout.write(JSON.stringify({ init: imported - started, total: answered - started }));
process.exit(0);
`;

function timeOnce(bundle: string, event: unknown, env: Record<string, string>) {
  return new Promise<{ init: number; total: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(out, "driver.mjs"), bundle, JSON.stringify(event ?? null)],
      { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(stdout));
      } catch (error) {
        reject(new Error(`${bundle}: ${String(error)}\n${stderr.slice(0, 2000)}`));
      }
    });
  });
}

/** A built bundle: path, sizes and the SDK packages in it. */
interface Built {
  file: string;
  bytes: number;
  gzip: number;
  sdk: string[];
  metafile: Metafile;
}

async function buildOne(entry: string, file: string, plugins: Plugin[] = []): Promise<Built> {
  const result = await build(sstOptions(entry, file, plugins));
  const code = readFileSync(file);
  const metafile = result.metafile as Metafile;
  return {
    file,
    bytes: code.byteLength,
    gzip: gzipSync(code).byteLength,
    sdk: sdkPackagesOf(metafile),
    metafile,
  };
}

/**
 * A handler that imports only `sdk` (and `more`: `[name, module]` pairs, to weigh a library
 * on its own) and answers 200.
 */
async function buildBaseline(
  name: string,
  sdk: string[],
  more: [string, string][] = [],
  plugins: Plugin[] = [],
): Promise<Built> {
  const entry = join(out, `${name}-baseline.ts`);
  const modules: [string, string][] = [
    ...sdk.map((pkg): [string, string] => [sdkExports[pkg] ?? "", `@aws-sdk/${pkg}`]),
    ...more,
  ];
  const imports = modules.map(([what, from], i) => `import { ${what} as m${i} } from "${from}";`);
  writeFileSync(
    entry,
    `${imports.join("\n")}
export const loaded = [${modules.map((_, i) => `m${i}`).join(", ")}];
export const handler = async () => ({ statusCode: loaded.length ? 200 : 500, body: "" });
`,
  );
  return buildOne(entry, join(out, `${name}-baseline.mjs`), plugins);
}

/** The functions: every entry of `packages/functions/src/permissions.ts`. */
async function functionNames(): Promise<string[]> {
  const { permissions } = await import("../../packages/functions/src/permissions");
  return Object.keys(permissions);
}
const API = new Set(["Auth", "User", "Media", "Share"]);

/** Options of {@link measure}: a variant's plugins (the deployed ones when not given). */
export interface ColdStartOptions {
  plugins?: Plugin[];
  /** Prefixes figure names; a labelled variant's figures are shown without a target. */
  label?: string;
}

async function measure(options: ColdStartOptions = {}): Promise<Figure[]> {
  if (!options.label) rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "driver.mjs"), driver);
  const env = {
    ...handlerEnvironment({
      tableName: "bench-Table",
      bucketName: "bench-media",
      issuer: "https://bench.example/api",
      signingKey: await generateSigningKey(),
      dynamoDbEndpoint: "http://127.0.0.1:9",
      s3Endpoint: "http://127.0.0.1:9",
      sesEndpoint: "http://127.0.0.1:9",
      sqsEndpoint: "http://127.0.0.1:9",
    }),
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    NODE_ENV: "production",
  };
  const label = options.label ?? "";
  const figures: Figure[] = [];
  const sdkOf: Record<string, string[]> = {};
  for (const name of await functionNames()) {
    const entry = join(root, `packages/functions/src/${name.toLowerCase()}.ts`);
    const fn = await buildOne(
      entry,
      join(out, `${name}${label ? "-variant" : ""}.mjs`),
      options.plugins ?? buildPlugins,
    );
    const base = await buildBaseline(name, fn.sdk);
    sdkOf[name] = fn.sdk;
    const event = requestFor(name);
    const ours: number[] = [];
    const theirs: number[] = [];
    await timeOnce(fn.file, event, env); // first run: the file system cache
    await timeOnce(base.file, event, env);
    for (let i = 0; i < runs; i++) {
      ours.push((await timeOnce(fn.file, event, env)).total);
      theirs.push((await timeOnce(base.file, event, env)).total);
    }
    const api = API.has(name) && !label;
    figures.push(
      figure(
        `${label}cold start ${name}${event ? "" : " (import only)"}`,
        { value: median(ours), unit: "ms", baseline: median(theirs) },
        label ? undefined : { kind: "max", value: 1.3, of: "ratio" },
      ),
      figure(
        `${label}bundle ${name}, minified`,
        { value: fn.bytes / 1024, unit: "KB", baseline: base.bytes / 1024 },
        api ? { kind: "max", value: 1024, of: "value" } : undefined,
        api ? "≤ 1 MB" : undefined,
      ),
      figure(`${label}bundle ${name}, gzip`, {
        value: fn.gzip / 1024,
        unit: "KB",
        baseline: base.gzip / 1024,
      }),
    );
    if (fn.bytes > MB && api) console.warn(`${name} is over 1 MB minified`);
  }
  // What a library alone adds to a function's SDK-only baseline: the part of its gap that
  // our own code cannot close while keeping the library (ElectroDB for every function that
  // reads the table; sharp, whose native libvips every photo needs, for Process).
  const alone: [string, string[] | undefined, [string, string]][] = [
    ["Media's SDK + ElectroDB", sdkOf.Media, ["Service", "electrodb"]],
    ["Process's SDK + sharp", sdkOf.Process, ["default", "sharp"]],
  ];
  for (const [what, sdk, library] of label ? [] : alone) {
    if (!sdk) continue;
    const sdkOnly = await buildBaseline("SdkOnly", sdk);
    const withLibrary = await buildBaseline("SdkLibrary", sdk, [library], buildPlugins);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      a.push((await timeOnce(withLibrary.file, null, env)).total);
      b.push((await timeOnce(sdkOnly.file, null, env)).total);
    }
    figures.push(
      figure(`cold start of ${what} alone (import)`, {
        value: median(a),
        unit: "ms",
        baseline: median(b),
      }),
    );
  }
  return figures;
}

/**
 * Every function as SST builds it, with the plugins `infra/build.ts` gives SST
 * (`infra/esbuild/plugins.mjs`); with `BENCH_COLD_COMPARE=1`, also without them, to show
 * what they save.
 */
export async function run(): Promise<Figure[]> {
  const deployed = await measure();
  if (process.env.BENCH_COLD_COMPARE !== "1") return deployed;
  return [...deployed, ...(await measure({ plugins: [], label: "without the build plugins: " }))];
}

/** The largest inputs of a bundle (for finding what to cut), by bytes in the output. */
export function largestInputs(metafile: Metafile, count = 15): [string, number][] {
  const output = Object.values(metafile.outputs)[0];
  return Object.entries(output?.inputs ?? {})
    .map(([path, { bytesInOutput }]) => [path, bytesInOutput] as [string, number])
    .sort((a, b) => b[1] - a[1])
    .slice(0, count);
}

export { buildOne };
