// Child process for sqlite-resume.test.ts: writes two batches with checkpoints into
// the store at argv[2], the second committed in many small pieces, so that the test
// can kill it part way through the second.
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { resumeBatches } from "./_resume-batches.js";

const store = await openSqliteStore(process.argv[2]!, { commitMs: 1 });
const [first, second] = resumeBatches();
await store.writeObservations(first.rows, first.checkpoint);
await store.writeObservations(second.rows, second.checkpoint);
await store.close();
