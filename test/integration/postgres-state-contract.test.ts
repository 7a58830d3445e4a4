// The store contract over SQLite data and PostgreSQL state, composed by URL
// (sqlite:PATH?state=postgres://…), against a real PostgreSQL 15 on loopback
// (test/helpers/postgres.ts). Each store gets a schema of its own on one server.
import { join } from "node:path";
import { after } from "node:test";
import { composeStores } from "../../src/store/compose.js";
import { openStore } from "../../src/store/open.js";
import { openPostgresState } from "../../src/store/postgres/postgres-store.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../src/store/types.js";
import { sharedPostgres, stopSharedPostgres } from "../helpers/postgres.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { runStoreContract } from "../unit/store/contract.js";

const dir = makeTmpDir("pgc", { after });
after(stopSharedPostgres);
let n = 0;
const urls = new Map<Store, string>();

const composedUrl = async (): Promise<string> => {
  const state = await (await sharedPostgres()).freshSchema();
  // The state URL percent-encoded: its own "?options=" must not end the sqlite path.
  return `sqlite:${join(dir.path, `data-${n++}.db`)}?state=${encodeURIComponent(state)}`;
};
const openComposed = async (url?: string): Promise<Store> => {
  const u = url ?? (await composedUrl());
  const s = await openStore(u);
  urls.set(s, u);
  return s;
};

runStoreContract(
  "sqlite+postgres, composed by URL",
  () => openComposed(),
  (closed) => openComposed(urls.get(closed)!),
  {
    // Composed by hand: the crash is the data backend's, between rows and checkpoint.
    openCrashing: async (crashAt) => {
      const data = join(dir.path, `crash-${n++}.db`);
      const state = await (await sharedPostgres()).freshSchema();
      const s = composeStores(
        await openSqliteStore(data, {
          beforeCheckpoint: (cp) => {
            if (crashAt(cp)) throw new Error("crash between rows and checkpoint");
          },
        }),
        await openPostgresState(state),
      );
      urls.set(s, `sqlite:${data}?state=${encodeURIComponent(state)}`);
      return s;
    },
  },
);
