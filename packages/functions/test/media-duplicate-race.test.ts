/**
 * The duplicate rule under a race: ten uploads of the same bytes by one user, started at once
 * and arriving at once, whether they sent the checksum at the start (single PUTs, Process
 * finding them, each twice, while their clients complete them) or at multipart completion.
 * Exactly one goes live; every other ends as its duplicate, with its item, object (or parts)
 * and reserved bytes gone, and usage counts one. Through the API and the local S3 endpoint;
 * Process is a no-op so that the test runs it, all ten at once.
 */
import { Media } from "@sharespace/core/media";
import { Processing } from "@sharespace/core/media/process";
import { ObjectKey, Storage } from "@sharespace/core/storage";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import {
  created,
  putBytes,
  putParts,
  sha256,
  signUp,
  type TestUser,
  uniqueBytes,
} from "./support/media";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
});
afterAll(() => stack?.close());

const RACERS = 10;
const MiB = 1024 ** 2;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const monthTotal = async (user: TestUser) => {
  const res = await stack.request("GET", "/api/media/timeline", { token: user.token });
  return (res.json.months as { count: number }[]).reduce((sum, m) => sum + m.count, 0);
};

/** Which of `ids` the API still shows the user. */
async function survivors(user: TestUser, ids: string[]) {
  const found = await Promise.all(
    ids.map((id) => stack.request("GET", `/api/media/${id}`, { token: user.token })),
  );
  return ids.filter((_, i) => found[i]?.status === 200);
}

/**
 * `RACERS` single PUTs of one small image's bytes by `user`, started at once and all sent.
 * Nothing is live yet, so every start is accepted: none of them can know it will lose.
 */
async function racingPuts(user: TestUser, background: string, format: "jpeg" | "png") {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background } })
    [format]()
    .toBuffer();
  const checksum = sha256(bytes);
  const filename = format === "jpeg" ? "same.jpg" : "same.png";
  const body = { filename, contentType: `image/${format}`, size: bytes.length, checksum };
  const uploads = await Promise.all(range(RACERS).map(() => created(stack, user, body)));
  await Promise.all(uploads.map(({ upload }) => putBytes(upload, bytes)));
  return { bytes, checksum, body, uploads };
}

/** The id in the one 200 answer among `answers`, each other one 409 `duplicate` naming it. */
function winnerOf(answers: Awaited<ReturnType<TestStack["request"]>>[]) {
  const statuses = answers.map((res) => res.status).sort();
  expect(statuses, answers.map((res) => res.text).join("\n")).toEqual([
    200,
    ...Array(RACERS - 1).fill(409),
  ]);
  const winner = answers.find((res) => res.status === 200)?.json.media.id as string;
  for (const res of answers.filter((r) => r.status === 409)) {
    expect(res.json.error, res.text).toMatchObject({ code: "duplicate", mediaId: winner });
  }
  return winner;
}

