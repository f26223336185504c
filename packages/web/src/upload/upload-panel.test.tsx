import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { type UploadList, UploadListContext, type Uploads, UploadsContext } from "./context";
import { summarize, type UploadItem } from "./state";
import { UploadPanel } from "./upload-panel";

const MB = 1024 * 1024;

const rows: UploadItem[] = [
  {
    id: "up",
    name: "clip.mp4",
    size: 80 * MB,
    kind: "video",
    phase: "uploading",
    fraction: 0.25,
    bytesSent: 20 * MB,
    bytesPerSecond: 4 * MB,
    secondsLeft: 15,
  },
  {
    id: "chk",
    name: "big.mov",
    size: 900 * MB,
    kind: "video",
    phase: "checking",
    fraction: 0.5,
    bytesSent: 0,
  },
  {
    id: "ok",
    name: "a.jpg",
    size: 2 * MB,
    kind: "photo",
    phase: "done",
    fraction: 1,
    bytesSent: 2 * MB,
  },
  {
    id: "dup",
    name: "b.jpg",
    size: 3 * MB,
    kind: "photo",
    phase: "duplicate",
    fraction: 1,
    bytesSent: 0,
    existingId: "med_9",
  },
  {
    id: "bad",
    name: "c.jpg",
    size: 4 * MB,
    kind: "photo",
    phase: "failed",
    fraction: 0.1,
    bytesSent: 0,
    message: "The connection dropped. Retry to carry on where it stopped.",
  },
  {
    id: "ghost",
    name: "d.mp4",
    size: 90 * MB,
    kind: "video",
    phase: "needs-file",
    fraction: 0.5,
    bytesSent: 45 * MB,
  },
];

function renderPanel(items: UploadItem[]) {
  const list: UploadList = {
    items,
    summary: summarize(items, { bytesPerSecond: 4 * MB }),
    cancel: vi.fn(),
    retry: vi.fn(),
    dismiss: vi.fn(),
    dismissFinished: vi.fn(),
    mediaHref: (id) => `/media/${id}`,
    navigate: vi.fn(),
  };
  const uploads: Uploads = {
    pickFiles: vi.fn(),
    pickFolder: vi.fn(),
    addFiles: vi.fn(),
    onUploaded: () => () => {},
  };
  render(
    <UploadsContext.Provider value={uploads}>
      <UploadListContext.Provider value={list}>
        <UploadPanel />
      </UploadListContext.Provider>
    </UploadsContext.Provider>,
  );
  return { list, uploads };
}

describe("the upload panel", () => {
  it("is a region named by its heading, with overall progress, speed and time left", () => {
    renderPanel(rows);

    const region = screen.getByRole("region", { name: "Uploading 2 files" });
    expect(within(region).getByRole("heading", { level: 2 }).textContent).toBe("Uploading 2 files");
    expect(region.textContent).toContain("22 MB of 982 MB · 4 MB/s · 4 min left");
    const overall = within(region).getByRole("progressbar", { name: "All uploads" });
    expect(overall.getAttribute("value")).toBe("2");
    expect(overall.getAttribute("aria-valuetext")).toMatch(/^2%, 22 MB of 982 MB/);
  });

  it("gives every file in flight a labelled progress bar with its value", () => {
    renderPanel(rows);

    const uploading = screen.getByRole("progressbar", { name: "clip.mp4: uploading" });
    expect(uploading.getAttribute("value")).toBe("25");
    expect(uploading.getAttribute("aria-valuetext")).toBe(
      "25%, 20 MB of 80 MB · 4 MB/s · 15 s left",
    );
    const checking = screen.getByRole("progressbar", { name: "big.mov: checking" });
    expect(checking.getAttribute("aria-valuetext")).toBe("50%, Checking… 50%");
    // Finished rows have no bar.
    expect(screen.getAllByRole("progressbar")).toHaveLength(3);
  });

  it("shows a duplicate as already in the library, linking to the item, not as an error", async () => {
    const { list } = renderPanel(rows);

    const link = screen.getByRole("link", { name: "Already in your library" });
    expect(link.getAttribute("href")).toBe("/media/med_9");
    await userEvent.click(link);
    expect(list.navigate).toHaveBeenCalledWith("/media/med_9");
    const row = link.closest("li") as HTMLElement;
    expect(within(row).queryByRole("button", { name: /Retry/ })).toBeNull();
  });

  it("offers cancel, retry, remove and choose-again by keyboard, each named for its file", async () => {
    const { list, uploads } = renderPanel(rows);
    const user = userEvent.setup();

    await user.tab();
    // The first stop is the panel's own toggle; then the rows' buttons in order.
    expect(document.activeElement?.getAttribute("aria-expanded")).toBe("true");
    await user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole("button", { name: "Cancel upload of clip.mp4" }),
    );
    await user.keyboard("{Enter}");
    expect(list.cancel).toHaveBeenCalledWith("up");

    await user.click(screen.getByRole("button", { name: "Retry c.jpg" }));
    expect(list.retry).toHaveBeenCalledWith("bad");
    await user.click(screen.getByRole("button", { name: "Remove a.jpg from the list" }));
    expect(list.dismiss).toHaveBeenCalledWith("ok");
    await user.click(screen.getByRole("button", { name: "Choose file" }));
    expect(uploads.pickFiles).toHaveBeenCalled();
    expect(
      screen.getByText("The connection dropped. Retry to carry on where it stopped."),
    ).toBeTruthy();
    // No closing while uploads run; cancelling a finished one is not offered.
    expect(screen.queryByRole("button", { name: "Close the uploads" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Cancel upload of a.jpg" })).toBeNull();
  });

  it("keeps the focus in the panel when a row's button removes the row", async () => {
    renderPanel(rows);
    await userEvent.click(screen.getByRole("button", { name: "Remove a.jpg from the list" }));
    expect(document.activeElement).toBe(screen.getByRole("heading", { level: 2 }));
  });

  it("never takes the focus by appearing", () => {
    const before = document.activeElement;
    renderPanel(rows);
    expect(document.activeElement).toBe(before);
  });

  it("folds its list away and back", async () => {
    renderPanel(rows);
    const toggle = screen.getByRole("button", { name: "Hide the list" });
    await userEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("button", { name: "Retry c.jpg" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Show the list" }));
    expect(screen.getByRole("button", { name: "Retry c.jpg" })).toBeTruthy();
  });

  it("can be closed once nothing is in flight, and is not there with nothing to show", async () => {
    const finished = rows.filter((row) => ["done", "duplicate", "failed"].includes(row.phase));
    const { list } = renderPanel(finished);
    expect(screen.getByRole("region", { name: "Uploads finished" })).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Close the uploads" }));
    expect(list.dismissFinished).toHaveBeenCalled();
  });

  it("renders nothing without rows", () => {
    renderPanel([]);
    expect(screen.queryByRole("region")).toBeNull();
  });
});
