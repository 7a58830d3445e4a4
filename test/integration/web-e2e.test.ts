// Issue 14's acceptance: the web UI in a real browser against `dnsight serve` on a
// SQLite store set up with the CLI (test/helpers/web-fixture.ts); the flows are in
// test/helpers/web-e2e-suite.ts. Screenshots go to test-output/web/.
import { join } from "node:path";
import { webE2eSuite } from "../helpers/web-e2e-suite.js";
import { webFixture } from "../helpers/web-fixture.js";

webE2eSuite(
  "web UI end to end",
  () => webFixture("web-e2e"),
  join(process.cwd(), "test-output", "web"),
);
