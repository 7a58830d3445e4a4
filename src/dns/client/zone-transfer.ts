import { connect } from "node:net";
import { DnsightError } from "../../errors.js";
import { decodeMessage, encodeMessage, type ResourceRecord } from "../wire/message.js";
import { rcodeToString } from "../wire/types.js";
import type { Endpoint } from "./endpoint.js";
import { randomId } from "./ids.js";

// Zone transfers over TCP: AXFR (RFC 5936) and IXFR (RFC 1995). The answer is a
// stream of length-prefixed messages whose answer sections, read in order, hold
// the zone: AXFR starts and ends with the zone's SOA; IXFR starts with the new
// SOA and then either the whole zone (AXFR-style), nothing more (already up to
// date), or difference sequences "old SOA, deleted…, new SOA, added…" and a last
// new SOA. Bounded in time (idle and overall) and in size, as a hostile or broken
// server could stream without end.

export interface TransferOptions {
  /** "AXFR", or "IXFR" with the serial the client has. */
  type: "AXFR" | "IXFR";
  serial?: number;
  /** No byte from the server for this long ends the transfer (default 10 s). */
  idleTimeoutMs?: number;
  /** The whole transfer (default 5 min). */
  deadlineMs?: number;
  /** Records at most (default 5,000,000). */
  maxRecords?: number;
}

/** One record of the transfer, and for IXFR whether it is deleted or added. */
export interface TransferRecord extends ResourceRecord {
  change?: "deleted" | "added";
}

export interface TransferResult {
  zone: string;
  /** "axfr", or for IXFR: "incremental", "full" (the server sent the zone) or "current". */
  kind: "axfr" | "incremental" | "full" | "current";
  serial: number;
  records: TransferRecord[];
  messages: number;
  bytes: number;
  durationMs: number;
}

const soaSerial = (rr: ResourceRecord): number => Number(rr.data.split(/\s+/)[2]);

/** Transfers `zone` (absolute name) from `server`. */
export async function transferZone(
  server: Endpoint,
  zone: string,
  o: TransferOptions,
): Promise<TransferResult> {
  const started = performance.now();
  const id = randomId();
  const where = `${o.type} of ${zone} from ${server.address}:${server.port}`;
  const query = encodeMessage({
    id,
    questions: [{ name: zone, type: o.type, class: "IN" }],
    ...(o.type === "IXFR"
      ? {
          authorities: [
            { name: zone, type: "SOA", class: "IN", ttl: 0, data: `. . ${o.serial ?? 0} 0 0 0 0` },
          ],
        }
      : {}),
  });
  const reader = new TransferReader(o.type, zone, o.maxRecords ?? 5_000_000, where, o.serial);
  await new Promise<void>((resolve, reject) => {
    const sock = connect({ host: server.address, port: server.port, noDelay: true });
    let pending: Buffer = Buffer.alloc(0);
    const fail = (e: Error): void => {
      clearTimeout(deadline);
      sock.destroy();
      reject(e);
    };
    const deadline = setTimeout(
      () =>
        fail(new DnsightError("TIMEOUT", `${where}: not done in ${o.deadlineMs ?? 300_000} ms`)),
      o.deadlineMs ?? 300_000,
    );
    sock.setTimeout(o.idleTimeoutMs ?? 10_000, () =>
      fail(new DnsightError("TIMEOUT", `${where}: no data for ${o.idleTimeoutMs ?? 10_000} ms`)),
    );
    sock.on("connect", () => {
      const frame = Buffer.alloc(2 + query.length);
      frame.writeUInt16BE(query.length, 0);
      query.copy(frame, 2);
      sock.write(frame);
    });
    sock.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      try {
        while (pending.length >= 2) {
          const len = pending.readUInt16BE(0);
          if (pending.length < 2 + len) break;
          const msg = pending.subarray(2, 2 + len);
          pending = pending.subarray(2 + len);
          if (reader.add(msg, id)) {
            clearTimeout(deadline);
            sock.destroy();
            return resolve();
          }
        }
      } catch (e) {
        fail(e as Error);
      }
    });
    sock.on("error", (e) =>
      fail(new DnsightError("NETWORK", `${where}: ${e.message}`, { cause: e })),
    );
    sock.on("close", () =>
      fail(
        new DnsightError("NETWORK", `${where}: the server closed the connection before the end`),
      ),
    );
  });
  return { ...reader.result(), durationMs: performance.now() - started };
}

/** Reads the messages of one transfer and knows when it is complete. */
class TransferReader {
  private readonly records: TransferRecord[] = [];
  private first: number | undefined;
  private soasSeen = 0;
  private kind: TransferResult["kind"] = "axfr";
  private messages = 0;
  private bytes = 0;
  /** In an incremental answer: are we reading deletions or additions? */
  private change: "deleted" | "added" = "added";

  constructor(
    private readonly type: "AXFR" | "IXFR",
    private readonly zone: string,
    private readonly maxRecords: number,
    private readonly where: string,
    private readonly clientSerial: number | undefined,
  ) {}

  /** Takes one message; true when the transfer is complete. */
  add(msg: Buffer, id: number): boolean {
    const m = decodeMessage(msg);
    if (m.id !== id) throw new DnsightError("WIRE", `${this.where}: a message with another id`);
    if (m.rcode !== 0)
      throw new DnsightError(
        "INPUT",
        `${this.where}: the server answered ${rcodeToString(m.rcode)}`,
      );
    this.messages++;
    this.bytes += msg.length;
    for (const rr of m.answers) if (this.take(rr)) return true;
    if (this.type === "IXFR" && this.records.length === 1 && this.first === this.clientSerial) {
      // A lone SOA with the client's own serial: it is up to date (RFC 1995 §2).
      this.kind = "current";
      return true;
    }
    return false;
  }

  private take(rr: ResourceRecord): boolean {
    if (this.records.length >= this.maxRecords)
      throw new DnsightError("INPUT", `${this.where}: more than ${this.maxRecords} records`);
    const isSoa = rr.type === "SOA" && rr.name.toLowerCase() === this.zone.toLowerCase();
    if (this.records.length === 0) {
      if (!isSoa)
        throw new DnsightError("WIRE", `${this.where}: the answer does not start with the SOA`);
      this.first = soaSerial(rr);
      this.soasSeen = 1;
      this.records.push(rr);
      return false;
    }
    if (this.type === "IXFR" && this.records.length === 1) {
      // RFC 1995 §4: a second SOA with the first one's serial is an AXFR-style
      // answer of a zone holding only its SOA; another serial starts the differences.
      if (isSoa && soaSerial(rr) === this.first) {
        this.kind = "full";
        this.records.push(rr);
        return true;
      }
      this.kind = isSoa ? "incremental" : "full";
    }
    if (this.kind === "incremental") return this.takeIncremental(rr, isSoa);
    this.records.push(rr);
    // AXFR and AXFR-style IXFR: the second SOA closes the zone.
    return isSoa;
  }

  private takeIncremental(rr: ResourceRecord, isSoa: boolean): boolean {
    if (isSoa) {
      const serial = soaSerial(rr);
      // The new serial a third time ends it: first record, last delta's new SOA, end.
      if (serial === this.first && ++this.soasSeen === 3) {
        this.records.push(rr);
        return true;
      }
      this.change = this.change === "deleted" ? "added" : "deleted";
    }
    this.records.push({ ...rr, change: this.change });
    return false;
  }

  result(): Omit<TransferResult, "durationMs"> {
    return {
      zone: this.zone,
      kind: this.kind,
      serial: this.first ?? 0,
      records: this.records,
      messages: this.messages,
      bytes: this.bytes,
    };
  }
}
