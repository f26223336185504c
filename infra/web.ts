import { corsRule } from "../packages/core/src/bucket";
import {
  contentSecurityPolicy,
  permissionsPolicy,
  referrerPolicy,
  strictTransportSecurity,
} from "../packages/core/src/security-headers";
import { forwardedHeaders } from "../packages/functions/src/routes";
import { media, mediaOrigin } from "./storage";

/**
 * The security headers of every answer (web app and API), from
 * `packages/core/src/security-headers.ts`, which the local stack sends too. SST's Router has
 * no option for them, so its transform puts this policy on the distribution.
 */
const securityHeaders = new aws.cloudfront.ResponseHeadersPolicy("SecurityHeaders", {
  comment: `${$app.name} ${$app.stage}: security headers`,
  securityHeadersConfig: {
    strictTransportSecurity: {
      accessControlMaxAgeSec: strictTransportSecurity.maxAgeSeconds,
      includeSubdomains: false,
      preload: false,
      override: true,
    },
    contentSecurityPolicy: {
      contentSecurityPolicy: mediaOrigin.apply((bucketOrigin) =>
        contentSecurityPolicy({ bucketOrigin }),
      ),
      override: true,
    },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
    referrerPolicy: { referrerPolicy, override: true },
  },
  customHeadersConfig: {
    items: [{ header: "Permissions-Policy", value: permissionsPolicy, override: true }],
  },
});

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
        responseHeadersPolicyId: securityHeaders.id,
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

/**
 * The media bucket's CORS rule: the app's own origin, plus Vite's dev server under `sst dev`
 * (the rule itself is declared in `packages/core/src/bucket.ts`, which the local stack reads).
 */
new aws.s3.BucketCorsConfiguration("MediaCors", {
  bucket: media.name,
  corsRules: [
    router.url.apply((url) => {
      const rule = corsRule($dev ? [url, "http://localhost:5173"] : [url]);
      return {
        allowedOrigins: [...rule.allowOrigins],
        allowedMethods: [...rule.allowMethods],
        allowedHeaders: [...rule.allowHeaders],
        exposeHeaders: [...rule.exposeHeaders],
        maxAgeSeconds: rule.maxAgeSeconds,
      };
    }),
  ],
});
