/**
 * The link page `/s/{token or slug}`: the app's HTML with the tags a chat preview reads
 * (Open Graph, Twitter card), `noindex`, and a card image that works for a link without a
 * password and is absent for one with a password.
 */
import { Storage } from "@sharespace/core/storage";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestStack } from "../../local/test/stack";
import { createTestStack } from "../../local/test/stack";
import { linkPage } from "../src/link-page";
import { readyItem } from "./support/media";
import { link, type Person, person } from "./support/share";

let stack: TestStack;
let alice: Person;
beforeAll(async () => {
  stack = await createTestStack({ handlers: { Process: async () => {} } });
  alice = await person(stack, "Alice");
});
afterAll(() => stack?.close());

/** The `content` of a meta tag, or undefined. */
const metaOf = (html: string, key: string) =>
  html.match(new RegExp(`<meta (?:name|property)="${key}" content="([^"]*)">`))?.[1];

async function photo(title: string) {
  const media = await readyItem(stack, alice, {}, { derivatives: ["preview"] });
  const webp = await sharp({
    create: { width: 16, height: 9, channels: 3, background: "#c33" },
  })
    .webp()
    .toBuffer();
  await Storage.derived.write(alice.id, media.id, "preview", webp, "image/webp");
  await stack.request("PATCH", `/api/media/${media.id}`, { token: alice.token, body: { title } });
  return media;
}

describe("GET /s/{token}", () => {
  it("carries og:title, og:image (a working card), twitter card and noindex", async () => {
    const media = await photo('Low tide <script>alert("x")</script>');
    const { token } = await link(stack, alice, media.id);
    const res = await stack.request("GET", `/s/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(metaOf(res.text, "robots")).toBe("noindex, nofollow");
    expect(metaOf(res.text, "og:title")).toBe(
      "Low tide &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
    );
    expect(res.text).not.toContain("<script>alert");
    expect(metaOf(res.text, "twitter:card")).toBe("summary_large_image");
    const image = metaOf(res.text, "og:image");
    expect(image).toBe(`${stack.url}/api/links/${token}/card`);
    const card = await stack.request("GET", new URL(image as string).pathname);
    expect(card.status).toBe(302);
    const bytes = await fetch(card.headers.location as string);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get("content-type")).toBe("image/webp");
    expect(new URL(card.headers.location as string).searchParams.get("X-Amz-Expires")).toBe("600");
    // The page counted no view.
    const links = await stack.request("GET", `/api/media/${media.id}/links`, {
      token: alice.token,
    });
    expect(links.json.links[0].views).toBe(0);
  });

  it("has no og:image and no title of the item for a link with a password", async () => {
    const media = await photo("Private beach");
    const { token, slug } = await link(stack, alice, media.id, {
      password: "sesame",
      slug: `pw-${Date.now()}`,
    });
    for (const key of [token, slug]) {
      const res = await stack.request("GET", `/s/${key}`);
      expect(res.status).toBe(200);
      expect(metaOf(res.text, "og:image")).toBeUndefined();
      expect(metaOf(res.text, "twitter:card")).toBe("summary");
      expect(res.text).not.toContain("Private beach");
      expect(metaOf(res.text, "robots")).toBe("noindex, nofollow");
    }
    expect((await stack.request("GET", `/api/links/${token}/card`)).status).toBe(404);
  });

  it("says a revoked or unknown link no longer works, still noindex", async () => {
    const media = await photo("Gone soon");
    const { token } = await link(stack, alice, media.id);
    await stack.request("DELETE", `/api/media/${media.id}/links/${token}`, { token: alice.token });
    for (const key of [token, "never-existed"]) {
      const res = await stack.request("GET", `/s/${key}`);
      expect(metaOf(res.text, "og:title")).toBe("This link doesn&#39;t work");
      expect(metaOf(res.text, "og:image")).toBeUndefined();
      expect(metaOf(res.text, "robots")).toBe("noindex, nofollow");
    }
  });
});

describe("the page around the app", () => {
  it("keeps the app's own page, replacing its title and adding the tags to its head", () => {
    const shell =
      '<!doctype html><html><head><meta charset="UTF-8" /><title>ShareSpace</title><script type="module" src="/src/main.tsx"></script></head><body><div id="root"></div></body></html>';
    const html = linkPage(
      shell,
      { state: "active", title: "Dunes", card: true, token: "t" },
      { page: "https://x/s/t", card: "https://x/api/links/t/card" },
    );
    expect(html).toContain("<title>Dunes</title>");
    expect(html).not.toContain("<title>ShareSpace</title>");
    expect(html).toContain('<script type="module" src="/src/main.tsx"></script>');
    expect(html.indexOf('property="og:image"')).toBeLessThan(html.indexOf("</head>"));
  });
});
