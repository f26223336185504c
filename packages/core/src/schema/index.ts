/**
 * The API's request and response schemas. Pure valibot, no AWS code: the web app imports
 * this module (and only this one of core) to type and validate its calls, the functions
 * validate requests with it and the OpenAPI document is generated from it.
 */

// The limits the schemas enforce, for the web app's hints and counters.
export { limits } from "../limits";
export * from "./account";
export * from "./common";
export * from "./discovery";
export * from "./media";
export * from "./share";
export { characterCount } from "./text";
