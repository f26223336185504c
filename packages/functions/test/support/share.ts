/**
 * Sharing through the API: accounts with their email (verified or not), shares and links.
 * @module
 */
import { db } from "@sharespace/core/db";
import { isoNow } from "@sharespace/core/time";
import { expect } from "vitest";
import type { TestClient } from "../../../local/test/stack";
import type { TestUser } from "./media";

/** A signed-in user with their email. */
export interface Person extends TestUser {
  email: string;
}

let n = 0;
/**
 * A fresh account; `verified` marks its email verified as the verification link would
 * (shares to an unverified account stay pending).
 */
export async function person(
  client: TestClient,
  name = "Person",
  verified = true,
): Promise<Person> {
  const email = `${name.toLowerCase()}.${Date.now()}.${n++}@example.com`;
  const res = await client.request("POST", "/api/auth/signup", {
    body: { email, password: "violet-harbour-42", name },
  });
  expect(res.status, res.text).toBe(201);
  const user = { id: res.json.user.id as string, token: res.json.accessToken as string, email };
  if (verified) await verify(user.id);
  return user;
}

/**
 * Marks the account's email verified, as opening the verification link does (that flow
 * itself is tested with the mail catcher in `share-notify.test.ts`).
 */
export const verify = (userId: string) =>
  db().entities.user.patch({ userId }).set({ emailVerifiedAt: isoNow() }).go();

/** Shares `mediaId` of `owner` with `email`; answers the response. */
export const share = (client: TestClient, owner: TestUser, mediaId: string, email: string) =>
  client.request("POST", `/api/media/${mediaId}/shares`, { token: owner.token, body: { email } });

/** Creates a link that must succeed; answers it. */
export async function link(
  client: TestClient,
  owner: TestUser,
  mediaId: string,
  body: Record<string, unknown> = {},
) {
  const res = await client.request("POST", `/api/media/${mediaId}/links`, {
    token: owner.token,
    body,
  });
  expect(res.status, res.text).toBe(201);
  return res.json.link as { token: string; url: string; slug?: string; views: number };
}

/** Opens a link as a visitor. */
export const visit = (
  client: TestClient,
  tokenOrSlug: string,
  headers: { password?: string; visit?: string } = {},
) =>
  client.request("GET", `/api/links/${tokenOrSlug}`, {
    headers: {
      ...(headers.password !== undefined ? { "x-link-password": headers.password } : {}),
      ...(headers.visit !== undefined ? { "x-link-visit": headers.visit } : {}),
    },
  });
