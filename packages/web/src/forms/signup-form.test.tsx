import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createClient } from "../api";
import { descriptionOf } from "../test/a11y";
import { apiError, deferred, json, mockFetch, user } from "../test/fetch";
import { SignupForm } from "./signup-form";

const fields = () => ({
  name: screen.getByRole("textbox", { name: "Name" }),
  email: screen.getByRole("textbox", { name: "Email" }),
  password: screen.getByLabelText("Password"),
  submit: screen.getByRole("button", { name: "Create account" }),
});

async function fillValid() {
  const { name, email, password } = fields();
  await userEvent.type(name, "Ada Lovelace");
  await userEvent.type(email, "  Ada@Example.com ");
  await userEvent.type(password, "correct horse battery");
}

/** The form wired to the real client over a mocked fetch (see test/fetch.ts). */
function renderWithApi(answer: () => Response | Promise<Response>) {
  const fetch = mockFetch({ "POST /api/auth/signup": answer });
  const api = createClient({ fetch });
  const onDone = vi.fn();
  render(
    <SignupForm
      onSubmit={async (body) => {
        await api.auth.signUp(body);
        onDone();
      }}
    />,
  );
  return { fetch, api, onDone };
}

describe("SignupForm", () => {
  it("shows the password rule before anyone types", () => {
    render(<SignupForm onSubmit={vi.fn()} />);

    expect(descriptionOf(fields().password)).toContain("Use 8 to 128 characters.");
  });

  it("checks the fields with the API's own schema and sends nothing while they are wrong", async () => {
    const onSubmit = vi.fn();
    render(<SignupForm onSubmit={onSubmit} />);

    await userEvent.type(fields().email, "not-an-email");
    await userEvent.type(fields().password, "short");
    await userEvent.click(fields().submit);

    const { name, email, password } = fields();
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(name)).toContain("Enter your name.");
    expect(descriptionOf(email)).toContain("Enter a valid email address.");
    expect(descriptionOf(password)).toContain("Password must be at least 8 characters.");
    expect(document.activeElement).toBe(name);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("clears a field's error as soon as it is edited", async () => {
    render(<SignupForm onSubmit={vi.fn()} />);
    await userEvent.click(fields().submit);

    await userEvent.type(fields().name, "A");

    expect(fields().name.getAttribute("aria-invalid")).toBeNull();
    expect(fields().email.getAttribute("aria-invalid")).toBe("true");
  });

  it("sends the normalised values and disables the button while it waits", async () => {
    const answer = deferred<Response>();
    const { fetch, onDone } = renderWithApi(() => answer.promise);
    await fillValid();

    await userEvent.click(fields().submit);

    expect(fields().submit.hasAttribute("disabled")).toBe(true);
    const [, init] = fetch.mock.calls[0] ?? [];
    expect(JSON.parse(String(init?.body))).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      password: "correct horse battery",
    });
    answer.resolve(json(201, { user, accessToken: "at-1", expiresIn: 900 }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fields().submit.hasAttribute("disabled")).toBe(false);
  });

  it("puts the server's field problems next to their fields", async () => {
    renderWithApi(() =>
      apiError(400, "invalid_request", "The request is invalid.", [
        { path: "email", message: "This email domain does not accept mail." },
      ]),
    );
    await fillValid();

    await userEvent.click(fields().submit);

    const { email } = fields();
    await vi.waitFor(() =>
      expect(descriptionOf(email)).toContain("This email domain does not accept mail."),
    );
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(email);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says so when the email already has an account", async () => {
    renderWithApi(() => apiError(409, "email_taken", "Email taken."));
    await fillValid();

    await userEvent.click(fields().submit);

    expect((await screen.findByRole("alert")).textContent).toContain(
      "An account with this email already exists.",
    );
  });
});
