import { limits } from "../packages/core/src/limits";
import { type FunctionPermissions, permissions } from "../packages/functions/src/permissions";
import { type ApiFunction, edgePrefixes, routeKey, routes } from "../packages/functions/src/routes";
import { issuer } from "./auth";
import { email } from "./email";
import { logRetention } from "./logs";
import { permissionsOf } from "./permissions";
import { queue } from "./queue";
import { media, table } from "./storage";
import { router } from "./web";

/** The queues a function sends to (`permissions.ts`): it links them, for their URLs. */
const queuesOf = (name: ApiFunction) =>
  ((permissions[name] as FunctionPermissions).queues ?? []).map((grant) => queue[grant.queue]);

/** One function per area of the API, each serving every route that names it. */
export const functions: Record<ApiFunction, sst.aws.Function> = {
  // Accounts, sessions and tokens: the only holder of the signing key, and a sender of
  // email (verification, password reset, and what was shared while an email was unverified).
  Auth: new sst.aws.Function("AuthFunction", {
    handler: "packages/functions/src/auth.handler",
    link: [table, issuer, ...(permissions.Auth.email ? [email] : [])],
    permissions: permissionsOf("Auth"),
  }),
  // The signed-in user, and the health check. Deleting an account queues its purge.
  User: new sst.aws.Function("UserFunction", {
    handler: "packages/functions/src/user.handler",
    link: [table, media, ...queuesOf("User")],
    permissions: permissionsOf("User", queue),
  }),
  // Upload (presigned PUT or multipart), read, edit and delete media.
  Media: new sst.aws.Function("MediaFunction", {
    handler: "packages/functions/src/media.handler",
    link: [table, media],
    permissions: permissionsOf("Media"),
  }),
  // Shares and links: presigned GETs for the people and links a medium is shared with; the
  // link pages, built from the app's own page at the router's URL. A new share queues its
  // recipient's notification.
  Share: new sst.aws.Function("ShareFunction", {
    handler: "packages/functions/src/share.handler",
    link: [table, media, router, ...queuesOf("Share")],
    permissions: permissionsOf("Share", queue),
  }),
};

const { stage, auth } = limits.gateway;
// The stage's route settings name routes, which must exist first: the stage waits for them.
let routesAdded: (resources: $util.Input<$util.Resource>[]) => void = () => {};
const allRoutes = new Promise<$util.Input<$util.Resource>[]>((resolve) => {
  routesAdded = resolve;
});

/**
 * The HTTP API. No CORS: browsers reach it only through the router, on the app's own
 * origin, so no other origin needs to read its answers. API Gateway throttles before any
 * function runs: the whole stage, and the public routes that take credentials or send
 * email more tightly (`throttle: "auth"` in the route table).
 */
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: false,
  accessLog: { retention: logRetention },
  transform: {
    stage: (args, opts) => {
      args.defaultRouteSettings = {
        throttlingRateLimit: stage.ratePerSecond,
        throttlingBurstLimit: stage.burst,
      };
      args.routeSettings = routes
        .filter((route) => "throttle" in route && route.throttle === "auth")
        .map((route) => ({
          routeKey: routeKey(route),
          throttlingRateLimit: auth.ratePerSecond,
          throttlingBurstLimit: auth.burst,
        }));
      opts.dependsOn = allRoutes;
    },
  },
});

const jwt = api.addAuthorizer({
  name: "jwt",
  jwt: { issuer: issuer.properties.url, audiences: [issuer.properties.audience] },
});

// Every route of the route table, each to an existing function (by ARN, so each function
// is built once, not once per route), guarded by the authorizer where the table says so.
const added = routes.map((route) =>
  api.route(
    routeKey(route),
    functions[route.function].arn,
    route.auth === "jwt" ? { auth: { jwt: { authorizer: jwt.id } } } : undefined,
  ),
);
routesAdded(added.map((route) => route.nodes.route));

// `/api`, and the `/s/…` link pages, whose preview tags the Share function fills in.
for (const prefix of edgePrefixes) router.route(prefix, api.url);
