// IP and AS number registration over WHOIS against two TCP servers on loopback:
// one plays whois.arin.net (Google's own block, and blocks allocated to the RIPE
// NCC with a ReferralServer line), the other whois.ripe.net. The server table
// redirects both names to 127.0.0.1, and name resolution is made to fail loudly,
// so no hop can reach a real host. Through lookupRegistration and the CLI.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { RegistrationRecord } from "../../src/model/registration.js";
import { loadBootstrapDir, lookupRegistration } from "../../src/registration/lookup.js";
import { PerServerLimiter } from "../../src/registration/net/per-server-limiter.js";
import { parseTarget } from "../../src/registration/target.js";
import { cli } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

const ARIN_FOOTER = `
#
# ARIN WHOIS data and services are subject to the Terms of Use
# available at: https://www.arin.net/resources/registry/whois/tou/
#
`;

const ARIN_RIPE_ORG = `OrgName:        RIPE Network Coordination Centre
OrgId:          RIPE
Address:        P.O. Box 10096
City:           Amsterdam
StateProv:      
PostalCode:     1001EB
Country:        NL
RegDate:        
Updated:        2013-07-29
Ref:            https://rdap.arin.net/registry/entity/RIPE

ReferralServer:  whois://whois.ripe.net
ResourceLink:  https://apps.db.ripe.net/db-web-ui/query

OrgAbuseHandle: ABUSE3850-ARIN
OrgAbuseName:   Abuse Contact
OrgAbusePhone:  +31205354444 
OrgAbuseEmail:  abuse@ripe.net
OrgAbuseRef:    https://rdap.arin.net/registry/entity/ABUSE3850-ARIN
`;

const ARIN: Record<string, string> = {
  "n + 8.8.8.8": `${ARIN_FOOTER}
NetRange:       8.0.0.0 - 8.127.255.255
CIDR:           8.0.0.0/9
NetName:        LVLT-ORG-8-8
NetHandle:      NET-8-0-0-0-1
Parent:          ()
NetType:        Direct Allocation
Organization:   Level 3 Parent, LLC (LPL-141)
RegDate:        1992-12-01
Updated:        2018-04-23

OrgName:        Level 3 Parent, LLC
OrgId:          LPL-141
Country:        US

OrgAbuseHandle: LAC56-ARIN
OrgAbuseEmail:  abuse@level3.com


NetRange:       8.8.8.0 - 8.8.8.255
CIDR:           8.8.8.0/24
NetName:        GOGL
NetHandle:      NET-8-8-8-0-1
Parent:         LVLT-ORG-8-8 (NET-8-0-0-0-1)
NetType:        Direct Allocation
Organization:   Google LLC (GOGL)
RegDate:        2014-03-14
Updated:        2014-03-14

OrgName:        Google LLC
OrgId:          GOGL
Address:        1600 Amphitheatre Parkway
City:           Mountain View
StateProv:      CA
PostalCode:     94043
Country:        US

OrgAbuseHandle: ABUSE5250-ARIN
OrgAbuseName:   Abuse
OrgAbusePhone:  +1-650-253-0000 
OrgAbuseEmail:  network-abuse@google.com
${ARIN_FOOTER}`,
  "n + 193.0.6.139": `${ARIN_FOOTER}
NetRange:       193.0.0.0 - 193.255.255.255
CIDR:           193.0.0.0/8
NetName:        RIPE-CIDR-193
NetHandle:      NET-193-0-0-0-1
Parent:          ()
NetType:        Allocated to RIPE NCC
Organization:   RIPE Network Coordination Centre (RIPE)
RegDate:        1993-05-01
Updated:        2009-03-25
Comment:        These addresses have been further assigned to users in
Comment:        the RIPE NCC region.  Contact information can be found in
Comment:        the RIPE database at http://www.ripe.net/whois

${ARIN_RIPE_ORG}${ARIN_FOOTER}`,
  "n + 2001:67c:2e8:22::c100:68b": `${ARIN_FOOTER}
NetRange:       2001:600:: - 2001:7FF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF
CIDR:           2001:600::/23
NetName:        RIPE-IPV6-2001-600
NetHandle:      NET6-2001-600-1
Parent:         IANA-V6-2001 (NET6-2001-1)
NetType:        Allocated to RIPE NCC
Organization:   RIPE Network Coordination Centre (RIPE)
RegDate:        2002-03-26
Updated:        2009-03-25

${ARIN_RIPE_ORG}${ARIN_FOOTER}`,
  "a + 3333": `${ARIN_FOOTER}
ASNumber:       3154 - 3353
ASName:         RIPE-ASNBLOCK-3154
ASHandle:       AS3154
RegDate:        1994-09-06
Updated:        2009-03-25
Comment:        These ASNs have been further assigned to users in the RIPE NCC region.

${ARIN_RIPE_ORG}${ARIN_FOOTER}`,
};

