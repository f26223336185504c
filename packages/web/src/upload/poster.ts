import { limits } from "@sharespace/core/schema";

/** The longest side of a poster frame: the size of the preview Process makes from it. */
export const POSTER_MAX_SIDE = 1600;
const TIMEOUT_MS = 20_000;

/** Where to take the frame: about a second in, or a tenth of a short clip. */
export function posterTime(durationSeconds: number): number {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return 0;
  return Math.min(1, durationSeconds * 0.1);
}

/** The frame's size on the canvas: the video's, scaled down to fit the longest side. */
export function posterSize(width: number, height: number, maxSide = POSTER_MAX_SIDE) {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

const once = (target: EventTarget, type: string, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const fail = () => reject(new Error(`The video could not be read (${type}).`));
    target.addEventListener("error", fail, { once: true, signal });
    target.addEventListener("abort", fail, { once: true, signal });
    target.addEventListener(
      type,
      () => {
        target.removeEventListener("error", fail);
        resolve();
      },
      { once: true, signal },
    );
  });

const toBlob = (canvas: HTMLCanvasElement, type: string, quality: number) =>
  new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));

/**
 * Captures a poster frame of a video in the browser: a video element seeks to the frame, a
 * canvas draws it no larger than 1600 px, and it is encoded as WebP (JPEG where the browser
 * cannot write WebP), at most 2 MiB. `undefined` when the browser cannot play the video
 * (a codec it lacks): the video is uploaded all the same, without a poster.
 */
export async function capturePoster(file: Blob): Promise<Blob | undefined> {
  const url = URL.createObjectURL(file);
  const video = document.createElement("video");
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const timedOut = new Promise<never>((_, reject) =>
    controller.signal.addEventListener("abort", () => reject(new Error("Timed out")), {
      once: true,
    }),
  );
  // Ending the capture aborts the controller: nobody waits for the timeout then.
  timedOut.catch(() => undefined);
  try {
    video.muted = true;
    video.playsInline = true;
    video.preload = "auto";
    const loaded = once(video, "loadeddata", controller.signal);
    video.src = url;
    await Promise.race([loaded, timedOut]);
    if (!video.videoWidth || !video.videoHeight) return undefined;
    const seeked = once(video, "seeked", controller.signal);
    video.currentTime = posterTime(video.duration);
    await Promise.race([seeked, timedOut]);

    const { width, height } = posterSize(video.videoWidth, video.videoHeight);
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    if (!context) return undefined;
    context.drawImage(video, 0, 0, width, height);
    for (const quality of [0.85, 0.7, 0.5]) {
      const webp = await toBlob(canvas, "image/webp", quality);
      // A browser that cannot write WebP answers PNG: fall back to JPEG, which all write.
      const blob = webp?.type === "image/webp" ? webp : await toBlob(canvas, "image/jpeg", quality);
      if (blob && blob.size <= limits.media.posterMaxBytes) return blob;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    controller.abort();
    video.removeAttribute("src");
    video.load();
    URL.revokeObjectURL(url);
  }
}
