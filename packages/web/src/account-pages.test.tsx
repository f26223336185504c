import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderApp } from "./test/app";
import { apiError, callsTo, deferred, json, me } from "./test/fetch";

const token = "k2bXW7rT0nq4Hc1L8pYv3AqZs9EoUf6GdJiMw5Ny-_a";
const noContent = () => new Response(null, { status: 204 });
const accepted = () => new Response(null, { status: 202 });
const bodyOf = (fetch: Awaited<ReturnType<typeof renderApp>>["fetch"], key: string) => {
  const call = fetch.mock.calls.find(([input, init]) => `${init.method} ${input}` === key);
  return JSON.parse(String(call?.[1].body));
};
const inMain = () => within(screen.getByRole("main"));
const heading = (name: string) => screen.findByRole("heading", { level: 1, name });

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

describe("/forgot-password", () => {
  it("asks for a link and gives the same answer whatever the email", async () => {
    const { fetch } = await renderApp("/forgot-password", {
      routes: { "POST /api/auth/password/forgot": accepted },
    });
    await userEvent.type(await screen.findByRole("textbox", { name: "Email" }), " Ada@Example.com");

    await userEvent.click(screen.getByRole("button", { name: "Send reset link" }));

    const title = await heading("Check your email");
    expect(document.activeElement).toBe(title);
    expect(bodyOf(fetch, "POST /api/auth/password/forgot")).toEqual({ email: "ada@example.com" });
    expect(screen.getByText("ada@example.com").closest("p")?.textContent).toContain(
      "for 30 minutes",
    );
  });

  it("says when to try again after too many requests", async () => {
    await renderApp("/forgot-password", {
      routes: {
        "POST /api/auth/password/forgot": () =>
          apiError(429, "rate_limited", "Too many.", undefined, { "retry-after": "120" }),
      },
    });
    await userEvent.type(await screen.findByRole("textbox", { name: "Email" }), "ada@example.com");

    await userEvent.click(screen.getByRole("button", { name: "Send reset link" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Too many attempts. Try again in 2 minutes.");
    expect(document.activeElement).toBe(alert);
  });

  it("checks the email before sending anything", async () => {
    const { fetch } = await renderApp("/forgot-password");
    await userEvent.type(await screen.findByRole("textbox", { name: "Email" }), "ada");

    await userEvent.click(screen.getByRole("button", { name: "Send reset link" }));

    expect(await screen.findByRole("link", { name: "Enter a valid email address." })).toBeTruthy();
    expect(callsTo(fetch, "POST /api/auth/password/forgot")).toBe(0);
  });

  it("is one click from sign-in, with the email typed there", async () => {
    await renderApp("/signin");
    await userEvent.type(await screen.findByRole("textbox", { name: "Email" }), "ada@example.com");

    await userEvent.click(screen.getByRole("link", { name: "Forgot password?" }));

    await heading("Forgot your password?");
    const email = screen.getByRole("textbox", { name: "Email" }) as HTMLInputElement;
    expect(email.value).toBe("ada@example.com");
  });
});

describe("/reset-password", () => {
  const choose = async (password: string) => {
    await userEvent.type(await screen.findByLabelText("New password"), password);
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
  };

  it("sets the new password with the link's token, then offers to sign in", async () => {
    const { fetch } = await renderApp(`/reset-password?token=${token}`, {
      routes: { "POST /api/auth/password/reset": noContent },
    });

    await choose("violet harbour lantern");

    expect(document.activeElement).toBe(await heading("Password changed"));
    expect(bodyOf(fetch, "POST /api/auth/password/reset")).toEqual({
      token,
      password: "violet harbour lantern",
    });
    expect(inMain().getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/signin");
  });

  it("ends this browser's session when the reset ended it on the server", async () => {
    let revoked = false;
    await renderApp(`/reset-password?token=${token}`, {
      signedIn: true,
      routes: {
        "POST /api/auth/password/reset": () => {
          revoked = true;
          return noContent();
        },
        "POST /api/auth/refresh": () =>
          revoked
            ? json(401, { message: "Unauthorized" })
            : json(200, { accessToken: "at-1", expiresIn: 900 }),
        "POST /api/auth/logout": noContent,
      },
    });
    expect(await screen.findByRole("button", { name: /Account menu/ })).toBeTruthy();

    await choose("violet harbour lantern");

    await heading("Password changed");
    expect(screen.queryByRole("button", { name: /Account menu/ })).toBeNull();
  });

  it.each([["a used or expired token", () => apiError(400, "invalid_token", "Not valid.")]])(
    "explains %s and links to a new one",
    async (_, answer) => {
      await renderApp(`/reset-password?token=${token}`, {
        routes: { "POST /api/auth/password/reset": answer },
      });

      await choose("violet harbour lantern");

      await heading("This link no longer works");
      expect(screen.getByRole("link", { name: "Get a new link" }).getAttribute("href")).toBe(
        "/forgot-password",
      );
    },
  );

  it("does not show the form for a link without a usable token", async () => {
    await renderApp("/reset-password?token=not%20a%20token");

    await heading("This link no longer works");
    expect(screen.queryByLabelText("New password")).toBeNull();
  });

  it("holds the new password to the rules before sending", async () => {
    const { fetch } = await renderApp(`/reset-password?token=${token}`);

    await choose("xxxxxxxxxxxx");

    const summary = await screen.findByRole("alert");
    expect(summary.textContent).toContain("Password can't be one character repeated.");
    expect(callsTo(fetch, "POST /api/auth/password/reset")).toBe(0);
  });

  it("keeps the form, with the server's words, when something else went wrong", async () => {
    const answer = deferred<Response>();
    await renderApp(`/reset-password?token=${token}`, {
      routes: { "POST /api/auth/password/reset": () => answer.promise },
    });
    await choose("violet harbour lantern");
    const button = screen.getByRole("button", { name: "Change password" });
    expect(button.getAttribute("aria-disabled")).toBe("true");

    answer.resolve(apiError(503, "unavailable", "ShareSpace is unavailable right now."));

    expect((await screen.findByRole("alert")).textContent).toBe(
      "ShareSpace is unavailable right now.",
    );
    expect(screen.getByLabelText("New password")).toBeTruthy();
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

describe("the account menu", () => {
  it("closes when focus leaves it", async () => {
    await renderApp("/gallery", { signedIn: true });
    await userEvent.click(await screen.findByRole("button", { name: /Account menu/ }));
    expect(screen.getByRole("link", { name: "Profile" })).toBeTruthy();

    await userEvent.tab(); // Profile
    await userEvent.tab(); // Sign out
    expect(screen.getByRole("button", { name: "Sign out" })).toBe(document.activeElement);
    await userEvent.tab(); // out of the menu

    expect(screen.queryByRole("link", { name: "Profile" })).toBeNull();
  });
});
