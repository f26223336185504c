import type { LinkInfo } from "@sharespace/core/schema";
import { describe, expect, it } from "vitest";
import {
  createBody,
  describeExpiry,
  describeViews,
  draftOf,
  expiryPresets,
  newDraft,
  problemsOf,
  updateBody,
} from "./policy";

const link: LinkInfo = {
  token: "tok_abcdefghijklmnopqrstuv",
  mediaId: "med_01",
  url: "/s/tok_abcdefghijklmnopqrstuv",
  slug: "tulips",
  expiresAt: null,
  hasPassword: true,
  allowDownload: true,
  maxViews: 3,
  views: 1,
  state: "active",
  createdAt: "2026-11-25T10:00:00.000Z",
};

describe("the link draft", () => {
  it("sends only the controls that were set", () => {
    expect(createBody(newDraft())).toEqual({ allowDownload: true });
    const day = expiryPresets.findIndex((preset) => preset.label === "1 day");
    expect(
      createBody({
        ...newDraft(),
        expiry: day,
        passwordMode: "set",
        password: "open sesame",
        allowDownload: false,
        maxViews: " 3 ",
        slug: "tulips",
      }),
    ).toEqual({
      expiresInSeconds: 86_400,
      password: "open sesame",
      allowDownload: false,
      maxViews: 3,
      slug: "tulips",
    });
  });

  it.each([
    [{ passwordMode: "set", password: "abc" }, "password"],
    [{ passwordMode: "set", password: "x".repeat(129) }, "password"],
    [{ passwordMode: "set", password: "café au lait" }, "password"],
    [{ maxViews: "0" }, "maxViews"],
    [{ maxViews: "2.5" }, "maxViews"],
    [{ maxViews: "1000001" }, "maxViews"],
    [{ slug: "ab" }, "slug"],
    [{ slug: "Tulips" }, "slug"],
    [{ slug: "tulips/2" }, "slug"],
  ] as const)("refuses %o before sending it", (change, path) => {
    expect(problemsOf({ ...newDraft(), ...change }).map((p) => p.path)).toEqual([path]);
  });

  it("accepts a full, valid draft", () => {
    const draft = {
      ...newDraft(),
      passwordMode: "set",
      password: "open sesame!",
      maxViews: "1000000",
      slug: "my-tulips-2026",
    } as const;
    expect(problemsOf(draft)).toEqual([]);
  });

  it("edits send what changed, and null for what was removed", () => {
    const unchanged = draftOf(link);
    expect(updateBody(link, unchanged)).toEqual({});
    expect(
      updateBody(link, { ...unchanged, passwordMode: "none", maxViews: "", slug: "", expiry: 1 }),
    ).toEqual({ password: null, maxViews: null, slug: null, expiresInSeconds: 3600 });
    expect(updateBody(link, { ...unchanged, expiry: 0, allowDownload: false })).toEqual({
      expiresInSeconds: null,
      allowDownload: false,
    });
    expect(updateBody(link, { ...unchanged, passwordMode: "set", password: "new one" })).toEqual({
      password: "new one",
    });
  });
});

describe("a link's description", () => {
  const now = Date.parse("2026-11-25T12:00:00.000Z");
  it.each([
    [null, "Never expires"],
    ["2026-11-25T12:30:00.000Z", "Expires in 30 minutes"],
    ["2026-11-25T15:00:00.000Z", "Expires in 3 hours"],
    ["2026-12-02T12:00:00.000Z", "Expires in 7 days"],
    ["2026-11-25T10:00:00.000Z", "Expired 2 hours ago"],
  ])("expiry %s reads %s", (expiresAt, text) => {
    expect(describeExpiry(expiresAt, now)).toBe(text);
  });

  it("counts views against the cap", () => {
    expect(describeViews({ views: 1, maxViews: null })).toBe("1 view");
    expect(describeViews({ views: 2, maxViews: 3 })).toBe("2 of 3 views");
  });
});
