// @vitest-environment node
import { describe, expect, it } from "vitest";
import {
  announcement,
  canCancel,
  canDismiss,
  canRetry,
  type FileRecord,
  headline,
  statusText,
  summarize,
  summaryLine,
  toItem,
  type UploadItem,
} from "./state";

const MB = 1024 * 1024;

/** A file as Uppy holds it, with the uploader's meta. */
function file(
  patch: Partial<Omit<FileRecord, "progress" | "meta">> & {
    progress?: Partial<FileRecord["progress"]>;
    meta?: Partial<FileRecord["meta"]>;
  } = {},
) {
  const { progress, meta, ...rest } = patch;
  return {
    id: "f1",
    size: 80 * MB,
    type: "video/mp4",
    meta: { name: "clip.mp4", type: "video/mp4", ...meta },
    progress: {
      uploadStarted: null,
      uploadComplete: false,
      bytesUploaded: false as const,
      bytesTotal: 80 * MB,
      ...progress,
    },
    ...rest,
  } as FileRecord;
}

const prepared = {
  mediaId: "med_1",
  ticket: { kind: "multipart" as const, uploadId: "u", partSize: 16 * MB, partCount: 5 },
};

describe("a file's state, as the panel shows it", () => {
  it("is waiting before anything happens, and while others are prepared ahead", () => {
    expect(toItem(file())).toMatchObject({ phase: "waiting", fraction: 0, kind: "video" });
    const queued = toItem(
      file({ progress: { preprocess: { mode: "indeterminate", message: "waiting" } } }),
    );
    expect(queued.phase).toBe("waiting");
    expect(statusText(queued)).toBe("Waiting");
  });

  it("is checking, with how much is hashed, while hashed and announced", () => {
    const item = toItem(
      file({
        progress: { preprocess: { mode: "determinate", message: "checking", value: 0.456 } },
      }),
    );
    expect(item).toMatchObject({ phase: "checking", fraction: 0.456 });
    expect(statusText(item)).toBe("Checking… 45%");
    expect(statusText({ ...item, fraction: 0 })).toBe("Checking…");
  });

  it("is uploading once prepared and started, with bytes, speed and time left", () => {
    const item = toItem(
      file({
        meta: { name: "clip.mp4", type: "video/mp4", ...prepared },
        progress: { uploadStarted: 1, bytesUploaded: 20 * MB },
      }),
      { bytesPerSecond: 4 * MB },
    );
    expect(item).toMatchObject({
      phase: "uploading",
      fraction: 0.25,
      bytesSent: 20 * MB,
      secondsLeft: 15,
    });
    expect(statusText(item)).toBe("20 MB of 80 MB · 4 MB/s · 15 s left");
    expect(canCancel(item)).toBe(true);
    expect(canRetry(item)).toBe(false);
    expect(canDismiss(item)).toBe(false);
  });

  it("is finishing once every byte is sent (completing, the poster frame)", () => {
    const sent = toItem(
      file({
        meta: { name: "clip.mp4", type: "video/mp4", ...prepared },
        progress: { uploadStarted: 1, bytesUploaded: 80 * MB },
      }),
    );
    expect(sent.phase).toBe("finishing");
    const poster = toItem(
      file({
        progress: {
          uploadStarted: 1,
          uploadComplete: true,
          postprocess: { mode: "indeterminate" },
        },
      }),
    );
    expect(poster).toMatchObject({ phase: "finishing", fraction: 1 });
    expect(statusText(poster)).toBe("Finishing…");
    expect(canCancel(poster)).toBe(false);
  });

  it("is done when complete", () => {
    const item = toItem(
      file({ progress: { uploadStarted: 1, uploadComplete: true, complete: true } }),
    );
    expect(item).toMatchObject({ phase: "done", fraction: 1, bytesSent: 80 * MB });
    expect(statusText(item)).toBe("Uploaded");
    expect(canDismiss(item)).toBe(true);
  });

  it("is a duplicate, not a failure, when the library has the bytes, with the item to link", () => {
    const item = toItem(
      file({
        meta: { name: "clip.mp4", type: "video/mp4", outcome: "duplicate", existingId: "med_9" },
        progress: { uploadStarted: 1, uploadComplete: true, complete: true },
      }),
    );
    expect(item).toMatchObject({ phase: "duplicate", existingId: "med_9" });
    expect(statusText(item)).toBe("Already in your library");
    expect(canRetry(item)).toBe(false);
  });

  it("is failed with the reason in words, and can be retried", () => {
    const item = toItem(
      file({
        error: "Non 2xx",
        meta: {
          name: "clip.mp4",
          type: "video/mp4",
          failure: "The connection dropped. Retry to carry on where it stopped.",
        },
        progress: { uploadStarted: 1, bytesUploaded: 40 * MB },
      }),
    );
    expect(item).toMatchObject({ phase: "failed", fraction: 0.5 });
    expect(statusText(item)).toBe("The connection dropped. Retry to carry on where it stopped.");
    expect(canRetry(item)).toBe(true);
    expect(canDismiss(item)).toBe(true);
    // Without the uploader's words, Uppy's own.
    expect(statusText(toItem(file({ error: "Something broke" })))).toBe("Something broke");
  });

  it("needs its file again when restored without its bytes, even after a failure", () => {
    const ghost = file({
      isGhost: true,
      isRestored: true,
      error: "Non 2xx",
      meta: { name: "clip.mp4", type: "video/mp4", ...prepared },
      progress: { uploadStarted: 1, bytesUploaded: 48 * MB },
    });
    const item = toItem(ghost);
    expect(item).toMatchObject({ phase: "needs-file", fraction: 0.6, restored: true });
    expect(statusText(item)).toBe("Choose this file again to resume");
    expect(canCancel(item)).toBe(true);
  });

  it("tells photos from videos", () => {
    expect(toItem(file({ type: "image/heic" })).kind).toBe("photo");
  });
});

