/**
 * The web app on the stack's own origin: Vite in middleware mode with hot reload over the
 * same HTTP server, or a plain page saying why when the web package has no Vite config yet.
 * @module
 */
import { existsSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { join, resolve } from "node:path";

/** Options of {@link startWeb}. */
export interface WebOptions {
  /** The web package's directory (`packages/web`). */
  root: string;
  /** The server the app runs on; Vite's HMR websocket shares it. */
  httpServer: Server;
  /** Vite's info messages (dependency scans) are dropped until this settles: start-up prints one line. */
  quietUntil?: Promise<unknown>;
  /** Local data (the database, the signing key): never served, wherever it is. */
  dataDir?: string;
}

/** The web app as a request listener. */
export interface Web {
  handle(req: IncomingMessage, res: ServerResponse): void;
  stop(): Promise<void>;
}

/** Starts Vite on `root`/vite.config.ts, or serves a fallback page if there is none. */
export async function startWeb(options: WebOptions): Promise<Web> {
  const configFile = join(options.root, "vite.config.ts");
  if (!existsSync(configFile)) return fallbackPage(configFile);
  const { createLogger, createServer } = await import("vite");
  const logger = createLogger("info", { allowClearScreen: false });
  let quiet = Boolean(options.quietUntil);
  void options.quietUntil?.finally(() => {
    quiet = false;
  });
  const info = logger.info.bind(logger);
  logger.info = (message, logOptions) => {
    if (!quiet) info(message, logOptions);
  };
  const vite = await createServer({
    configFile,
    root: options.root,
    customLogger: logger,
    server: {
      middlewareMode: true,
      // Vite 8 spells HMR's `hmr.server` as `ws.server`.
      ws: { server: options.httpServer },
      fs: fileServing(options.root, options.dataDir),
    },
    appType: "spa",
  });
  return {
    handle(req, res) {
      vite.middlewares(req, res, () => {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found\n");
      });
    },
    stop: () => vite.close(),
  };
}

/** Vite's own deny list (setting `deny` replaces it). */
const VITE_DENY = [".env", ".env.*", "*.{crt,pem}", "**/.git/**"];

/**
 * What `/@fs/` may read: the web app, the core package it imports (the schemas) and the
 * installed packages, not the whole repository (Vite's default, which would include `.data/`,
 * the database and the signing key). The data directory is denied by name too, in case it
 * lies inside one of those.
 */
export function fileServing(webRoot: string, dataDir?: string) {
  const repo = resolve(webRoot, "..", "..");
  const glob = (path: string) => path.replaceAll("\\", "/").replace(/[*?[\]{}()!+@]/g, "\\$&");
  return {
    strict: true,
    allow: [webRoot, join(repo, "packages", "core"), join(repo, "node_modules")],
    deny: [
      ...VITE_DENY,
      "**/.data/**",
      ...(dataDir ? [glob(resolve(dataDir)), `${glob(resolve(dataDir))}/**`] : []),
    ],
  };
}

function fallbackPage(configFile: string): Web {
  const html = `<!doctype html><meta charset="utf-8"><title>ShareSpace</title>
<h1>ShareSpace</h1><p>The API is running under <a href="/api/health">/api</a>.
The web app is not here yet: ${configFile} is missing.</p>\n`;
  return {
    handle(_req, res) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    },
    stop: async () => {},
  };
}
