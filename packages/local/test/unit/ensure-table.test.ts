import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { table } from "@sharespace/core/table";
import { describe, expect, it } from "vitest";
import { createTableInput, tableMarker } from "../../src/ensure-table";

describe("createTableInput", () => {
  it("creates what SST deploys from packages/core/src/table.ts", () => {
    expect(createTableInput("t", table)).toEqual({
      TableName: "t",
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: Object.keys(table.fields).map((AttributeName) => ({
        AttributeName,
        AttributeType: "S",
      })),
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: Object.entries(table.globalIndexes).map(([IndexName, index]) => ({
        IndexName,
        KeySchema: [
          { AttributeName: index.hashKey, KeyType: "HASH" },
          { AttributeName: index.rangeKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      LocalSecondaryIndexes: undefined,
    });
  });

  it("honours SST's other index options: projections, local indexes, number keys", () => {
    const input = createTableInput("t", {
      fields: { id: "string", at: "number", tag: "string" },
      primaryIndex: { hashKey: "id" },
      globalIndexes: { byTag: { hashKey: "tag", projection: "keys-only" } },
      localIndexes: { byTime: { rangeKey: "at", projection: ["title"] } },
    });
    expect(input.AttributeDefinitions).toContainEqual({ AttributeName: "at", AttributeType: "N" });
    expect(input.GlobalSecondaryIndexes?.[0]?.Projection).toEqual({ ProjectionType: "KEYS_ONLY" });
    expect(input.LocalSecondaryIndexes?.[0]).toEqual({
      IndexName: "byTime",
      KeySchema: [
        { AttributeName: "id", KeyType: "HASH" },
        { AttributeName: "at", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["title"] },
    });
  });
});

describe("tableMarker", () => {
  it("matches only the definition it was written for", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sharespace-marker-"));
    try {
      const file = join(dir, "marker");
      const marker = tableMarker(file, "t", table);
      expect(await marker.matches()).toBe(false);
      await marker.write();
      expect(await marker.matches()).toBe(true);
      const { gsi2: _gsi2, ...globalIndexes } = table.globalIndexes;
      expect(await tableMarker(file, "t", { ...table, globalIndexes }).matches()).toBe(false);
      expect(await tableMarker(file, "t", { ...table, ttl: "gone" }).matches()).toBe(false);
      expect(await tableMarker(file, "other", table).matches()).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
