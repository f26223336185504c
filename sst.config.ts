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
    // Defaults for every function (log retention, build plugins) before any is created.
    await import("./infra/logs");
    await import("./infra/build");
    // In dependency order: the router's security headers name the bucket, and the router's
    // URL names the issuer and the bucket's CORS origin.
    await import("./infra/storage");
    const { router } = await import("./infra/web");
    await import("./infra/auth");
    const { api } = await import("./infra/api");
    await import("./infra/queue");
    await import("./infra/jobs");
    await import("./infra/monitoring");
    await import("./infra/dashboard");

    return {
      url: router.url,
      api: api.url,
    };
  },
});
