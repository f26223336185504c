import { describe, expect, it } from "vitest";
import { attachment } from "../src/storage/disposition";
import { ObjectKey } from "../src/storage/keys";

describe("ObjectKey", () => {
  it("puts uploads under originals/ and what Process makes under derived/", () => {
    expect(ObjectKey.original("usr_1", "med_2")).toBe("originals/usr_1/med_2");
    expect(ObjectKey.posterUpload("usr_1", "med_2")).toBe("originals/usr_1/med_2.poster");
    expect(ObjectKey.derived("usr_1", "med_2", "thumbnail")).toBe(
      "derived/usr_1/med_2/thumbnail.webp",
    );
    expect(ObjectKey.derived("usr_1", "med_2", "clean")).toBe("derived/usr_1/med_2/clean");
    expect(ObjectKey.ownerPrefixes("usr_1")).toEqual(["originals/usr_1/", "derived/usr_1/"]);
  });

  it.each([
    ["originals/usr_1/med_2", { kind: "original", ownerId: "usr_1", mediaId: "med_2" }],
    ["originals/usr_1/med_2.poster", { kind: "poster-upload", ownerId: "usr_1", mediaId: "med_2" }],
    [
      "derived/usr_1/med_2/preview.webp",
      { kind: "derived", ownerId: "usr_1", mediaId: "med_2", derived: "preview" },
    ],
    ["derived/usr_1/med_2/other.webp", undefined],
    ["originals/usr_1", undefined],
    ["originals/usr_1/med_2/extra", undefined],
    ["uploads/usr_1/med_2", undefined],
    ["originals/../med_2", undefined],
  ])("reads %s back", (key, parsed) => {
    expect(ObjectKey.parse(key)).toEqual(parsed);
  });

  it.each([["../x"], ["a/b"], [""], ["usr 1"]])("refuses to build a key from %j", (id) => {
    expect(() => ObjectKey.original(id, "med_1")).toThrow();
    expect(() => ObjectKey.derived("usr_1", id, "preview")).toThrow();
  });
});

describe("attachment (Content-Disposition)", () => {
  it.each([
    ["plain ASCII", "photo.jpg", 'attachment; filename="photo.jpg"'],
    [
      "accents, with an ASCII fallback",
      "café.jpg",
      `attachment; filename="cafe.jpg"; filename*=UTF-8''caf%C3%A9.jpg`,
    ],
    [
      "an emoji (one code point, one fallback character)",
      "🌅.png",
      `attachment; filename="_.png"; filename*=UTF-8''%F0%9F%8C%85.png`,
    ],
    [
      "quotes, which a quoted-string would need escaped",
      'say "hi".txt',
      `attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`,
    ],
    ["a Windows path", "C:\\Users\\me\\cat.gif", 'attachment; filename="cat.gif"'],
    [
      "characters RFC 8187 does not allow bare",
      "it's (1)*.jpg",
      `attachment; filename="it's (1)*.jpg"`,
    ],
    ["a path, of which only the name is kept", "../../etc/passwd", 'attachment; filename="passwd"'],
    ["control characters, dropped", "a\r\nb\u0000.jpg", 'attachment; filename="ab.jpg"'],
    ["nothing usable", "/", 'attachment; filename="download"'],
    ["a percent sign", "100%.jpg", `attachment; filename="100_.jpg"; filename*=UTF-8''100%25.jpg`],
  ])("handles %s", (_label, name, header) => {
    expect(attachment(name)).toBe(header);
  });

  it("percent-encodes what RFC 8187 does not allow in filename*", () => {
    expect(attachment("l'été (1).jpg")).toBe(
      `attachment; filename="l'ete (1).jpg"; filename*=UTF-8''l%27%C3%A9t%C3%A9%20%281%29.jpg`,
    );
  });
});
