import assert from "node:assert/strict";
import { it } from "node:test";
import { emptyRecord } from "../../../src/registration/record.js";
import type { RegistrationSnapshot } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";

const T = 1_700_000_000;

function snap(key: string, fetchedAt: number, registrar: string): RegistrationSnapshot {
  const record = emptyRecord(key, {
    protocol: "rdap",
    server: "rdap.example",
    fetchedAt: new Date(fetchedAt * 1000).toISOString(),
    referrals: [],
  });
  record.status = "registered";
  record.registrar = { name: registrar };
  return { key, fetchedAt, record, raw: `{"ldhName":"${key}","registrar":"${registrar}"}` };
}

/** Registration snapshots: append-only history per key. Skipped by a backend without them. */
export function registrationTests(factory: StoreFactory): void {
  it("keeps every snapshot, oldest first, record and raw response intact", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      await reg.writeSnapshots([
        snap("example.com", T + 20, "B"),
        snap("example.com", T, "A"),
        snap("other.com", T, "X"),
      ]);
      await reg.writeSnapshots([snap("example.com", T + 20, "C")]);
      const list = await reg.listSnapshots("example.com");
      assert.deepEqual(
        list.map((x) => [x.fetchedAt, x.record.registrar.name]),
        [
          [T, "A"],
          [T + 20, "B"],
          [T + 20, "C"],
        ],
      );
      assert.equal(list[0]!.raw, '{"ldhName":"example.com","registrar":"A"}');
      assert.deepEqual(list[0]!.record, snap("example.com", T, "A").record);
      assert.deepEqual(
        (await reg.listSnapshots("example.com", { limit: 2 })).map((x) => x.record.registrar.name),
        ["B", "C"],
      );
      assert.deepEqual(await reg.listSnapshots("never-seen.com"), []);
    });
  });

  it("refuses a bad snapshot and writes nothing of its batch", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      const bad = { ...snap("Example.COM", T, "A") };
      await assert.rejects(
        reg.writeSnapshots([snap("a.com", T, "A"), bad]),
        /snapshot 1: key "Example\.COM" must be a non-empty lowercase name/,
      );
      assert.deepEqual(await reg.listSnapshots("a.com"), []);
    });
  });
}
