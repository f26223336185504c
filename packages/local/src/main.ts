/**
 * `npm start`: the offline local stack (see `cli.ts`). Exits 0 after Ctrl-C or SIGTERM, 1
 * when it cannot start.
 * @module
 */
import { main } from "./cli";

process.exitCode = await main();
// Vite's file watchers would keep the process alive; the exit hook still runs.
process.exit();
