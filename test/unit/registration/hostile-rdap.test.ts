// Hostile RDAP answers parse in under a second each (issue 10 §3).
import { after, describe, it } from "node:test";
import { hostileRunner, timing } from "../../helpers/hostile.js";
import { CASES } from "./_hostile-rdap-cases.js";

const runner = hostileRunner(new URL("./_hostile-rdap-cases.ts", import.meta.url));
after(() => runner.close());

describe("RDAP: hostile answers at the 4 MiB cap parse in under 1 s", () => {
  for (const name of Object.keys(CASES))
    it(name, async (t) => t.diagnostic(timing(await runner.within(name))));
});
