import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { descriptionOf } from "../test/a11y";
import { NewPasswordField } from "./new-password-field";
import { loadEstimator } from "./password-strength";

// The real estimator (zxcvbn-ts and its dictionaries), loaded once for the file.
beforeAll(async () => {
  // Awaited, not returned: a function returned from beforeAll would be run as a teardown.
  await loadEstimator();
}, 30_000);

function renderField(userInputs: string[] = []) {
  render(<NewPasswordField name="password" label="Password" userInputs={userInputs} />);
  return screen.getByLabelText("Password");
}

/** The verdict once typing has settled. */
const verdict = () =>
  screen
    .findByText(/^Strength:/, undefined, { timeout: 3_000 })
    .then((label) => label.parentElement?.textContent);

describe("password strength feedback", () => {
  it("invites a passphrase before anything is typed, and describes the field with it", () => {
    const field = renderField();
    expect(descriptionOf(field)).toContain("Longer is stronger");
  });

  it.each([
    ["a top common password", "password1", /^Strength: Very weak\. /],
    ["a keyboard walk", "qwertyuiop", /^Strength: Very weak\. /],
    [
      "a common password with a year",
      "sunshine2024",
      /^Strength: Weak\. This is similar to a commonly used password\.$/,
    ],
    ["a capitalised season and year", "Summer2024!", /^Strength: Fair\. /],
    ["four unrelated words", "violet harbour lantern quiz", /^Strength: Strong\.$/],
  ])("judges %s", async (_, password, expected) => {
    const field = renderField();
    await userEvent.type(field, password);
    expect(await verdict()).toMatch(expected);
  });

  it("counts the person's own name and email as easy guesses", async () => {
    const field = renderField(["Ada Lovelace", "ada.lovelace@example.com"]);
    await userEvent.type(field, "adalovelace");
    expect(await verdict()).toMatch(/^Strength: (Very weak|Weak)\./);
  });

  it("says it politely, as a live region the field is described by", async () => {
    const field = renderField();
    await userEvent.type(field, "password1");
    await verdict();
    const live = screen.getByText(/^Strength:/).closest("[aria-live]");
    expect(live?.getAttribute("aria-live")).toBe("polite");
    expect(descriptionOf(field)).toMatch(/Strength: Very weak\./);
  });
});
