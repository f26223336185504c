/**
 * HEIC/HEIF decoding with libheif-js (libheif built to WebAssembly): sharp's prebuilt libvips
 * reads the HEIF container but cannot decode HEVC. The module and its `.wasm` are loaded
 * from `node_modules` on first use (the Process function installs `libheif-js` rather than
 * bundling it), once per container.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** Decoded pixels: 8-bit RGBA, upright (libheif applies the file's rotation and mirroring). */
export interface Rgba {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The part of libheif-js's API used here. */
interface HeifImage {
  get_width(): number;
  get_height(): number;
  is_primary(): boolean;
  display(
    target: { data: Uint8ClampedArray; width: number; height: number },
    done: (result: { data: Uint8ClampedArray } | null) => void,
  ): void;
  free(): void;
}
interface LibHeif {
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] };
}

let loaded: LibHeif | undefined;

function libheif(): LibHeif {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    // The package's own `wasm` entry reads the binary relative to the working directory.
    const wasmBinary = readFileSync(require.resolve("libheif-js/libheif-wasm/libheif.wasm"));
    const factory = require("libheif-js/libheif-wasm/libheif.js") as (options: {
      wasmBinary: Uint8Array;
    }) => LibHeif;
    loaded = factory({ wasmBinary });
  }
  return loaded;
}

/** Decodes the primary image of a HEIF file (RGBA: 4 bytes a pixel; check its size first). */
export async function decodeHeif(bytes: Uint8Array): Promise<Rgba> {
  const images = new (libheif().HeifDecoder)().decode(bytes);
  try {
    const image = images.find((candidate) => candidate.is_primary()) ?? images[0];
    if (!image) throw new Error("The HEIF file holds no image");
    const width = image.get_width();
    const height = image.get_height();
    const data = new Uint8ClampedArray(width * height * 4);
    const shown = await new Promise<{ data: Uint8ClampedArray }>((resolve, reject) =>
      image.display({ data, width, height }, (result) =>
        result ? resolve(result) : reject(new Error("libheif could not decode the image")),
      ),
    );
    return {
      data: new Uint8Array(shown.data.buffer, shown.data.byteOffset, shown.data.byteLength),
      width,
      height,
    };
  } finally {
    for (const image of images) image.free();
  }
}
