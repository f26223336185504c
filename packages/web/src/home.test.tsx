import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { firstName } from "./components/welcome";
import { renderApp } from "./test/app";
import { apiError, json, user } from "./test/fetch";

const session = (name: string) => ({
  user: { ...user, name },
  accessToken: "at-1",
  expiresIn: 900,
});

describe("the home page", () => {
  it("shows visitors what ShareSpace is, with the API's status", async () => {
    await renderApp("/");

    await screen.findByRole("heading", { level: 1, name: /shared on your terms/ });
    expect(await screen.findByText("All systems normal")).toBeTruthy();
    expect(screen.getAllByRole("link", { name: "Create account" }).length).toBe(2);
  });

  it("greets a returning person by first name, without the demo album or a status badge", async () => {
    await renderApp("/", { signedIn: true, user: { name: "Ada King Lovelace" } });

    await screen.findByRole("heading", { level: 1, name: "Welcome back, Ada" });
    expect(screen.getByRole("link", { name: "Open your gallery" })).toBeTruthy();
    expect(screen.queryByText("Summer in Lisbon")).toBeNull();
    expect(screen.queryByText("All systems normal")).toBeNull();
    expect(screen.queryByText(/Open source · private by default/)).toBeNull();
  });

  it("still warns a signed-in person when ShareSpace can't be reached", async () => {
    await renderApp("/", {
      signedIn: true,
      routes: { "GET /api/health": () => apiError(503, "unavailable", "Down.") },
    });

    expect((await screen.findByRole("alert")).textContent).toContain("can't be reached");
  });

  it("says “Welcome” after a sign-up, and lands there by default", async () => {
    const { router } = await renderApp("/signup", {
      routes: { "POST /api/auth/signup": () => json(201, session("Grace Hopper")) },
    });
    await userEvent.type(await screen.findByRole("textbox", { name: "Name" }), "Grace Hopper");
    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "grace@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "violet harbour lantern");

    await userEvent.click(screen.getByRole("button", { name: "Create account" }));

    await screen.findByRole("heading", { level: 1, name: "Welcome, Grace" });
    expect(router.state.location.pathname).toBe("/");
  });

  it("says “Welcome back” after a sign-in", async () => {
    await renderApp("/signin", {
      routes: { "POST /api/auth/login": () => json(200, session("Grace Hopper")) },
    });
    await userEvent.type(
      await screen.findByRole("textbox", { name: "Email" }),
      "grace@example.com",
    );
    await userEvent.type(screen.getByLabelText("Password"), "violet harbour lantern");

    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    await screen.findByRole("heading", { level: 1, name: "Welcome back, Grace" });
  });

  it.each([
    ["Ada Lovelace", "Ada"],
    ["  Grace   Hopper ", "Grace"],
    ["Zhang", "Zhang"],
    ["José María", "José"],
  ])("takes %j's first name as %j", (name, first) => {
    expect(firstName(name)).toBe(first);
  });
});

describe("an existing email at sign-up", () => {
  it("offers to sign in instead, with the email already filled in", async () => {
    const { router } = await renderApp("/signup", {
      routes: {
        "POST /api/auth/signup": () =>
          apiError(409, "email_taken", "An account with this email already exists."),
      },
    });
    await userEvent.type(await screen.findByRole("textbox", { name: "Name" }), "Ada");
    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "Ada@Example.com");
    await userEvent.type(screen.getByLabelText("Password"), "violet harbour lantern");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));

    await userEvent.click(await screen.findByRole("link", { name: "Sign in instead" }));

    await screen.findByRole("heading", { level: 1, name: "Sign in" });
    const email = screen.getByRole("textbox", { name: "Email" }) as HTMLInputElement;
    expect(email.value).toBe("ada@example.com");
    // Carried in history state, never in the URL.
    expect(router.state.location.href).not.toContain("example.com");
  });
});
