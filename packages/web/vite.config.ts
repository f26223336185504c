import { fileURLToPath } from "node:url";
import { tanstackRouter } from "@tanstack/router-plugin/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * One config for every way the app is served: `vite` / `vite build` here, `sst dev`
 * (which sets `VITE_API_URL` to the deployed API) and the offline local stack, which
 * mounts Vite in middleware mode on its own server and answers `/api/*` itself.
 * Paths are absolute so the config works whatever the caller's working directory is.
 */
const root = fileURLToPath(new URL(".", import.meta.url));
const apiUrl = process.env.VITE_API_URL;

export default defineConfig({
  root,
  plugins: [
    // Must come before the React plugin: it rewrites route files for code splitting.
    tanstackRouter({
      target: "react",
      routesDirectory: `${root}src/routes`,
      generatedRouteTree: `${root}src/routeTree.gen.ts`,
      autoCodeSplitting: true,
      quoteStyle: "double",
      semicolons: true,
    }),
    react(),
  ],
  server: {
    // The browser always calls its own origin; under `sst dev` Vite forwards /api to the
    // deployed API so cookies (Path=/api/auth, SameSite=Strict) behave as on CloudFront.
    // The page's Origin (Vite's) becomes the router's too: the refresh and logout routes
    // refuse requests from any origin but the app's.
    proxy: apiUrl
      ? {
          "/api": {
            target: apiUrl.replace(/\/+$/, ""),
            changeOrigin: true,
            secure: true,
            configure: (proxy) => {
              proxy.on("proxyReq", (request) => {
                if (request.getHeader("origin"))
                  request.setHeader("origin", new URL(apiUrl).origin);
              });
            },
          },
        }
      : undefined,
  },
  // Vite's dependency scan does not follow workers: a package only the hash worker imports
  // would be found on the first upload, and its late optimisation reload the page mid-upload.
  optimizeDeps: { include: ["hash-wasm"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // React and the router in one file, as in an app with nothing else: left to itself the
    // bundler cuts them into pieces shared by the route chunks, and each piece compresses
    // apart (the sign-in page loaded sixteen files, 3 KB more gzip).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: "framework",
              test: /node_modules[\\/](react|react-dom|scheduler|use-sync-external-store|@tanstack[\\/](react-router|router-core|history|store|react-store))[\\/]/,
            },
          ],
        },
      },
    },
  },
});
