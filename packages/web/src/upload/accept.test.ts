// @vitest-environment node
import { acceptedMediaTypes } from "@sharespace/core/schema";
import { describe, expect, it } from "vitest";
import { acceptAttribute, judge, refusedTypeMessage } from "./accept";

describe("what the uploader takes", () => {
  it.each([
    ["IMG_0001.JPG", "image/jpeg", "image/jpeg"],
    ["photo.png", "image/png", "image/png"],
    ["IMG_0002.HEIC", "", "image/heic"],
    ["IMG_0003.heic", "image/heic", "image/heic"],
    ["burst.heif", "application/octet-stream", "image/heif"],
    ["clip.mov", "", "video/quicktime"],
    ["clip.mov", "video/quicktime", "video/quicktime"],
    ["screen.webm", "video/webm", "video/webm"],
    ["old.jpg", "image/pjpeg", "image/jpeg"],
    ["x.heic", "image/x-heic", "image/heic"],
  ])("takes %s (%o) as %s", (name, type, contentType) => {
    expect(judge({ name, type, size: 10 })).toEqual({ ok: true, contentType });
  });

  it.each([
    ["drawing.svg", "image/svg+xml"],
    ["page.html", "text/html"],
    // Renamed, but the browser knows what it is.
    ["drawing.jpg", "image/svg+xml"],
    ["notes.txt", "text/plain"],
    ["archive.zip", ""],
    ["no-extension", ""],
    ["image.tiff", "image/tiff"],
  ])("refuses %s (%o) before any request", (name, type) => {
    expect(judge({ name, type, size: 10 })).toEqual({ ok: false, reason: refusedTypeMessage });
  });

  it("refuses an empty file", () => {
    expect(judge({ name: "empty.jpg", type: "image/jpeg", size: 0 })).toEqual({
      ok: false,
      reason: "This file is empty.",
    });
  });

  it("leaves size to the API, which knows the deployment's limits", () => {
    expect(judge({ name: "huge.mp4", type: "video/mp4", size: 80 * 1024 ** 4 }).ok).toBe(true);
  });

  it("offers the pickers exactly core's allow-list and its extensions", () => {
    const accepted = acceptAttribute.split(",");
    for (const type of acceptedMediaTypes) expect(accepted).toContain(type);
    const types = accepted.filter((entry) => !entry.startsWith("."));
    expect(types.sort()).toEqual([...acceptedMediaTypes].sort());
    expect(accepted).toContain(".heic");
    expect(accepted).not.toContain("image/svg+xml");
  });
});
