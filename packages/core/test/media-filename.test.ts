import { describe, expect, it } from "vitest";
import { limits } from "../src/limits";
import { sanitizeFilename } from "../src/media/filename";

describe("sanitizeFilename", () => {
  it.each([
    ["a path, Unix", "../../etc/passwd", "passwd"],
    ["a path, Windows", "C:\\Users\\ada\\Pictures\\IMG_0001.JPG", "IMG_0001.JPG"],
    ["control characters", "bad\u0000na\u001fme\u007f.jpg", "badname.jpg"],
    ["a right-to-left override (gpj.exe spoof)", "photo\u202Egpj.exe", "photogpj.exe"],
    ["zero-width characters", "a\u200Bb\uFEFF.png", "ab.png"],
    ["surrounding spaces", "  beach.jpg  ", "beach.jpg"],
    ["Unicode, kept", "Été à Zürich 🌊.heic", "Été à Zürich 🌊.heic"],
    ["decomposed accents, composed (NFC)", "Cafe\u0301.jpg", "Café.jpg"],
    ["nothing left", "///", "untitled"],
    ["only control characters", "\u0001\u0002", "untitled"],
    ["a dot-dot name", "..", "untitled"],
  ])("handles %s", (_label, raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });

  it("caps a long name in code points and keeps the extension", () => {
    const long = `${"é".repeat(300)}.jpeg`;
    const name = sanitizeFilename(long);
    expect([...name]).toHaveLength(limits.media.filenameMaxChars);
    expect(name.endsWith(".jpeg")).toBe(true);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const name = sanitizeFilename(`${"🌊".repeat(250)}.mp4`);
    expect(name).toBe(`${"🌊".repeat(limits.media.filenameMaxChars - 4)}.mp4`);
  });

  it("cuts a long name without a usable extension at the cap", () => {
    const name = sanitizeFilename("x".repeat(500));
    expect(name).toBe("x".repeat(limits.media.filenameMaxChars));
  });
});
