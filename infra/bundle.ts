/**
 * How every function is bundled, beside SST's defaults: the esbuild plugins of
 * `infra/esbuild/plugins.mjs`, which keep what ElectroDB (CommonJS) requires to what the app
 * uses (measured by `npm run bench`, group `cold`). Applied to every function SST creates
 * after this module is imported (so `sst.config.ts` imports it first).
 */
export const esbuildPlugins = "infra/esbuild/plugins.mjs";

$transform(sst.aws.Function, (args) => {
  args.nodejs = $output(args.nodejs).apply((nodejs) => ({
    ...nodejs,
    plugins: esbuildPlugins,
  }));
});