describe("ten uploads of the same bytes at once", () => {
  it("with the checksum at the start: all are accepted, exactly one goes live as they land, the rest are removed", async () => {
    const ada = await signUp(stack, "Ada");
    const { bytes, body, uploads } = await racingPuts(ada, "#3a7", "jpeg");
    const deadline = Date.now() + 60_000;
    const outcomes = await Promise.all(
      uploads.map(({ media }) =>
        Processing.processObject(ObjectKey.original(ada.id, media.id), { deadline }),
      ),
    );

    const ready = outcomes.filter((o) => o.result === "ready");
    expect(ready).toHaveLength(1);
    const ids = uploads.map(({ media }) => media.id);
    const [winner] = await survivors(ada, ids);
    expect(await survivors(ada, ids)).toEqual([winner]);
    const duplicates = outcomes.filter((o) => o.result === "duplicate-removed");
    expect(duplicates).toEqual(Array(RACERS - 1).fill({ result: "duplicate-removed", of: winner }));
    for (const id of ids.filter((id) => id !== winner)) {
      expect(await Storage.head(ObjectKey.original(ada.id, id))).toBeUndefined();
    }
    expect((await Media.read(winner as string))?.status).toBe("ready");
    expect((await Media.usage(ada.id)).usage).toEqual({ bytes: bytes.length, count: 1 });
    expect((await Media.usage(ada.id)).reservedBytes).toBe(bytes.length);
    expect(await monthTotal(ada)).toBe(1);
    // And the same bytes once more are refused at the start.
    const again = await stack.request("POST", "/api/media", { token: ada.token, body });
    expect([again.status, again.json.error?.mediaId]).toEqual([409, winner]);
  }, 60_000);

  it("single PUTs completed by their clients while Process runs: the winner's answer is the item, every other one 409 duplicate naming it", async () => {
    const cy = await signUp(stack, "Cy");
    const { checksum, uploads } = await racingPuts(cy, "#a37", "png");

    // Each client completes its PUT while Process handles the same objects, each twice (S3
    // may deliver an event twice): thirty writers on one claim. A loser may be removed by
    // Process before its client asks, or while it asks, and still learns what became of it.
    const deadline = Date.now() + 60_000;
    const events = [...uploads, ...uploads];
    const [answers] = await Promise.all([
      Promise.all(
        uploads.map(({ media }) =>
          stack.request("POST", `/api/media/${media.id}/upload/complete`, {
            token: cy.token,
            body: { checksum },
          }),
        ),
      ),
      Promise.all(
        events.map(({ media }) =>
          Processing.processObject(ObjectKey.original(cy.id, media.id), { deadline }),
        ),
      ),
    ]);

    const winner = winnerOf(answers);
    const ids = uploads.map(({ media }) => media.id);
    expect(await survivors(cy, ids)).toEqual([winner]);
    expect(await monthTotal(cy)).toBe(1);
    // Completed again (an answer lost on the way): the same answers.
    const loser = ids.find((id) => id !== winner) as string;
    const again = await stack.request("POST", `/api/media/${loser}/upload/complete`, {
      token: cy.token,
      body: { checksum },
    });
    expect([again.status, again.json.error?.mediaId]).toEqual([409, winner]);
    // Without the checksum, a removed upload is only not found; nor does another user learn
    // anything with it.
    const bare = await stack.request("POST", `/api/media/${loser}/upload/complete`, {
      token: cy.token,
      body: {},
    });
    expect(bare.status).toBe(404);
    const eve = await signUp(stack, "Eve");
    const stranger = await stack.request("POST", `/api/media/${loser}/upload/complete`, {
      token: eve.token,
      body: { checksum },
    });
    expect(stranger.status).toBe(404);
  }, 60_000);

  it("some with the checksum at the start, some at completion: exactly one completes, the others answer 409 duplicate naming it", async () => {
    const bob = await signUp(stack, "Bob");
    const bytes = uniqueBytes(65 * MiB);
    const checksum = sha256(bytes);
    const video = { filename: "clip.mp4", contentType: "video/mp4", size: bytes.length };
    // Half announce the checksum at the start, half only when they complete.
    const uploads = await Promise.all(
      range(RACERS).map((i) => created(stack, bob, i % 2 ? { ...video, checksum } : video)),
    );
    for (const { media, upload } of uploads) {
      const { partSize, partCount } = upload.multipart;
      const numbers = range(partCount).map((i) => i + 1);
      await putParts(stack, bob, media.id, bytes, partSize, numbers);
    }

    const answers = await Promise.all(
      uploads.map(({ media }) =>
        stack.request("POST", `/api/media/${media.id}/upload/complete`, {
          token: bob.token,
          body: { checksum },
        }),
      ),
    );
    const winner = winnerOf(answers);
    const ids = uploads.map(({ media }) => media.id);
    expect(await survivors(bob, ids)).toEqual([winner]);
    for (const { media, upload } of uploads.filter(({ media }) => media.id !== winner)) {
      const key = ObjectKey.original(bob.id, media.id);
      expect(
        await Storage.multipart.listParts({ key, uploadId: upload.multipart.uploadId }),
      ).toBeUndefined();
      expect(await Storage.head(key)).toBeUndefined();
    }
    expect((await Storage.head(ObjectKey.original(bob.id, winner)))?.size).toBe(bytes.length);
    expect((await Media.usage(bob.id)).reservedBytes).toBe(bytes.length);
    expect(await monthTotal(bob)).toBe(1);
    // The winner ends ready (these bytes are no real MP4: marked as Process would mark one).
    await Media.markReady({ ownerId: bob.id, mediaId: winner }, { size: bytes.length });
    expect((await Media.usage(bob.id)).usage).toEqual({ bytes: bytes.length, count: 1 });
  }, 180_000);
});
