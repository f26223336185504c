import type { Plugin } from "esbuild";

/** ElectroDB's `require` of `@aws-sdk/lib-dynamodb` left empty (see `plugins.mjs`). */
export declare const libDynamoDbFromCore: Plugin;
/** ElectroDB's model check left to the tests (see `plugins.mjs`). */
export declare const modelCheckInTestsOnly: Plugin;
/** Both plugins. */
declare const plugins: Plugin[];
export default plugins;
