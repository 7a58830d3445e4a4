import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RegistrationStatus } from "../../../src/model/registration.js";
import { emptyRecord } from "../../../src/registration/record.js";
import {
  cachedSnapshot,
  maxAgeFor,
  NEGATIVE_MAX_AGE_S,
  POSITIVE_MAX_AGE_S,
} from "../../../src/store/registration-cache.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { RegistrationSnapshot, RegistrationStore, Store } from "../../../src/store/types.js";

const NOW = 1_800_000_000;
const H = 3600;

function snap(
  key: string,
  age: number,
  status: RegistrationStatus,
  protocol: "rdap" | "whois" = "rdap",
): RegistrationSnapshot {
  const fetchedAt = NOW - age;
  const record = emptyRecord(key, {
    protocol,
    server: `${protocol}.example`,
    fetchedAt: new Date(fetchedAt * 1000).toISOString(),
    referrals: [],
  });
  record.status = status;
  return { key, fetchedAt, record, raw: "" };
}

describe("registration cache", () => {
  let store: Store;
  let reg: RegistrationStore;
  before(async () => {
    store = await openSqliteStore(":memory:");
    reg = store.registrations!;
  });
  after(() => store.close());

  const hit = async (
    key: string,
    protocol: "auto" | "rdap" | "whois" = "auto",
    maxAgeS?: number,
  ): Promise<number | undefined> =>
    (
      await cachedSnapshot(reg, key, {
        protocol,
        now: NOW,
        ...(maxAgeS !== undefined ? { maxAgeS } : {}),
      })
    )?.fetchedAt;

  it("keeps positive answers a day and negative ones an hour", async () => {
    assert.equal(maxAgeFor("registered"), POSITIVE_MAX_AGE_S);
    assert.equal(maxAgeFor("reserved"), POSITIVE_MAX_AGE_S);
    assert.equal(maxAgeFor("available"), NEGATIVE_MAX_AGE_S);
    assert.equal(maxAgeFor("unknown"), NEGATIVE_MAX_AGE_S);
    assert.equal(maxAgeFor("throttled"), 0);
    assert.equal(maxAgeFor("throttled", 99 * H), 0);
    assert.equal(maxAgeFor("available", 7), 7);
    await reg.writeSnapshots([
      snap("reg.com", 23 * H, "registered"),
      snap("old.com", 25 * H, "registered"),
      snap("free.com", 30 * 60, "available"),
      snap("gone.com", 2 * H, "available"),
    ]);
    assert.equal(await hit("reg.com"), NOW - 23 * H);
    assert.equal(await hit("old.com"), undefined);
    assert.equal(await hit("free.com"), NOW - 30 * 60);
    assert.equal(await hit("gone.com"), undefined);
  });

  it("lets one age limit replace both defaults, 0 meaning never", async () => {
    assert.equal(await hit("old.com", "auto", 2 * 24 * H), NOW - 25 * H);
    assert.equal(await hit("gone.com", "auto", 3 * H), NOW - 2 * H);
    assert.equal(await hit("reg.com", "auto", 6 * H), undefined);
    assert.equal(await hit("free.com", "auto", 0), undefined);
  });

  it("takes a snapshot of the protocol asked for; auto takes either", async () => {
    await reg.writeSnapshots([snap("w.com", H, "registered", "whois")]);
    assert.equal(await hit("w.com", "auto"), NOW - H);
    assert.equal(await hit("w.com", "whois"), NOW - H);
    assert.equal(await hit("w.com", "rdap"), undefined);
  });

  it("never reuses a throttled answer, but an answer before it still counts", async () => {
    await reg.writeSnapshots([snap("busy.com", 60, "throttled")]);
    assert.equal(await hit("busy.com"), undefined);
    await reg.writeSnapshots([
      snap("busy2.com", 2 * H, "registered"),
      snap("busy2.com", 60, "throttled"),
    ]);
    assert.equal(await hit("busy2.com"), NOW - 2 * H);
  });

  it("goes by the newest answer: an expired negative one is not covered by an older positive one", async () => {
    await reg.writeSnapshots([
      snap("flip.com", 5 * H, "registered"),
      snap("flip.com", 2 * H, "available"),
    ]);
    assert.equal(await hit("flip.com"), undefined);
  });
});
