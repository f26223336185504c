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
