// The store contract (test/unit/store/contract.ts) on a real clickhouse-server (Debian's
// 18.16, on loopback; test/helpers/clickhouse.ts): every store a database of its own.
// Only observations and registration snapshots live in ClickHouse; the contract's
// state parts (users, alerts...) see them absent and are skipped. The suite runs again
// on ClickHouse composed with a SQLite state store by URL (`?state=`), every part present.
import { randomBytes } from "node:crypto";
import { after } from "node:test";
import { openClickHouseStore } from "../../src/store/clickhouse/clickhouse-store.js";
import { completeStore } from "../../src/store/derive.js";
import { openStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/types.js";
import { runStoreContract } from "../unit/store/contract.js";
import { sharedClickHouse } from "../helpers/clickhouse.js";
import { makeTmpDir } from "../helpers/tmp.js";

const urls = new Map<Store, string>();
const freshUrl = async (): Promise<string> => {
  const node = await sharedClickHouse();
  return `clickhouse://${node.host}:${node.httpPort}/contract_${randomBytes(6).toString("hex")}`;
};
const open = async (url: string, o: Parameters<typeof openClickHouseStore>[1] = {}) => {
  const s = completeStore(await openClickHouseStore(url, o));
  urls.set(s, url);
  return s;
};
const tmp = makeTmpDir("ch-contract");
after(async () => {
  await (await sharedClickHouse()).stop();
  tmp.remove();
});

runStoreContract(
  "clickhouse 18.16",
  async () => open(await freshUrl()),
  async (closed) => open(urls.get(closed)!),
  {
    derivedScan: true,
    openCrashing: async (crashAt) =>
      open(await freshUrl(), {
        // Small pieces, so the crash comes after several inserts of the batch.
        pieceRows: 700,
        beforeCheckpoint: (cp) => {
          if (crashAt(cp)) throw new Error("crash between rows and checkpoint");
        },
      }),
  },
);

let n = 0;
const composed = new Map<Store, string>();
const openComposed = async (url: string): Promise<Store> => {
  const s = await openStore(url);
  composed.set(s, url);
  return s;
};
runStoreContract(
  "clickhouse 18.16 + sqlite state",
  async () =>
    openComposed(
      `${await freshUrl()}?state=${encodeURIComponent(`sqlite:${tmp.path}/state-${n++}.db`)}`,
    ),
  async (closed) => openComposed(composed.get(closed)!),
  { derivedScan: true },
);
