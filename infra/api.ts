import { type ApiFunction, routeKey, routes } from "../packages/functions/src/routes";
import { issuer } from "./auth";
import { media, table } from "./storage";
import { router } from "./web";

/*
 * Links to the bucket carry only its name (see `infra/storage.ts`); these are the S3
 * actions each function signs URLs for or calls. Presigned URLs act with the signer's
 * permissions, so a function can only hand out what it may do itself.
 */
const objects = $interpolate`${media.arn}/*`;
const s3 = (actions: string[], resources: $util.Input<string>[] = [objects]) =>
  sst.aws.permission({ actions: actions.map((action) => `s3:${action}`), resources });
/** HeadBucket, and HeadObject answering 404 rather than 403 for a missing object. */
const listBucket = s3(["ListBucket"], [media.arn]);

/** One function per area of the API, each serving every route that names it. */
const functions: Record<ApiFunction, sst.aws.Function> = {
  // Accounts, sessions and tokens: the only holder of the signing key.
  Auth: new sst.aws.Function("AuthFunction", {
    handler: "packages/functions/src/auth.handler",
    link: [table, issuer],
  }),
  // The signed-in user; deleting the account removes its objects and open uploads.
  User: new sst.aws.Function("UserFunction", {
    handler: "packages/functions/src/user.handler",
    link: [table, media],
    permissions: [
      // The health check describes the table and heads the bucket.
      sst.aws.permission({ actions: ["dynamodb:DescribeTable"], resources: [table.arn] }),
      listBucket,
      s3(["DeleteObject", "AbortMultipartUpload"]),
    ],
  }),
  // Upload (presigned PUT or multipart), read, edit and delete media.
  Media: new sst.aws.Function("MediaFunction", {
    handler: "packages/functions/src/media.handler",
    link: [table, media],
    permissions: [
      s3([
        "PutObject",
        "GetObject",
        "DeleteObject",
        "AbortMultipartUpload",
        "ListMultipartUploadParts",
      ]),
      listBucket,
    ],
  }),
  // Shares and links: presigned GETs for the people and links a medium is shared with.
  Share: new sst.aws.Function("ShareFunction", {
    handler: "packages/functions/src/share.handler",
    link: [table, media],
    permissions: [s3(["GetObject"])],
  }),
};

/**
 * The HTTP API. No CORS: browsers reach it only through the router, on the app's own
 * origin, so no other origin needs to read its answers.
 */
export const api = new sst.aws.ApiGatewayV2("Api", { cors: false });

const jwt = api.addAuthorizer({
  name: "jwt",
  jwt: { issuer: issuer.properties.url, audiences: [issuer.properties.audience] },
});

// Every route of the route table, each to an existing function (by ARN, so each function
// is built once, not once per route), guarded by the authorizer where the table says so.
for (const route of routes) {
  api.route(
    routeKey(route),
    functions[route.function].arn,
    route.auth === "jwt" ? { auth: { jwt: { authorizer: jwt.id } } } : undefined,
  );
}

router.route("/api", api.url);
