import { forwardedHeaders } from "../packages/functions/src/routes";

/*
 * What CloudFront passes to its origins besides what the cache policy keys on: the headers
 * routes read, with `CloudFront-Viewer-Address` (the client's address: rate limits count per
 * client, and API Gateway's own source IP would be CloudFront's), every cookie and query
 * string. It replaces SST's default (AllViewerExceptHostHeader), which forwards no CloudFront
 * header; `Host` stays out, as there, since API Gateway answers only to its own.
 */
const originRequest = new aws.cloudfront.OriginRequestPolicy("RouterOriginRequest", {
  comment: "ShareSpace: viewer headers the app reads, and the viewer's address",
  headersConfig: { headerBehavior: "whitelist", headers: { items: [...forwardedHeaders] } },
  cookiesConfig: { cookieBehavior: "all" },
  queryStringsConfig: { queryStringBehavior: "all" },
});

/**
 * The app's one origin: a CloudFront router in front of the web app (`/*`) and the API
 * (`/api/*`, attached in `infra/api.ts`). Created first, since the token issuer and the
 * bucket's CORS rule are derived from its URL.
 */
export const router = new sst.aws.Router("Router", {
  transform: {
    /*
     * CloudFront drops `Authorization` from GET and HEAD requests unless the header is
     * part of the cache key, and the JWT authorizer needs it on `GET /api/me`. Keying on
     * it also means one user's answer can never be served to another. Nothing is cached
     * anyway unless the origin asks for it (SST's policy has a default TTL of 0).
     */
    cachePolicy: (policy) => {
      policy.parametersInCacheKeyAndForwardedToOrigin = $output(
        policy.parametersInCacheKeyAndForwardedToOrigin,
      ).apply((parameters) => ({
        ...parameters,
        headersConfig: {
          ...parameters.headersConfig,
          headerBehavior: "whitelist",
          headers: { items: [...(parameters.headersConfig.headers?.items ?? []), "authorization"] },
        },
      }));
    },
    cdn: (args) => {
      args.defaultCacheBehavior = $output(args.defaultCacheBehavior).apply((behavior) => ({
        ...behavior,
        originRequestPolicyId: originRequest.id,
      }));
    },
  },
});

/**
 * The React app. Under `sst dev` it is not deployed: SST runs Vite's dev server instead,
 * and Vite forwards `/api` to the router (`VITE_API_URL`, read by `vite.config.ts`), so
 * the browser still talks to one origin and cookies behave as when deployed.
 */
export const web = new sst.aws.StaticSite("Web", {
  path: "packages/web",
  build: { command: "npm run build", output: "dist" },
  router: { instance: router },
  dev: { command: "npm run dev", url: "http://localhost:5173" },
  environment: $dev ? { VITE_API_URL: router.url } : undefined,
});
