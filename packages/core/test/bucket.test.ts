import { describe, expect, it } from "vitest";
import { bucket, corsRule, corsXml } from "../src/bucket";

describe("bucket CORS", () => {
  it("renders one rule as the S3 XML document, ETag exposed for multipart", () => {
    const xml = corsXml(corsRule(["http://localhost:3000"]));
    expect(xml).toContain("<AllowedOrigin>http://localhost:3000</AllowedOrigin>");
    for (const method of bucket.cors.allowMethods) {
      expect(xml).toContain(`<AllowedMethod>${method}</AllowedMethod>`);
    }
    expect(xml).toContain("<ExposeHeader>ETag</ExposeHeader>");
    expect(xml).toContain(`<MaxAgeSeconds>${bucket.cors.maxAgeSeconds}</MaxAgeSeconds>`);
  });

  it("escapes what would break the XML", () => {
    expect(corsXml(corsRule(["https://a.example/<x>&"]))).toContain(
      "<AllowedOrigin>https://a.example/&#60;x&#62;&#38;</AllowedOrigin>",
    );
  });
});
