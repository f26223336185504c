import { type BucketNotification, bucket } from "@sharespace/core/bucket";
import { describe, expect, it } from "vitest";
import { matches, notificationMessages } from "../../src/notifications";
import { toS3EventRecord } from "../../src/s3-event";

/** A record as the local S3 endpoint writes it (key URL-encoded like S3's). */
const record = (eventName: string, key: string) =>
  toS3EventRecord(
    {
      eventTime: "2026-11-25T12:00:00.000Z",
      eventName,
      s3: { bucket: { name: "media" }, object: { key, size: 3, eTag: "abc" } },
    },
    "us-east-1",
  );

describe("the bucket's declared notifications", () => {
  it.each([
    ["ObjectCreated:Put", "originals/usr_1/med_1", true],
    ["ObjectCreated:Post", "originals/usr_1/med_2", true],
    ["ObjectCreated:CompleteMultipartUpload", "originals/a b.jpg", true],
    ["ObjectCreated:Copy", "originals/x", true],
    ["ObjectCreated:Put", "derived/usr_1/med_1/thumb.webp", false],
    ["ObjectCreated:Put", "uploads/originals/x", false],
    ["ObjectCreated:Put", "Originals/x", false],
    ["ObjectRemoved:Delete", "originals/usr_1/med_1", false],
  ])("%s of %s reaches the Processing queue: %s", (eventName, key, expected) => {
    const written = record(eventName, key);
    const messages = notificationMessages(bucket.notifications, { Records: [written] });
    expect(messages.length).toBe(expected ? 1 : 0);
    if (expected) {
      expect(messages[0]?.queue).toBe("Processing");
      const body = JSON.parse(messages[0]?.body ?? "");
      // What S3 sends: the event with this one record, named after the notification.
      expect(body).toEqual({
        Records: [{ ...written, s3: { ...written.s3, configurationId: "Process" } }],
      });
    }
  });
});

describe("S3's filter rules", () => {
  const notification = (rule: Partial<BucketNotification>): BucketNotification => ({
    name: "Test",
    events: ["s3:ObjectCreated:*"],
    queue: "Processing",
    ...rule,
  });

  it("names one event type exactly, or a family with *", () => {
    const put = notification({ events: ["s3:ObjectCreated:Put"] });
    expect(matches(put, record("ObjectCreated:Put", "k"))).toBe(true);
    expect(matches(put, record("ObjectCreated:Post", "k"))).toBe(false);
    const removed = notification({ events: ["s3:ObjectRemoved:*"] });
    expect(matches(removed, record("ObjectRemoved:Delete", "k"))).toBe(true);
    expect(matches(removed, record("ObjectCreated:Put", "k"))).toBe(false);
  });

  it("compares prefix and suffix with the key itself, not its URL encoding", () => {
    const rule = notification({ filterPrefix: "my photos/", filterSuffix: ".jpg" });
    expect(matches(rule, record("ObjectCreated:Put", "my photos/a+b.jpg"))).toBe(true);
    expect(matches(rule, record("ObjectCreated:Put", "my photos/a.png"))).toBe(false);
    expect(matches(rule, record("ObjectCreated:Put", "my+photos/a.jpg"))).toBe(false);
  });

  it("sends a record once to each notification it matches", () => {
    const messages = notificationMessages(
      [notification({ name: "A" }), notification({ name: "B", filterPrefix: "x/" })],
      { Records: [record("ObjectCreated:Put", "x/1")] },
    );
    expect(messages.map((m) => JSON.parse(m.body).Records[0].s3.configurationId)).toEqual([
      "A",
      "B",
    ]);
  });
});
