import { parentPort } from "node:worker_threads";
import { DnsightError } from "../errors.js";
import { parseIpTables, type IpDataFile } from "./ip-info.js";
import { partBuffers } from "./range-table.js";

// Parses the IP → AS and country tables off the main thread (about a second of CPU,
// several on a busy machine) and hands the arrays back without a copy, so a server
// keeps answering while they load.

export type IpTablesReply =
  | { ok: true; tables: ReturnType<typeof parseIpTables> }
  | { ok: false; code: string; message: string };

parentPort!.once("message", (paths: Record<IpDataFile, string>) => {
  try {
    const tables = parseIpTables(paths);
    const reply: IpTablesReply = { ok: true, tables };
    parentPort!.postMessage(reply, [...partBuffers(tables.asn), ...partBuffers(tables.country)]);
  } catch (e) {
    const code = e instanceof DnsightError ? e.code : "INTERNAL";
    const reply: IpTablesReply = { ok: false, code, message: (e as Error).message };
    parentPort!.postMessage(reply);
  }
});
