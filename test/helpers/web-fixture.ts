// The store the browser tests look at, set up the way a user sets one up: users made
// with `dnsight user add`, a watched brand, passive DNS ingested from COF and from a
// pcap, a registration fetched by `dnsight registration` from a WHOIS server on
// localhost, then `dnsight serve`. Hostile text rides every path: a TXT record in the
// COF and in the pcap, and WHOIS fields, each holding markup and script that would
// change the page's title if it ever ran.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { cli } from "./cli.js";
import { listenLocalhost, type LocalhostServer } from "./localhost-server.js";
import { pcapOf, response, rr, TXT, A } from "./pcap-handmade.js";
import { freePort } from "./ports.js";
import { spawnServe, type ServeChild } from "./serve.js";
import { makeTmpDir, type TmpDir } from "./tmp.js";

export const PASSWORD = "correct horse battery";
export const XSS = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;
/** The WHOIS answer for evil.test: its registrar and registrant are markup (given for any name asked). */
const WHOIS_EVIL = [
  "Domain Name: EVIL.TEST",
  `Registrar: ${XSS}`,
  "Creation Date: 2026-11-01T00:00:00Z",
  "Registry Expiry Date: 2027-11-01T00:00:00Z",
  "Domain Status: clientTransferProhibited",
  `Registrant Organization: <svg onload="document.title='pwned'"></svg>`,
  "Name Server: NS1.EVIL.TEST",
  "",
].join("\r\n");

export interface WebFixture {
  /** http://localhost:PORT */
  base: string;
  served: ServeChild;
  close(): Promise<void>;
}

const cof = (rrname: string, rrtype: string, rdata: string, i: number): string =>
  JSON.stringify({
    rrname,
    rrtype,
    rdata,
    count: i + 1,
    time_first: 1_790_000_000 + i * 3600,
    time_last: 1_790_500_000 + i * 3600,
  });

async function ok(args: string[], stdin?: string): Promise<void> {
  const r = await cli(args, stdin !== undefined ? { stdin } : {});
  assert.equal(r.status, 0, `dnsight ${args.join(" ")}: ${r.stderr}`);
}

/** Where the fixture keeps its data: a SQLite file of its own unless `db` is given. */
export interface WebFixtureStore {
  db?: string;
  /** --state (PostgreSQL, say) for users, alerts, watches and the audit log. */
  state?: string;
}

export async function webFixture(name: string, store: WebFixtureStore = {}): Promise<WebFixture> {
  const tmp: TmpDir = makeTmpDir(name);
  const db = store.db ?? join(tmp.path, "ui.db");
  const at = ["--db", db, ...(store.state !== undefined ? ["--state", store.state] : [])];
  let whois: LocalhostServer | undefined;
  let served: ServeChild | undefined;
  try {
    for (const [user, role] of [
      ["ana", "analyst"],
      ["rita", "reader"],
      ["root", "admin"],
    ] as const)
      await ok(["user", "add", user, "--role", role, ...at], `${PASSWORD}\n`);
    await ok(["watch", "add", "shop.test", "--kind", "brand", ...at]);

    const file = join(tmp.path, "seen.cof");
    writeFileSync(
      file,
      [
        cof("www.shop.test", "A", "192.0.2.10", 0),
        cof("shop.test", "NS", "ns1.shop.test.", 1),
        cof("mail.shop.test", "MX", "10 mx.shop.test.", 1),
        cof("admin.shop.test", "TXT", `"${XSS.replace(/"/g, '\\"')}"`, 2),
        // A lookalike of the watched brand, on the shop's address: an alert, and a pivot.
        cof("sh0p.test", "A", "192.0.2.10", 3),
        // On Google's 8.8.8.8 (AS15169 in the packaged IP → AS table): the AS page's row.
        cof("dns.asn.test", "A", "8.8.8.8", 4),
        ...Array.from({ length: 120 }, (_, i) =>
          cof(`h${i}.bulk.shop.test`, "A", `198.51.100.${i}`, i),
        ),
      ].join("\n") + "\n",
    );
    await ok(["ingest", "cof", file, ...at]);

    // The same kind of record from a capture: a DNS response carrying the markup in TXT.
    const pcap = join(tmp.path, "seen.pcap");
    writeFileSync(
      pcap,
      pcapOf([
        response(7, 0x8180, "pcap.shop.test", [
          rr("pcap.shop.test", 16, TXT(XSS.slice(0, 120))),
          rr("pcap.shop.test", 1, A("192.0.2.99")),
        ]),
      ]),
    );
    await ok(["ingest", "pcap", pcap, ...at]);

    whois = await listenLocalhost(() => createServer((s) => s.on("data", () => s.end(WHOIS_EVIL))));
    const servers = join(tmp.path, "servers.json");
    writeFileSync(
      servers,
      JSON.stringify({ test: { whois: [`localhost:${whois.port}`], rdap: [] } }),
    );
    // Two domains from the same registrar: the pivot graph expands the registrar to both.
    for (const domain of ["evil.test", "evil-twin.test"])
      await ok([
        "registration",
        domain,
        "--protocol",
        "whois",
        "--servers",
        servers,
        "--allow-private",
        "loopback",
        ...at,
      ]);

    const port = await freePort("127.0.0.1");
    served = await spawnServe({ db, host: "127.0.0.1", port, extra: at.slice(2) });
    const s = served;
    const w = whois;
    return {
      base: `http://localhost:${port}`,
      served: s,
      async close() {
        if (s.child.exitCode === null) {
          s.child.kill("SIGTERM");
          await s.exit;
        }
        w.close();
        tmp.remove();
      },
    };
  } catch (e) {
    served?.child.kill("SIGTERM");
    whois?.close();
    tmp.remove();
    throw e;
  }
}
