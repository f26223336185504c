import type { MediaInfo } from "@sharespace/core/schema";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createHttp } from "../api/http";
import { createSharingApi } from "../api/sharing";
import { apiError, callsTo, json, mockFetch } from "../test/fetch";
import ShareDialog from "./share-dialog";

const photo: MediaInfo = {
  id: "med_01",
  ownerId: "usr_01",
  filename: "tulips.jpg",
  title: "Tulips",
  description: "",
  contentType: "image/jpeg",
  size: 1000,
  takenAt: "2026-11-01T10:00:00.000Z",
  status: "ready",
  createdAt: "2026-11-01T10:00:00.000Z",
  updatedAt: "2026-11-01T10:00:00.000Z",
};
const video: MediaInfo = { ...photo, id: "med_02", filename: "clip.mp4", contentType: "video/mp4" };

const bob = {
  userId: "usr_02",
  name: "Bob",
  email: "bob@example.com",
  createdAt: "2026-11-25T10:00:00.000Z",
  pending: false,
};
const link = {
  token: "AbCdEfGhIjKlMnOpQrStUv",
  mediaId: "med_01",
  url: "/s/tulips",
  slug: "tulips",
  expiresAt: null,
  hasPassword: true,
  allowDownload: true,
  maxViews: 3,
  views: 0,
  state: "active",
  createdAt: "2026-11-25T10:00:00.000Z",
};

const base = "/api/media/med_01";
const bodyOf = (fetch: ReturnType<typeof mockFetch>, key: string) => {
  const call = fetch.mock.calls.find(([input, init]) => `${init.method} ${input}` === key);
  return JSON.parse(String(call?.[1].body));
};

function open(routes: Parameters<typeof mockFetch>[0], items: MediaInfo[] = [photo]) {
  const fetch = mockFetch({
    [`GET ${base}/shares`]: () => json(200, { shares: [] }),
    [`GET ${base}/links`]: () => json(200, { links: [] }),
    ...routes,
  });
  const api = { sharing: createSharingApi({ authed: createHttp(fetch) }) };
  render(<ShareDialog api={api} items={items} ownEmail="ada@example.com" onClose={() => {}} />);
  return fetch;
}

const dialog = () => within(screen.getByRole("dialog"));

