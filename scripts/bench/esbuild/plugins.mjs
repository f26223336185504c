/*
 * A fix for cold starts that keeps ElectroDB, measured by the cold-start benchmark beside
 * the functions as SST builds them: two esbuild plugins narrowing what ElectroDB, a CommonJS
 * library, brings into a bundle (esbuild cannot tree-shake a `require`). Plain JavaScript,
 * the form SST's `nodejs.plugins` loads, so the deployed build can take the same file.
 */
import { fileURLToPath } from "node:url";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * `@aws-sdk/lib-dynamodb` resolves to `lib-dynamodb.mjs`, which names only the client and
 * the commands the app uses (ElectroDB's `require` of the whole package would bundle every
 * command and paginator of it).
 * @type {import("esbuild").Plugin}
 */
export const libDynamoDbCommandsOnly = {
  name: "lib-dynamodb-commands-only",
  setup(build) {
    const path = here("./lib-dynamodb.mjs");
    build.onResolve({ filter: /^@aws-sdk\/lib-dynamodb$/ }, () => ({ path }));
  },
};

/**
 * `jsonschema` (which ElectroDB checks each entity's model with, as the entity is made, on
 * every cold start) resolves to `jsonschema.cjs`, which finds nothing wrong: the models are
 * fixed in code, and the tests, which run core unbundled, check them with the real one.
 * @type {import("esbuild").Plugin}
 */
export const modelCheckInTestsOnly = {
  name: "electrodb-model-check-in-tests-only",
  setup(build) {
    const path = here("./jsonschema.cjs");
    build.onResolve({ filter: /^jsonschema$/ }, () => ({ path }));
  },
};

export default [libDynamoDbCommandsOnly, modelCheckInTestsOnly];
