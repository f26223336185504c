import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderApp } from "./test/app";
import { callsTo, deferred, json, me } from "./test/fetch";

const start = async (path: string, signedIn: boolean) =>
  (await renderApp(path, { signedIn })).router;

describe("route guards", () => {
  it("sends a signed-out visitor of a protected page to sign in, remembering the page", async () => {
    const router = await start("/profile", false);

    await screen.findByRole("heading", { name: "Sign in" });
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

    await screen.findByRole("heading", { name: "Welcome back, Ada" });
    expect(router.state.location.pathname).toBe("/");
  });

  it("shows a not-found page for unknown paths", async () => {
    await start("/no-such-page", false);

    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeTruthy();
  });
});

describe("a signed-in load", () => {
  it("asks for the gallery's first page and timeline beside /api/me, not after it", async () => {
    // /api/me is held back: the gallery's data must not wait for it.
    const user = deferred<Response>();
    const empty = () => json(200, { items: [], nextCursor: null });
    const { fetch } = await renderApp("/gallery", {
      signedIn: true,
      restoring: true,
      routes: {
        "GET /api/me": () => user.promise,
        "GET /api/media?limit=60": empty,
        "GET /api/media/timeline": () => json(200, { months: [] }),
      },
    });

    await vi.waitFor(() => {
      expect(callsTo(fetch, "GET /api/media?limit=60")).toBe(1);
      expect(callsTo(fetch, "GET /api/media/timeline")).toBe(1);
    });
    expect(callsTo(fetch, "GET /api/me")).toBe(1);

    user.resolve(json(200, me));
    expect(await screen.findByRole("heading", { name: "Your gallery is empty" })).toBeTruthy();
  });

  it("sends someone whose session cannot be restored to sign in, without loading the gallery", async () => {
    const { fetch, router } = await renderApp("/gallery", { signedIn: false, restoring: true });

    await screen.findByRole("heading", { name: "Sign in" });
    expect(router.state.location.pathname).toBe("/signin");
    expect(callsTo(fetch, "GET /api/media/timeline")).toBe(0);
  });
});
