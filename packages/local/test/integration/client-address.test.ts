/**
 * The client's address as the app reads it, `cloudfront-viewer-address`, through the test
 * stack's requests: from 127.0.0.1 by default, from another loopback address with `from`,
 * and never what the client claims.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack({
    handlers: {
      // Stands in for the User function: answers with what it was told about the client.
      User: async (event: APIGatewayProxyEventV2) => ({
        viewer: event.headers["cloudfront-viewer-address"],
        sourceIp: event.requestContext.http.sourceIp,
      }),
    },
  });
});
afterAll(() => stack?.close());

const viewerIp = (viewer: string) => viewer.slice(0, viewer.lastIndexOf(":"));

describe("the client address handlers see", () => {
  it("is the socket's address and port", async () => {
    const res = await stack.request("GET", "/api/health");
    expect(res.json.viewer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(res.json.sourceIp).toBe("127.0.0.1");
  });

  it("is another address for a request sent from 127.0.0.2, and for a client bound to it", async () => {
    const res = await stack.request("GET", "/api/health", { from: "127.0.0.2" });
    expect(viewerIp(res.json.viewer)).toBe("127.0.0.2");
    const elsewhere = stack.client({ from: "127.0.0.2" });
    expect(viewerIp((await elsewhere.request("GET", "/api/health")).json.viewer)).toBe("127.0.0.2");
    expect(viewerIp((await stack.client().request("GET", "/api/health")).json.viewer)).toBe(
      "127.0.0.1",
    );
  });

  it("ignores what the client claims in CloudFront-Viewer-Address or X-Forwarded-For", async () => {
    const res = await stack.request("GET", "/api/health", {
      headers: {
        "CloudFront-Viewer-Address": "203.0.113.7:443",
        "X-Forwarded-For": "198.51.100.1",
      },
    });
    expect(viewerIp(res.json.viewer)).toBe("127.0.0.1");
  });
});
