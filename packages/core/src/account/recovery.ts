import type * as v from "valibot";
import { Actor } from "../actor";
import { db } from "../db";
import { invalid, notFound } from "../error";
import { limits } from "../limits";
import type { ForgotPasswordBody, ResetPasswordBody } from "../schema/account";
import { Session } from "../session";
import { Throttle, type ThrottleRule } from "../throttle";
import { isoNow } from "../time";
import {
  consumeLink,
  createLink,
  invalidToken,
  peekLink,
  sendReset,
  sendVerification,
} from "./email-link";
import { isCommonPassword, kdf } from "./password";

const { mail } = limits;
const rule = (scope: string, key: string, max: number): ThrottleRule => ({
  scope,
  key,
  max,
  windowSeconds: mail.windowSeconds,
});

async function userById(userId: string) {
  const { data } = await db().entities.user.get({ userId }).go();
  if (!data) throw notFound("This account no longer exists.", "user_not_found");
  return data;
}

/** Sends a new verification link to a user's email. */
export async function sendVerificationEmail(userId: string): Promise<void> {
  const user = await userById(userId);
  const link = await createLink("verify", user);
  await sendVerification(user, link);
}

/**
 * `POST /api/auth/verify/resend`, for the signed-in user: a new link, unless the email is
 * verified already (then nothing is sent). A few per window: `rate_limited` beyond.
 */
export async function resendVerification(): Promise<void> {
  const userId = Actor.userId();
  await Throttle.reserve(
    [rule("mail:verify", userId, mail.verificationPerUser)],
    "A verification email was sent a moment ago. Try again later.",
  );
  const user = await userById(userId);
  if (user.emailVerifiedAt) return;
  await sendVerification(user, await createLink("verify", user));
}

/**
 * What verifying an email changed: `newlyVerified` names the account whose email has just
 * been proven. Shares to it stop being pending at that moment (sharing reads the account's
 * `emailVerifiedAt`), and its caller sends the one email naming them (`Share.notifyPending`).
 */
export interface Verified {
  newlyVerified?: string;
}

/**
 * `POST /api/auth/verify`: the link's token proves the address it was sent to. Single use;
 * `invalid_token` when unknown, used, expired, or for an address the account no longer has.
 */
export async function verifyEmail(token: string): Promise<Verified> {
  const link = await consumeLink("verify", token);
  const { data: user } = await db().entities.user.get({ userId: link.userId }).go();
  if (!user || user.email !== link.email) throw invalidToken();
  if (user.emailVerifiedAt) return {};
  await db()
    .entities.user.patch({ userId: user.userId })
    .set({ emailVerifiedAt: isoNow(), updatedAt: isoNow() })
    .go();
  return { newlyVerified: user.userId };
}

/**
 * `POST /api/auth/password/forgot`: a reset link to the owner of the email, if there is one.
 * The caller learns nothing either way: the throttle (per email and client address, per
 * email, per address) applies to every email, known or not, before anything is looked up.
 */
export async function forgotPassword(body: v.InferOutput<typeof ForgotPasswordBody>) {
  const address = Throttle.addressKey(Actor.address());
  await Throttle.reserve(
    [
      rule("reset:email+address", `${body.email}|${address}`, mail.resetPerEmailAndAddress),
      rule("reset:address", address, mail.resetPerAddress),
      rule("reset:email", body.email, mail.resetPerEmail),
    ],
    "Too many reset requests. Try again later.",
  );
  const { data: owner } = await db().entities.email.get({ email: body.email }).go();
  if (!owner) return;
  const { data: user } = await db().entities.user.get({ userId: owner.userId }).go();
  if (!user) return;
  await sendReset(user, await createLink("reset", user));
}

/**
 * `POST /api/auth/password/reset`: sets a new password with a reset link's token (single
 * use, 30 minutes, and not issued before the last reset), then ends every session of the
 * account. The link reached the owner's mailbox, so it verifies the email too.
 */
export async function resetPassword(
  body: v.InferOutput<typeof ResetPasswordBody>,
): Promise<Verified> {
  // The password's rules first, so a refused password leaves the link usable.
  const pending = await peekLink("reset", body.token);
  if (!pending) throw invalidToken();
  const user = await userById(pending.userId).catch(() => {
    throw invalidToken();
  });
  if (body.password.trim().toLowerCase() === user.email) {
    throw invalid("Choose a password that is not your email address.", [
      { path: "password", message: "Password can't be your email address." },
    ]);
  }
  if (isCommonPassword(body.password)) {
    throw invalid("Choose a less common password.", [
      { path: "password", message: "This password is too common; choose another." },
    ]);
  }
  const link = await consumeLink("reset", body.token);
  if (user.passwordChangedAt && link.createdAt < user.passwordChangedAt) throw invalidToken();
  const now = isoNow();
  await db()
    .entities.user.patch({ userId: user.userId })
    .set({
      passwordHash: await kdf.hash(body.password),
      passwordChangedAt: now,
      updatedAt: now,
      ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: now }),
    })
    .go();
  await Session.revokeAll(user.userId);
  return user.emailVerifiedAt ? {} : { newlyVerified: user.userId };
}
