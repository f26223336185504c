import { createServer, type Server } from "node:net";
import { PortInUseError } from "./errors";

/** A port that was free a moment ago on `host` (for services that cannot listen on port 0). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const server = createServer();
  const port = await listen(server, 0, host, "probe");
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Fails with {@link PortInUseError} when something listens on `port`, on any address: Java
 * binds every interface, so probing only loopback could miss a conflict.
 */
export async function assertPortFree(port: number, service: string): Promise<void> {
  const server = createServer();
  await listen(server, port, undefined, service);
  await new Promise((resolve) => server.close(resolve));
}

/**
 * `server.listen` as a promise that rejects instead of emitting an unhandled `error`.
 * @returns The port listened on (useful with port 0).
 * @throws PortInUseError on EADDRINUSE.
 */
export function listen(
  server: Pick<Server, "listen" | "once" | "off" | "address">,
  port: number,
  host: string | undefined,
  service: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE" ? new PortInUseError(port, service, { cause: error }) : error,
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
