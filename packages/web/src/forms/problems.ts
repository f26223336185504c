import * as v from "valibot";
import { isApiError } from "../api";
import { formatWait } from "../lib/format";

/** One message per field name. */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export type Validation<S extends v.GenericSchema, K extends string> =
  | { success: true; output: v.InferOutput<S> }
  | { success: false; errors: FieldErrors<K> };

/** Validates form values with the same schema the API uses; the first problem per field. */
export function validate<S extends v.GenericSchema, K extends string>(
  schema: S,
  values: Record<K, string>,
): Validation<S, K> {
  const result = v.safeParse(schema, values, { abortPipeEarly: true });
  if (result.success) return { success: true, output: result.output };
  const nested: Record<string, [string, ...string[]] | undefined> =
    v.flatten(result.issues).nested ?? {};
  const errors: FieldErrors<K> = {};
  for (const [path, messages] of Object.entries(nested)) {
    if (messages?.[0] && path in values) errors[path as K] ??= messages[0];
  }
  return { success: false, errors };
}

/** What to show after the server refused a form. */
export interface Problem<K extends string> {
  fields: FieldErrors<K>;
  form?: string;
  /** The API's error code, when the API answered. */
  code?: string;
}

/** Form-level messages for the API's error codes, in the app's voice. */
const messages: Record<string, string> = {
  invalid_credentials: "Email or password is incorrect.",
  email_taken: "An account with this email already exists.",
  unauthorized: "Your session has ended. Sign in again to continue.",
};

/**
 * Turns a failed submit into field errors (from the API's `details`) and a form-level
 * message. Details about fields the form doesn't have fall back to the form message.
 */
export function problemFrom<K extends string>(error: unknown, fields: readonly K[]): Problem<K> {
  if (!isApiError(error)) return { fields: {}, form: "Something went wrong. Try again." };
  const { code } = error;
  // One message, at the top, with a way on (the form offers to sign in instead).
  if (code === "email_taken") return { fields: {}, form: messages[code], code };

  const byField: FieldErrors<K> = {};
  let unplaced = false;
  for (const detail of error.details) {
    const name = detail.path.split(/[./]/).at(-1) as K;
    if (fields.includes(name)) byField[name] ??= detail.message;
    else unplaced = true;
  }

  if (error.code === "rate_limited") {
    const wait = error.retryAfterSeconds;
    return {
      fields: byField,
      code,
      form:
        wait === undefined
          ? "Too many attempts. Wait a few minutes, then try again."
          : `Too many attempts. Try again in ${formatWait(wait)}.`,
    };
  }
  const known = messages[code];
  if (known) return { fields: byField, form: known, code };
  // Field details alone explain a 400; anything else gets the server's words.
  const placedAll = error.details.length > 0 && !unplaced;
  return placedAll ? { fields: byField, code } : { fields: byField, form: error.message, code };
}
