import { describe, expect, it } from "vitest";
import { ApiError } from "../api/error";
import { describeFailure, isUploadGone } from "./failure";

/** A failed S3 request as Uppy rejects it: an Error carrying the XHR as `source`. */
function s3Failure(status: number, responseText = "", message = "Non 2xx") {
  return Object.assign(new Error(message), { source: { status, responseText } });
}

/** S3's XML error body. */
const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

describe("describeFailure", () => {
  it("says the file changed when S3 refuses bytes that differ from their checksum", () => {
    const badDigest = s3Failure(
      400,
      s3Error("BadDigest", "The sha256 you specified did not match the calculated checksum."),
    );
    expect(describeFailure(badDigest)).toBe(
      "The file changed while it was being sent. Retry, or choose it again if you edited it.",
    );
  });

  it("keeps the general message for other 400s from S3", () => {
    const other = s3Failure(400, s3Error("InvalidRequest", "Value for x-amz-checksum-sha256"));
    expect(describeFailure(other)).toBe("The upload failed. Retry, or choose the file again.");
    expect(describeFailure(s3Failure(400))).toBe(
      "The upload failed. Retry, or choose the file again.",
    );
  });

  it("does not fail on an XHR whose response cannot be read as text", () => {
    const source = {
      status: 400,
      get responseText(): string {
        throw new DOMException("not text", "InvalidStateError");
      },
    };
    const error = Object.assign(new Error("Non 2xx"), { source });
    expect(describeFailure(error)).toBe("The upload failed. Retry, or choose the file again.");
  });

  it("tells a dropped connection, an expired link and a storage outage apart", () => {
    expect(describeFailure(s3Failure(0, "", "Unknown error"))).toMatch(/connection dropped/);
    expect(describeFailure(s3Failure(403, s3Error("AccessDenied", "Request has expired")))).toBe(
      "The upload link expired. Retry to carry on.",
    );
    expect(describeFailure(s3Failure(503, s3Error("SlowDown", "Reduce your request rate")))).toBe(
      "Storage is having trouble right now. Retry in a moment.",
    );
  });

  it("passes the API's own message on", () => {
    const quota = new ApiError(413, "quota_exceeded", "This upload would pass your storage quota.");
    expect(describeFailure(quota)).toBe("This upload would pass your storage quota.");
  });
});

describe("isUploadGone", () => {
  it("is true for an upload the API or S3 no longer knows, false for a refused PUT", () => {
    expect(isUploadGone(new ApiError(404, "not_found", "Not found."))).toBe(true);
    expect(isUploadGone(s3Failure(404, s3Error("NoSuchUpload", "The upload does not exist")))).toBe(
      true,
    );
    expect(isUploadGone(s3Failure(400, s3Error("BadDigest", "did not match")))).toBe(false);
  });
});
