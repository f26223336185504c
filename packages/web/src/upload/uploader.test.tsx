import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderApp } from "../test/app";
import { json } from "../test/fetch";
import { heading } from "../test/pages";

/**
 * The uploader as mounted in the signed-in app. These cases stop before the engine: a file
 * refused before any request, and the ways files come in (pickers, paste, drop). The engine
 * itself (hashing, Uppy, S3) runs in the browser tests against the real local stack.
 */
const svg = () => new File(["<svg/>"], "drawing.svg", { type: "image/svg+xml" });
const filesInput = () =>
  document.querySelector<HTMLInputElement>('input[data-upload-input="files"]') as HTMLInputElement;
const apiCalls = (fetch: Awaited<ReturnType<typeof renderApp>>["fetch"]) =>
  fetch.mock.calls.map(([input, init]) => `${init.method ?? "GET"} ${input}`);

/** The signed-in gallery of someone with nothing yet: its upload buttons are on the page. */
async function gallery() {
  const app = await renderApp("/gallery", {
    signedIn: true,
    routes: {
      "GET /api/media?limit=60": () => json(200, { items: [], nextCursor: null }),
      "GET /api/media/timeline": () => json(200, { months: [] }),
    },
  });
  await heading("Gallery");
  return app;
}

describe("the uploader in the signed-in app", () => {
  it("refuses what is not a photo or video before any request, saying why, politely", async () => {
    const { fetch } = await gallery();

    await userEvent.upload(
      filesInput(),
      [svg(), new File(["x"], "notes.txt", { type: "text/plain" })],
      {
        applyAccept: false,
      },
    );

    const region = await screen.findByRole("region", { name: "Nothing uploaded" });
    expect(region.textContent).toContain("drawing.svg");
    expect(region.textContent).toContain(
      "ShareSpace takes photos (JPEG, PNG, WebP, GIF, AVIF, HEIC)",
    );
    expect(region.textContent).toContain("2 not taken");
    await waitFor(() =>
      expect(screen.getAllByRole("status").map((status) => status.textContent)).toContainEqual(
        expect.stringContaining("2 files were not uploaded"),
      ),
    );
    // The gallery reads its pages; nothing is created.
    expect(apiCalls(fetch).filter((call) => /^(POST|PUT) .*\/api\/media/.test(call))).toEqual([]);

    await userEvent.click(screen.getByRole("button", { name: "Close the uploads" }));
    expect(screen.queryByRole("region", { name: "Nothing uploaded" })).toBeNull();
  });

  it("offers only photos and videos in the pickers, files or a whole folder", async () => {
    await gallery();
    const click = vi.spyOn(HTMLInputElement.prototype, "click").mockImplementation(() => {});

    await userEvent.click(screen.getByRole("button", { name: "Upload photos" }));
    expect(click.mock.contexts.at(-1)).toBe(filesInput());
    expect(filesInput().accept).toContain("image/heic");
    expect(filesInput().accept).toContain(".mov");

    await userEvent.click(screen.getByRole("button", { name: "Upload a folder" }));
    const folder = click.mock.contexts.at(-1) as HTMLInputElement;
    expect(folder.dataset.uploadInput).toBe("folder");
    expect(folder.hasAttribute("webkitdirectory")).toBe(true);
  });

  it("takes files pasted on the page, but not those pasted into a text field", async () => {
    await gallery();
    const paste = (target: EventTarget) => {
      const event = new Event("paste", { bubbles: true, cancelable: true });
      Object.assign(event, { clipboardData: { files: [svg()] } });
      target.dispatchEvent(event);
    };

    const field = document.createElement("input");
    document.body.append(field);
    paste(field);
    expect(screen.queryByRole("region")).toBeNull();

    paste(document.body);
    expect((await screen.findByRole("region", { name: "Nothing uploaded" })).textContent).toContain(
      "drawing.svg",
    );
    field.remove();
  });

  it("turns the window into a drop target while files are dragged over it", async () => {
    await gallery();
    const drag = (type: string, files: File[] = []) =>
      fireEvent(
        window,
        Object.assign(new Event(type, { bubbles: true, cancelable: true }), {
          dataTransfer: { types: ["Files"], files, items: [], dropEffect: "none" },
        }),
      );

    drag("dragenter");
    expect(await screen.findByText("Drop to upload")).toBeTruthy();
    drag("dragenter");
    drag("dragleave");
    expect(screen.getByText("Drop to upload")).toBeTruthy();
    drag("dragleave");
    expect(screen.queryByText("Drop to upload")).toBeNull();

    drag("dragenter");
    drag("drop", [svg()]);
    expect(screen.queryByText("Drop to upload")).toBeNull();
    expect((await screen.findByRole("region", { name: "Nothing uploaded" })).textContent).toContain(
      "drawing.svg",
    );
  });
});
