// Hostile values read by the shared registration readers finish in under a second each (issue 10 §3).
import { after, describe, it } from "node:test";
import { hostileRunner, timing } from "../../helpers/hostile.js";
import { CASES } from "./_hostile-fields-cases.js";

const runner = hostileRunner(new URL("./_hostile-fields-cases.ts", import.meta.url));
after(() => runner.close());

describe("registration values: hostile 1 MiB values parse in under 1 s", () => {
  for (const name of Object.keys(CASES))
    it(name, async (t) => t.diagnostic(timing(await runner.within(name))));
});
