import type { Plugin } from "esbuild";

/** `@aws-sdk/lib-dynamodb` narrowed to what the app uses (see `plugins.mjs`). */
export declare const libDynamoDbCommandsOnly: Plugin;
/** ElectroDB's model check left to the tests (see `plugins.mjs`). */
export declare const modelCheckInTestsOnly: Plugin;
/** Both plugins. */
declare const plugins: Plugin[];
export default plugins;
