import * as v from "valibot";
import { invalid } from "./error";

/**
 * Validates input against a schema at the edge of core. A failure becomes one
 * `invalid_request` error listing each field's problem, never an exception from deep inside.
 */
export function parse<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const details = result.issues.map((issue) => ({
    path: v.getDotPath(issue) ?? "",
    message: objectMessage(issue) ?? issue.message,
  }));
  throw invalid("The request is not valid.", details);
}

/** Valibot's own words for object-shape problems are for developers; these are for people. */
function objectMessage(issue: v.BaseIssue<unknown>): string | undefined {
  if (issue.type !== "strict_object" && issue.type !== "object") return undefined;
  if (!issue.path?.length) return "Send a JSON object.";
  return issue.expected === "never" ? "This field is not allowed." : "This field is required.";
}
