/**
 * How every function is built, beside SST's defaults: with the esbuild plugins of
 * `infra/esbuild/plugins.mjs`, which keep ElectroDB's whole-package `require`s out of the
 * bundles (a cold start ~1.5× the AWS SDK's alone without them; see the README's
 * Performance). Applied to every function SST creates after this module is imported.
 */
$transform(sst.aws.Function, (args) => {
  // SST reads the path from the directory it runs in: the repository's root.
  args.nodejs = $output(args.nodejs).apply((nodejs) => ({
    ...nodejs,
    plugins: "infra/esbuild/plugins.mjs",
  }));
});
