import { freePort } from "../../local/src/ports";
import { describeOutage } from "./support/outage";

// A closed port, like a database process that died: every connection is refused at once,
// so the answer comes after the retries' short waits, not after any timeout.
describeOutage(
  "a closed port",
  async () => ({ url: `http://127.0.0.1:${await freePort()}`, close: async () => {} }),
  { minimumMs: 0 },
);
