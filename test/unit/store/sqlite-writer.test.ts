import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { makeTmpDir } from "../../helpers/tmp.js";
import { obs } from "./_helpers.js";

// The writer thread is the SQLite backend's to offer (not the ingest's to decide
// from the URL): a file store has one, an in-memory store cannot.

describe("sqlite writer thread", () => {
  const dir = makeTmpDir("sqlite-writer", { after });

  it("a file store offers a writer on the same file; :memory: offers none", async () => {
    const s = await openSqliteStore(join(dir.path, "w.db"));
    try {
      assert.equal(typeof s.openWriter, "function");
      const w = await s.openWriter!();
      try {
        await w.writeObservations([obs({ rrname: "thread.example" })], { input: "t", offset: 1 });
      } finally {
        await w.close();
      }
      assert.equal((await s.queryObservations({ rrname: "thread.example" })).length, 1);
    } finally {
      await s.close();
    }
    const m = await openSqliteStore(":memory:");
    try {
      assert.equal(m.openWriter, undefined);
    } finally {
      await m.close();
    }
  });
});
