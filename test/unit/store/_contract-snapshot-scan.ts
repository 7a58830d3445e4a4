import assert from "node:assert/strict";
import { it } from "node:test";
import type { RegistrationSnapshot } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";
import { snap } from "./_contract-registrations.js";

// scanSnapshots (optional): every snapshot once, keys in byte order, each key's history
// in listSnapshots order (ties of fetchedAt in write order), whatever the page size.

const T = 1_700_000_000;

const label = (x: RegistrationSnapshot): string =>
  `${x.key} ${x.fetchedAt} ${x.record.registrar.name ?? ""}`;

export function snapshotScanTests(f: StoreFactory): void {
  it("scans every snapshot in key order, each history in its own order", () =>
    withStore(f, async (s) => {
      const reg = s.registrations;
      if (reg?.scanSnapshots === undefined) return;
      const keys = ["b.example", "a.example", "as15169", "c.example", "a-b.example"];
      // Written out of order, with ties of fetchedAt kept in write order.
      await reg.writeSnapshots(keys.map((k, i) => snap(k, T + 100 - i, `first ${k}`)));
      await reg.writeSnapshots(keys.map((k) => snap(k, T, `early ${k}`)));
      await reg.writeSnapshots([
        snap("b.example", T + 100, "tie 1"),
        snap("b.example", T + 100, "tie 2"),
      ]);
      const expected: string[] = [];
      for (const k of [...keys].sort()) expected.push(...(await reg.listSnapshots(k)).map(label));
      assert.equal(expected.length, keys.length * 2 + 2);
      for (const size of [1, 3, 500]) {
        const got: string[] = [];
        for await (const page of reg.scanSnapshots(size)) {
          assert.ok(page.length > 0 && page.length <= size, `page of ${page.length}`);
          got.push(...page.map(label));
        }
        assert.deepEqual(got, expected, `pages of ${size}`);
      }
      const first = (await reg.listSnapshots([...keys].sort()[0]!))[0]!;
      for await (const [x] of reg.scanSnapshots(1)) {
        assert.deepEqual(x, first, "record and raw come back whole");
        break;
      }
    }));

  it("scans nothing from an empty store", () =>
    withStore(f, async (s) => {
      const reg = s.registrations;
      if (reg?.scanSnapshots === undefined) return;
      for await (const page of reg.scanSnapshots()) assert.fail(`a page of ${page.length}`);
    }));
}
