// Issue 15's acceptance: the web UI works unchanged against a `dnsight serve` whose
// passive DNS and registrations are in a two-shard ClickHouse cluster and whose users,
// alerts, watches and audit log are in PostgreSQL (`--db clickhouse://… --state postgres://…`), both real
// servers on loopback reached by the name localhost, as a deployment names them. The
// same flows as on SQLite (test/helpers/web-e2e-suite.ts), on a store set up the same
// way with the CLI. Screenshots go to test-output/web-clickhouse-postgres/.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after } from "node:test";
import { clusterStoreUrl, sharedClickHouseCluster } from "../helpers/clickhouse.js";
import { sharedPostgres, stopSharedPostgres } from "../helpers/postgres.js";
import { webE2eSuite } from "../helpers/web-e2e-suite.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { webFixture } from "../helpers/web-fixture.js";

const spools = makeTmpDir("web-chpg-spool", { after });

after(async () => {
  await stopSharedPostgres();
  await (await sharedClickHouseCluster()).stop();
});

/** `url` with its loopback address written as the host name a user would give. */
const byName = (url: string): string => url.replace("@127.0.0.1:", "@localhost:");

webE2eSuite(
  "web UI end to end on ClickHouse + PostgreSQL",
  async () => {
    const state = byName(await (await sharedPostgres()).freshSchema());
    if (!state.includes("@localhost:")) throw new Error(`no loopback host in ${state}`);
    const name = `web_${randomBytes(6).toString("hex")}`;
    const db = clusterStoreUrl(await sharedClickHouseCluster(), name, join(spools.path, name), {
      host: "localhost",
    });
    return webFixture("web-e2e-chpg", { db, state });
  },
  join(process.cwd(), "test-output", "web-clickhouse-postgres"),
);
