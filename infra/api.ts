import { permissions } from "../packages/functions/src/permissions";
import { type ApiFunction, edgePrefixes, routeKey, routes } from "../packages/functions/src/routes";
import { issuer } from "./auth";
import { permissionsOf } from "./permissions";
import { queue } from "./queue";
import { media, table } from "./storage";
import { router } from "./web";

/** One function per area of the API, each serving every route that names it. */
const functions: Record<ApiFunction, sst.aws.Function> = {
  // Accounts, sessions and tokens: the only holder of the signing key.
  Auth: new sst.aws.Function("AuthFunction", {
    handler: "packages/functions/src/auth.handler",
    link: [table, issuer],
    permissions: permissionsOf("Auth"),
  }),
  // The signed-in user, and the health check. Deleting an account queues its purge.
  User: new sst.aws.Function("UserFunction", {
    handler: "packages/functions/src/user.handler",
    link: [table, media, ...permissions.User.sends.map((name) => queue[name])],
    permissions: permissionsOf("User"),
  }),
  // Upload (presigned PUT or multipart), read, edit and delete media.
  Media: new sst.aws.Function("MediaFunction", {
    handler: "packages/functions/src/media.handler",
    link: [table, media],
    permissions: permissionsOf("Media"),
  }),
  // Shares and links: presigned GETs for the people and links a medium is shared with; the
  // link pages, built from the app's own page at the router's URL.
  Share: new sst.aws.Function("ShareFunction", {
    handler: "packages/functions/src/share.handler",
    link: [table, media, router],
    permissions: permissionsOf("Share"),
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

// `/api`, and the `/s/…` link pages, whose preview tags the Share function fills in.
for (const prefix of edgePrefixes) router.route(prefix, api.url);
