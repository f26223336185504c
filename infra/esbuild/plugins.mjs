/*
 * Every function's build (`infra/build.ts` gives it to SST as `nodejs.plugins`; the cold-start
 * benchmark builds with it too): two esbuild plugins narrowing what ElectroDB, a CommonJS
 * library, brings into a bundle and runs on every cold start (esbuild cannot tree-shake a
 * `require`). Plain JavaScript: SST loads this file in a `node` of its own.
 *
 * Each plugin filters on `.*` and picks its import in the callback: SST's bridge to esbuild
 * (`.sst/platform/functions/nodejs-runtime/plugin.mjs`) tests a plugin's filter against a
 * field its messages do not have, so only a filter that matches anything ever runs there.
 */
import { fileURLToPath } from "node:url";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * A plugin answering ElectroDB's import of `specifier` (exactly that name) with `file` of
 * this folder; everyone else's import of it is left alone.
 * @returns {import("esbuild").Plugin}
 */
const replace = (name, specifier, file) => ({
  name,
  setup(build) {
    const path = here(file);
    build.onResolve({ filter: /.*/ }, (args) =>
      args.path === specifier && /[\\/]node_modules[\\/]electrodb[\\/]/.test(args.importer)
        ? { path }
        : undefined,
    );
  },
});

/**
 * ElectroDB's `require("@aws-sdk/lib-dynamodb")` gets an empty module: core gives ElectroDB
 * the commands it sends (`core/src/electrodb-client.ts`), and the `require` would bundle
 * every command, paginator and waiter of that package and of `@aws-sdk/client-dynamodb`,
 * and run them all on every cold start.
 */
export const libDynamoDbFromCore = replace(
  "electrodb-lib-dynamodb-from-core",
  "@aws-sdk/lib-dynamodb",
  "./empty.cjs",
);

/**
 * `jsonschema` (which ElectroDB checks each entity's model with, as the entity is made, on
 * every cold start) resolves to `jsonschema.cjs`, which finds nothing wrong: the models are
 * fixed in code, and the tests, which run core unbundled, check them with the real one.
 */
export const modelCheckInTestsOnly = replace(
  "electrodb-model-check-in-tests-only",
  "jsonschema",
  "./jsonschema.cjs",
);

export default [libDynamoDbFromCore, modelCheckInTestsOnly];
