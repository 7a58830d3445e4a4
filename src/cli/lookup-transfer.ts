import type { Endpoint } from "../dns/client/endpoint.js";
import { endpointText } from "../dns/client/endpoint.js";
import { transferZone, type TransferRecord } from "../dns/client/zone-transfer.js";
import { relative } from "../dns/wire/name.js";
import type { Observation } from "../model/observation.js";
import { normaliseObservation } from "../store/observation.js";
import { openStore } from "../store/open.js";
import type { CommandIO } from "./command.js";

// `lookup -t AXFR` / `IXFR=serial`: the zone from one server, printed as zone-file
// lines (dig's way), and unless --no-store kept as `zone` observations with the
// zone as bailiwick: what the zone's own server says it holds.

export interface TransferCall {
  server: Endpoint;
  zone: string;
  type: "AXFR" | "IXFR";
  serial?: number;
  json: boolean;
  short: boolean;
  idleTimeoutMs?: number;
  /** Store URL, or undefined for --no-store. */
  store?: string;
}

const line = (rr: TransferRecord): string =>
  `${rr.name.padEnd(23)} ${String(rr.ttl).padEnd(7)} ${rr.class}\t${rr.type}\t${rr.data}`;

export async function lookupTransfer(c: TransferCall, io: CommandIO): Promise<number> {
  const t = await transferZone(c.server, c.zone, {
    type: c.type,
    ...(c.serial !== undefined ? { serial: c.serial } : {}),
    ...(c.idleTimeoutMs !== undefined ? { idleTimeoutMs: c.idleTimeoutMs } : {}),
  });
  let change: string | undefined;
  for (const rr of t.records) {
    if (c.json) {
      io.stdout.write(`${JSON.stringify({ ...rr, name: relative(rr.name) })}\n`);
      continue;
    }
    if (!c.short && rr.change !== change && rr.change !== undefined)
      io.stdout.write(`; ${(change = rr.change)}\n`);
    io.stdout.write(`${c.short ? rr.data : line(rr)}\n`);
  }
  if (!c.json && !c.short)
    io.stdout.write(
      `;; ${c.type} ${c.zone} serial ${t.serial}${c.type === "IXFR" ? ` (${t.kind})` : ""}: ${t.records.length} records in ${t.messages} messages, ${t.bytes} bytes\n` +
        `;; SERVER: ${endpointText(c.server)} (TCP), ${t.durationMs.toFixed(1)} ms, ${new Date().toISOString()}\n`,
    );
  if (c.store !== undefined) await storeZone(c.store, c.zone, t.records);
  return 0;
}

/** What the zone holds now: every record but the deleted ones, and the SOA once. */
async function storeZone(url: string, zone: string, records: TransferRecord[]): Promise<void> {
  const at = Math.floor(Date.now() / 1000);
  const seen = new Set<string>();
  const rows: Observation[] = [];
  for (const rr of records) {
    if (rr.change === "deleted") continue;
    const key = `${rr.name.toLowerCase()} ${rr.type} ${rr.data}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(
      normaliseObservation({
        rrname: relative(rr.name),
        rrtype: rr.type,
        rdata: rr.data,
        timeFirst: at,
        source: "zone",
        bailiwick: relative(zone),
      }),
    );
  }
  const store = await openStore(url);
  try {
    // In slices: a large zone should not be one giant write holding the lock.
    for (let i = 0; i < rows.length; i += 5000)
      await store.writeObservations(rows.slice(i, i + 5000));
  } finally {
    await store.close();
  }
}
