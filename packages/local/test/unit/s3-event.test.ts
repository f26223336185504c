import { describe, expect, it } from "vitest";
import { encodeEventKey, toS3Event } from "../../src/s3-event";

describe("encodeEventKey", () => {
  it.each([
    ["uploads/usr_1/med_2", "uploads/usr_1/med_2"],
    ["a photo.jpg", "a+photo.jpg"],
    ["1+1=2.txt", "1%2B1%3D2.txt"],
    ["café/ü.png", "caf%C3%A9/%C3%BC.png"],
    ["what?#&.gif", "what%3F%23%26.gif"],
  ])(
    "writes %j as %j, which handlers decode with decodeURIComponent after + → space",
    (key, encoded) => {
      expect(encodeEventKey(key)).toBe(encoded);
      expect(decodeURIComponent(encoded.replace(/\+/g, " "))).toBe(key);
    },
  );
});

describe("toS3Event", () => {
  const s3rverEvent = {
    Records: [
      {
        eventTime: "2026-11-25T12:00:00.000Z",
        eventName: "ObjectCreated:Post",
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        s3: {
          bucket: { name: "media" },
          object: { key: "a b", size: 42, eTag: "abc", sequencer: "18F0" },
        },
      },
    ],
  };

  it("fixes what s3rver gets wrong and passes the event name through", () => {
    const [record] = toS3Event(s3rverEvent, "eu-west-1").Records;
    expect(record).toMatchObject({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "eu-west-1",
      eventName: "ObjectCreated:Post",
      s3: {
        bucket: { name: "media", arn: "arn:aws:s3:::media" },
        object: { key: "a+b", size: 42, eTag: "abc", sequencer: "18F0" },
      },
    });
  });
});
