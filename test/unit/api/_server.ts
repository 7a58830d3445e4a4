// A temp SQLite store with known observations and the API over it, for the API tests
// (unit and integration): called in-process (inProcessRig: the same server, fed
// in-memory streams, src/api/in-process.ts) or listening on loopback (startRig, for
// what only a socket shows: connections, timeouts, floods, real clients).
import { join } from "node:path";
import { newApiKey } from "../../../src/api/keys.js";
import type { ConnectionLimits } from "../../../src/api/connections.js";
import type { ApiOptions } from "../../../src/api/http.js";
import { inProcessApi, type InProcessRequest } from "../../../src/api/in-process.js";
import { startApiServer, type ApiServer } from "../../../src/api/server.js";
import type { Observation } from "../../../src/model/observation.js";
import { openStore } from "../../../src/store/open.js";
import type { ApiKeyRole, Store } from "../../../src/store/types.js";
import { isDnsightError } from "../../../src/errors.js";
import { assertLoopback, BindError, onFreePort } from "../../helpers/ports.js";
import { makeTmpDir } from "../../helpers/tmp.js";

export const T = 1_700_000_000;

const o = (
  rrname: string,
  rrtype: string,
  rdata: string,
  over: Partial<Observation> = {},
): Observation => ({
  rrname,
  rrtype,
  rdata,
  timeFirst: T,
  timeLast: T,
  count: 1,
  source: "passive",
  ...over,
});

/** The observations every API test starts from. */
export const FIXTURE: Observation[] = [
  o("www.example.com", "A", "192.0.2.1", {
    bailiwick: "example.com",
    sensorId: "s1",
    timeLast: T + 100,
    count: 5,
  }),
  o("www.example.com", "A", "192.0.2.1", {
    bailiwick: "example.com",
    sensorId: "s2",
    timeFirst: T + 10,
    timeLast: T + 300,
    count: 2,
  }),
  o("www.example.com", "A", "192.0.2.2", {
    bailiwick: "example.com",
    timeFirst: T + 50,
    timeLast: T + 200,
    count: 3,
  }),
  o("www.example.com", "A", "192.0.2.9", {
    bailiwick: "com",
    timeFirst: T + 1000,
    timeLast: T + 1000,
  }),
  o("www.example.com", "AAAA", "2001:db8::1", { bailiwick: "example.com", timeLast: T + 10 }),
  o("a.b.example.com", "CNAME", "edge.cdn.example.net.", { timeLast: T + 5, count: 4 }),
  o("mail.example.com", "MX", "10 mx.example.net.", { source: "zone", timeLast: T + 10, count: 2 }),
  o("example.com", "NS", "ns1.example.net.", { bailiwick: "com", count: 9 }),
  o("other.org", "A", "192.0.2.77", { timeFirst: T + 2000, timeLast: T + 2000 }),
  ...Array.from({ length: 30 }, (_, i) =>
    o(`n${String(i).padStart(2, "0")}.bulk.example.org`, "A", `198.51.100.${i + 1}`, {
      timeFirst: T + i,
      timeLast: T + i,
    }),
  ),
];

export interface ApiRig {
  store: Store;
  /** A read key, and an admin key. */
  key: string;
  adminKey: string;
  /** Log lines the server wrote. */
  log: string[];
  /** An API key of a role, created in the store. */
  addKey(role: ApiKeyRole): Promise<{ key: string; id: string }>;
  /** GET `path` (and query), with the read key unless `headers` are given. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** Any request, as fetch(base + path, init). */
  request(path: string, init?: InProcessRequest): Promise<Response>;
  close(): Promise<void>;
}

/** A rig whose server listens on 127.0.0.1. */
export interface SocketRig extends ApiRig {
  server: ApiServer;
  base: string;
}

type RigOptions = Partial<ApiOptions & ConnectionLimits>;

/** A fresh store filled with `rows`, a read and an admin key in it. */
async function rigStore(rows: readonly Observation[]) {
  const dir = makeTmpDir("api");
  const store = await openStore(join(dir.path, "api.db"));
  await store.writeObservations(rows);
  const addKey = async (role: ApiKeyRole): Promise<{ key: string; id: string }> => {
    const { key, stored } = newApiKey(`test ${role}`, role);
    await store.apiKeys!.addApiKey(stored);
    return { key, id: stored.id };
  };
  const { key } = await addKey("read");
  const { key: adminKey } = await addKey("admin");
  return { dir, store, addKey, key, adminKey, log: [] as string[] };
}

/** Opens a fresh store filled with FIXTURE and answers from it in-process, no socket. */
export async function inProcessRig(
  options: RigOptions = {},
  rows: readonly Observation[] = FIXTURE,
): Promise<ApiRig> {
  const { dir, ...rig } = await rigStore(rows);
  const api = inProcessApi({ store: rig.store, log: (l) => rig.log.push(l), ...options });
  return {
    ...rig,
    get: (path, headers = { "x-api-key": rig.key }) => api.request(path, { headers }),
    request: (path, init) => api.request(path, init),
    async close() {
      await api.close();
      await rig.store.close();
      dir.remove();
    },
  };
}

/** Opens a fresh store filled with FIXTURE and serves it on 127.0.0.1. */
export async function startRig(
  options: RigOptions = {},
  rows: readonly Observation[] = FIXTURE,
): Promise<SocketRig> {
  const { dir, ...rig } = await rigStore(rows);
  const { store, log } = rig;
  const host = "127.0.0.1";
  assertLoopback(host);
  // A port from the test range (below the ephemeral one), retried if another test file takes it.
  const server = await onFreePort(host, undefined, async (port) => {
    try {
      return await startApiServer({ store, host, port, log: (l) => log.push(l), ...options });
    } catch (e) {
      if (isDnsightError(e) && /EADDRINUSE/.test(e.message)) throw new BindError(e.message);
      throw e;
    }
  });
  return {
    ...rig,
    server,
    base: server.url,
    get: (path, headers = { "x-api-key": rig.key }) => fetch(server.url + path, { headers }),
    request: (path, init = {}) =>
      fetch(server.url + path, {
        ...(init.method !== undefined ? { method: init.method } : {}),
        ...(init.headers !== undefined ? { headers: init.headers } : {}),
        ...(init.body !== undefined ? { body: init.body } : {}),
      }),
    async close() {
      await server.close(1000);
      await store.close();
      dir.remove();
    },
  };
}

/** The lines of an NDJSON body, parsed. */
export async function lines(res: Response): Promise<Record<string, unknown>[]> {
  const text = await res.text();
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
