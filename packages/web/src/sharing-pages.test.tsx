import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderApp } from "./test/app";
import { callsTo, json } from "./test/fetch";
import { heading, inMain, noContent } from "./test/pages";

const shared = (id: string, sharedAt: string, by: string) => ({
  id,
  ownerId: "usr_09",
  filename: `${id}.jpg`,
  title: id === "med_1" ? "Beach day" : "",
  description: "",
  contentType: "image/jpeg",
  size: 1,
  width: 1600,
  height: 1200,
  takenAt: "2026-01-01T00:00:00.000Z",
  status: "ready",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  urls: {
    thumbnail: "http://bucket.test/t.webp",
    original: "http://bucket.test/o.jpg",
    download: "http://bucket.test/d.jpg",
  },
  sharedBy: { id: "usr_09", name: by },
  sharedAt,
});

describe("Shared with me", () => {
  it("shows what was shared by month, each with who shared it, and pages on", async () => {
    // happy-dom lays nothing out: give the page a laptop's width for its justified rows.
    vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue(
      DOMRect.fromRect({ width: 1000, height: 800 }),
    );
    const { fetch } = await renderApp("/shared", {
      signedIn: true,
      routes: {
        "GET /api/shared?limit=60": () =>
          json(200, {
            items: [
              shared("med_1", "2026-11-20T10:00:00.000Z", "Grace Hopper"),
              shared("med_2", "2026-10-02T10:00:00.000Z", "Alan Turing"),
            ],
            nextCursor: "c2",
          }),
        "GET /api/shared?limit=60&cursor=c2": () =>
          json(200, {
            items: [shared("med_3", "2026-10-01T10:00:00.000Z", "Alan Turing")],
            nextCursor: null,
          }),
      },
    });

    await heading("Shared with me");
    const november = within(screen.getByRole("region", { name: /November 2026/ }));
    expect(
      november.getByRole("button", { name: /Beach day, shared by Grace Hopper/ }),
    ).toBeTruthy();
    // Each month says how many items it holds, but not the last one while more may follow.
    expect(november.getByText("1 item")).toBeTruthy();
    const partial = within(screen.getByRole("region", { name: /October 2026/ }));
    expect(partial.queryByText(/\d+ items?$/)).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Show more" }));
    const october = within(await screen.findByRole("region", { name: /October 2026/ }));
    expect(
      await october.findByRole("button", { name: /med_3\.jpg, shared by Alan Turing/ }),
    ).toBeTruthy();
    expect(october.getByText("2 items")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Show more" })).toBeNull();
    expect(callsTo(fetch, "GET /api/shared?limit=60&cursor=c2")).toBe(1);

    await userEvent.click(october.getByRole("button", { name: /med_3\.jpg/ }));
    const viewer = within(screen.getByRole("dialog", { name: "med_3.jpg" }));
    expect(viewer.getByText(/Shared by Alan Turing/)).toBeTruthy();
    expect(viewer.getByRole("link", { name: "Download" })).toBeTruthy();
  });
});

describe("Shared with me, an hour on", () => {
  it("fetches the shown items again when a thumbnail stops loading, at most once a minute", async () => {
    vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue(
      DOMRect.fromRect({ width: 1000, height: 800 }),
    );
    vi.useFakeTimers({ toFake: ["Date"] });
    let served = 0;
    const page = () => {
      served += 1;
      const item = shared("med_1", "2026-11-20T10:00:00.000Z", "Grace Hopper");
      return json(200, {
        items: [
          { ...item, urls: { ...item.urls, thumbnail: `http://bucket.test/t.webp?v=${served}` } },
        ],
        nextCursor: null,
      });
    };
    try {
      const { fetch } = await renderApp("/shared", {
        signedIn: true,
        routes: { "GET /api/shared?limit=60": page },
      });
      await heading("Shared with me");
      const thumbnail = () =>
        screen.getByRole("button", { name: /Beach day/ }).querySelector("img") as HTMLImageElement;
      expect(thumbnail().src).toBe("http://bucket.test/t.webp?v=1");

      // Right after loading, a failing thumbnail is not an expired URL: nothing is fetched.
      fireEvent.error(thumbnail());
      expect(callsTo(fetch, "GET /api/shared?limit=60")).toBe(1);

      // An hour on, the URLs have expired: the first failure fetches the page again.
      vi.setSystemTime(Date.now() + 60 * 60 * 1000);
      fireEvent.error(thumbnail());
      await vi.waitFor(() => expect(thumbnail().src).toBe("http://bucket.test/t.webp?v=2"));
      fireEvent.error(thumbnail());
      expect(callsTo(fetch, "GET /api/shared?limit=60")).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("Links", () => {
  it("lists all my links with their item and state", async () => {
    await renderApp("/links", {
      signedIn: true,
      routes: {
        "GET /api/links?limit=50": () =>
          json(200, {
            items: [
              {
                token: "AbCdEfGhIjKlMnOpQrStUv",
                mediaId: "med_1",
                url: "/s/AbCdEfGhIjKlMnOpQrStUv",
                expiresAt: "2026-01-01T00:00:00.000Z",
                hasPassword: false,
                allowDownload: false,
                maxViews: null,
                views: 12,
                state: "expired",
                createdAt: "2025-12-01T00:00:00.000Z",
              },
            ],
            nextCursor: null,
          }),
        "GET /api/media/med_1": () => json(200, { media: { ...shared("med_1", "x", "y") } }),
      },
    });

    await heading("Links");
    expect(await inMain().findByRole("link", { name: "Beach day" })).toBeTruthy();
    expect(inMain().getByText("Expired")).toBeTruthy();
    expect(inMain().getByText(/12 views · Expired .* · No download/)).toBeTruthy();
  });
});

describe("account deletion", () => {
  it("waits for the typed confirmation, deletes, signs out and says so", async () => {
    let loggedOut = false;
    const { fetch } = await renderApp("/profile", {
      signedIn: true,
      routes: {
        "DELETE /api/me": noContent,
        "POST /api/auth/logout": () => {
          loggedOut = true;
          return noContent();
        },
      },
    });
    await heading("Your profile");

    const button = screen.getByRole("button", { name: "Delete my account" });
    await userEvent.click(button);
    expect(screen.getByText("Type “delete my account” to confirm.")).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/to confirm$/), "delete my acount");
    await userEvent.click(button);
    expect(callsTo(fetch, "DELETE /api/me")).toBe(0);

    await userEvent.clear(screen.getByLabelText(/to confirm$/));
    await userEvent.type(screen.getByLabelText(/to confirm$/), "Delete my account");
    await userEvent.click(button);

    expect(await screen.findByText("Your account is deleted")).toBeTruthy();
    expect(callsTo(fetch, "DELETE /api/me")).toBe(1);
    expect(loggedOut).toBe(true);
    expect(screen.getAllByRole("link", { name: "Sign in" }).length).toBeGreaterThan(0);
  });
});
