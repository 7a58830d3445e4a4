// The store contract over ClickHouse data and PostgreSQL state, composed by URL
// (clickhouse://HOST:PORT/DB?state=postgres://…): the deployment issue 15 is for, every
// part present, on a real ClickHouse 18.16 and PostgreSQL 15 on loopback. Each store
// gets a ClickHouse database and a PostgreSQL schema of its own.
import { randomBytes } from "node:crypto";
import { after } from "node:test";
import { openClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { composeStores } from "../../src/store/compose.js";
import { completeStore } from "../../src/store/derive.js";
import { openStore } from "../../src/store/open.js";
import { openPostgresState } from "../../src/store/postgres/postgres-store.js";
import type { Store } from "../../src/store/types.js";
import { runStoreContract } from "../unit/store/contract.js";
import { sharedClickHouse } from "../helpers/clickhouse.js";
import { sharedPostgres, stopSharedPostgres } from "../helpers/postgres.js";

after(async () => {
  await stopSharedPostgres();
  await (await sharedClickHouse()).stop();
});
const urls = new Map<Store, string>();

const dataUrl = async (): Promise<string> => {
  const node = await sharedClickHouse();
  return `clickhouse://${node.host}:${node.httpPort}/chpg_${randomBytes(6).toString("hex")}`;
};
const openComposed = async (url?: string): Promise<Store> => {
  const state = url ? "" : await (await sharedPostgres()).freshSchema();
  const u = url ?? `${await dataUrl()}?state=${encodeURIComponent(state)}`;
  const s = await openStore(u);
  urls.set(s, u);
  return s;
};

runStoreContract(
  "clickhouse+postgres, composed by URL",
  () => openComposed(),
  (closed) => openComposed(urls.get(closed)!),
  {
    derivedScan: true,
    // Composed by hand: the crash is the data backend's, between rows and checkpoint.
    openCrashing: async (crashAt) => {
      const data = await dataUrl();
      const state = await (await sharedPostgres()).freshSchema();
      const s = composeStores(
        completeStore(
          await openClickHouseStore(data, {
            pieceRows: 700,
            beforeCheckpoint: (cp) => {
              if (crashAt(cp)) throw new Error("crash between rows and checkpoint");
            },
          }),
        ),
        await openPostgresState(state),
      );
      urls.set(s, `${data}?state=${encodeURIComponent(state)}`);
      return s;
    },
  },
);
