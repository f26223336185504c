import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createClient } from "../api";
import { descriptionOf } from "../test/a11y";
import { apiError, mockFetch } from "../test/fetch";
import { SigninForm } from "./signin-form";

function renderWithAnswer(answer: () => Response) {
  const api = createClient({ fetch: mockFetch({ "POST /api/auth/login": answer }) });
  render(
    <SigninForm
      onSubmit={async (body) => {
        await api.auth.signIn(body);
      }}
    />,
  );
}

async function signIn(email: string, password: string) {
  await userEvent.type(screen.getByRole("textbox", { name: "Email" }), email);
  await userEvent.type(screen.getByLabelText("Password"), password);
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("SigninForm", () => {
  it("asks for the password without hinting at the sign-up rules", async () => {
    const onSubmit = vi.fn();
    render(<SigninForm onSubmit={onSubmit} />);

    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "ada@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(descriptionOf(screen.getByLabelText("Password"))).toBe("Enter your password.");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it.each([
    {
      answer: () => apiError(401, "invalid_credentials", "Invalid email or password."),
      shown: "Email or password is incorrect.",
    },
    {
      answer: () =>
        apiError(429, "rate_limited", "Too many attempts.", undefined, { "retry-after": "600" }),
      shown: "Too many attempts. Try again in 10 minutes.",
    },
    {
      answer: () => apiError(429, "rate_limited", "Too many attempts."),
      shown: "Too many attempts. Wait a few minutes, then try again.",
    },
    {
      answer: () => apiError(503, "unavailable", "ShareSpace is unavailable right now."),
      shown: "ShareSpace is unavailable right now.",
    },
  ])("shows “$shown” as a form-level alert", async ({ answer, shown }) => {
    renderWithAnswer(answer);

    await signIn("ada@example.com", "wrong password");

    expect((await screen.findByRole("alert")).textContent).toBe(shown);
    expect(screen.getByRole("button", { name: "Sign in" }).hasAttribute("disabled")).toBe(false);
  });
});
