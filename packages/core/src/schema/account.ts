import * as v from "valibot";
import { limits } from "../limits";
import { DisplayName, Email, LinkToken, Password, Timestamp } from "./common";
import { lengthMetadata, maxCharacters } from "./text";

/** `user` in the API contract. */
export const User = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  /** Whether the owner of the account proved they receive mail at `email`. */
  emailVerified: v.boolean(),
  createdAt: Timestamp,
});
export type User = v.InferOutput<typeof User>;

/** Unknown fields answer 400, so every request body is a strict object. */
export const SignupBody = v.pipe(
  v.strictObject({ email: Email, password: Password, name: DisplayName }),
  // Not the email itself, in any case: the first thing an attacker tries.
  v.forward(
    v.partialCheck(
      [["email"], ["password"]],
      ({ email, password }) => password.trim().toLowerCase() !== email,
      "Password can't be your email address.",
    ),
    ["password"],
  ),
);
export type SignupBody = v.InferInput<typeof SignupBody>;

export const LoginBody = v.strictObject({
  email: Email,
  // Any non-empty string up to the maximum: a short old password must still get a
  // plain invalid_credentials, not a hint about the rules.
  password: v.pipe(
    v.string("Password must be a string."),
    v.minLength(1, "Enter your password."),
    maxCharacters(
      limits.password.max,
      `Password must be at most ${limits.password.max} characters.`,
    ),
    lengthMetadata(1, limits.password.max),
  ),
});
export type LoginBody = v.InferInput<typeof LoginBody>;

/** `POST /api/auth/verify`: the token from the verification email's link. */
export const VerifyEmailBody = v.strictObject({ token: LinkToken });
export type VerifyEmailBody = v.InferInput<typeof VerifyEmailBody>;

/** `POST /api/auth/password/forgot`. */
export const ForgotPasswordBody = v.strictObject({ email: Email });
export type ForgotPasswordBody = v.InferInput<typeof ForgotPasswordBody>;

/**
 * `POST /api/auth/password/reset`. The new password follows the sign-up rules; that it is
 * not the account's email is checked by the server, which alone knows the email.
 */
export const ResetPasswordBody = v.strictObject({ token: LinkToken, password: Password });
export type ResetPasswordBody = v.InferInput<typeof ResetPasswordBody>;

export const AuthSession = v.object({
  user: User,
  accessToken: v.string(),
  expiresIn: v.number(),
});
export type AuthSession = v.InferOutput<typeof AuthSession>;

export const RefreshedToken = v.object({ accessToken: v.string(), expiresIn: v.number() });
export type RefreshedToken = v.InferOutput<typeof RefreshedToken>;

export const Me = v.object({
  ...User.entries,
  usage: v.object({ bytes: v.number(), count: v.number() }),
  quota: v.object({ bytes: v.number() }),
});
export type Me = v.InferOutput<typeof Me>;

export const UpdateMeBody = v.strictObject({ name: DisplayName });
export type UpdateMeBody = v.InferInput<typeof UpdateMeBody>;
