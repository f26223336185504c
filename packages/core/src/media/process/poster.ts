/**
 * A video's poster frame, as the web app captures and uploads it (`POST /api/media/{id}/
 * poster`): checked (size, WebP or JPEG bytes, decodable, sane dimensions), then made into
 * the video's thumbnail, preview, poster and placeholder. A poster that fails a check is
 * deleted and ignored: the video stays as it is.
 * @module
 */
import sharp from "sharp";
import { limits } from "../../limits";
import { ObjectKey, Storage } from "../../storage";
import { readItem } from "../store";
import { addDerivatives } from "../transitions";
import { decoding, Rejected } from "./errors";
import { renderDerivatives } from "./image";
import type { Outcome, Ref } from "./original";
import { sniff } from "./sniff";
import { readAll } from "./source";

/** What a poster may be: a frame of a real video, not a banner or a bomb. */
export const posterLimits = {
  types: ["image/webp", "image/jpeg"],
  minSide: 16,
  maxSide: 8192,
  /** Longest side over shortest side (a 32:9 phone recording is 3.6). */
  maxAspect: 8,
  /** The stored `poster` derivative's longest side. */
  storedSide: 3840,
} as const;

/** Thrown when the video is not processed yet: the queue brings the poster back later. */
export class PosterTooEarly extends Error {
  override readonly name = "PosterTooEarly";
}

/** Processes the poster upload of the video `ref` names. */
export async function processPoster(ref: Ref): Promise<Outcome> {
  const key = ObjectKey.posterUpload(ref.ownerId, ref.mediaId);
  const discard = async (reason: string): Promise<Outcome> => {
    await Storage.remove([key]);
    return { result: "poster-discarded", reason };
  };
  const item = await readItem(ref.mediaId);
  if (!item || item.ownerId !== ref.ownerId) return discard("no such video");
  if (!item.contentType.startsWith("video/")) return discard("not a video");
  if (item.status === "failed") return discard("the video failed");
  if (item.status === "uploading") {
    throw new PosterTooEarly(`${item.mediaId} is still uploading; its poster waits`);
  }
  const head = await Storage.head(key);
  if (!head) return { result: "ignored", status: "poster already handled" };
  if (head.size > limits.media.posterMaxBytes) return discard(`${head.size} bytes`);

  const bytes = await readAll(key);
  const detected = await sniff(bytes);
  if (!detected || !(posterLimits.types as readonly string[]).includes(detected)) {
    return discard(`not WebP or JPEG (${detected ?? "unknown"})`);
  }
  let made: Awaited<ReturnType<typeof render>>;
  try {
    made = await render(bytes);
  } catch (error) {
    if (error instanceof Rejected) return discard(error.reason);
    throw error;
  }
  await Promise.all(
    (["thumbnail", "preview", "poster"] as const).map((kind) =>
      Storage.derived.write(ref.ownerId, ref.mediaId, kind, made.files[kind], "image/webp"),
    ),
  );
  const recorded = await addDerivatives(ref, {
    derivatives: ["thumbnail", "preview", "poster"],
    placeholder: made.placeholder,
  });
  await Storage.remove([key]);
  return recorded.changed
    ? { result: "poster", derivatives: ["thumbnail", "preview", "poster"] }
    : { result: "ignored", status: recorded.item?.status ?? "gone" };
}

const UNREADABLE = "The poster could not be read.";

/** The poster's derivatives, after checking that it decodes to a sane frame. */
async function render(bytes: Uint8Array) {
  const input = { failOn: "error", limitInputPixels: posterLimits.maxSide ** 2 } as const;
  const meta = await decoding(UNREADABLE, () => sharp(bytes, input).metadata());
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const { minSide, maxSide, maxAspect } = posterLimits;
  const sane =
    Math.min(width, height) >= minSide &&
    Math.max(width, height) <= maxSide &&
    Math.max(width, height) / Math.min(width, height) <= maxAspect;
  if (!sane) throw new Rejected(`${width}×${height} is not a video frame`);
  const upright = () => sharp(bytes, input).autoOrient();
  const [rendered, poster] = await Promise.all([
    renderDerivatives(upright),
    decoding(UNREADABLE, () =>
      upright()
        .resize(posterLimits.storedSide, posterLimits.storedSide, {
          fit: "inside",
          withoutEnlargement: true,
        })
        .webp({ quality: 85 })
        .toBuffer(),
    ),
  ]);
  return {
    placeholder: rendered.placeholder,
    files: {
      thumbnail: rendered.derivatives.thumbnail.bytes,
      preview: rendered.derivatives.preview.bytes,
      poster,
    },
  };
}
