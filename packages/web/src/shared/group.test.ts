import type { SharedMedia } from "@sharespace/core/schema";
import { describe, expect, it } from "vitest";
import { groupByMonth } from "./group";

const item = (id: string, sharedAt: string, size?: [number, number]): SharedMedia => ({
  id,
  ownerId: "usr_owner",
  filename: `${id}.jpg`,
  title: "",
  description: "",
  contentType: "image/jpeg",
  size: 1,
  takenAt: "2026-01-01T00:00:00.000Z",
  status: "ready",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...(size ? { width: size[0], height: size[1] } : {}),
  sharedBy: { id: "usr_owner", name: "Alice" },
  sharedAt,
});

describe("Shared with me, by month", () => {
  it("keeps the API's order and starts a month where the share's month changes", () => {
    const months = groupByMonth([
      item("a", "2026-11-20T10:00:00.000Z"),
      item("b", "2026-11-02T10:00:00.000Z"),
      item("c", "2026-10-31T23:59:59.000Z"),
      item("a", "2026-11-20T10:00:00.000Z"),
    ]);
    expect(months.map((m) => [m.month, m.items.map((i) => i.id)])).toEqual([
      ["2026-11", ["a", "b"]],
      ["2026-10", ["c"]],
    ]);
  });
});
