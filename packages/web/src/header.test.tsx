import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderApp } from "./test/app";

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
