import type * as v from "valibot";
import { db, isConditionFailure } from "../db";
import { AppError, invalid, notFound } from "../error";
import { createId } from "../id";
import { usageOf } from "../media/usage";
import type { LoginBody, Me, SignupBody, UpdateMeBody, User } from "../schema/account";
import { Throttle } from "../throttle";
import { isoNow } from "../time";
import { dummyHash, hashPassword, isCommonPassword, needsRehash, verifyPassword } from "./password";

type UserItem = { userId: string; email: string; name: string; createdAt: string };

const toUser = (item: UserItem): User => ({
  id: item.userId,
  email: item.email,
  name: item.name,
  // Verification arrives with its backend; until then no account has proved its email.
  emailVerified: false,
  createdAt: item.createdAt,
});

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
      passwordHash: await hashPassword(body.password),
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
   * and give the same error; too many failures for one email answer `rate_limited`.
   */
  export async function authenticate(body: Credentials): Promise<Info> {
    await Throttle.check(body.email);
    const owner = await db().entities.email.get({ email: body.email }).go();
    const item = owner.data
      ? (await db().entities.user.get({ userId: owner.data.userId }).go()).data
      : null;
    const ok = await verifyPassword(body.password, item?.passwordHash ?? dummyHash);
    if (!item || !ok) {
      await Throttle.recordFailure(body.email);
      throw new AppError("unauthorized", "invalid_credentials", "Email or password is incorrect.");
    }
    if (needsRehash(item.passwordHash)) {
      await db()
        .entities.user.patch({ userId: item.userId })
        .set({ passwordHash: await hashPassword(body.password) })
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

  /** What the user stores (ready items: bytes and count) and may store. */
  export async function usage(userId: string): Promise<Pick<Me, "usage" | "quota">> {
    const { usage, quota } = await usageOf(userId);
    return { usage, quota };
  }
}
