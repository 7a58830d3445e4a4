import { DnsightError, type ErrorCode } from "../errors.js";
import type { IpLookup } from "../model/ip-facts.js";
import { startWorker } from "../threads/start-worker.js";
import { ipDataPaths, ipInfoFrom, loadIpInfo, type IpInfo } from "./ip-info.js";
import type { IpTablesReply } from "./ip-tables-worker.js";

// The tables load lazily (about a second, tens of MB) and are shared: the IP page, the
// domain card and the AS page of one server read the same copy. One data folder is
// kept, the last one asked for, so a process that switches folders does not pile them up.

let shared: { dataDir: string; info: IpInfo } | undefined;
let loading: { dataDir: string; info: Promise<IpInfo> } | undefined;

/** The tables of `dataDir`, loaded at the first call, on this thread (for the CLI). */
export function sharedIpInfo(dataDir: string): IpInfo {
  if (shared?.dataDir !== dataDir) shared = { dataDir, info: loadIpInfo(ipDataPaths(dataDir)) };
  return shared.info;
}

/**
 * The tables of `dataDir`, parsed in a worker thread at the first call: for a server,
 * whose other requests must not wait on the parse. Callers at the same time share one
 * load; a failed load is tried again by the next call.
 */
export function sharedIpInfoAsync(dataDir: string): Promise<IpInfo> {
  if (shared?.dataDir === dataDir) return Promise.resolve(shared.info);
  if (loading?.dataDir === dataDir) return loading.info;
  const mine = {
    dataDir,
    info: parseInWorker(dataDir).then(
      (info) => {
        if (loading === mine) loading = undefined;
        shared = { dataDir, info };
        return info;
      },
      (e: unknown) => {
        if (loading === mine) loading = undefined;
        throw e;
      },
    ),
  };
  loading = mine;
  return mine.info;
}

function parseInWorker(dataDir: string): Promise<IpInfo> {
  const paths = ipDataPaths(dataDir);
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, "ip-tables-worker");
    const done = (): void => void worker.terminate();
    worker.once("message", (reply: IpTablesReply) => {
      done();
      if (reply.ok) resolve(ipInfoFrom(reply.tables));
      else reject(new DnsightError(reply.code as ErrorCode, reply.message));
    });
    worker.once("error", (e) => {
      done();
      reject(new DnsightError("INTERNAL", `IP tables worker: ${e.message}`, { cause: e }));
    });
    worker.postMessage(paths);
  });
}

/** IP → ASN / country that loads its tables at the first lookup. */
export function lazyIpLookup(dataDir: string): IpLookup {
  let info: IpInfo | undefined;
  return (ip) => (info ??= sharedIpInfo(dataDir)).lookup(ip);
}
