/**
 * Photos and poster frames to derivatives with sharp: decoded once to an upright, sRGB
 * render of at most the preview's size, from which the WebP preview, the WebP thumbnail and
 * the ThumbHash placeholder are made. Outputs carry no metadata (sharp writes none unless
 * told to). A photo with location metadata also gets a full-resolution `clean` copy without
 * it. HEIC/HEIF pixels come from libheif-js.
 * @module
 */
import sharp, { type Metadata, type Sharp, type SharpOptions } from "sharp";
import { rgbaToThumbHash } from "thumbhash";
import type { DerivedKind } from "../../storage";
import { decoding, Rejected } from "./errors";
import { cleanFormats, derivativeContentType } from "./formats";
import { decodeHeif, type Rgba } from "./heic";
import { photoMetadata } from "./metadata";

// Each invocation handles other images: libvips's operation cache would only hold memory.
sharp.cache(false);

/** The longest side of each WebP derivative, and its quality. */
export const derivativeSizes = {
  thumbnail: { size: 320, quality: 75 },
  preview: { size: 1600, quality: 80 },
} as const;

/** The ThumbHash is computed from a render of at most this many pixels a side (its limit). */
const PLACEHOLDER_SIZE = 100;

/**
 * What is rendered at all. Larger photos are kept, `ready`, without derivatives: their
 * bytes would not fit the function's memory (`queues.Processing` in `core/queue.ts`). RGBA
 * needs 4 bytes a pixel, so a HEIF decoded whole is held to fewer pixels than what libvips
 * streams.
 */
export const imageLimits = {
  maxBytes: 256 * 1024 ** 2,
  maxPixels: 268_402_689,
  /** 64 MP: every phone's HEIC (48 MP at most today); about 950 MB of RSS to decode. */
  maxHeifPixels: 64_000_000,
} as const;

/** One file to write. */
export interface Derivative {
  bytes: Uint8Array;
  contentType: string;
}

/** What a photo yields. */
export interface RenderedImage {
  /** After EXIF orientation. */
  width: number;
  height: number;
  takenAt?: string;
  gps: boolean;
  /** Base64 ThumbHash; absent when the photo is too large to render. */
  placeholder?: string;
  derivatives: Partial<Record<DerivedKind, Derivative>>;
}

const UNREADABLE = "The image could not be read: the file may be damaged.";

const input: SharpOptions = { failOn: "error", limitInputPixels: imageLimits.maxPixels };

/** Renders a photo of declared type `contentType` (its bytes already match it). */
export async function renderImage(bytes: Uint8Array, contentType: string): Promise<RenderedImage> {
  const meta = await decoding(UNREADABLE, () => sharp(bytes, input).metadata());
  // EXIF and XMP are parsed beside the decode (it never rejects): only the clean copy, made
  // after the derivatives, waits for them.
  const parsing = photoMetadata(meta).then(({ takenAt, gps }) => ({
    ...(takenAt ? { takenAt } : {}),
    gps,
  }));
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new Rejected(UNREADABLE);

  // HEVC-coded HEIF goes through libheif-js; AVIF (AV1 in HEIF) libvips decodes itself.
  const hevc = meta.format === "heif" && meta.compression === "hevc";
  const maxPixels = hevc ? imageLimits.maxHeifPixels : imageLimits.maxPixels;
  if (bytes.byteLength > imageLimits.maxBytes || width * height > maxPixels) {
    return { width, height, ...(await parsing), derivatives: {} };
  }
  const heif = hevc
    ? { ...(await decoding(UNREADABLE, () => decodeHeif(bytes))), opaque: !meta.hasAlpha }
    : undefined;

  const upright = () => (heif ? fromRgba(heif) : sharp(bytes, input).autoOrient());
  const rendered = await renderDerivatives(upright);
  const about = await parsing;
  const { gps } = about;
  const derivatives: RenderedImage["derivatives"] = rendered.derivatives;
  if (gps) {
    derivatives.clean = {
      bytes: await decoding(UNREADABLE, () => cleanCopy(bytes, upright(), contentType, meta)),
      contentType: derivativeContentType("clean", contentType),
    };
  }
  return {
    width: heif?.width ?? width,
    height: heif?.height ?? height,
    ...about,
    placeholder: rendered.placeholder,
    derivatives,
  };
}

/** Decoded RGBA as a sharp input, its alpha dropped when the image had none. */
function fromRgba(rgba: Rgba & { opaque: boolean }): Sharp {
  const image = sharp(rgba.data, {
    raw: { width: rgba.width, height: rgba.height, channels: 4 },
  });
  return rgba.opaque ? image.removeAlpha() : image;
}

/**
 * The preview, thumbnail and placeholder of an upright image: one decode (with JPEG's
 * shrink-on-load) to a raw render of the preview's size, then each from that render.
 */
export async function renderDerivatives(upright: () => Sharp): Promise<{
  placeholder: string;
  derivatives: Record<"thumbnail" | "preview", Derivative>;
}> {
  const { preview, thumbnail } = derivativeSizes;
  const render = await decoding(UNREADABLE, () =>
    upright()
      .resize(preview.size, preview.size, { fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  const raw = {
    raw: {
      width: render.info.width,
      height: render.info.height,
      channels: render.info.channels,
    },
  } as const;
  const fromRender = () => sharp(render.data, raw);
  const [previewBytes, thumbnailBytes, small] = await Promise.all([
    fromRender().webp({ quality: preview.quality }).toBuffer(),
    fromRender()
      .resize(thumbnail.size, thumbnail.size, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: thumbnail.quality })
      .toBuffer(),
    fromRender()
      .resize(PLACEHOLDER_SIZE, PLACEHOLDER_SIZE, { fit: "inside" })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
  ]);
  const hash = rgbaToThumbHash(small.info.width, small.info.height, small.data);
  return {
    placeholder: Buffer.from(hash).toString("base64"),
    derivatives: {
      preview: { bytes: previewBytes, contentType: "image/webp" },
      thumbnail: { bytes: thumbnailBytes, contentType: "image/webp" },
    },
  };
}

/**
 * The photo at full resolution, upright, with no metadata but its colour profile: what a
 * link visitor gets instead of an original that says where it was taken. An animated GIF
 * or WebP keeps its frames (and, as browsers do, ignores EXIF orientation).
 */
async function cleanCopy(
  bytes: Uint8Array,
  upright: Sharp,
  contentType: string,
  meta: Metadata,
): Promise<Uint8Array> {
  const format = (cleanFormats as Record<string, string | undefined>)[contentType];
  const animated = (meta.pages ?? 1) > 1 && (format === "gif" || format === "webp");
  const image = animated ? sharp(bytes, { ...input, animated: true }) : upright;
  const kept = meta.icc && !animated ? image.keepIccProfile() : image;
  switch (format) {
    case "png":
      return kept.png().toBuffer();
    case "webp":
      return kept.webp({ quality: 90 }).toBuffer();
    case "gif":
      return kept.gif().toBuffer();
    case "avif":
      return kept.avif({ quality: 70, effort: 2 }).toBuffer();
    default:
      return kept.flatten({ background: "#ffffff" }).jpeg({ quality: 92 }).toBuffer();
  }
}