const item = (
  id: string,
  phase: UploadItem["phase"],
  size = 10 * MB,
  bytesSent = 0,
): UploadItem => ({
  id,
  name: `${id}.jpg`,
  size,
  kind: "photo",
  phase,
  fraction: size ? bytesSent / size : 0,
  bytesSent,
});

describe("the list at a glance", () => {
  it("sums the bytes of uploads that count, with the overall speed and time left", () => {
    const items = [
      item("a", "done", 10 * MB, 10 * MB),
      item("b", "uploading", 30 * MB, 10 * MB),
      item("c", "checking", 20 * MB),
      item("d", "failed", 50 * MB, 5 * MB),
      item("e", "duplicate", 70 * MB),
    ];
    const summary = summarize(items, { bytesPerSecond: 2 * MB });
    expect(summary).toMatchObject({
      total: 5,
      active: 2,
      done: 1,
      failed: 1,
      duplicates: 1,
      bytesTotal: 60 * MB,
      bytesSent: 20 * MB,
      secondsLeft: 20,
    });
    expect(summary.fraction).toBeCloseTo(1 / 3);
    expect(headline(summary)).toBe("Uploading 2 files");
    expect(summaryLine(summary)).toBe("20 MB of 60 MB · 2 MB/s · 20 s left");
  });

  it("says how it went once nothing is in flight", () => {
    const summary = summarize([
      item("a", "done"),
      item("b", "done"),
      item("c", "duplicate"),
      item("d", "failed"),
      item("e", "refused"),
    ]);
    expect(summary.bytesPerSecond).toBeUndefined();
    expect(headline(summary)).toBe("Uploads finished");
    expect(summaryLine(summary)).toBe(
      "2 files uploaded · 1 already in your library · 1 failed · 1 not taken",
    );
  });

  it("says nothing was uploaded when all failed, and paused when files must be chosen again", () => {
    expect(headline(summarize([item("a", "failed"), item("b", "refused")]))).toBe(
      "Nothing uploaded",
    );
    const paused = summarize([item("a", "needs-file"), item("b", "done")]);
    expect(headline(paused)).toBe("Uploads paused");
    expect(summaryLine(paused)).toBe("1 file uploaded · 1 file to choose again");
  });

  it("counts one file as one", () => {
    expect(headline(summarize([item("a", "uploading")]))).toBe("Uploading 1 file");
  });
});

describe("what is announced", () => {
  it("announces each ending once, in one sentence per kind", () => {
    const before = [item("a", "uploading"), item("b", "uploading"), item("c", "checking")];
    const after = [item("a", "done"), item("b", "uploading"), item("c", "duplicate")];
    expect(announcement(before, after)).toBe("a.jpg uploaded. c.jpg is already in your library.");
    expect(announcement(after, after)).toBeUndefined();
  });

  it("groups many endings, and says when all are finished", () => {
    const before = ["a", "b", "c"].map((id) => item(id, "uploading"));
    const after = [
      item("a", "done"),
      item("b", "done"),
      { ...item("c", "failed"), message: "Quota." },
    ];
    expect(announcement(before, after)).toBe(
      "2 files uploaded. c.jpg failed to upload: Quota. All uploads finished.",
    );
  });

  it("announces refusals, which arrive already refused", () => {
    const refused = { ...item("x", "refused"), name: "x.svg", message: "Not a photo." };
    expect(announcement([], [refused])).toBe("x.svg was not uploaded: Not a photo.");
  });

  it("does not announce again what a reload brought back finished", () => {
    const restored = { ...item("a", "done"), restored: true };
    expect(announcement([], [restored])).toBeUndefined();
    // But a restored upload that finishes now is news.
    expect(announcement([{ ...item("a", "uploading"), restored: true }], [restored])).toBe(
      "a.jpg uploaded. All uploads finished.",
    );
  });
});
