import sharp from "sharp";
import { rgbaToThumbHash } from "thumbhash";

/**
 * Pictures made on the spot for seeding a library: small landscapes (sky, sun, hills,
 * water) in many palettes and shapes, so screenshots and journeys look like a real
 * library without shipping photos. Rendered from SVG by sharp.
 */
export interface Artwork {
  width: number;
  height: number;
  /** WebP, longest side ≤ 320 px, as Process writes it. */
  thumbnail: Buffer;
  /** WebP, longest side ≤ 1200 px. */
  preview: Buffer;
  /** JPEG at full size: what an upload sends. */
  original: Buffer;
  /** ThumbHash, base64. */
  placeholder: string;
}

const palettes = [
  ["#1e3c72", "#f5af19", "#f12711", "#2b1d3f", "#3b2a52"],
  ["#89c4f4", "#fef9d7", "#ffd56b", "#3c6e47", "#285c3a"],
  ["#0f2027", "#7fd3e8", "#fdfbfb", "#203a43", "#2c5364"],
  ["#ff9a8b", "#ff6a88", "#ffe29a", "#5b3256", "#44233f"],
  ["#a1c4fd", "#c2e9fb", "#fffbe6", "#6b8f71", "#4a6d52"],
  ["#2c3e50", "#fd746c", "#ffd194", "#34495e", "#1f2d3a"],
  ["#e0c3fc", "#8ec5fc", "#ffffff", "#7b6d8d", "#5a4d6b"],
  ["#f6d365", "#fda085", "#fff1c1", "#b5651d", "#8a4b14"],
  ["#134e5e", "#71b280", "#e8f5c8", "#0b3440", "#0a2a33"],
  ["#4568dc", "#b06ab3", "#ffe0f0", "#2d2a4a", "#1f1d36"],
] as const;

/** Width × height of pictures as cameras and phones take them. */
export const shapes = [
  [4032, 3024],
  [3024, 4032],
  [6000, 4000],
  [1920, 1080],
  [3000, 3000],
  [1080, 1920],
  [4000, 6000],
  [5472, 3648],
] as const;

const random = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

function svg(seed: number, width: number, height: number): string {
  const next = random(seed + 1);
  const [skyTop, skyBottom, sun, near, far] = palettes[seed % palettes.length] as readonly string[];
  const hills = (level: number, colour: string, opacity: number) => {
    const base = height * level;
    const points = [`0,${height}`, `0,${base}`];
    const steps = 6;
    for (let i = 1; i <= steps; i++) {
      points.push(`${(width / steps) * i},${base - next() * height * 0.18}`);
    }
    points.push(`${width},${height}`);
    return `<polygon points="${points.join(" ")}" fill="${colour}" fill-opacity="${opacity}"/>`;
  };
  const sunX = width * (0.2 + next() * 0.6);
  const sunY = height * (0.25 + next() * 0.25);
  const sunR = Math.min(width, height) * (0.06 + next() * 0.06);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${skyTop}"/><stop offset="1" stop-color="${skyBottom}"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#s)"/>
    <circle cx="${sunX}" cy="${sunY}" r="${sunR}" fill="${sun}" fill-opacity="0.92"/>
    ${hills(0.62, far as string, 0.75)}
    ${hills(0.74, near as string, 0.9)}
    ${hills(0.86, near as string, 1)}
  </svg>`;
}

const cache = new Map<string, Promise<Artwork>>();

/** One picture; the same seed and shape always give the same bytes. */
export function artwork(seed: number, shape = shapes[seed % shapes.length]): Promise<Artwork> {
  const [width, height] = shape as readonly [number, number];
  const key = `${seed}:${width}x${height}`;
  let made = cache.get(key);
  if (!made) {
    made = render(seed, width, height);
    cache.set(key, made);
  }
  return made;
}

async function render(seed: number, width: number, height: number): Promise<Artwork> {
  // Drawn at a modest size: the originals need not be camera-sized to stand in for them.
  const scale = 1200 / Math.max(width, height);
  const w = Math.round(width * scale);
  const h = Math.round(height * scale);
  const base = sharp(Buffer.from(svg(seed, w, h)));
  const png = await base.png().toBuffer();
  const resized = (max: number) => sharp(png).resize(max, max, { fit: "inside" });
  const [thumbnail, preview, original, raw] = await Promise.all([
    resized(320).webp({ quality: 78 }).toBuffer(),
    resized(1200).webp({ quality: 80 }).toBuffer(),
    sharp(png).jpeg({ quality: 85 }).toBuffer(),
    resized(100).ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
  ]);
  const hash = rgbaToThumbHash(raw.info.width, raw.info.height, raw.data);
  return {
    width,
    height,
    thumbnail,
    preview,
    original,
    placeholder: Buffer.from(hash).toString("base64"),
  };
}
