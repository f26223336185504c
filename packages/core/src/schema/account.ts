import * as v from "valibot";
import { DisplayName, Email, Password, Timestamp } from "./common";

/** `user` in the API contract. */
export const User = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  createdAt: Timestamp,
});
export type User = v.InferOutput<typeof User>;

/** Unknown fields answer 400, so every request body is a strict object. */
export const SignupBody = v.strictObject({ email: Email, password: Password, name: DisplayName });
export type SignupBody = v.InferInput<typeof SignupBody>;

export const LoginBody = v.strictObject({
  email: Email,
  // Any non-empty string up to the maximum: a short old password must still get a
  // plain invalid_credentials, not a hint about the rules.
  password: v.pipe(
    v.string("Password must be a string."),
    v.minLength(1, "Enter your password."),
    v.maxLength(128),
  ),
});
export type LoginBody = v.InferInput<typeof LoginBody>;

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
