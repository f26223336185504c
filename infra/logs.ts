/**
 * How long logs are kept: a month for every stage, a year for production (what an
 * investigation or an audit may reach back to). Applied to every function SST creates after
 * this module is imported (so `sst.config.ts` imports it first) and to the API's access log.
 */
export const logRetention = $app.stage === "production" ? "1 year" : "1 month";

// No function of ours sets `logging`; one that did would set its own retention.
$transform(sst.aws.Function, (args) => {
  args.logging ??= { retention: logRetention };
});
