import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderApp } from "./test/app";
import { apiError, callsTo, deferred, json } from "./test/fetch";
import { accepted, bodyOf, heading, inMain, noContent, token } from "./test/pages";

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
