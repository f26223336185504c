import { act, renderHook, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHttp } from "./api/http";
import { createLinksApi } from "./api/sharing";
import { useLinkVisit } from "./link/use-link-visit";
import { renderApp } from "./test/app";
import { apiError, callsTo, json, mockFetch } from "./test/fetch";
import { heading } from "./test/pages";

const path = "/api/links/tulips";

const visit = (overrides: { download?: boolean; visit?: string } = {}) => ({
  media: {
    id: "med_01",
    filename: "tulips.jpg",
    title: "Tulips in the rain",
    description: "",
    contentType: "image/jpeg",
    width: 1600,
    height: 1200,
    status: "ready",
    urls: {
      thumbnail: "http://bucket.test/t.webp",
      preview: "http://bucket.test/p.webp",
      original: "http://bucket.test/o.jpg",
      ...(overrides.download === false ? {} : { download: "http://bucket.test/d.jpg" }),
    },
  },
  expiresAt: null,
  allowDownload: overrides.download !== false,
  visit: overrides.visit ?? "vis_1",
});

const headerOf = (fetch: ReturnType<typeof mockFetch>, call: number, name: string) =>
  new Headers(fetch.mock.calls.filter(([input]) => input === path)[call]?.[1].headers).get(name);

describe("/s/{token or slug}", () => {
  it("opens the link once (one view) and shows the photo, its title and a download", async () => {
    const { fetch } = await renderApp("/s/tulips", {
      strict: true,
      routes: { [`GET ${path}`]: () => json(200, visit()) },
    });

    await heading("Tulips in the rain");
    // React's strict mode runs effects twice; the link is still opened once.
    expect(callsTo(fetch, `GET ${path}`)).toBe(1);
    expect(screen.getByRole("img", { name: "Tulips in the rain" }).getAttribute("src")).toBe(
      "http://bucket.test/p.webp",
    );
    expect(screen.getByRole("link", { name: "Download" }).getAttribute("href")).toBe(
      "http://bucket.test/d.jpg",
    );
    // Public: no access token goes out, even for a signed-in visitor.
    expect(headerOf(fetch, 0, "authorization")).toBeNull();
  });

  it("has no download button when the link forbids it", async () => {
    await renderApp("/s/tulips", {
      routes: { [`GET ${path}`]: () => json(200, visit({ download: false })) },
    });

    await heading("Tulips in the rain");
    expect(screen.queryByRole("link", { name: "Download" })).toBeNull();
    expect(screen.getByText(/chose not to allow downloads/)).toBeTruthy();
  });

  it("asks for the password, says when it is wrong, and opens with the right one", async () => {
    const { fetch } = await renderApp("/s/tulips", {
      routes: {
        [`GET ${path}`]: (init) => {
          const password = new Headers(init.headers).get("x-link-password");
          if (password === null) return apiError(401, "password_required", "Password needed.");
          if (password !== "open sesame") return apiError(401, "invalid_password", "Wrong.");
          return json(200, visit());
        },
      },
    });

    await heading("This link has a password");
    await userEvent.type(screen.getByLabelText("Password"), "open sesam");
    await userEvent.click(screen.getByRole("button", { name: "Open" }));
    expect(await screen.findByText(/That password isn't right/)).toBeTruthy();

    await userEvent.type(screen.getByLabelText("Password"), "e");
    await userEvent.click(screen.getByRole("button", { name: "Open" }));

    await heading("Tulips in the rain");
    expect(headerOf(fetch, 2, "x-link-password")).toBe("open sesame");
  });

  it("says how long to wait after too many wrong passwords", async () => {
    await renderApp("/s/tulips", {
      routes: {
        [`GET ${path}`]: (init) =>
          new Headers(init.headers).has("x-link-password")
            ? apiError(429, "rate_limited", "Too many.", undefined, { "retry-after": "600" })
            : apiError(401, "password_required", "Password needed."),
      },
    });

    await heading("This link has a password");
    await userEvent.type(screen.getByLabelText("Password"), "guess");
    await userEvent.click(screen.getByRole("button", { name: "Open" }));
    expect(
      await screen.findByText("Too many wrong passwords. Try again in 10 minutes."),
    ).toBeTruthy();
  });

  it.each([
    [
      "revoked or unknown",
      () => apiError(404, "not_found", "Not found."),
      "This link doesn't work",
    ],
    ["expired", () => apiError(410, "link_expired", "Expired."), "This link has expired"],
    ["used up", () => apiError(410, "link_exhausted", "Used up."), "This link has been used up"],
  ])("explains a link that is %s", async (_, answer, title) => {
    await renderApp("/s/tulips", { routes: { [`GET ${path}`]: answer } });

    await heading(title);
    expect(screen.getByText(/Ask whoever sent it for a new one/)).toBeTruthy();
  });
});

describe("a link page left open", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("renews its URLs through the visit (no new view), and learns when the link is revoked", async () => {
    vi.useFakeTimers();
    let revoked = false;
    const fetch = mockFetch({
      [`GET ${path}`]: () =>
        revoked ? apiError(404, "not_found", "Not found.") : json(200, visit({ visit: "vis_1" })),
    });
    const links = createLinksApi(createHttp(fetch));
    const { result } = renderHook(() => useLinkVisit(links, "tulips", 1_000));
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(result.current.state.status).toBe("open");

    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(callsTo(fetch, `GET ${path}`)).toBe(2);
    expect(headerOf(fetch, 0, "x-link-visit")).toBeNull();
    expect(headerOf(fetch, 1, "x-link-visit")).toBe("vis_1");

    revoked = true;
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(result.current.state).toEqual({ status: "gone", reason: "missing" });
    // Gone: no more renewals.
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(callsTo(fetch, `GET ${path}`)).toBe(3);
  });
});
