import type { BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { axeViolations, scrollsSideways } from "./axe";
import { browser, newContext, watchErrors } from "./browser";
import { apiGet, photo, untilStored } from "./uploads";

/*
 * Sharing as three people do it, each in a browser of their own: Alice uploads a photo and
 * shares it with Bob by email (Bob verified his email through the mail the app sent him),
 * Bob finds it in "Shared with me"; Alice makes a link with a password and a view cap of 3,
 * a signed-out visitor opens it with the password and sees the photo; Alice revokes the
 * link, and the visitor's page says so on its next load.
 */

const password = "violet harbour lantern";
const linkPassword = "tulips in april";
// Three accounts, an upload through processing and a dozen page loads: on a busy machine
// that takes longer than the config's minute.
const journey = 300_000;

async function person(name: string) {
  const context = await newContext(browser(), { reducedMotion: "reduce" });
  const email = `${name.toLowerCase()}.${Date.now()}@example.com`;
  const response = await context.request.post("/api/auth/signup", {
    data: { name, email, password },
  });
  expect(response.status()).toBe(201);
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  return { context, page, email };
}

/** Opens the verification link the app mailed to `email` (the local mail catcher). */
async function verifyByMail(page: Page, email: string) {
  let link: string | undefined;
  for (let i = 0; i < 50 && !link; i++) {
    const response = await page.request.get(`/_local/mail.json?to=${encodeURIComponent(email)}`);
    const { messages } = (await response.json()) as { messages: { links: string[] }[] };
    link = messages
      .flatMap((message) => message.links)
      .find((url) => url.includes("/verify?token="));
    if (!link) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(link, `no verification mail for ${email}`).toBeDefined();
  await page.goto(new URL(link as string).pathname + new URL(link as string).search);
  await page.getByRole("heading", { level: 1, name: "Email verified" }).waitFor();
}

/** No serious or critical axe violations, in light and dark. */
async function expectAccessible(page: Page, what: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeViolations(page), `${what}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Uploads one photo through the gallery's picker and waits until it is processed. */
async function upload(context: BrowserContext, page: Page) {
  await page.goto("/gallery");
  await page.getByRole("heading", { level: 1, name: "Gallery" }).waitFor();
  await page.setInputFiles(
    'input[data-upload-input="files"]',
    await photo("tulips.jpg", 40, "jpeg"),
  );
  let id: string | undefined;
  for (let i = 0; i < 100 && !id; i++) {
    const { json } = await apiGet(context, "/api/media?limit=10");
    id = (json as { items: { id: string }[] } | undefined)?.items[0]?.id;
    if (!id) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(id).toBeDefined();
  await untilStored(context, id as string);
  for (let i = 0; i < 100; i++) {
    const { json } = await apiGet(context, `/api/media/${id}`);
    if ((json as { media: { status: string } }).media.status === "ready") break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return id as string;
}

it(
  "shares a photo with a person and by a link with a password, then revokes the link",
  async () => {
    const alice = await person("Alice");
    const bob = await person("Bob");
    const aliceErrors = watchErrors(alice.page);
    const bobErrors = watchErrors(bob.page);
    await verifyByMail(bob.page, bob.email);

    // Alice shares with Bob by email, from the viewer.
    const id = await upload(alice.context, alice.page);
    await alice.page.goto(`/gallery/${id}`);
    await alice.page.getByRole("button", { name: "Share" }).click();
    const dialog = alice.page.getByRole("dialog", { name: "Share “tulips.jpg”" });
    await dialog.waitFor();
    await dialog.getByRole("textbox", { name: "Email address" }).fill(bob.email.toUpperCase());
    await dialog.getByRole("button", { name: "Share", exact: true }).click();
    await dialog.getByText("Shared it with Bob.").waitFor();
    await dialog.getByRole("list", { name: "Shared with" }).getByText(bob.email).waitFor();

    // Bob sees it in "Shared with me", with who shared it.
    await bob.page.goto("/shared");
    await bob.page.getByRole("heading", { level: 1, name: "Shared with me" }).waitFor();
    await bob.page.getByRole("button", { name: /tulips\.jpg, shared by Alice/ }).waitFor();
    await expectAccessible(bob.page, "Shared with me");

    // Alice makes a link with a password and a view cap of 3.
    await dialog.getByRole("button", { name: "New link" }).click();
    await dialog.getByRole("checkbox", { name: "Require a password" }).check();
    await dialog.getByRole("textbox", { name: "Link password" }).fill(linkPassword);
    await dialog.getByRole("textbox", { name: "View limit" }).fill("3");
    await dialog.getByRole("button", { name: "Create link" }).click();
    const links = dialog.getByRole("list", { name: "Links to this item" });
    await links.getByText("0 of 3 views · Never expires · Password").waitFor();
    await links.getByRole("img", { name: /QR code for/ }).waitFor();
    await expectAccessible(alice.page, "the share dialog");
    const url = await links.getByRole("textbox", { name: "Link address" }).inputValue();
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{22,}$/);

    // A signed-out visitor opens it, types the password and sees the photo.
    const visitor = await newContext(browser(), { reducedMotion: "reduce" });
    const page = await visitor.newPage();
    page.setDefaultTimeout(90_000);
    const token = new URL(url).pathname.split("/").at(-1) as string;
    // The 401 asking for the password and the 404 once revoked are the story.
    const visitorErrors = watchErrors(page, [`/api/links/${token}`]);
    await page.goto(new URL(url).pathname);
    await page.getByRole("heading", { level: 1, name: "This link has a password" }).waitFor();
    await expectAccessible(page, "the password prompt");
    await page.getByLabel("Password", { exact: true }).fill(linkPassword);
    await page.getByRole("button", { name: "Open" }).click();
    await page.getByRole("heading", { level: 1, name: "tulips.jpg" }).waitFor();
    const image = page.getByRole("img", { name: "tulips.jpg" });
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await page.getByRole("link", { name: "Download" }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await expectAccessible(page, "the link page");

    // Alice sees the view counted, then revokes the link.
    await alice.page.goto("/links");
    await alice.page.getByRole("heading", { level: 1, name: "Links" }).waitFor();
    await alice.page.getByText("1 of 3 views · Never expires · Password").waitFor();
    await expectAccessible(alice.page, "Links");
    await alice.page.getByRole("button", { name: "Revoke" }).click();
    await alice.page.getByRole("button", { name: "Revoke link" }).click();
    await alice.page.getByRole("heading", { name: "No links yet" }).waitFor();

    // The visitor's page says so on its next load.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "This link doesn't work" }).waitFor();
    await expectAccessible(page, "a revoked link");

    expect(aliceErrors).toEqual([]);
    expect(bobErrors.filter((e) => !e.includes("/api/auth/verify"))).toEqual([]);
    expect(visitorErrors).toEqual([]);
    await Promise.all([alice.context.close(), bob.context.close(), visitor.close()]);
  },
  journey,
);

it(
  "deletes an account behind a typed confirmation and signs out",
  async () => {
    const { context, page, email } = await person("Carol");
    const errors = watchErrors(page);
    await page.goto("/profile");
    await page.getByRole("heading", { level: 1, name: "Your profile" }).waitFor();
    await expectAccessible(page, "the profile with account deletion");

    const field = page.getByRole("textbox", { name: /to confirm$/ });
    await field.fill("delete my account");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.getByText("Your account is deleted").waitFor();

    // Signed out, and the account is gone: the same email signs up again at once.
    await page.goto("/profile");
    await page.waitForURL(/\/signin\?redirect=/);
    const again = await context.request.post("/api/auth/signup", {
      data: { name: "Carol", email, password },
    });
    expect(again.status()).toBe(201);
    expect(errors).toEqual([]);
    await context.close();
  },
  journey,
);
