// Run by test/integration/clickhouse-helper.test.ts as a test process it then kills with
// SIGKILL: starts a server and prints its pid and dir, then waits to be killed.
import { startClickHouse } from "./clickhouse.js";

const server = await startClickHouse();
process.stdout.write(`${JSON.stringify({ pid: server.pid, dir: server.dir })}\n`);
setInterval(() => undefined, 60_000);
