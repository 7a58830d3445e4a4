// Long and odd names for the lookalike matcher and generator finish in under a second each (issue 10 §3).
import { after, describe, it } from "node:test";
import { hostileRunner, timing } from "../../helpers/hostile.js";
import { CASES } from "./_hostile-cases.js";

const runner = hostileRunner(new URL("./_hostile-cases.ts", import.meta.url));
after(() => runner.close());

describe("lookalike: long and odd names finish in under 1 s", () => {
  for (const name of Object.keys(CASES))
    it(name, async (t) => t.diagnostic(timing(await runner.within(name))));
});
