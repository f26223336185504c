/**
 * The environment handlers see: exactly how SST links and the AWS SDK reach code in Lambda.
 * The SST SDK reads `SST_RESOURCE_<Name>` (JSON) on the first `Resource` access and keeps it;
 * the AWS SDK reads `AWS_ENDPOINT_URL_<SERVICE>` per client.
 * @module
 */
import { queues } from "@sharespace/core/queue";
import { localQueueUrl } from "./queue/sqs-api";
import { S3_CREDENTIALS } from "./s3";

/** The JWT audience of the local stage: the Issuer link's `audience` and the authorizer's. */
export const LOCAL_AUDIENCE = "sharespace-local";
/** The SST app and stage names the local stack pretends to be. */
export const LOCAL_APP = { name: "sharespace", stage: "local" } as const;
export const LOCAL_REGION = "us-east-1";
/**
 * The `Email` link's `sender`, as `sst.aws.Email` links it (the sender identity, an address
 * or a domain), and its configuration set's name.
 */
export const LOCAL_EMAIL = { sender: "no-reply@localhost", configSet: "sharespace-local" } as const;

/** What {@link handlerEnvironment} needs. */
export interface HandlerEnvironmentInput {
  tableName: string;
  bucketName: string;
  /** The token issuer, `<origin>/api`. */
  issuer: string;
  /** PKCS#8 PEM of the RS256 signing key. */
  signingKey: string;
  dynamoDbEndpoint: string;
  s3Endpoint: string;
  /** The SES v2 stand-in (the mail catcher), e.g. `http://localhost:3000/_local/ses`. */
  sesEndpoint: string;
  /** The SQS stand-in, e.g. `http://localhost:3000/_local/sqs`. */
  sqsEndpoint: string;
}

/** A queue's full name, as SST names it after the app and the stage. */
export const localQueueName = (name: string) => `${LOCAL_APP.name}-${LOCAL_APP.stage}-${name}`;

/** The variables to set before any handler module is imported. */
export function handlerEnvironment(input: HandlerEnvironmentInput): Record<string, string> {
  const link = (value: object) => JSON.stringify(value);
  const origin = input.issuer.replace(/\/api$/, "");
  return {
    SST_RESOURCE_App: link(LOCAL_APP),
    SST_RESOURCE_Table: link({ name: input.tableName }),
    SST_RESOURCE_Media: link({ name: input.bucketName }),
    SST_RESOURCE_Email: link(LOCAL_EMAIL),
    // The app's origin, as the Router link gives it to the Share function (link pages).
    SST_RESOURCE_Router: link({ url: origin }),
    SST_RESOURCE_Issuer: link({
      url: input.issuer,
      audience: LOCAL_AUDIENCE,
      privateKey: input.signingKey,
      previousPublicKey: "",
    }),
    // Each queue's link, as `sst.aws.Queue` links it: its URL.
    ...Object.fromEntries(
      Object.keys(queues).map((name) => [
        `SST_RESOURCE_${name}`,
        link({ url: localQueueUrl(input.sqsEndpoint, localQueueName(name)) }),
      ]),
    ),
    AWS_REGION: LOCAL_REGION,
    // s3rver only checks that the access key is its own; DynamoDB Local accepts any.
    AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_S3: input.s3Endpoint,
    AWS_ENDPOINT_URL_SESV2: input.sesEndpoint,
    AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
  };
}
