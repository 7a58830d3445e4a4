// Child process for sqlite-resume.test.ts: writes the two batches of
// _resume-batches.ts into the store at argv[2] and kills itself (SIGKILL) once the
// second batch's rows are all stored, before its checkpoint is.
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { resumeBatches } from "./_resume-batches.js";

const store = await openSqliteStore(process.argv[2]!, {
  beforeCheckpoint: (cp) => {
    if (cp.offset === 500) process.kill(process.pid, "SIGKILL");
  },
});
const [first, second] = resumeBatches();
await store.writeObservations(first.rows, first.checkpoint);
await store.writeObservations(second.rows, second.checkpoint);
await store.close();
