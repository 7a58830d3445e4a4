import { describe } from "node:test";
import type { IngestCheckpoint, Store } from "../../../src/store/types.js";
import { alertTests } from "./_contract-alerts.js";
import { apiKeyTests } from "./_contract-apikeys.js";
import { auditTests } from "./_contract-audit.js";
import { leaseTests } from "./_contract-leases.js";
import { forgetTests } from "./_contract-forget.js";
import { lifecycleTests } from "./_contract-lifecycle.js";
import { mergeTests } from "./_contract-merge.js";
import { outboxTests } from "./_contract-outbox.js";
import { pruneTests } from "./_contract-prune.js";
import { partTests } from "./_contract-parts.js";
import { queryTests } from "./_contract-query.js";
import { replayTests } from "./_contract-replay.js";
import { partyTests, registrationTests } from "./_contract-registrations.js";
import { searchTests } from "./_contract-search.js";
import { snapshotScanTests } from "./_contract-snapshot-scan.js";
import { searchOrderTests } from "./_contract-search-order.js";
import { sessionTests } from "./_contract-sessions.js";
import { suggestTests } from "./_contract-suggest.js";
import { userTests } from "./_contract-users.js";
import { watchTests } from "./_contract-watches.js";
import { writerTests } from "./_contract-writer.js";

// The one contract suite every Store backend runs (STYLE.md habit 6). A backend test
// file calls runStoreContract with a factory for fresh, empty stores.

export interface StoreFactory {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Opens again the data behind a closed store; omit for backends that cannot. */
  reopen?: ((closed: Store) => Promise<Store>) | undefined;
  /**
   * A fresh, empty store that stops a checkpointed write `crashAt` picks after its rows
   * are stored and before its checkpoint is, as a crash there would (the write
   * rejects); reopen gives what it left. Omit for backends that cannot.
   */
  openCrashing?: ((crashAt: (cp: IngestCheckpoint) => boolean) => Promise<Store>) | undefined;
  /** The store's scan is the core's, derived from search: reversed-name order. */
  derivedScan?: boolean | undefined;
}

export function runStoreContract(
  name: string,
  open: () => Promise<Store>,
  reopen?: (closed: Store) => Promise<Store>,
  more: Pick<StoreFactory, "openCrashing" | "derivedScan"> = {},
): void {
  const factory: StoreFactory = { open, reopen, ...more };
  describe(`Store contract: ${name}`, () => {
    describe("merging", () => mergeTests(factory));
    describe("queries", () => queryTests(factory));
    describe("lifecycle and errors", () => lifecycleTests(factory));
    describe("registration snapshots", () => registrationTests(factory));
    describe("registration parties", () => partyTests(factory));
    describe("registration snapshot scan", () => snapshotScanTests(factory));
    describe("passive DNS search", () => searchTests(factory));
    describe("passive DNS search order", () => searchOrderTests(factory));
    describe("name suggestions", () => suggestTests(factory));
    describe("retention (prune)", () => pruneTests(factory));
    describe("API keys", () => apiKeyTests(factory));
    describe("users", () => userTests(factory));
    describe("login sessions", () => sessionTests(factory));
    describe("audit log", () => auditTests(factory));
    describe("alerts", () => alertTests(factory));
    describe("watchlist and monitor state", () => watchTests(factory));
    describe("monitor check leases", () => leaseTests(factory));
    describe("delivery outbox", () => outboxTests(factory));
    describe("checkpoints across a crash", () => replayTests(factory));
    describe("forgetting checkpoints", () => forgetTests(factory));
    describe("a writer of its own", () => writerTests(factory));
    describe("optional parts", () => partTests(factory));
  });
}
