// Child process for store-clickhouse-ingest.test.ts: writes the two checkpointed batches
// of _resume-batches.ts into the ClickHouse store at argv[2], in pieces of argv[3] rows,
// so that the test can kill it (SIGKILL) part way through the second.
import { openClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { resumeBatches } from "../unit/store/_resume-batches.js";

const store = await openClickHouseStore(process.argv[2]!, { pieceRows: Number(process.argv[3]) });
const [first, second] = resumeBatches();
await store.writeObservations(first.rows, first.checkpoint);
await store.writeObservations(second.rows, second.checkpoint);
await store.close();
