/**
 * What the cloud would answer, for a program run under Pulumi's mocks: the outputs of
 * each resource the app creates and the results of the provider functions it calls.
 *
 * An output left out here does not fail anything by itself: it stays unknown, and every
 * `apply` that needs it silently never runs, together with the resources it would have
 * created. The stand-in reports unknown inputs and the checks count resources per type,
 * so an output this file misses (after an SST upgrade, say) shows up as a failure.
 * @module
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";

export const region = "us-east-1";
const account = "123456789012";

/** Arguments Pulumi's mock monitor passes for each resource. */
export interface MockResourceArgs {
  type: string;
  /** false for a component, whose outputs its own code sets. */
  custom?: boolean;
  name: string;
  inputs: Record<string, unknown>;
}

/** Arguments Pulumi's mock monitor passes for each provider function call. */
export interface MockCallArgs {
  token: string;
  inputs: Record<string, unknown>;
}

/** A physical name in the shape Pulumi's auto-naming gives (`Name-1a2b3c4`). */
function physicalName(name: string): string {
  return `${name}-${createHash("sha256").update(name).digest("hex").slice(0, 7)}`;
}

/** The outputs AWS would compute, per resource type; inputs are echoed back as well. */
function computed(type: string, name: string, inputs: Record<string, unknown>, id: string) {
  const str = (key: string) => (typeof inputs[key] === "string" ? (inputs[key] as string) : id);
  switch (type) {
    case "random:index/randomBytes:RandomBytes": {
      const bytes = createHash("sha256").update(name).digest();
      return { base64: bytes.toString("base64"), hex: bytes.toString("hex") };
    }
    case "tls:index/privateKey:PrivateKey":
      return {
        privateKeyPem: `-----BEGIN RSA PRIVATE KEY-----\n${name}\n-----END RSA PRIVATE KEY-----\n`,
        privateKeyPemPkcs8: `-----BEGIN PRIVATE KEY-----\n${name}\n-----END PRIVATE KEY-----\n`,
        publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${name}\n-----END PUBLIC KEY-----\n`,
        publicKeyOpenssh: `ssh-rsa ${name}`,
        publicKeyFingerprintMd5: "00:00",
        publicKeyFingerprintSha256: "SHA256:mock",
      };
    case "aws:s3/bucket:Bucket": {
      const bucket = str("bucket").toLowerCase();
      return {
        arn: `arn:aws:s3:::${bucket}`,
        bucket,
        bucketDomainName: `${bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
        hostedZoneId: "Z3AQBSTGFYJSTF",
        region,
      };
    }
    case "aws:lambda/function:Function": {
      const arn = `arn:aws:lambda:${region}:${account}:function:${str("name")}`;
      const invokeArn = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`;
      return { arn, invokeArn, qualifiedArn: `${arn}:$LATEST`, version: "$LATEST" };
    }
    case "aws:apigatewayv2/api:Api":
      return {
        apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
        executionArn: `arn:aws:execute-api:${region}:${account}:${id}`,
      };
    case "aws:apigatewayv2/stage:Stage":
      return { invokeUrl: `https://${str("apiId")}.execute-api.${region}.amazonaws.com/` };
    case "aws:cloudfront/distribution:Distribution":
      return {
        domainName: `${id.toLowerCase()}.cloudfront.net`,
        hostedZoneId: "Z2FDTNDATAQYW2",
        etag: "ETAG",
        status: "Deployed",
      };
    case "aws:dynamodb/table:Table":
      return { arn: `arn:aws:dynamodb:${region}:${account}:table/${str("name")}` };
    case "aws:sqs/queue:Queue":
      return {
        arn: `arn:aws:sqs:${region}:${account}:${str("name")}`,
        url: `https://sqs.${region}.amazonaws.com/${account}/${str("name")}`,
      };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${account}:role/${str("name")}`, uniqueId: `AROA${id}` };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${region}:${account}:log-group:${str("name")}` };
    case "aws:cloudfront/keyValueStore:KeyValueStore":
    case "aws:cloudfront/function:Function":
    case "aws:cloudfront/cachePolicy:CachePolicy":
      return { etag: "ETAG" };
    case "aws:s3/bucketObjectv2:BucketObjectv2":
      return { etag: "ETAG", versionId: "1" };
  }
  return {};
}

/** Pulumi's `newResource` mock: the resource's id and its state (inputs plus outputs). */
export function newResource({ type, name, inputs, custom }: MockResourceArgs) {
  if (custom === false) return { id: "", state: {} };
  const id = physicalName(name);
  const service = type.split(":")[1]?.split("/")[0] ?? "mock";
  const state = {
    arn: `arn:aws:${service}:${region}:${account}:${name}/${id}`,
    name: id,
    ...inputs,
    ...computed(type, name, inputs, id),
  };
  return { id, state };
}

/** IAM's JSON for `aws.iam.getPolicyDocument` statements. */
function policyDocument(statements: Record<string, unknown>[]): string {
  const principals = (list: { type: string; identifiers: string[] }[]) =>
    Object.fromEntries(list.map(({ type, identifiers }) => [type, identifiers]));
  const conditions = (list: { test: string; variable: string; values: string[] }[]) =>
    Object.fromEntries(list.map(({ test, variable, values }) => [test, { [variable]: values }]));
  const Statement = statements.map((statement) => ({
    ...(statement.sid ? { Sid: statement.sid } : {}),
    Effect: statement.effect ?? "Allow",
    ...(statement.actions ? { Action: statement.actions } : {}),
    ...(statement.resources ? { Resource: statement.resources } : {}),
    ...(statement.principals ? { Principal: principals(statement.principals as never) } : {}),
    ...(statement.conditions ? { Condition: conditions(statement.conditions as never) } : {}),
  }));
  return JSON.stringify({ Version: "2012-10-17", Statement });
}

/** Process groups of the local commands still running, to end with the stand-in. */
export const localCommands = new Set<number>();

/** Runs a `@pulumi/command` local command for real, as the provider would (StaticSite builds). */
function runLocal(inputs: Record<string, unknown>) {
  const command = String(inputs.command);
  const environment = (inputs.environment ?? {}) as Record<string, string>;
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: typeof inputs.dir === "string" ? inputs.dir : process.cwd(),
      env: { ...process.env, ...environment },
      // A group of its own, so that the whole command (sh, npm, vite) can be ended at once.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (child.pid) localCommands.add(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (child.pid) localCommands.delete(child.pid);
      if (code === 0) resolve({ ...inputs, stdout, stderr });
      else reject(new Error(`\`${command}\` exited with ${code}:\n${stdout}${stderr}`));
    });
  });
}

/**
 * Pulumi's `call` mock. A function not listed here fails the run, so that a new one
 * (after an SST upgrade) is noticed rather than answered with nothing.
 */
export async function call({ token, inputs }: MockCallArgs): Promise<Record<string, unknown>> {
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com` };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { id: account, accountId: account, arn: `arn:aws:iam::${account}:user/mock` };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com" };
    case "aws:iam/getPolicyDocument:getPolicyDocument": {
      const json = policyDocument((inputs.statements ?? []) as Record<string, unknown>[]);
      return { ...inputs, id: createHash("sha256").update(json).digest("hex"), json };
    }
    case "command:local:run":
      return runLocal(inputs);
  }
  throw new Error(`no mock for the provider function ${token}: add one to scripts/infra/mocks.ts`);
}
