/**
 * Deleting an account (`DELETE /api/me`). What must hold at once is done at once, in one
 * transaction: the account and its email's claim are gone (nobody signs in with it, and the
 * email can sign up again), and a purge record is written. Then every session is revoked
 * and the purge is queued: the account's media, objects, shares, links and slugs are
 * removed by the Purge worker (`purge.ts`), in batches, however large the library.
 * @module
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { sqs } from "../clients";
import { config } from "../config";
import { db } from "../db";
import { Session } from "../session";
import { isoNow } from "../time";

/** What the Purge worker receives. */
export interface PurgeMessage {
  userId: string;
}

/** Queues the purge of a deleted account (again, when a batch leaves work for the next). */
export async function queuePurge(userId: string): Promise<void> {
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: config.accountPurgeQueueUrl(),
      MessageBody: JSON.stringify({ userId } satisfies PurgeMessage),
    }),
  );
}

/**
 * Deletes the account `userId`: sign-in and the email's claim end in one transaction with
 * the purge record, sessions are revoked, and the purge is queued. Idempotent: calling it
 * again for an account already deleted queues its purge again if it is not finished.
 */
export async function deleteAccount(userId: string): Promise<void> {
  const { data: user } = await db().entities.user.get({ userId }).go({ consistent: true });
  if (user) {
    const result = await db()
      .transaction.write(({ user: users, email, accountPurge }) => [
        users
          .delete({ userId })
          .where(({ email: address }, { eq }) => eq(address, user.email))
          .commit(),
        email
          .delete({ email: user.email })
          .where(({ userId: owner }, { eq }) => eq(owner, userId))
          .commit(),
        accountPurge.put({ userId, requestedAt: isoNow() }).commit(),
      ])
      .go();
    // A concurrent delete won the race: it wrote the purge record.
    if (result.canceled) return deleteAccount(userId);
  }
  const { data: pending } = await purges().get({ userId }).go({ consistent: true });
  await Session.revokeAll(userId);
  if (pending) await queuePurge(userId);
}

/** The purge records, on the app's table. */
export const purges = () => db().entities.accountPurge;