const RIPE_TAIL = `
organisation:   ORG-RIEN1-RIPE
org-name:       Reseaux IP Europeens Network Coordination Centre (RIPE NCC)
country:        NL
org-type:       RIR
address:        P.O. Box 10096
address:        1001 EB
address:        Amsterdam
abuse-c:        ops4-ripe
source:         RIPE # Filtered

role:           RIPE NCC Operations
address:        P.O. Box 10096
address:        1001 EB Amsterdam
abuse-mailbox:  abuse@ripe.net
nic-hdl:        OPS4-RIPE
source:         RIPE # Filtered

% This query was served by the RIPE Database Query Service version 1.109 (SHETLAND)
`;

const RIPE_HEAD = `% This is the RIPE Database query service.
% The objects are in RPSL format.

% Note: this output has been filtered.
%       To receive output for a database update, use the "-B" flag.

`;

const RIPE: Record<string, string> = {
  "193.0.6.139": `${RIPE_HEAD}% Information related to '193.0.0.0 - 193.0.7.255'

% Abuse contact for '193.0.0.0 - 193.0.7.255' is 'abuse@ripe.net'

inetnum:        193.0.0.0 - 193.0.7.255
netname:        RIPE-NCC
descr:          RIPE Network Coordination Centre
org:            ORG-RIEN1-RIPE
country:        NL
tech-c:         OPS4-RIPE
status:         ASSIGNED PA
created:        2003-03-17T12:15:57Z
last-modified:  2017-12-04T14:46:31Z
source:         RIPE
${RIPE_TAIL}`,
  "2001:67c:2e8:22::c100:68b": `${RIPE_HEAD}% Information related to '2001:67c:2e8::/48'

% Abuse contact for '2001:67c:2e8::/48' is 'abuse@ripe.net'

inet6num:       2001:67c:2e8::/48
netname:        RIPE-NCC
org:            ORG-RIEN1-RIPE
country:        NL
status:         ASSIGNED
created:        2011-01-13T15:03:02Z
last-modified:  2017-03-17T13:31:38Z
source:         RIPE
${RIPE_TAIL}`,
  AS3333: `${RIPE_HEAD}% Information related to 'AS3333'

% Abuse contact for 'AS3333' is 'abuse@ripe.net'

aut-num:        AS3333
as-name:        RIPE-NCC-AS
org:            ORG-RIEN1-RIPE
status:         ASSIGNED
created:        2002-09-17T08:47:30Z
last-modified:  2024-01-05T10:12:05Z
source:         RIPE
${RIPE_TAIL}`,
};

/** A WHOIS server answering from `answers`, else `miss` with QUERY replaced. */
function playing(answers: Record<string, string>, miss: string, asked: string[]): Server {
  return createServer((s) => {
    s.on("data", (d) => {
      const q = d.toString().trim();
      asked.push(q);
      s.end(answers[q] ?? miss.replace("QUERY", q));
    });
    s.on("error", () => undefined);
  });
}

