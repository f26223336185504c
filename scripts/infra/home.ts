/**
 * SST's "home" on loopback: where the CLI keeps an app's state (an S3 bucket) and its
 * bootstrap record and per-stage passphrases (SSM parameters). SST's CLI reaches both
 * through the AWS SDK, which honours `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_SSM`; so the
 * bucket lives in s3rver and the parameters in the small SSM stand-in below.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { listen } from "../../packages/local/src/ports";
import { S3_CREDENTIALS, startS3Local } from "../../packages/local/src/s3";

const region = "us-east-1";

/**
 * The record SST's bootstrap leaves in `/sst/bootstrap`. Seeded, as in an account that was
 * bootstrapped before: the bootstrap itself also creates an ECR repository and bucket
 * notifications, none of which a diff uses. `version` counts SST's bootstrap steps (five
 * in SST 4.17); if an upgrade adds one, SST runs it against these stand-ins, and a step
 * they cannot serve fails the run with SST's own error.
 */
const bootstrap = { version: 5, asset: "sst-asset-local", state: "sst-state-local" };

/** A running home, and the environment that points SST's CLI at it. */
export interface Home {
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts s3rver with SST's buckets and the SSM stand-in with the bootstrap record. */
export async function startHome(): Promise<Home> {
  const s3 = await startS3Local({ port: 0, region });
  const ssm = await startSsm({ "/sst/bootstrap": JSON.stringify(bootstrap) });
  try {
    const client = new S3Client({
      endpoint: s3.endpoint,
      region,
      forcePathStyle: true,
      credentials: S3_CREDENTIALS,
    });
    for (const bucket of [bootstrap.state, bootstrap.asset]) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    client.destroy();
  } catch (error) {
    await Promise.all([s3.stop(), ssm.stop()]);
    throw error;
  }
  return {
    env: {
      // s3rver checks signatures, made with its own credentials.
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      AWS_REGION: region,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    },
    stop: async () => {
      await Promise.all([s3.stop(), ssm.stop()]);
    },
  };
}

/** An error in the shape of the SSM JSON protocol, which the SDK maps to its error types. */
class SsmError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The SSM actions SST's CLI uses for its home (JSON 1.1 protocol, `X-Amz-Target`), over an
 * in-memory map. Signatures are not checked.
 */
async function startSsm(seed: Record<string, string>) {
  const parameters = new Map(
    Object.entries(seed).map(([name, value]) => [name, { value, type: "String" }]),
  );
  const actions: Record<string, (input: Record<string, unknown>) => object> = {
    GetParameter: ({ Name }) => {
      const parameter = parameters.get(String(Name));
      if (!parameter) throw new SsmError("ParameterNotFound", `${Name} not found`);
      return { Parameter: { Name, Value: parameter.value, Type: parameter.type, Version: 1 } };
    },
    PutParameter: ({ Name, Value, Type, Overwrite }) => {
      if (parameters.has(String(Name)) && !Overwrite) {
        throw new SsmError("ParameterAlreadyExists", `${Name} exists`);
      }
      parameters.set(String(Name), { value: String(Value), type: String(Type ?? "String") });
      return { Version: 1 };
    },
    DeleteParameter: ({ Name }) => {
      if (!parameters.delete(String(Name))) {
        throw new SsmError("ParameterNotFound", `${Name} not found`);
      }
      return {};
    },
  };

  const server = createServer((req, res) => {
    void answer(req, res);
  });
  async function answer(req: IncomingMessage, res: ServerResponse) {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(body));
    };
    try {
      let body = "";
      for await (const chunk of req) body += chunk;
      const action = String(req.headers["x-amz-target"] ?? "").replace(/^AmazonSSM\./, "");
      const handler = actions[action];
      if (!handler) throw new SsmError("InvalidAction", `the SSM stand-in has no ${action}`);
      reply(200, handler(body ? JSON.parse(body) : {}));
    } catch (error) {
      const type = error instanceof SsmError ? error.type : "InternalServerError";
      reply(error instanceof SsmError ? 400 : 500, { __type: type, message: String(error) });
    }
  }

  const port = await listen(server, 0, "127.0.0.1", "SSM stand-in");
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
