/**
 * Share notifications: the recipient of a share gets an email naming what was shared, and
 * every share to them within a window (`limits.share.noticeWindowSeconds`) goes in the same
 * email.
 *
 * Durable by construction: the window is one table item per recipient (the items shared
 * and when the window closes), and the first share of a window sends the recipient's id to
 * the `ShareNotify` queue with a delay of the window. The queue's worker then claims the
 * item (deletes it, reading what it held) and sends one email. A share during the send
 * finds no item and opens the next window. SQS delivers at least once: a second delivery
 * finds nothing to claim. A send that fails puts the claimed items back and fails the
 * message, which comes back after its visibility timeout.
 *
 * Pending shares (recipient not verified) notify no one at share time: their address is not
 * proven, so mailing it would let anyone mail any address. Verifying the email sends one
 * email naming everything shared while it was pending ({@link notifyPending}).
 * @module
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { sqs } from "../clients";
import { config } from "../config";
import { db, isConditionFailure } from "../db";
import { limits } from "../limits";
import { Mail } from "../mail";
import type { MediaItem } from "../media/store";
import { clock } from "../time";
import { noticeMessage, type SharedEntry } from "./notice-mail";

const { noticeWindowSeconds } = limits.share;
const DAY_SECONDS = 24 * 60 * 60;
const ATTEMPTS = 5;

/** What the `ShareNotify` queue carries. */
export interface NoticeMessage {
  userId: string;
}

/** What one delivery did. */
export type DeliveryOutcome =
  | { sent: number }
  /** The window is still open (the message came early): send it again after `inSeconds`. */
  | { notYet: true; inSeconds: number };

/** Sends the recipient's id to the queue, to arrive after `delaySeconds`. */
export async function queueNotice(userId: string, delaySeconds: number): Promise<void> {
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: config.shareNotifyQueueUrl(),
      MessageBody: JSON.stringify({ userId } satisfies NoticeMessage),
      DelaySeconds: Math.max(0, Math.min(900, Math.ceil(delaySeconds))),
    }),
  );
}

/**
 * Adds `mediaIds` to the recipient's open window, or opens one closing at `dueAt`. Answers
 * true when it opened the window (its caller then queues the message that closes it).
 */
async function addToWindow(userId: string, mediaIds: string[], dueAt: number): Promise<boolean> {
  for (let i = 0; i < ATTEMPTS; i++) {
    try {
      await db()
        .entities.shareNotice.create({
          userId,
          mediaIds,
          dueAt: new Date(dueAt).toISOString(),
          expiresAt: Math.ceil(dueAt / 1000) + DAY_SECONDS,
        })
        .go();
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    try {
      // `patch` holds only while the window exists: one claimed meanwhile is opened again.
      await db().entities.shareNotice.patch({ userId }).add({ mediaIds }).go();
      return false;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`The notice window of ${userId} kept changing`);
}

/**
 * Notes a new share of `mediaId` with a verified recipient: it joins the recipient's open
 * window, or opens one and queues the message that will close it.
 */
export async function noticeShare(userId: string, mediaId: string): Promise<void> {
  if (await addToWindow(userId, [mediaId], clock.now() + noticeWindowSeconds * 1000)) {
    await queueNotice(userId, noticeWindowSeconds);
  }
}

/**
 * Closes the recipient's window (the queue's worker calls it with each message): claims
 * what it holds and sends one email naming the items that are still shared with them.
 */
export async function deliver(userId: string): Promise<DeliveryOutcome> {
  const { data: window } = await db().entities.shareNotice.get({ userId }).go({ consistent: true });
  if (!window) return { sent: 0 }; // sent already (a duplicate delivery), or never opened
  const early = (Date.parse(window.dueAt) - clock.now()) / 1000;
  // SQS's delay is exact to a second or so; only a message far too early waits again.
  if (early > 2) return { notYet: true, inSeconds: early };
  let claimed: string[];
  try {
    const { data } = await db()
      .entities.shareNotice.delete({ userId })
      .where(({ dueAt }, { eq }) => eq(dueAt, window.dueAt))
      .go({ response: "all_old" });
    claimed = data?.mediaIds ?? [];
  } catch (error) {
    if (isConditionFailure(error)) return { sent: 0 }; // claimed by a parallel delivery
    throw error;
  }
  try {
    return { sent: await sendNotice(userId, claimed) };
  } catch (error) {
    // Back in the window, due now: the message's next delivery sends them.
    if (claimed.length) await addToWindow(userId, claimed, clock.now());
    throw error;
  }
}

/**
 * One email for what was shared with a recipient while their email was unverified: called
 * once the email is verified. Answers how many items it named.
 */
export async function notifyPending(userId: string): Promise<number> {
  const { data } = await db()
    .entities.share.query.byRecipient({ userId })
    .go({ order: "desc", limit: 100, attributes: ["mediaId"] });
  return sendNotice(
    userId,
    data.map((share) => share.mediaId),
  );
}

/**
 * Sends the recipient one email naming the items of `mediaIds` still shared with them
 * (revoked shares and deleted items are left out); nothing when none is left, or when the
 * account is gone or unverified. Answers how many items it named.
 */
async function sendNotice(userId: string, mediaIds: readonly string[]): Promise<number> {
  const { data: recipient } = await db()
    .entities.user.get({ userId })
    .go({ consistent: true, attributes: ["email", "name", "emailVerifiedAt"] });
  if (!recipient?.emailVerifiedAt || !mediaIds.length) return 0;
  const ids = [...new Set(mediaIds)];
  const [{ data: shares }, { data: items }] = await Promise.all([
    db()
      .entities.share.get(ids.map((mediaId) => ({ mediaId, userId })))
      .go({ consistent: true }),
    db()
      .entities.media.get(ids.map((mediaId) => ({ mediaId })))
      .go({ consistent: true }),
  ]);
  const shared = new Map(shares.map((share) => [share.mediaId, share]));
  const live = (items as MediaItem[]).filter((item) => shared.get(item.mediaId));
  if (!live.length) return 0;
  const owners = [...new Set(live.map((item) => item.ownerId))];
  const { data: people } = await db()
    .entities.user.get(owners.map((id) => ({ userId: id })))
    .go({ attributes: ["userId", "name"] });
  const names = new Map(people.map((person) => [person.userId, person.name]));
  const entries: SharedEntry[] = live
    .map((item) => ({
      name: item.title || item.filename,
      sharedBy: names.get(item.ownerId) ?? "Someone",
      sharedAt: shared.get(item.mediaId)?.sharedAt ?? "",
    }))
    .sort((a, b) => b.sharedAt.localeCompare(a.sharedAt));
  const page = new URL("/shared", config.appOrigin()).href;
  await Mail.send(noticeMessage({ email: recipient.email, name: recipient.name }, entries, page));
  return entries.length;
}
