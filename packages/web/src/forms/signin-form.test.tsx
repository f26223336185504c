import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createClient } from "../api";
import { descriptionOf } from "../test/a11y";
import { apiError, mockFetch } from "../test/fetch";
import { SigninForm } from "./signin-form";

/** A plain link stands in for the router's: the form only decides where it points. */
const forgotPasswordLink = (email: string) => (
  <a href={`/forgot-password#email=${encodeURIComponent(email)}`}>Forgot password?</a>
);

function renderWithAnswer(answer: () => Response) {
  const api = createClient({ fetch: mockFetch({ "POST /api/auth/login": answer }) });
  render(
    <SigninForm
      forgotPasswordLink={forgotPasswordLink}
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
    render(<SigninForm onSubmit={onSubmit} forgotPasswordLink={forgotPasswordLink} />);

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
  ])("shows “$shown” in a focused alert", async ({ answer, shown }) => {
    renderWithAnswer(answer);

    await signIn("ada@example.com", "wrong password");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe(shown);
    expect(document.activeElement).toBe(alert);
    expect(screen.getByRole("button", { name: "Sign in" }).hasAttribute("aria-disabled")).toBe(
      false,
    );
  });

  it("starts with an email carried over, and offers a reset link that carries the typed one", async () => {
    render(
      <SigninForm
        onSubmit={vi.fn()}
        defaultEmail="ada@example.com"
        forgotPasswordLink={forgotPasswordLink}
      />,
    );
    const email = screen.getByRole("textbox", { name: "Email" }) as HTMLInputElement;
    expect(email.value).toBe("ada@example.com");

    await userEvent.clear(email);
    await userEvent.type(email, " grace@example.com ");

    expect(screen.getByRole("link", { name: "Forgot password?" }).getAttribute("href")).toBe(
      "/forgot-password#email=grace%40example.com",
    );
  });

  it("names the show-password toggle after what it will do", async () => {
    render(<SigninForm onSubmit={vi.fn()} forgotPasswordLink={forgotPasswordLink} />);
    const password = screen.getByLabelText("Password");
    expect(password.getAttribute("type")).toBe("password");

    await userEvent.click(screen.getByRole("button", { name: "Show password" }));

    expect(password.getAttribute("type")).toBe("text");
    await userEvent.click(screen.getByRole("button", { name: "Hide password" }));
    expect(password.getAttribute("type")).toBe("password");
    expect(screen.getByRole("button", { name: "Show password" }).textContent).toBe("Show");
  });
});
