import { askAuthoritative, ZoneServersCache, type AuthServerAnswer } from "../dns/authoritative.js";
import type { Endpoint } from "../dns/client/endpoint.js";
import { StubClient } from "../dns/client/stub.js";
import { toQueryName } from "../dns/input-name.js";
import type { NameSource } from "./input.js";

// `resolve --authoritative`: for every input name, every authoritative server of
// its zone is asked directly. This is many small conversations rather than one
// stream, so it runs a bounded number of names at a time on the stub client.

export interface AuthBulkOptions {
  source: NameSource;
  types: string[];
  servers: Endpoint[];
  /** Names worked on at once. */
  concurrency: number;
  retries: number;
  dnssec?: boolean;
  /** Port of the authoritative servers (default 53). */
  nsPort?: number;
  onAnswer: (a: AuthServerAnswer & { zone: string }) => void | Promise<void>;
  onInvalid?: (message: string) => void;
}

export interface AuthBulkSummary {
  names: number;
  inconsistent: number;
  failed: number;
  invalidNames: number;
  elapsedMs: number;
}

export async function runAuthoritativeBulk(o: AuthBulkOptions): Promise<AuthBulkSummary> {
  const started = performance.now();
  const resolver = new StubClient({ servers: o.servers, retries: o.retries });
  const direct = new Map<string, StubClient>();
  const directFor = (ep: Endpoint): StubClient => {
    const key = `${ep.address}#${ep.port}`;
    let c = direct.get(key);
    if (!c)
      direct.set(
        key,
        (c = new StubClient({
          servers: [ep],
          recurse: false,
          retries: o.retries,
          dnssec: o.dnssec ?? false,
        })),
      );
    return c;
  };
  const zones = new ZoneServersCache(resolver);
  const s: AuthBulkSummary = {
    names: 0,
    inconsistent: 0,
    failed: 0,
    invalidNames: 0,
    elapsedMs: 0,
  };
  const running = new Set<Promise<void>>();

  const work = async (qname: string): Promise<void> => {
    let zs;
    try {
      zs = await zones.get(qname);
    } catch (e) {
      s.failed++;
      o.onInvalid?.(`${qname}: ${(e as Error).message}`);
      return;
    }
    for (const type of o.types) {
      const report = await askAuthoritative(
        resolver,
        qname,
        type,
        { direct: directFor, port: o.nsPort ?? 53 },
        zs,
      );
      if (!report.consistent) s.inconsistent++;
      for (const a of report.answers) await o.onAnswer({ ...a, zone: report.zone });
    }
  };

  for await (const { text, line } of o.source.lines) {
    let qname: string;
    try {
      qname = toQueryName(text).qname;
    } catch (e) {
      s.invalidNames++;
      o.onInvalid?.(`${o.source.label} line ${line}: ${(e as Error).message}`);
      continue;
    }
    s.names++;
    const p: Promise<void> = work(qname).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= o.concurrency) await Promise.race(running);
  }
  await Promise.all(running);
  s.elapsedMs = Math.round(performance.now() - started);
  return s;
}
