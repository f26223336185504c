import * as v from "valibot";
import { type ErrorDetail, invalid } from "./error";

/** The outcome of {@link check}: the parsed value, or each field's problem. */
export type Checked<S extends v.GenericSchema> =
  | { success: true; output: v.InferOutput<S> }
  | { success: false; details: ErrorDetail[] };

/**
 * Validates input against a schema and says, in words for people, what is wrong with each
 * field. `prefix` names where the input came from (`query.limit`), when that is not the body.
 */
export function check<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  prefix?: string,
): Checked<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return { success: true, output: result.output };
  const details = result.issues.map((issue) => {
    const path = v.getDotPath(issue) ?? "";
    return {
      path: prefix ? [prefix, path].filter(Boolean).join(".") : path,
      message: objectMessage(issue) ?? issue.message,
    };
  });
  return { success: false, details };
}

/**
 * Validates input against a schema at an edge (a route, a queue message). A failure becomes
 * one `invalid_request` error listing each field's problem, never an exception from deep
 * inside.
 */
export function parse<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = check(schema, input);
  if (result.success) return result.output;
  throw invalid("The request is not valid.", result.details);
}

/** Valibot's own words for object-shape problems are for developers; these are for people. */
function objectMessage(issue: v.BaseIssue<unknown>): string | undefined {
  if (issue.type !== "strict_object" && issue.type !== "object") return undefined;
  if (!issue.path?.length) return "Send a JSON object.";
  return issue.expected === "never" ? "This field is not allowed." : "This field is required.";
}
