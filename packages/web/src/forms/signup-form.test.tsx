import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createClient } from "../api";
import { descriptionOf } from "../test/a11y";
import { apiError, deferred, json, mockFetch, user } from "../test/fetch";
import { SignupForm, type SignupFormProps } from "./signup-form";

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

/** A plain link stands in for the router's: the form only decides where it points. */
const signInLink = (email: string) => (
  <a href={`/signin#email=${encodeURIComponent(email)}`}>Sign in instead</a>
);

function renderForm(onSubmit: SignupFormProps["onSubmit"] = vi.fn()) {
  render(<SignupForm onSubmit={onSubmit} signInLink={signInLink} />);
}

/** The form wired to the real client over a mocked fetch (see test/fetch.ts). */
function renderWithApi(answer: () => Response | Promise<Response>) {
  const fetch = mockFetch({ "POST /api/auth/signup": answer });
  const api = createClient({ fetch });
  const onDone = vi.fn();
  renderForm(async (body) => {
    await api.auth.signUp(body);
    onDone();
  });
  return { fetch, api, onDone };
}

describe("SignupForm", () => {
  it("shows the password rule before anyone types", () => {
    renderForm();

    expect(descriptionOf(fields().password)).toContain("Use 8 to 128 characters.");
  });

  it("checks the fields with the API's own schema and sends nothing while they are wrong", async () => {
    const onSubmit = vi.fn();
    renderForm(onSubmit);

    await userEvent.type(fields().email, "not-an-email");
    await userEvent.type(fields().password, "short");
    await userEvent.click(fields().submit);

    const { name, email, password } = fields();
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(descriptionOf(name)).toContain("Enter your name.");
    expect(descriptionOf(email)).toContain("Enter a valid email address.");
    expect(descriptionOf(password)).toContain("Password must be at least 8 characters.");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("moves focus to an error summary that lists each problem and links to its field", async () => {
    renderForm();
    await userEvent.type(fields().email, "ada@example.com");

    await userEvent.click(fields().submit);

    const summary = screen.getByRole("alert");
    expect(document.activeElement).toBe(summary);
    const links = screen.getAllByRole("link");
    expect(links.map((link) => link.textContent)).toEqual([
      "Enter your name.",
      "Password must be at least 8 characters.",
    ]);
    await userEvent.click(links[1] as HTMLElement);
    expect(document.activeElement).toBe(fields().password);
  });

  it("announces a second failure too, even while the faulty field has focus", async () => {
    renderForm();
    await userEvent.click(fields().submit);
    const first = screen.getByRole("alert");
    await userEvent.click(screen.getByRole("link", { name: "Enter your name." }));
    expect(document.activeElement).toBe(fields().name);

    await userEvent.keyboard("{Enter}");

    // A new alert element (inserted anew, so screen readers announce it), focused again.
    const second = screen.getByRole("alert");
    expect(second).not.toBe(first);
    expect(document.activeElement).toBe(second);
  });

  it.each([
    ["the email as the password", "ada@example.com", "Password can't be your email address."],
    [
      "one character repeated",
      "aaaaaaaaaaaa",
      "Password can't be one character repeated. Try a few words instead.",
    ],
  ])("refuses %s before sending", async (_, password, message) => {
    const onSubmit = vi.fn();
    renderForm(onSubmit);
    await userEvent.type(fields().name, "Ada");
    await userEvent.type(fields().email, "Ada@Example.com");
    await userEvent.type(fields().password, password);

    await userEvent.click(fields().submit);

    expect(descriptionOf(fields().password)).toContain(message);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("clears a field's error as soon as it is edited", async () => {
    renderForm();
    await userEvent.click(fields().submit);

    await userEvent.type(fields().name, "A");

    expect(fields().name.getAttribute("aria-invalid")).toBeNull();
    expect(fields().email.getAttribute("aria-invalid")).toBe("true");
  });

  it("sends the normalised values and keeps focus on the busy button while it waits", async () => {
    const answer = deferred<Response>();
    const { fetch, onDone } = renderWithApi(() => answer.promise);
    await fillValid();

    await userEvent.click(fields().submit);

    const { submit } = fields();
    expect(submit.getAttribute("aria-disabled")).toBe("true");
    // Not `disabled`: that would drop focus to the page and out of the form.
    expect(submit.hasAttribute("disabled")).toBe(false);
    expect(document.activeElement).toBe(submit);
    // Pressing again while it waits sends nothing more.
    await userEvent.click(submit);
    await userEvent.keyboard("{Enter}");
    expect(fetch).toHaveBeenCalledTimes(1);
    const [, init] = fetch.mock.calls[0] ?? [];
    expect(JSON.parse(String(init?.body))).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      password: "correct horse battery",
    });
    answer.resolve(json(201, { user, accessToken: "at-1", expiresIn: 900 }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(fields().submit.hasAttribute("aria-disabled")).toBe(false);
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
    expect(document.activeElement).toBe(screen.getByRole("alert"));
  });

  it("says once that the email has an account, offering to sign in with it", async () => {
    renderWithApi(() =>
      apiError(409, "email_taken", "An account with this email already exists.", [
        { path: "email", message: "An account with this email already exists." },
      ]),
    );
    await fillValid();

    await userEvent.click(fields().submit);

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("An account with this email already exists. Sign in instead");
    expect(screen.getAllByText(/already exists/)).toHaveLength(1);
    expect(fields().email.getAttribute("aria-invalid")).toBeNull();
    const link = screen.getByRole("link", { name: "Sign in instead" });
    // The email as it was sent: trimmed and lower-cased.
    expect(link.getAttribute("href")).toBe("/signin#email=ada%40example.com");
  });

  it("counts the name in characters beside its label, and stops at the limit", async () => {
    renderForm();
    const { name } = fields();
    expect(descriptionOf(name)).toContain("0 of 80 characters");

    await userEvent.type(name, "Ada 👩‍💻");

    // "Ada 👩‍💻" is 7 characters (the technologist is three code points) but 9 UTF-16 units:
    // maxlength, which counts units, leaves room for exactly 80 characters.
    expect(descriptionOf(name)).toContain("7 of 80 characters");
    expect(name.getAttribute("maxlength")).toBe(String(80 + 2));
  });
});
