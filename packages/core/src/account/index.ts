import type * as v from "valibot";
import { Actor } from "../actor";
import { db, isConditionFailure } from "../db";
import { AppError, invalid, notFound } from "../error";
import { createId } from "../id";
import { limits } from "../limits";
import { usageOf } from "../media/usage";
import { Metrics, metricNames } from "../metrics";
import type { LoginBody, Me, SignupBody, UpdateMeBody, User } from "../schema/account";
import { Throttle } from "../throttle";
import { isoNow } from "../time";
import { dummyHash, isCommonPassword, kdf, needsRehash } from "./password";
import * as recovery from "./recovery";

type UserItem = {
  userId: string;
  email: string;
  name: string;
  createdAt: string;
  emailVerifiedAt?: string;
};

/** A user as the API shows it. `emailVerified` is the truth other areas (sharing) rely on. */
const toUser = (item: UserItem): User => ({
  id: item.userId,
  email: item.email,
  name: item.name,
  emailVerified: Boolean(item.emailVerifiedAt),
  createdAt: item.createdAt,
});

const { login } = limits;
/**
 * The sign-in ceilings for one email from one client address: its own budget, the address's
 * across every email, and the email's across every address (`limits.login`).
 */
const loginRules = (email: string, address: string | undefined) => {
  const from = Throttle.addressKey(address);
  const rule = (scope: string, key: string, max: number) => ({
    scope,
    key,
    max,
    windowSeconds: login.windowSeconds,
  });
  return [
    rule("login:email+address", `${email}|${from}`, login.perEmailAndAddress),
    rule("login:address", from, login.perAddress),
    rule("login:email", email, login.perEmail),
  ];
};

/** Accounts: sign-up, credentials, profile. */
export namespace Account {
  export type Info = User;
  /** Sign-up fields, as their schema outputs them (email trimmed and lower-cased). */
  export type CreateInput = v.InferOutput<typeof SignupBody>;
  export type Credentials = v.InferOutput<typeof LoginBody>;
  export type UpdateInput = v.InferOutput<typeof UpdateMeBody>;

  /** Creates an account. Emails are unique, enforced by a conditional transaction. */
  export async function create(body: CreateInput): Promise<Info> {
    if (isCommonPassword(body.password)) {
      throw invalid("Choose a less common password.", [
        { path: "password", message: "This password is too common; choose another." },
      ]);
    }
    const now = isoNow();
    const user = {
      userId: createId("usr"),
      email: body.email,
      name: body.name,
      passwordHash: await kdf.hash(body.password),
      createdAt: now,
      updatedAt: now,
    };
    const result = await db()
      .transaction.write(({ user: users, email }) => [
        users.create(user).commit(),
        email.create({ email: user.email, userId: user.userId }).commit(),
      ])
      .go();
    if (result.canceled) {
      throw new AppError("conflict", "email_taken", "An account with this email already exists.", {
        details: [{ path: "email", message: "An account with this email already exists." }],
      });
    }
    return toUser(user);
  }

  /**
   * Checks an email and password. Unknown email and wrong password take the same time
   * and give the same error. Each attempt is reserved before the password is checked (per
   * email and client address, per address, per email: `limits.login`), so parallel guesses
   * get no more checks than the ceiling; beyond it, `rate_limited`. A success gives its
   * reservations back: only failures count. Each answer is counted as a sign-in or a
   * failed one (`metricNames`).
   */
  export async function authenticate(body: Credentials): Promise<Info> {
    try {
      const user = await checkCredentials(body);
      Metrics.count(metricNames.signIn);
      return user;
    } catch (error) {
      // Refused (wrong password, unknown email, throttled); an outage is no failed sign-in.
      if (error instanceof AppError) Metrics.count(metricNames.signInFailed);
      throw error;
    }
  }

  async function checkCredentials(body: Credentials): Promise<Info> {
    const reservation = await Throttle.reserve(
      loginRules(body.email, Actor.address()),
      "Too many failed sign-ins. Try again later.",
    );
    const owner = await db().entities.email.get({ email: body.email }).go();
    const item = owner.data
      ? (await db().entities.user.get({ userId: owner.data.userId }).go()).data
      : null;
    const ok = await kdf.verify(body.password, item?.passwordHash ?? dummyHash);
    if (!item || !ok) {
      throw new AppError("unauthorized", "invalid_credentials", "Email or password is incorrect.");
    }
    await reservation.release();
    if (needsRehash(item.passwordHash)) {
      await db()
        .entities.user.patch({ userId: item.userId })
        .set({ passwordHash: await kdf.hash(body.password) })
        .go();
    }
    return toUser(item);
  }

  export async function get(userId: string): Promise<Info> {
    const { data } = await db().entities.user.get({ userId }).go();
    if (!data) throw notFound("This account no longer exists.", "user_not_found");
    return toUser(data);
  }

  export async function update(userId: string, body: UpdateInput): Promise<Info> {
    try {
      const { data } = await db()
        .entities.user.patch({ userId })
        .set({ name: body.name, updatedAt: isoNow() })
        .go({ response: "all_new" });
      return toUser(data);
    } catch (error) {
      if (isConditionFailure(error))
        throw notFound("This account no longer exists.", "user_not_found");
      throw error;
    }
  }

  /** Sends a new verification link to the user's email (sign-up does, once the account exists). */
  export const sendVerificationEmail = recovery.sendVerificationEmail;
  export const resendVerification = recovery.resendVerification;
  export const verifyEmail = recovery.verifyEmail;
  export const forgotPassword = recovery.forgotPassword;
  export const resetPassword = recovery.resetPassword;

  /** What the user stores (ready items: bytes and count) and may store. */
  export async function usage(userId: string): Promise<Pick<Me, "usage" | "quota">> {
    const { usage, quota } = await usageOf(userId);
    return { usage, quota };
  }
}
