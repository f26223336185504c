/**
 * The media domain's errors, with the API contract's codes. The functions package maps
 * their `kind` to the status (413, 415, 409, 404, 403).
 * @module
 */
import { AppError } from "../error";
import { acceptedMediaTypes } from "../schema/media";

const GiB = 1024 ** 3;
const inGiB = (bytes: number) => `${Math.round((bytes / GiB) * 10) / 10} GiB`;

export const MediaError = {
  /** 415: the type is not in the allow-list (SVG and HTML never are). */
  unsupportedType: (type: string) =>
    new AppError(
      "unsupported",
      "unsupported_media_type",
      `ShareSpace does not store ${type || "files of this type"}. It takes ${acceptedMediaTypes.join(", ")}.`,
      { details: [{ path: "contentType", message: "This type is not accepted." }] },
    ),

  /** 413: larger than the largest file. */
  fileTooLarge: (maxBytes: number) =>
    new AppError("too_large", "file_too_large", `A file may be at most ${inGiB(maxBytes)}.`, {
      details: [{ path: "size", message: `At most ${maxBytes} bytes.` }],
    }),

  /** 413: the upload would take the owner past their quota (in-flight uploads count). */
  quotaExceeded: (quotaBytes: number) =>
    new AppError(
      "too_large",
      "quota_exceeded",
      `This upload would go over your ${inGiB(quotaBytes)} of storage (uploads in progress count). Delete something first.`,
    ),

  /** 409: the caller already has these bytes, ready or processing. */
  duplicate: (mediaId: string) =>
    new AppError("conflict", "duplicate", "This file is already in your library.", { mediaId }),

  /** 404: no such item, or not one the caller may see. */
  notFound: () => new AppError("not_found", "not_found", "No such media."),

  /** 403: the caller may see the item (it is shared with them) but not change it. */
  forbidden: () =>
    new AppError("forbidden", "forbidden", "Only the owner can change or delete this."),
};
