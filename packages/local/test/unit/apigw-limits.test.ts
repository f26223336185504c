import { request } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MalformedResultError } from "../../src/apigw";
import { recorder, route, send, startGateway, type TestGateway } from "./apigw-harness";

const MB = 1024 * 1024;
let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function upload(size: number, options: { contentType?: string; chunked?: boolean } = {}) {
  const spy = recorder();
  gateway = await startGateway({ routes: [route("POST /upload", spy.handler)] });
  const response = await send(gateway.port, "/upload", {
    method: "POST",
    headers: [["content-type", options.contentType ?? "application/octet-stream"]],
    body: Buffer.alloc(size, 0x61),
    chunked: options.chunked,
  });
  return { response, handler: spy.handler };
}

describe("request body limits", () => {
  it.each([
    ["declared in content-length", false],
    ["sent chunked", true],
  ])("answers 413 over 10 MB %s, before the handler", async (_, chunked) => {
    const { response, handler } = await upload(10 * MB + 1, { chunked });
    expect(response.status).toBe(413);
    expect(response.text).toBe("HTTP content length exceeded 10485760 bytes.");
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 413 when the event would pass Lambda's 6 MB invoke limit", async () => {
    // 5 MB of binary is about 6.7 MB once base64-encoded into the event.
    const { response, handler } = await upload(5 * MB);
    expect(response.status).toBe(413);
    expect(response.text).toBe('{"message":"Request Entity Too Large"}');
    expect(handler).not.toHaveBeenCalled();
  });

  it("passes a body that fits both limits", async () => {
    const { response, handler } = await upload(4 * MB, { contentType: "text/plain" });
    expect(response.status).toBe(200);
    expect(handler.mock.calls[0]?.[0].body).toHaveLength(4 * MB);
  });
});

describe("request line and header limit (10240 bytes)", () => {
  it.each([
    [9_000, 200],
    [10_300, 431],
  ])("a %i-byte header value → %i", async (size, status) => {
    const spy = recorder();
    gateway = await startGateway({ routes: [route("GET /x", spy.handler)] });
    const response = await send(gateway.port, "/x", { headers: [["x-big", "b".repeat(size)]] });
    expect(response.status).toBe(status);
    expect(spy.handler).toHaveBeenCalledTimes(status === 200 ? 1 : 0);
    if (status === 431) expect(response.text).toBe('{"message":"Request Header Fields Too Large"}');
  });

  it("counts the request line too", async () => {
    const spy = recorder();
    gateway = await startGateway({ routes: [route("GET /x", spy.handler)] });
    const response = await send(gateway.port, `/x?q=${"q".repeat(10_300)}`);
    expect(response.status).toBe(431);
  });
});

describe("response limit", () => {
  it("answers 500 when the result passes Lambda's 6 MB response limit", async () => {
    const onError = vi.fn();
    gateway = await startGateway({
      routes: [route("GET /big", async () => ({ statusCode: 200, body: "x".repeat(6 * MB) }))],
      onError,
    });
    const response = await send(gateway.port, "/big");
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalledWith(expect.any(MalformedResultError), "GET /big");
  });
});

describe("a client that leaves mid-body", () => {
  it("is not reported, never reaches the handler and does not disturb the server", async () => {
    const onError = vi.fn();
    const spy = recorder();
    gateway = await startGateway({ routes: [route("POST /x", spy.handler)], onError });
    const port = gateway.port;
    await new Promise<void>((resolve) => {
      const req = request({ host: "127.0.0.1", port, path: "/x", method: "POST" });
      req.setHeader("content-length", "1000");
      req.on("error", () => resolve());
      req.write("only ten b", () => setTimeout(() => req.destroy(), 20));
      req.on("close", () => resolve());
    });
    const after = await send(port, "/x", { method: "POST", body: "{}" });
    expect(after.status).toBe(200);
    expect(spy.handler).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });
});