describe("IP and AS number registration over WHOIS (ARIN, then the RIR it refers to)", () => {
  const tmp = makeTmpDir("rir-whois");
  const arinAsked: string[] = [];
  const ripeAsked: string[] = [];
  let arin: Server;
  let ripe: Server;
  let table: Record<string, { whois: string[]; rdap: string[] }> = {};
  const resolved: string[] = [];

  before(async () => {
    arin = playing(ARIN, "No match found for QUERY.\n", arinAsked);
    ripe = playing(RIPE, "%ERROR:101: no entries found\n", ripeAsked);
    for (const s of [arin, ripe]) await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const at = (s: Server) => `127.0.0.1:${(s.address() as { port: number }).port}`;
    table = {
      "whois.arin.net": { whois: [at(arin)], rdap: [] },
      "whois.ripe.net": { whois: [at(ripe)], rdap: [] },
    };
    writeFileSync(join(tmp.path, "servers.json"), JSON.stringify(table));
    // A bootstrap with no RIR at all: RDAP has no server, so auto mode goes to WHOIS.
    const dir = join(tmp.path, "bootstrap");
    mkdirSync(dir);
    for (const f of ["dns", "ipv4", "ipv6", "asn"])
      writeFileSync(
        join(dir, `${f}.json`),
        JSON.stringify({ version: "1.0", publication: "2026-01-01T00:00:00Z", services: [] }),
      );
  });
  after(() => {
    arin.close();
    ripe.close();
    tmp.remove();
  });

  const lookup = (target: string, protocol: "auto" | "whois" = "whois") =>
    lookupRegistration(parseTarget(target), {
      protocol,
      table,
      bootstrap: loadBootstrapDir(join(tmp.path, "bootstrap")),
      limiter: new PerServerLimiter({ rate: 1000, burst: 100 }),
      allowLoopback: true,
      timeoutMs: 3000,
      // Every server is an address in the table: asking to resolve a name means a
      // hop was about to leave this machine.
      resolve: async (host) => {
        resolved.push(host);
        throw new Error(`the test refuses to resolve ${host}`);
      },
    });

  const abuseOf = (r: RegistrationRecord) => r.contacts.find((c) => c.role === "abuse")?.email;

  it("IPv4 held by ARIN itself: Google's /24, no referral", async () => {
    const { record: r, raw } = await lookup("8.8.8.8");
    assert.equal(r.domain, "8.8.8.0/24");
    assert.equal(r.network?.start, "8.8.8.0");
    assert.equal(r.network?.end, "8.8.8.255");
    assert.equal(r.network?.name, "GOGL");
    assert.equal(r.network?.organization, "Google LLC");
    assert.equal(r.network?.country, "US");
    assert.equal(abuseOf(r), "network-abuse@google.com");
    assert.deepEqual(r.source.referrals, []);
    assert.match(raw, /^% whois\.arin\.net via 127\.0\.0\.1:\d+ \(query "n \+ 8\.8\.8\.8"\)\n/);
  });

  it("IPv4 in RIPE space: ARIN refers, RIPE's inetnum leads", async () => {
    const { record: r, raw, notes } = await lookup("193.0.6.139", "auto");
    assert.match(notes.join(";"), /RDAP: no server/);
    assert.equal(r.status, "registered");
    assert.equal(r.domain, "193.0.0.0/21");
    assert.deepEqual(r.network?.cidrs, ["193.0.0.0/21"]);
    assert.equal(r.network?.name, "RIPE-NCC");
    assert.equal(r.network?.type, "ASSIGNED PA");
    assert.equal(
      r.network?.organization,
      "Reseaux IP Europeens Network Coordination Centre (RIPE NCC)",
    );
    assert.equal(r.network?.country, "NL");
    assert.equal(abuseOf(r), "abuse@ripe.net");
    assert.equal(r.created, "2003-03-17T12:15:57Z");
    assert.deepEqual(r.source, {
      protocol: "whois",
      server: "whois.arin.net",
      fetchedAt: r.source.fetchedAt,
      referrals: ["whois.ripe.net"],
    });
    assert.match(raw, /% whois\.arin\.net via [^\n]+\(query "n \+ 193\.0\.6\.139"\)\n/);
    assert.match(raw, /% whois\.ripe\.net via [^\n]+\(query "193\.0\.6\.139"\)\n/);
    assert.match(raw, /NetType: +Allocated to RIPE NCC/);
    assert.match(raw, /inetnum: +193\.0\.0\.0 - 193\.0\.7\.255/);
  });

  it("IPv6 in RIPE space", async () => {
    const { record: r } = await lookup("2001:67c:2e8:22::c100:68b");
    assert.equal(r.domain, "2001:67c:2e8::/48");
    assert.equal(r.network?.start, "2001:67c:2e8::");
    assert.equal(r.network?.end, "2001:67c:2e8:ffff:ffff:ffff:ffff:ffff");
    assert.equal(r.network?.name, "RIPE-NCC");
    assert.equal(r.network?.country, "NL");
    assert.equal(abuseOf(r), "abuse@ripe.net");
  });

  it("AS number in RIPE space: ARIN's block refers, RIPE's aut-num leads", async () => {
    const { record: r } = await lookup("AS3333");
    assert.equal(r.domain, "AS3333");
    assert.equal(r.network?.kind, "asn");
    assert.equal(r.network?.name, "RIPE-NCC-AS");
    assert.equal(
      r.network?.organization,
      "Reseaux IP Europeens Network Coordination Centre (RIPE NCC)",
    );
    assert.equal(r.network?.country, "NL");
    assert.equal(abuseOf(r), "abuse@ripe.net");
    assert.ok(arinAsked.includes("a + 3333"), arinAsked.join(", "));
    assert.ok(ripeAsked.includes("AS3333"), ripeAsked.join(", "));
  });

  it("an AS number nobody holds", async () => {
    const { record: r } = await lookup("AS4199999999");
    assert.equal(r.status, "available");
    assert.equal(r.domain, "AS4199999999");
  });

  it("the CLI, with --servers pointing ARIN and RIPE at loopback", async () => {
    const args = (target: string) => [
      "registration",
      target,
      "--protocol",
      "whois",
      "--servers",
      join(tmp.path, "servers.json"),
      "--bootstrap",
      join(tmp.path, "bootstrap"),
      "--allow-private",
      "loopback",
      "--timeout",
      "3000",
      "--no-store",
    ];
    const json = await cli([...args("193.0.6.139"), "--json"]);
    assert.equal(json.status, 0, json.stderr);
    const rec = JSON.parse(json.stdout) as RegistrationRecord;
    assert.equal(rec.network?.name, "RIPE-NCC");
    assert.equal(rec.source.referrals[0], "whois.ripe.net");
    const human = await cli(args("AS3333"));
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /^domain +AS3333$/m);
    assert.match(human.stdout, /^organization +Reseaux IP Europeens/m);
    assert.match(human.stdout, /^country +NL$/m);
    assert.match(human.stdout, /abuse@ripe\.net/);
  });

  it("resolved no name at all", () => {
    assert.deepEqual(resolved, []);
  });
});

describe("IP registration when neither RDAP nor WHOIS answers", () => {
  it("says why for both protocols", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const tmp = makeTmpDir("rir-whois-down");
    try {
      const empty = JSON.stringify({ version: "1.0", publication: "", services: [] });
      for (const f of ["dns", "ipv4", "ipv6", "asn"])
        writeFileSync(join(tmp.path, `${f}.json`), empty);
      await assert.rejects(
        lookupRegistration(parseTarget("192.0.2.1"), {
          bootstrap: loadBootstrapDir(tmp.path),
          table: { "whois.arin.net": { whois: [`127.0.0.1:${port}`], rdap: [] } },
          allowLoopback: true,
          timeoutMs: 2000,
          resolve: async (host) => {
            throw new Error(`the test refuses to resolve ${host}`);
          },
        }),
        /no WHOIS answer for 192\.0\.2\.1 \(whois\.arin\.net: whois 127\.0\.0\.1: connect ECONNREFUSED[^)]*\); RDAP: no server/,
      );
    } finally {
      tmp.remove();
    }
  });
});
