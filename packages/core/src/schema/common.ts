import * as v from "valibot";
import { limits } from "../limits";

/** Emails are compared trimmed and lower-cased everywhere. */
export const Email = v.pipe(
  v.string("Email must be a string."),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(limits.email.max, "Email is too long."),
  v.email("Enter a valid email address."),
);

export const DisplayName = v.pipe(
  v.string("Name must be a string."),
  v.trim(),
  v.minLength(limits.name.min, "Enter your name."),
  v.maxLength(limits.name.max, `Name must be at most ${limits.name.max} characters.`),
);

export const Password = v.pipe(
  v.string("Password must be a string."),
  v.minLength(limits.password.min, `Password must be at least ${limits.password.min} characters.`),
  v.maxLength(limits.password.max, `Password must be at most ${limits.password.max} characters.`),
);

/** ISO 8601 UTC timestamp. */
export const Timestamp = v.pipe(v.string(), v.isoTimestamp());

/** `{"error": {...}}`, the body of every error answer. */
export const ErrorBody = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    details: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
    /** `duplicate`: the caller's existing item with the same bytes. */
    mediaId: v.optional(v.string()),
  }),
});
export type ErrorBody = v.InferOutput<typeof ErrorBody>;

export const Health = v.object({ status: v.literal("ok") });
export type Health = v.InferOutput<typeof Health>;

/**
 * The session cookies. `refresh` is the HttpOnly refresh token (sent only to
 * `/api/auth`). `hint` carries no secret: it tells the web app a session may exist, so a
 * visitor who never signed in costs no refresh call (and no 401) on every page load.
 */
export const SessionCookie = { refresh: "ss_refresh", hint: "ss_session" } as const;
