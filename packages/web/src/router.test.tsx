import { createMemoryHistory } from "@tanstack/react-router";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createClient } from "./api";
import { App } from "./app";
import { createAppRouter } from "./router";
import { json, me, mockFetch } from "./test/fetch";

/** The whole app at `path`, over a mocked fetch (see test/fetch.ts). */
async function start(path: string, signedIn: boolean) {
  const api = createClient({
    fetch: mockFetch({
      "POST /api/auth/refresh": () =>
        signedIn
          ? json(200, { accessToken: "at-1", expiresIn: 900 })
          : json(401, { message: "Unauthorized" }),
      "GET /api/me": () => json(200, me),
      "GET /api/health": () => json(200, { status: "ok" }),
    }),
    // The hint cookie says a session may exist; the refresh answer decides.
    hint: { present: () => true, clear: () => {} },
  });
  const router = createAppRouter(api, createMemoryHistory({ initialEntries: [path] }));
  await api.auth.restore();
  render(<App api={api} router={router} />);
  return router;
}

describe("route guards", () => {
  it("sends a signed-out visitor of a protected page to sign in, remembering the page", async () => {
    const router = await start("/profile", false);

    await screen.findByRole("heading", { name: "Welcome back" });
    expect(router.state.location.pathname).toBe("/signin");
    expect(router.state.location.search).toEqual({ redirect: "/profile" });
  });

  it("lets a signed-in user in and shows their profile", async () => {
    await start("/profile", true);

    expect(await screen.findByRole("heading", { name: "Your profile" })).toBeTruthy();
    expect(screen.getAllByText(me.email).length).toBeGreaterThan(0);
  });

  it("sends a signed-in user away from the sign-in page to where they were going", async () => {
    const router = await start("/signin?redirect=%2Fshared", true);

    await screen.findByRole("heading", { name: "Shared with me" });
    expect(router.state.location.pathname).toBe("/shared");
  });

  it("never redirects to another site", async () => {
    const router = await start("/signin?redirect=%2F%2Fevil.example", true);

    await screen.findByRole("heading", { name: "Gallery" });
    expect(router.state.location.pathname).toBe("/gallery");
  });

  it("shows a not-found page for unknown paths", async () => {
    await start("/no-such-page", false);

    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeTruthy();
  });
});
