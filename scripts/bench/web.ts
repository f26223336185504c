/**
 * The web app's weight, from its production build (`vite build`, the config deploys use):
 * the JS and CSS a browser loads, gzipped, for the sign-in page and for the gallery (the
 * entry, the route's chunks and everything they import statically; what is only imported
 * dynamically loads later), against the floor: a React 19 + TanStack Router app with nothing
 * in it, built in the same run the same way. And whether the upload engine stays out of
 * the gallery until an upload starts.
 * @module
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type Figure, figure } from "./figure";

const root = join(import.meta.dirname, "../..");
const webRoot = join(root, "packages/web");
const out = join(root, "bench/.build/web");

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, Chunk>;

async function viteBuild(config: Record<string, unknown>, outDir: string): Promise<Manifest> {
  const { build } = await import("vite");
  await build({
    ...config,
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, manifest: "manifest.json" },
  });
  return JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8"));
}

/** The files a page loads up front: these chunks and their static imports, with their CSS. */
function closure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`no chunk ${key} in the manifest`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return files;
}

/** Gzipped bytes of some built files, JS and CSS apart. */
function weigh(dir: string, files: Set<string>) {
  let js = 0;
  let css = 0;
  for (const file of files) {
    const bytes = gzipSync(readFileSync(join(dir, file))).byteLength;
    if (file.endsWith(".css")) css += bytes;
    else js += bytes;
  }
  return { js: js / 1024, css: css / 1024 };
}

/**
 * The manifest keys of the chunks a route loads when shown (TanStack Router splits a route
 * file: its component and loader load with it; its error component only on an error).
 */
const routeChunks = (manifest: Manifest, routeFile: string) =>
  Object.keys(manifest).filter((key) => {
    const [file, query = ""] = key.split("?");
    return file === `src/routes/${routeFile}` && !/errorComponent|notFoundComponent/.test(query);
  });

/** The empty app: one root route, one page saying hello. */
function writeFloor(dir: string) {
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Floor</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>`,
  );
  writeFileSync(
    join(dir, "src/main.tsx"),
    `import { createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

const rootRoute = createRootRoute({ component: () => <Outlet /> });
const index = createRoute({ getParentRoute: () => rootRoute, path: "/", component: () => <p>Hello</p> });
const router = createRouter({ routeTree: rootRoute.addChildren([index]) });
createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode><RouterProvider router={router} /></StrictMode>,
);
`,
  );
}

export async function run(): Promise<Figure[]> {
  rmSync(out, { recursive: true, force: true });
  const app = await viteBuild({ configFile: join(webRoot, "vite.config.ts") }, join(out, "app"));
  const floorDir = join(out, "floor-src");
  writeFloor(floorDir);
  const react = (await import("@vitejs/plugin-react")).default;
  const floor = await viteBuild(
    { configFile: false, root: floorDir, plugins: [react()] },
    join(out, "floor"),
  );

  const entry = Object.keys(app).find((key) => app[key]?.isEntry);
  const floorEntry = Object.keys(floor).find((key) => floor[key]?.isEntry);
  if (!entry || !floorEntry) throw new Error("no entry chunk in a build");
  const page = (routes: string[]) =>
    closure(app, [entry, ...routes.flatMap((route) => routeChunks(app, route))]);
  const signIn = page(["__root.tsx", "signin.tsx"]);
  const gallery = page(["__root.tsx", "_authed.tsx", "_authed/gallery.tsx"]);
  const floorWeight = weigh(join(out, "floor"), closure(floor, [floorEntry]));
  const signInWeight = weigh(join(out, "app"), signIn);
  const galleryWeight = weigh(join(out, "app"), gallery);

  // The engine's module, wherever it went: it must not be among the gallery's first files.
  const engine = Object.entries(app).find(([key]) => key.startsWith("src/upload/engine.ts"));
  const engineUpFront = engine && gallery.has(engine[1].file) ? 1 : 0;

  return [
    figure(
      "web sign-in page, JS gzip",
      { value: signInWeight.js, unit: "KB", baseline: floorWeight.js },
      { kind: "max", value: 110, of: "value" },
    ),
    figure("web sign-in page, CSS gzip", { value: signInWeight.css, unit: "KB" }),
    figure(
      "web gallery, JS gzip",
      { value: galleryWeight.js, unit: "KB", baseline: floorWeight.js },
      { kind: "max", value: 160, of: "value" },
    ),
    figure("web gallery, CSS gzip", { value: galleryWeight.css, unit: "KB" }),
    figure(
      "web upload engine loaded with the gallery",
      { value: engine ? engineUpFront : 1, unit: "chunks" },
      { kind: "max", value: 0, of: "value" },
      "0 (loaded when an upload starts)",
    ),
  ];
}
