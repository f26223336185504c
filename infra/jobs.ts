import { sweepSchedule } from "../packages/core/src/media/schedule";
import { permissionsOf } from "./permissions";
import { media, table } from "./storage";

/*
 * The media sweep: removes uploads never completed (item, reserved bytes, parts, object)
 * and retries or fails items stuck in processing. The schedule is declared once in core;
 * the local stack runs the same handler on a timer.
 */
export const sweep = new sst.aws.Cron("MediaSweep", {
  schedule: sweepSchedule.rate,
  function: {
    handler: "packages/functions/src/sweep.handler",
    link: [table, media],
    permissions: permissionsOf("Sweep"),
    timeout: "5 minutes",
  },
});
