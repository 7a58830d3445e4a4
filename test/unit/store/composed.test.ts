import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import { composeStores } from "../../../src/store/compose.js";
import { completeStore, type StoreBackend } from "../../../src/store/derive.js";
import { openStore } from "../../../src/store/open.js";
import { requirePart } from "../../../src/store/require-part.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../../src/store/types.js";
import { exitCode } from "../../../src/cli/run.js";
import { makeTmpDir } from "../../helpers/tmp.js";
import { runStoreContract } from "./contract.js";
import { obs } from "./_helpers.js";
import { user } from "./_contract-users.js";
import { newApiKey } from "../../../src/api/keys.js";
import { newSessionToken } from "../../../src/store/session-token.js";

// The contract over what the core builds from backends: a store composed of two (data
// and state, by URL), and a backend without summarize and scan of its own.

const dir = makeTmpDir("composed", { after });
let n = 0;
const urls = new Map<Store, string>();

const composedUrl = (): string => {
  const i = n++;
  // The state path percent-encoded where it must be: "&" would end the parameter.
  return `sqlite:${join(dir.path, `data-${i}.db`)}?state=${encodeURIComponent(join(dir.path, `state&${i}.db`))}`;
};
const openComposed = async (url = composedUrl()): Promise<Store> => {
  const s = await openStore(url);
  urls.set(s, url);
  return s;
};

runStoreContract(
  "sqlite+sqlite, composed by URL",
  () => openComposed(),
  (closed) => openComposed(urls.get(closed)!),
  {
    // Composed by hand: the crash is the data backend's, between rows and checkpoint.
    openCrashing: async (crashAt) => {
      const i = n++;
      const [data, state] = [join(dir.path, `crash-${i}.db`), join(dir.path, `crash-st-${i}.db`)];
      const s = composeStores(
        await openSqliteStore(data, {
          beforeCheckpoint: (cp) => {
            if (crashAt(cp)) throw new Error("crash between rows and checkpoint");
          },
        }),
        await openSqliteStore(state),
      );
      urls.set(s, `sqlite:${data}?state=${encodeURIComponent(state)}`);
      return s;
    },
  },
);

/** A SQLite store as a backend that has no summary or scan of its own. */
const bare = (s: Store): StoreBackend => {
  const { summarizeObservations: _s, scanObservations: _c, ...rest } = s;
  return rest;
};
const paths = new Map<Store, string>();
const openBare = async (path = join(dir.path, `bare-${n++}.db`)): Promise<Store> => {
  const s = completeStore(bare(await openSqliteStore(path)));
  paths.set(s, path);
  return s;
};
runStoreContract(
  "sqlite without summarize and scan, the core deriving them",
  () => openBare(),
  (closed) => openBare(paths.get(closed)!),
  {
    derivedScan: true,
    openCrashing: async (crashAt) => {
      const path = join(dir.path, `bare-${n++}.db`);
      const s = completeStore(
        bare(
          await openSqliteStore(path, {
            beforeCheckpoint: (cp) => {
              if (crashAt(cp)) throw new Error("crash between rows and checkpoint");
            },
          }),
        ),
      );
      paths.set(s, path);
      return s;
    },
  },
);

describe("composed store", () => {
  it("keeps observations in the data store and the mutable state in the other", async () => {
    const data = join(dir.path, "split-data.db");
    const state = join(dir.path, "split-state.db");
    const s = await openStore(`sqlite:${data}?state=${state}`);
    assert.equal(s.backend, "sqlite+sqlite");
    await s.writeObservations([obs({ rrname: "kept.example" })], { input: "in", offset: 3 });
    await s.watches!.addWatches(["brand.example"], "brand", 5);
    await s.close();
    const d = await openSqliteStore(data);
    const t = await openSqliteStore(state);
    try {
      assert.equal((await d.queryObservations({ rrname: "kept.example" })).length, 1);
      assert.equal((await t.queryObservations({ rrname: "kept.example" })).length, 0);
      assert.deepEqual(await d.readCheckpoint("in"), { input: "in", offset: 3 });
      assert.deepEqual(await d.watches!.listWatches(), []);
      assert.deepEqual(
        (await t.watches!.listWatches()).map((w) => w.name),
        ["brand.example"],
      );
    } finally {
      await d.close();
      await t.close();
    }
  });

  it("keeps users, sessions, their keys and the audit log in the state store", async () => {
    const data = join(dir.path, "auth-data.db");
    const state = join(dir.path, "auth-state.db");
    const s = await openStore(`sqlite:${data}?state=${state}`);
    const token = newSessionToken();
    await s.users!.addUser(user("alice", "admin"));
    await s.sessions!.createSession(token, {
      user: "alice",
      createdAt: 1,
      expiresAt: 9,
      lastUsedAt: 1,
    });
    await s.apiKeys!.addApiKey({ ...newApiKey("k", "read", 1).stored, user: "alice" });
    await s.audit!.appendAudit({
      at: 5,
      actor: "cli:root",
      action: "user.add",
      target: "alice",
      outcome: "ok",
    });
    await s.close();
    const d = await openSqliteStore(data);
    const t = await openSqliteStore(state);
    try {
      assert.equal(await d.users!.getUser("alice"), undefined);
      assert.equal((await d.audit!.queryAudit()).entries.length, 0);
      assert.deepEqual(await d.apiKeys!.listApiKeys(), []);
      assert.equal((await t.users!.getUser("alice"))?.role, "admin");
      assert.equal((await t.sessions!.getSession(token, 2))?.user, "alice");
      assert.equal((await t.apiKeys!.listApiKeys())[0]?.user, "alice");
      assert.equal((await t.audit!.queryAudit()).entries[0]?.target, "alice");
    } finally {
      await d.close();
      await t.close();
    }
  });

  it("a part the state backend lacks is UNSUPPORTED, not taken from the data side", async () => {
    const data = await openSqliteStore(":memory:");
    const full = await openSqliteStore(":memory:");
    const { alerts: _a, outbox: _o, ...noAlerts } = full;
    const s = composeStores(data, { ...noAlerts, backend: "keys-only" });
    try {
      assert.equal(s.backend, "sqlite+keys-only");
      assert.equal(s.alerts, undefined);
      assert.ok(requirePart(s, "apiKeys"));
      let caught: unknown;
      try {
        requirePart(s, "alerts");
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof DnsightError && caught.code === "UNSUPPORTED", String(caught));
      assert.match(caught.message, /the sqlite\+keys-only store does not keep alerts/);
      // The CLI exits with its usage status: the fix is another --db.
      assert.equal(exitCode(caught), 2);
      assert.equal(exitCode(new DnsightError("STORE", "x")), 1);
    } finally {
      await s.close();
    }
  });
});
