/**
 * The mail catcher through the real SES v2 client, configured only by the environment
 * handlers get (`AWS_ENDPOINT_URL_SESV2`, `SST_RESOURCE_Email`), and the pages that show
 * what it caught.
 */
import { BadRequestException, SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack?.close());

// Built as a handler builds it: endpoint, region and keys from the environment.
const ses = () => new SESv2Client({});
const sender = () => JSON.parse(process.env.SST_RESOURCE_Email ?? "{}").sender as string;

function send(to: string, subject: string, text: string, html?: string) {
  return ses().send(
    new SendEmailCommand({
      FromEmailAddress: `ShareSpace <${sender()}>`,
      Destination: { ToAddresses: [to] },
      Content: {
        Simple: {
          Subject: { Data: subject },
          Body: { Text: { Data: text }, ...(html ? { Html: { Data: html } } : {}) },
        },
      },
    }),
  );
}

describe("the SES stand-in", () => {
  it("is where handlers' SES client sends, and the Email link names a sender", () => {
    expect(process.env.AWS_ENDPOINT_URL_SESV2).toBe(`${stack.url}/_local/ses`);
    expect(JSON.parse(process.env.SST_RESOURCE_Email ?? "")).toEqual({
      sender: expect.stringMatching(/^[^@\s]+@[^@\s]+$/),
      configSet: expect.any(String),
    });
  });

  it("catches a message sent with SendEmail and lists it with its links, newest first", async () => {
    const to = "Ann@Example.com";
    const verify = "http://localhost:3000/verify?token=abc&next=%2F";
    const first = await send(
      to,
      "Verify your email",
      `Open ${verify}.\nThanks`,
      `<p><a href="${verify.replace("&", "&amp;")}">Verify</a></p>`,
    );
    expect(first.MessageId).toMatch(/^[0-9a-f-]{20,}$/);
    await send("someone-else@example.com", "Not for Ann", "Hello");
    await send(to, "Reset your password", "Reset: https://example.test/reset?t=1 (valid 30 min)");

    const res = await stack.request("GET", "/_local/mail.json?to=ann%40example.com");
    expect(res.status).toBe(200);
    expect(res.json.messages).toEqual([
      {
        to,
        subject: "Reset your password",
        text: "Reset: https://example.test/reset?t=1 (valid 30 min)",
        html: "",
        links: ["https://example.test/reset?t=1"],
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      expect.objectContaining({ subject: "Verify your email", links: [verify] }),
    ]);
    const all = await stack.request("GET", "/_local/mail.json");
    expect(all.json.messages).toHaveLength(3);
    expect(stack.mail.messages()).toHaveLength(3);
  });

  it("shows caught mail on a page, escaped, its links clickable", async () => {
    await send(
      "page@example.com",
      "<script>alert(1)</script> & more",
      "Go to https://example.test/a?b=1&c=<2>",
    );
    const res = await stack.request("GET", "/_local/mail");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    expect(res.text).not.toContain("<script>");
    expect(res.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
    expect(res.text).toContain('<a href="https://example.test/a?b=1&amp;c=">');
    // Newest first: this message comes before the ones of the previous test.
    expect(res.text.indexOf("alert(1)")).toBeLessThan(res.text.indexOf("Reset your password"));
  });

  it.each([
    [
      "raw content",
      {
        Content: { Raw: { Data: new TextEncoder().encode("x") } },
        Destination: { ToAddresses: ["a@b.c"] },
      },
    ],
    [
      "no recipient",
      {
        FromEmailAddress: "a@b.c",
        Destination: { ToAddresses: [] },
        Content: { Simple: { Subject: { Data: "s" }, Body: { Text: { Data: "t" } } } },
      },
    ],
    [
      "no body",
      {
        FromEmailAddress: "a@b.c",
        Destination: { ToAddresses: ["a@b.c"] },
        Content: { Simple: { Subject: { Data: "s" }, Body: {} } },
      },
    ],
  ])("answers %s with SES's BadRequestException", async (_label, input) => {
    const before = stack.mail.messages().length;
    await expect(ses().send(new SendEmailCommand(input))).rejects.toBeInstanceOf(
      BadRequestException,
    );
    expect(stack.mail.messages()).toHaveLength(before);
  });
});
