/**
 * The environment handlers see: exactly how SST links and the AWS SDK reach code in Lambda.
 * The SST SDK reads `SST_RESOURCE_<Name>` (JSON) on the first `Resource` access and keeps it;
 * the AWS SDK reads `AWS_ENDPOINT_URL_<SERVICE>` per client.
 * @module
 */
import { S3_CREDENTIALS } from "./s3";

/** The JWT audience of the local stage: the Issuer link's `audience` and the authorizer's. */
export const LOCAL_AUDIENCE = "sharespace-local";
/** The SST app and stage names the local stack pretends to be. */
export const LOCAL_APP = { name: "sharespace", stage: "local" } as const;
export const LOCAL_REGION = "us-east-1";

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
}

/** The variables to set before any handler module is imported. */
export function handlerEnvironment(input: HandlerEnvironmentInput): Record<string, string> {
  const link = (value: object) => JSON.stringify(value);
  return {
    SST_RESOURCE_App: link(LOCAL_APP),
    SST_RESOURCE_Table: link({ name: input.tableName }),
    SST_RESOURCE_Media: link({ name: input.bucketName }),
    SST_RESOURCE_Issuer: link({
      url: input.issuer,
      audience: LOCAL_AUDIENCE,
      privateKey: input.signingKey,
      previousPublicKey: "",
    }),
    AWS_REGION: LOCAL_REGION,
    // s3rver checks signatures against its own fixed keys; DynamoDB Local accepts any.
    AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_S3: input.s3Endpoint,
  };
}
