import * as v from "valibot";
import { limits } from "../limits";
import {
  isOneCharacterRepeated,
  lengthMetadata,
  maxCharacters,
  minCharacters,
  noBidiControls,
  noControlCharacters,
  someVisibleCharacter,
  wellFormed,
} from "./text";

/** Emails are compared trimmed and lower-cased everywhere. */
export const Email = v.pipe(
  v.string("Email must be a string."),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(limits.email.max, "Email is too long."),
  v.email("Enter a valid email address."),
);

const { name, password } = limits;

/**
 * A name people see next to what is shared with them. Lengths count characters (code
 * points); a name must show something, and must not carry control characters or
 * bidirectional overrides that could disguise it or the text around it.
 */
export const DisplayName = v.pipe(
  v.string("Name must be a string."),
  v.trim(),
  minCharacters(name.min, "Enter your name."),
  maxCharacters(name.max, `Name must be at most ${name.max} characters.`),
  wellFormed("Name contains a character that isn't valid text."),
  noControlCharacters("Name can't contain line breaks, tabs or other control characters."),
  noBidiControls("Name can't contain characters that change the direction of text."),
  someVisibleCharacter("Name needs at least one visible character."),
  lengthMetadata(name.min, name.max),
);

/**
 * A new password (sign-up, reset). Lengths count characters, as NIST SP 800-63B asks,
 * so 128 emoji are as allowed as 128 letters. Every character is allowed, spaces too.
 */
export const Password = v.pipe(
  v.string("Password must be a string."),
  wellFormed("Password contains a character that isn't valid text."),
  minCharacters(password.min, `Password must be at least ${password.min} characters.`),
  maxCharacters(password.max, `Password must be at most ${password.max} characters.`),
  v.check(
    (text) => !isOneCharacterRepeated(text),
    "Password can't be one character repeated. Try a few words instead.",
  ),
  lengthMetadata(password.min, password.max),
);

/**
 * The token of an emailed link (verification, password reset): URL-safe characters only.
 * Whether it is known, unused and fresh is the server's question, not the schema's.
 */
export const LinkToken = v.pipe(
  v.string("Token must be a string."),
  v.nonEmpty("The link has no token."),
  v.maxLength(512, "This link is not valid."),
  v.regex(/^[\w-]+$/, "This link is not valid."),
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
