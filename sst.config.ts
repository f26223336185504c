/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "sharespace",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
      home: "aws",
      providers: { tls: "5.2.0" },
    };
  },
  async run() {
    // In dependency order: the router's URL names the issuer and the bucket's CORS origin.
    const { router } = await import("./infra/web");
    await import("./infra/storage");
    await import("./infra/auth");
    const { api } = await import("./infra/api");
    await import("./infra/queue");
    await import("./infra/jobs");

    return {
      url: router.url,
      api: api.url,
    };
  },
});