describe("the share dialog, people", () => {
  it("shares with an email and lists the person, with a way to stop", async () => {
    const fetch = open({
      [`POST ${base}/shares`]: () => json(201, { share: bob }),
      [`DELETE ${base}/shares/usr_02`]: () => new Response(null, { status: 204 }),
    });

    await userEvent.type(dialog().getByLabelText("Email address"), "Bob@Example.com");
    await userEvent.click(dialog().getByRole("button", { name: "Share" }));

    expect(await dialog().findByText("Shared it with Bob.")).toBeTruthy();
    expect(bodyOf(fetch, `POST ${base}/shares`)).toEqual({ email: "Bob@Example.com" });
    const people = dialog().getByRole("list", { name: "Shared with" });
    expect(within(people).getByText("bob@example.com")).toBeTruthy();

    await userEvent.click(dialog().getByRole("button", { name: "Remove Bob" }));
    expect(await dialog().findByText("Bob no longer has it.")).toBeTruthy();
    expect(dialog().queryByRole("list", { name: "Shared with" })).toBeNull();
  });

  it("says plainly when no account uses the email", async () => {
    open({
      [`POST ${base}/shares`]: () => apiError(404, "user_not_found", "No such user."),
    });

    await userEvent.type(dialog().getByLabelText("Email address"), "nobody@example.com");
    await userEvent.click(dialog().getByRole("button", { name: "Share" }));

    const field = dialog().getByLabelText("Email address");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog().findByText(/No ShareSpace account uses nobody@example.com/)).toBeTruthy();
  });

  it("refuses your own email without asking the server, and shows the server's 400 otherwise", async () => {
    const fetch = open({
      [`POST ${base}/shares`]: () =>
        apiError(400, "invalid_request", "You can't share with yourself."),
    });

    await userEvent.type(dialog().getByLabelText("Email address"), "ADA@example.com");
    await userEvent.click(dialog().getByRole("button", { name: "Share" }));
    expect(await dialog().findByText(/That's your own email/)).toBeTruthy();
    expect(callsTo(fetch, `POST ${base}/shares`)).toBe(0);

    await userEvent.clear(dialog().getByLabelText("Email address"));
    await userEvent.type(dialog().getByLabelText("Email address"), "ada.alias@example.com");
    await userEvent.click(dialog().getByRole("button", { name: "Share" }));
    expect(await dialog().findByText("You can't share with yourself.")).toBeTruthy();
  });

  it("shares every item of a selection, and tells a pending share apart", async () => {
    const fetch = open(
      {
        [`POST ${base}/shares`]: () => json(201, { share: { ...bob, pending: true } }),
        "POST /api/media/med_02/shares": () => json(201, { share: { ...bob, pending: true } }),
      },
      [photo, video],
    );

    expect(dialog().getByRole("heading", { name: "Share 2 items" })).toBeTruthy();
    await userEvent.type(dialog().getByLabelText("Email address"), "bob@example.com");
    await userEvent.click(dialog().getByRole("button", { name: "Share" }));

    expect(
      await dialog().findByText(/Shared 2 items with Bob. They see it once they verify/),
    ).toBeTruthy();
    expect(callsTo(fetch, `POST ${base}/shares`)).toBe(1);
    expect(callsTo(fetch, "POST /api/media/med_02/shares")).toBe(1);
    // Links are per item; a selection has none. A video in it gets the metadata warning.
    expect(dialog().queryByRole("heading", { name: "Links" })).toBeNull();
    expect(dialog().getByText(/keeps its embedded metadata/)).toBeTruthy();
  });
});

describe("the share dialog, links", () => {
  it("creates a link with a password, a view cap and a name, and shows it with its QR code", async () => {
    const fetch = open({ [`POST ${base}/links`]: () => json(201, { link }) });

    await userEvent.click(await dialog().findByRole("button", { name: "New link" }));
    await userEvent.selectOptions(dialog().getByLabelText("Expires"), "In 7 days");
    await userEvent.click(dialog().getByLabelText("Require a password"));
    await userEvent.type(dialog().getByLabelText("Link password"), "open sesame");
    await userEvent.type(dialog().getByLabelText("View limit"), "3");
    await userEvent.type(dialog().getByLabelText("Custom name"), "tulips");
    await userEvent.click(dialog().getByRole("button", { name: "Create link" }));

    const row = within(await dialog().findByRole("list", { name: "Links to this item" }));
    expect(bodyOf(fetch, `POST ${base}/links`)).toEqual({
      allowDownload: true,
      expiresInSeconds: 7 * 86_400,
      password: "open sesame",
      maxViews: 3,
      slug: "tulips",
    });
    expect((row.getByLabelText("Link address") as HTMLInputElement).value).toBe(
      `${window.location.origin}/s/tulips`,
    );
    expect(row.getByText("0 of 3 views · Never expires · Password")).toBeTruthy();
    expect(await row.findByRole("img", { name: /QR code for/ })).toBeTruthy();
    // The SVG file is made here; the PNG needs a real canvas (the browser tests have one).
    expect((await row.findByRole("link", { name: "Download SVG" })).getAttribute("href")).toMatch(
      /^blob:/,
    );
  });

  it("checks the controls before sending, and marks a custom name in use", async () => {
    const fetch = open({
      [`POST ${base}/links`]: () => apiError(409, "slug_taken", "That slug is taken."),
    });

    await userEvent.click(await dialog().findByRole("button", { name: "New link" }));
    await userEvent.type(dialog().getByLabelText("View limit"), "0");
    await userEvent.click(dialog().getByRole("button", { name: "Create link" }));
    expect(dialog().getByText(/Enter a whole number from 1/)).toBeTruthy();
    expect(callsTo(fetch, `POST ${base}/links`)).toBe(0);

    await userEvent.clear(dialog().getByLabelText("View limit"));
    await userEvent.type(dialog().getByLabelText("Custom name"), "tulips");
    await userEvent.click(dialog().getByRole("button", { name: "Create link" }));
    expect(await dialog().findByText("That name is taken. Try another one.")).toBeTruthy();
    expect(dialog().getByLabelText("Custom name").getAttribute("aria-invalid")).toBe("true");
  });

  it("edits a link (only what changed) and revokes one after a confirmation", async () => {
    const fetch = open({
      [`GET ${base}/links`]: () => json(200, { links: [link] }),
      [`PATCH ${base}/links/${link.token}`]: () =>
        json(200, { link: { ...link, hasPassword: false, maxViews: null } }),
      [`DELETE ${base}/links/${link.token}`]: () => new Response(null, { status: 204 }),
    });

    await userEvent.click(await dialog().findByRole("button", { name: "Edit" }));
    await userEvent.click(dialog().getByLabelText("Require a password"));
    await userEvent.clear(dialog().getByLabelText("View limit"));
    await userEvent.click(dialog().getByRole("button", { name: "Save changes" }));

    expect(await dialog().findByText("0 views · Never expires")).toBeTruthy();
    expect(bodyOf(fetch, `PATCH ${base}/links/${link.token}`)).toEqual({
      password: null,
      maxViews: null,
    });

    await userEvent.click(dialog().getByRole("button", { name: "Revoke" }));
    expect(callsTo(fetch, `DELETE ${base}/links/${link.token}`)).toBe(0);
    await userEvent.click(dialog().getByRole("button", { name: "Revoke link" }));
    expect(await dialog().findByText("No links yet.")).toBeTruthy();
    expect(callsTo(fetch, `DELETE ${base}/links/${link.token}`)).toBe(1);
  });
});
