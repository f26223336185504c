import { table } from "@sharespace/core/table";
import { describe, expect, it } from "vitest";
import { createTableInput } from "../../src/ensure-table";

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
