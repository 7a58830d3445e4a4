// Hostile RIR WHOIS answers parse in under a second each (issue 10 §3).
import { after, describe, it } from "node:test";
import { hostileRunner, timing } from "../../helpers/hostile.js";
import { CASES } from "./_hostile-rir-cases.js";

const runner = hostileRunner(new URL("./_hostile-rir-cases.ts", import.meta.url));
after(() => runner.close());

describe("RIR WHOIS: hostile answers at the 1 MiB cap parse in under 1 s", () => {
  for (const name of Object.keys(CASES))
    it(name, async (t) => t.diagnostic(timing(await runner.within(name))));
});
