import assert from "node:assert/strict";
import { it } from "node:test";
import type { RegistrationStatus } from "../../../src/model/registration.js";
import { emptyRecord } from "../../../src/registration/record.js";
import type { RegistrationSnapshot } from "../../../src/store/types.js";
import type { StoreFactory } from "./contract.js";
import { withStore } from "./_helpers.js";

const T = 1_700_000_000;

export function snap(
  key: string,
  fetchedAt: number,
  registrar: string,
  over: { protocol?: "rdap" | "whois"; status?: RegistrationStatus } = {},
): RegistrationSnapshot {
  const record = emptyRecord(key, {
    protocol: over.protocol ?? "rdap",
    server: "rdap.example",
    fetchedAt: new Date(fetchedAt * 1000).toISOString(),
    referrals: [],
  });
  record.status = over.status ?? "registered";
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

  it("finds the newest snapshot of a key, the last written among equals", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      assert.equal(await reg.latestSnapshot("example.com"), undefined);
      await reg.writeSnapshots([
        snap("example.com", T + 20, "B"),
        snap("example.com", T + 20, "C"),
        snap("example.com", T, "A"),
        snap("example.net", T + 99, "X"),
      ]);
      const latest = await reg.latestSnapshot("Example.COM");
      assert.equal(latest?.record.registrar.name, "C");
      assert.equal(latest?.fetchedAt, T + 20);
      assert.equal(latest?.raw, '{"ldhName":"example.com","registrar":"C"}');
      assert.deepEqual(latest?.record, snap("example.com", T + 20, "C").record);
    });
  });

  it("filters the latest snapshot by age, protocol and status", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      await reg.writeSnapshots([
        snap("example.com", T, "rdap-old"),
        snap("example.com", T + 10, "whois", { protocol: "whois" }),
        snap("example.com", T + 20, "rdap-available", { status: "available" }),
        snap("example.com", T + 30, "busy", { status: "throttled" }),
      ]);
      const name = async (q: Parameters<typeof reg.latestSnapshot>[1]) =>
        (await reg.latestSnapshot("example.com", q))?.record.registrar.name;
      assert.equal(await name({}), "busy");
      assert.equal(await name({ skipStatus: ["throttled"] }), "rdap-available");
      assert.equal(await name({ skipStatus: ["throttled", "available"] }), "whois");
      assert.equal(await name({ protocol: "whois" }), "whois");
      assert.equal(await name({ protocol: "rdap", skipStatus: ["throttled"] }), "rdap-available");
      assert.equal(await name({ since: T + 30 }), "busy", "since is inclusive");
      assert.equal(await name({ since: T + 31 }), undefined);
      assert.equal(await name({ since: T + 11, protocol: "whois" }), undefined);
      assert.equal(await name({ since: T, protocol: "rdap", skipStatus: [] }), "busy");
      assert.equal(await reg.latestSnapshot("other.com", { protocol: "rdap" }), undefined);
    });
  });

  it("refuses a bad latest-snapshot query", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      await assert.rejects(reg.latestSnapshot("a.com", { since: 1.5 }), /since must be whole/);
      await assert.rejects(
        reg.latestSnapshot("a.com", { protocol: "gopher" as "rdap" }),
        /unknown protocol "gopher"/,
      );
    });
  });

  it("refuses a latest-snapshot query on a closed store", async () => {
    const s = await factory.open();
    await s.close();
    if (!s.registrations) return;
    await assert.rejects(s.registrations.latestSnapshot("a.com"), /closed/);
  });

  it("refuses a snapshot whose record has no protocol", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      const bad = snap("b.com", T, "A");
      (bad.record.source as { protocol: string }).protocol = "ftp";
      await assert.rejects(
        reg.writeSnapshots([bad]),
        /snapshot 0: record\.source\.protocol must be rdap or whois/,
      );
    });
  });
}

/** Pivots from a registrar or registrant organisation to the keys it holds. */
export function partyTests(factory: StoreFactory): void {
  const held = (key: string, at: number, registrar: string, org?: string): RegistrationSnapshot => {
    const s = snap(key, at, registrar);
    if (org !== undefined)
      s.record.contacts = [{ role: "registrant", organization: org, redacted: [] }];
    return s;
  };

  it("lists the keys a registrar holds now, in key order, a page at a time", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      await reg.writeSnapshots([
        held("c.com", T, "Acme Registrar, Inc."),
        held("a.com", T, "ACME  registrar,\tinc."),
        held("b.com", T, "Other Registrar"),
        held("d.com", T, "Acme Registrar, Inc."),
      ]);
      const page = (after?: string) =>
        reg.keysByParty({ party: "registrar", name: " acme registrar, INC. ", limit: 2, after });
      assert.deepEqual(await page(), ["a.com", "c.com"]);
      assert.deepEqual(await page("c.com"), ["d.com"]);
      assert.deepEqual(await page("d.com"), []);
      assert.deepEqual(
        await reg.keysByParty({ party: "registrar", name: "Acme", limit: 10 }),
        [],
        "a whole name, not a prefix",
      );
    });
  });

  it("follows each key's newest answer: a transfer or expiry moves it, a throttled reply does not", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      const expired = held("gone.com", T + 50, "");
      expired.record.status = "available";
      expired.record.registrar = {};
      const busy = held("kept.com", T + 50, "");
      busy.record.status = "throttled";
      busy.record.registrar = {};
      await reg.writeSnapshots([
        held("moved.com", T, "Old Registrar"),
        held("moved.com", T + 50, "New Registrar"),
        held("gone.com", T, "Old Registrar"),
        expired,
        held("kept.com", T, "Old Registrar"),
        busy,
      ]);
      // An older snapshot written later does not take the key back.
      await reg.writeSnapshots([held("moved.com", T + 10, "Old Registrar")]);
      const of = (name: string) => reg.keysByParty({ party: "registrar", name, limit: 10 });
      assert.deepEqual(await of("Old Registrar"), ["kept.com"]);
      assert.deepEqual(await of("New Registrar"), ["moved.com"]);
    });
  });

  it("lists the keys of a registrant organisation, or of a registrant without one by name", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      const person = held("person.com", T, "R");
      person.record.contacts = [
        { role: "technical", organization: "Example Corp", redacted: [] },
        { role: "registrant", name: "Jane Doe", redacted: [] },
      ];
      await reg.writeSnapshots([
        held("corp.com", T, "R", "Example Corp"),
        held("corp.net", T, "S", "ＥＸＡＭＰＬＥ Corp"),
        person,
      ]);
      const of = (name: string) => reg.keysByParty({ party: "registrant", name, limit: 10 });
      assert.deepEqual(await of("example corp"), ["corp.com", "corp.net"]);
      assert.deepEqual(await of("Jane Doe"), ["person.com"]);
      assert.deepEqual(await of("   "), [], "an empty name names no one");
    });
  });

  it("refuses a bad party query", async () => {
    await withStore(factory, async (s) => {
      const reg = s.registrations;
      if (!reg) return;
      await assert.rejects(
        reg.keysByParty({ party: "reseller" as "registrar", name: "x", limit: 1 }),
        /unknown party "reseller"/,
      );
      await assert.rejects(
        reg.keysByParty({ party: "registrar", name: "x", limit: 0 }),
        /limit must be 1 to 10000/,
      );
    });
  });
}
