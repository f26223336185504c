import { spawn } from "node:child_process";

/**
 * The one way out that no exit hook sees is SIGKILL (an IDE's stop button, the OOM killer).
 * For that, a tiny shell outside this process's group polls this process once a second
 * and stops `childPid`'s process group once it is gone.
 * @returns A function that ends the watchdog (call it once the child has been stopped).
 */
export function watchForOrphan(childPid: number): () => void {
  if (process.platform === "win32") return () => {};
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -TERM -"$2" 2>/dev/null';
  const watchdog = spawn(
    "/bin/sh",
    ["-c", script, "watchdog", String(process.pid), String(childPid)],
    {
      detached: true,
      stdio: "ignore",
    },
  );
  watchdog.on("error", () => {}); // no shell: the exit hook is all there is
  watchdog.unref();
  return () => {
    if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill("SIGKILL");
  };
}
