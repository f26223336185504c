import { format } from "node:util";
import { ses } from "@sharespace/core/clients";
import { limits } from "@sharespace/core/limits";
import { logger } from "@sharespace/functions/logger";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestStack, type TestStack } from "../../local/test/stack";
import { created, putBytes, type TestUser } from "./support/media";
import { settled, upload } from "./support/process";

/*
 * What the logs of the sensitive journeys hold: sign-up and sign-in (right and wrong), a
 * refresh and a replayed refresh token, email verification, a password reset (and its link
 * used twice), uploads (a single PUT, a multipart one, one that fails processing) and their
 * download URLs, and a link visit (a password link: wrong and right password, a renewal, its
 * `/s/` page and card), all through the real handlers and the real Process, with logging at
 * DEBUG. Every line written to stdout, stderr or the console is kept, and none may hold a
 * password, an access or refresh token, a verification or reset token or link, a link's
 * token, password or visit id, or a presigned URL (nor its signature).
 */

let stack: TestStack;
const lines: string[] = [];
const secrets = new Set<string>();
/** Remembers a secret, and its parts a log could hold alone (a URL's signature). */
function secret(value: string | undefined) {
  if (!value) throw new Error("expected a secret, got nothing");
  secrets.add(value);
  if (value.startsWith("http")) {
    const url = new URL(value);
    const signature = url.searchParams.get("X-Amz-Signature");
    if (signature) secrets.add(signature);
    secrets.add(`${url.pathname}${url.search}`);
  }
}

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk) => {
      lines.push(...String(chunk).split("\n"));
      return true;
    });
  }
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args) => {
      lines.push(...format(...args).split("\n"));
    });
  }
  logger.setLogLevel("DEBUG");
  stack = await createTestStack();
});
afterAll(async () => {
  await stack?.close();
  vi.restoreAllMocks();
});

/** The lines holding any secret, each with the secret it holds. */
const leaks = () =>
  lines.flatMap((line) =>
    [...secrets]
      .filter((value) => line.includes(value) || line.includes(encodeURIComponent(value)))
      .map((value) => `${value.slice(0, 24)}… in: ${line.slice(0, 300)}`),
  );

/** The tokens of the links to `page` mailed to `email`. */
const mailedLinks = (email: string, page: string) =>
  stack.mail
    .messages(email)
    .flatMap((message) => message.links)
    .filter((link) => new URL(link).pathname === page);

