// Hostile Zeek, passivedns and COF lines read in under a second each (issue 10 §3).
import { after, describe, it } from "node:test";
import { hostileRunner, timing } from "../../helpers/hostile.js";
import { CASES } from "./_hostile-lines-cases.js";

const runner = hostileRunner(new URL("./_hostile-lines-cases.ts", import.meta.url));
after(() => runner.close());

describe("passive line readers: hostile lines under the 1 MiB line cap read in under 1 s", () => {
  for (const name of Object.keys(CASES))
    it(name, async (t) => t.diagnostic(timing(await runner.within(name))));
});
