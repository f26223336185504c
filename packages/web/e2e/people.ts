import type { BrowserContext } from "playwright-core";
import { expect } from "vitest";

export const password = "violet harbour lantern";

/** Signs a new person up in a browser context (its cookies keep them signed in). */
export async function signUpIn(context: BrowserContext, name = "Ada Lovelace") {
  const email = `${name.split(" ")[0]?.toLowerCase()}.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;
  const response = await context.request.post("/api/auth/signup", {
    data: { name, email, password },
  });
  expect(response.status()).toBe(201);
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return { userId: body.user.id, accessToken: body.accessToken, email };
}