// Sign-ups and sign-ins run the password KDF several times: slow on a busy machine.
describe("the logs of the sensitive journeys", { timeout: 120_000 }, () => {
  const email = `redaction.${Date.now()}@example.com`;
  const password = "violet-harbour-42";
  const newPassword = "amber-lighthouse-77";
  let user: TestUser;

  it("hold no password, token or reset link across sign-up, sign-in, refresh and reset", async () => {
    secret(password);
    secret(newPassword);
    const client = stack.client();
    const signup = await client.request("POST", "/api/auth/signup", {
      body: { email, password, name: "Redaction" },
    });
    expect(signup.status).toBe(201);
    secret(signup.json.accessToken);
    secret(signup.cookies.ss_refresh);
    user = { id: signup.json.user.id, token: signup.json.accessToken };

    const [verifyLink] = mailedLinks(email, "/verify");
    secret(verifyLink);
    secret(new URL(verifyLink ?? "").searchParams.get("token") ?? undefined);
    const verifyToken = new URL(verifyLink ?? "").searchParams.get("token");
    const verify = () =>
      client.request("POST", "/api/auth/verify", { body: { token: verifyToken } });
    expect((await verify()).status).toBe(204);
    expect((await verify()).status).toBe(400);

    const wrong = await client.request("POST", "/api/auth/login", {
      body: { email, password: "not-the-password-1" },
    });
    expect(wrong.status).toBe(401);
    secret("not-the-password-1");
    const login = await client.request("POST", "/api/auth/login", { body: { email, password } });
    expect(login.status).toBe(200);
    secret(login.json.accessToken);
    const used = login.cookies.ss_refresh;
    secret(used);

    const refresh = await client.request("POST", "/api/auth/refresh");
    expect(refresh.status).toBe(200);
    secret(refresh.json.accessToken);
    secret(refresh.cookies.ss_refresh);
    const rotatedAgain = await client.request("POST", "/api/auth/refresh");
    expect(rotatedAgain.status).toBe(200);
    secret(rotatedAgain.json.accessToken);
    secret(rotatedAgain.cookies.ss_refresh);
    // A replay of the traded token (its successor used: no retry): refused, the session ends.
    const replay = await stack.request("POST", "/api/auth/refresh", {
      cookies: { ss_refresh: used ?? "" },
    });
    expect(replay.status).toBe(401);

    const forgot = await stack.request("POST", "/api/auth/password/forgot", { body: { email } });
    expect(forgot.status).toBe(202);
    const [resetLink] = mailedLinks(email, "/reset-password");
    secret(resetLink);
    const resetToken = new URL(resetLink ?? "").searchParams.get("token") ?? undefined;
    secret(resetToken);
    const reset = () =>
      stack.request("POST", "/api/auth/password/reset", {
        body: { token: resetToken, password: newPassword },
      });
    expect((await reset()).status).toBe(204);
    expect((await reset()).status).toBe(400);
    const again = await stack.request("POST", "/api/auth/login", {
      body: { email, password: newPassword },
    });
    expect(again.status).toBe(200);
    secret(again.json.accessToken);
    secret(again.cookies.ss_refresh);
    user = { ...user, token: again.json.accessToken };

    expect(leaks()).toEqual([]);
  });

  it("hold no link of an email SES refused", async () => {
    // The mail stand-in refuses anything but a POST with SES's own 400: a real SDK error,
    // which the Auth function logs ("not sent"). The request's body holds the link.
    const sent: string[] = [];
    const client = ses();
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { method: string; body?: unknown };
        sent.push(String(request.body ?? ""));
        request.method = "PUT";
        return next(args);
      },
      { step: "build", name: "refusedBySes" },
    );
    try {
      const forgot = await stack.request("POST", "/api/auth/password/forgot", { body: { email } });
      expect(forgot.status).toBe(202);
    } finally {
      client.middlewareStack.remove("refusedBySes");
    }
    const token = sent.join("\n").match(/reset-password\?token=([\w-]{43})/)?.[1];
    secret(token);
    expect(lines.some((line) => line.includes("Password reset email not sent"))).toBe(true);
    expect(lines.some((line) => line.includes("BadRequestException"))).toBe(true);
    expect(leaks()).toEqual([]);
  });

  it("hold no presigned URL across uploads, processing and downloads", async () => {
    const jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: "#47a" } })
      .jpeg()
      .toBuffer();
    const { media, upload: ticket } = await created(stack, user, {
      filename: "logged.jpg",
      contentType: "image/jpeg",
      size: jpeg.byteLength,
    });
    secret(ticket.url);
    await putBytes(ticket, jpeg);
    expect((await settled(stack, user, media.id)).status).toBe("ready");
    const read = await stack.request("GET", `/api/media/${media.id}`, { token: user.token });
    expect(read.status).toBe(200);
    for (const url of Object.values(read.json.media.urls as Record<string, string>)) secret(url);

    // A file that is not what it claims: Process fails it, and logs why.
    const bad = await upload(stack, user, Buffer.from("no picture here"), {
      filename: "bad.jpg",
      contentType: "image/jpeg",
    });
    expect((await settled(stack, user, bad.id)).status).toBe("failed");

    // A multipart upload: its part URLs, then aborted.
    const big = await created(stack, user, {
      filename: "big.mp4",
      contentType: "video/mp4",
      size: limits.media.singlePutMaxBytes + 1,
    });
    const parts = await stack.request("POST", `/api/media/${big.media.id}/upload/parts`, {
      token: user.token,
      body: { partNumbers: [1, 2] },
    });
    expect(parts.status).toBe(200);
    for (const part of parts.json.parts as { url: string }[]) secret(part.url);
    const abort = await stack.request("DELETE", `/api/media/${big.media.id}/upload`, {
      token: user.token,
    });
    expect(abort.status).toBe(204);

    expect(lines.some((line) => line.includes('"message":"Object processed"'))).toBe(true);
    expect(leaks()).toEqual([]);
  });

  it("hold no link token, link password, visit id or visitor URL across a link visit", async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#a74" } })
      .jpeg()
      .toBuffer();
    const photo = await upload(stack, user, jpeg, {
      filename: "shared.jpg",
      contentType: "image/jpeg",
    });
    expect((await settled(stack, user, photo.id)).status).toBe("ready");
    const linkPassword = "copper-kettle-19";
    secret(linkPassword);
    const made = await stack.request("POST", `/api/media/${photo.id}/links`, {
      token: user.token,
      body: { password: linkPassword, allowDownload: true },
    });
    expect(made.status).toBe(201);
    const token = made.json.link.token as string;
    secret(token);
    secret(made.json.link.url);

    const visit = (headers: Record<string, string>) =>
      stack.request("GET", `/api/links/${token}`, { headers });
    expect((await visit({})).status).toBe(401);
    secret("not-the-link-password");
    expect((await visit({ "x-link-password": "not-the-link-password" })).status).toBe(401);
    const opened = await visit({ "x-link-password": linkPassword });
    expect(opened.status).toBe(200);
    secret(opened.json.visit);
    for (const url of Object.values(opened.json.media.urls as Record<string, string>)) secret(url);
    const renewed = await visit({
      "x-link-password": linkPassword,
      "x-link-visit": opened.json.visit,
    });
    expect(renewed.status).toBe(200);
    for (const url of Object.values(renewed.json.media.urls as Record<string, string>)) secret(url);

    expect((await stack.request("GET", `/s/${token}`)).status).toBe(200);
    // A password link shows no preview card; an open link's card redirects to its preview.
    expect((await stack.request("GET", `/api/links/${token}/card`)).status).toBe(404);
    const open = await stack.request("POST", `/api/media/${photo.id}/links`, {
      token: user.token,
      body: {},
    });
    expect(open.status).toBe(201);
    secret(open.json.link.token);
    const seen = await stack.request("GET", `/api/links/${open.json.link.token}`);
    expect(seen.status).toBe(200);
    secret(seen.json.visit);
    for (const url of Object.values(seen.json.media.urls as Record<string, string>)) secret(url);
    const card = await stack.request("GET", `/api/links/${open.json.link.token}/card`);
    expect(card.status).toBe(302);
    secret(card.headers.location);

    expect(leaks()).toEqual([]);
  });

  it("are read completely: a secret logged at any level is found", () => {
    const before = lines.length;
    logger.debug("a careless line", { detail: { password } });
    expect(lines.length).toBeGreaterThan(before);
    expect(leaks()).toHaveLength(1);
    lines.splice(before);
  });
});
