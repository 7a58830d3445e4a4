// The store contract (test/unit/store/contract.ts) on a real two-shard cluster (two
// Debian 18.16 clickhouse-server processes on loopback naming each other in
// remote_servers; test/helpers/clickhouse.ts): `?cluster=` spreads observations and
// registration snapshots over the shards and reads through Distributed tables. Every
// store a database of its own; the entry node alternates between the shards.
import { randomBytes } from "node:crypto";
import { after } from "node:test";
import { openClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { completeStore } from "../../src/store/derive.js";
import type { Store } from "../../src/store/types.js";
import { runStoreContract } from "../unit/store/contract.js";
import { clusterStoreUrl, sharedClickHouseCluster } from "../helpers/clickhouse.js";
import { makeTmpDir } from "../helpers/tmp.js";

const tmp = makeTmpDir("ch-cluster-contract");
const urls = new Map<Store, string>();
let n = 0;
const freshUrl = async (): Promise<string> => {
  const c = await sharedClickHouseCluster();
  const entry = n++ % 2;
  const db = `contract_${randomBytes(6).toString("hex")}`;
  return clusterStoreUrl(c, db, `${tmp.path}/${db}`, { entry });
};
const open = async (url: string, o: Parameters<typeof openClickHouseStore>[1] = {}) => {
  const s = completeStore(await openClickHouseStore(url, o));
  urls.set(s, url);
  return s;
};
after(async () => {
  await (await sharedClickHouseCluster()).stop();
  tmp.remove();
});

runStoreContract(
  "clickhouse 18.16, two shards",
  async () => open(await freshUrl()),
  async (closed) => open(urls.get(closed)!),
  {
    derivedScan: true,
    openCrashing: async (crashAt) =>
      open(await freshUrl(), {
        pieceRows: 700,
        beforeCheckpoint: (cp) => {
          if (crashAt(cp)) throw new Error("crash between rows and checkpoint");
        },
      }),
  },
);
