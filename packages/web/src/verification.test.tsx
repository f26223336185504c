import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderApp } from "./test/app";
import { apiError, callsTo, json, me } from "./test/fetch";
import { accepted, bodyOf, heading, inMain, noContent, token } from "./test/pages";

describe("/verify", () => {
  it("verifies the email with the link's token, once", async () => {
    const { fetch } = await renderApp(`/verify?token=${token}`, {
      strict: true,
      routes: { "POST /api/auth/verify": noContent },
    });

    await heading("Email verified");
    expect(bodyOf(fetch, "POST /api/auth/verify")).toEqual({ token });
    // React's strict mode runs effects twice; the token is still spent only once.
    expect(callsTo(fetch, "POST /api/auth/verify")).toBe(1);
    expect(inMain().getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/signin");
  });

  it("updates a signed-in person at once: the reminder goes away", async () => {
    let verified = false;
    await renderApp(`/verify?token=${token}`, {
      signedIn: true,
      user: { emailVerified: false },
      routes: {
        "POST /api/auth/verify": () => {
          verified = true;
          return noContent();
        },
        "GET /api/me": () => json(200, { ...me, emailVerified: verified }),
      },
    });
    await heading("Email verified");

    await userEvent.click(screen.getByRole("link", { name: "Continue" }));

    await heading("Welcome back, Ada");
    expect(screen.queryByRole("complementary", { name: "Email verification" })).toBeNull();
  });

  it.each([
    ["an expired or used link", () => apiError(400, "invalid_token", "This link is not valid.")],
    ["a mangled link the schema refuses", () => apiError(400, "invalid_request", "Bad token.")],
  ])("explains %s and offers a way to a new one", async (_, answer) => {
    await renderApp(`/verify?token=${token}`, { routes: { "POST /api/auth/verify": answer } });

    await heading("This link no longer works");
    expect(screen.getByRole("link", { name: "Sign in to get a new link" })).toBeTruthy();
  });

  it("lets a signed-in person ask for a new link right there", async () => {
    const { fetch } = await renderApp(`/verify?token=${token}`, {
      signedIn: true,
      user: { emailVerified: false },
      routes: {
        "POST /api/auth/verify": () => apiError(400, "invalid_token", "Not valid."),
        "POST /api/auth/verify/resend": accepted,
      },
    });
    await heading("This link no longer works");

    await userEvent.click(screen.getByRole("button", { name: "Resend email" }));

    expect((await screen.findByText("Sent. Check your inbox.")).getAttribute("role")).toBe(
      "status",
    );
    expect(callsTo(fetch, "POST /api/auth/verify/resend")).toBe(1);
  });

  it("sends nothing for a link without a token", async () => {
    const { fetch } = await renderApp("/verify");

    await heading("This link no longer works");
    expect(callsTo(fetch, "POST /api/auth/verify")).toBe(0);
  });

  it("offers to try again when ShareSpace did not answer", async () => {
    let calls = 0;
    await renderApp(`/verify?token=${token}`, {
      routes: {
        "POST /api/auth/verify": () =>
          ++calls === 1 ? apiError(503, "unavailable", "ShareSpace is unavailable.") : noContent(),
      },
    });
    await heading("We couldn't verify your email");
    expect(screen.getByText("ShareSpace is unavailable.")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Try again" }));

    await heading("Email verified");
    expect(calls).toBe(2);
  });
});

describe("the verification reminder", () => {
  const reminder = () => screen.findByRole("complementary", { name: "Email verification" });

  it("reminds an unverified person, and resends the email on request", async () => {
    const { fetch } = await renderApp("/gallery", {
      signedIn: true,
      user: { emailVerified: false },
      routes: { "POST /api/auth/verify/resend": accepted },
    });
    const notice = await reminder();
    expect(notice.textContent).toContain("ada@example.com");

    await userEvent.click(within(notice).getByRole("button", { name: "Resend email" }));

    expect((await within(notice).findByRole("status")).textContent).toBe("Sent. Check your inbox.");
    const [, init] = fetch.mock.calls.find(([input]) => input === "/api/auth/verify/resend") ?? [];
    expect(new Headers(init?.headers).get("authorization")).toBe("Bearer at-1");
  });

  it("says when it may ask again after too many requests", async () => {
    await renderApp("/gallery", {
      signedIn: true,
      user: { emailVerified: false },
      routes: {
        "POST /api/auth/verify/resend": () =>
          apiError(429, "rate_limited", "Too many.", undefined, { "retry-after": "600" }),
      },
    });
    const notice = await reminder();

    await userEvent.click(within(notice).getByRole("button", { name: "Resend email" }));

    expect((await within(notice).findByRole("status")).textContent).toBe(
      "We sent one a moment ago. You can ask again in 10 minutes.",
    );
  });

  it("is not there for verified people", async () => {
    await renderApp("/gallery", { signedIn: true });

    await screen.findByRole("heading", { level: 1, name: "Gallery" });
    expect(screen.queryByRole("complementary", { name: "Email verification" })).toBeNull();
  });
});
