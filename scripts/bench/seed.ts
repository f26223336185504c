/**
 * Libraries for benchmarks: ready items written straight into the table with ElectroDB
 * batch writes (what Process would leave behind), their month counts and usage, and shares
 * of them. Import it after the stack has started: core reads the table's name on first use.
 * @module
 */
import { db } from "../../packages/core/src/db";
import { createId } from "../../packages/core/src/id";

/**
 * `count` ready items of `ownerId`, taken over `years` up to now, with their month counts.
 * Answers the ids (newest first), the number of months and the `takenAt` of the middle item.
 */
export async function seedLibrary(ownerId: string, count: number, years: number) {
  const now = Date.now();
  const span = years * 365 * 24 * 60 * 60 * 1000;
  const months = new Map<string, number>();
  const items = Array.from({ length: count }, (_, i) => {
    const takenAt = new Date(now - Math.floor((i / count) * span)).toISOString();
    const month = takenAt.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
    return {
      mediaId: createId("med"),
      ownerId,
      filename: `IMG_${String(i).padStart(6, "0")}.jpg`,
      contentType: "image/jpeg",
      size: 3_000_000,
      width: 4000,
      height: 3000,
      takenAt,
      takenAtSource: "exif" as const,
      status: "ready" as const,
      visibility: "v" as const,
      placeholder: "1QcSHQRnh493V4dIh4eXh1h4kJUI",
      derivatives: ["thumbnail" as const, "preview" as const],
      upload: { kind: "put" as const },
      createdAt: takenAt,
      updatedAt: takenAt,
    };
  });
  for (let i = 0; i < items.length; i += 2500) {
    const { unprocessed } = await db()
      .entities.media.put(items.slice(i, i + 2500))
      .go({ concurrency: 8 });
    if (unprocessed.length) throw new Error(`${unprocessed.length} items were not written`);
  }
  await db()
    .entities.monthCount.put([...months].map(([month, n]) => ({ ownerId, month, count: n })))
    .go({ concurrency: 4 });
  await db()
    .entities.usage.put({
      userId: ownerId,
      bytes: count * 3_000_000,
      count,
      reservedBytes: count * 3_000_000,
    })
    .go();
  return {
    ids: items.map((item) => item.mediaId),
    months: months.size,
    middle: items[Math.floor(count / 2)]?.takenAt ?? "",
  };
}

/**
 * `mediaIds` of `ownerId` shared with `recipientId` (one a minute, the first id newest), as
 * sharing writes them; the recipient's email is marked verified (shares to an unverified
 * address stay pending and are not listed).
 */
export async function seedShares(ownerId: string, recipientId: string, mediaIds: string[]) {
  const now = Date.now();
  const shares = mediaIds.map((mediaId, i) => ({
    mediaId,
    userId: recipientId,
    ownerId,
    sharedAt: new Date(now - i * 60_000).toISOString(),
  }));
  for (let i = 0; i < shares.length; i += 2500) {
    const { unprocessed } = await db()
      .entities.share.put(shares.slice(i, i + 2500))
      .go({ concurrency: 8 });
    if (unprocessed.length) throw new Error(`${unprocessed.length} shares were not written`);
  }
  await markVerified(recipientId);
}

/** Marks an account's email verified, as following its verification link would. */
export async function markVerified(userId: string) {
  await db()
    .entities.user.patch({ userId })
    .set({ emailVerifiedAt: new Date().toISOString() })
    .go();
}
