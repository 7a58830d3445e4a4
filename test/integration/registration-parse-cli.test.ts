import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { cli, ndjson } from "../helpers/cli.js";

// `dnsight registration parse`, offline: WHOIS text, RDAP JSON, a regional
// registry's text, and --batch keeping order with an error line per bad input.

const FIX = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));
const LIKEXIAN = join(FIX, "whois/likexian/noterror");
const RDAP = join(FIX, "rdap/meeb-whoisit/data_rdap_response_domain1.json");

const RIPE_TEXT = `% This is the RIPE Database query service.

inetnum:        193.0.0.0 - 193.0.7.255
netname:        RIPE-NCC
descr:          RIPE Network Coordination Centre
org:            ORG-RIEN1-RIPE
country:        NL
abuse-c:        ops4-RIPE
status:         ASSIGNED PA
created:        2003-03-17T12:15:57Z
last-modified:  2017-12-04T14:42:31Z
source:         RIPE

organisation:   ORG-RIEN1-RIPE
org-name:       Reseaux IP Europeens Network Coordination Centre (RIPE NCC)
org-type:       LIR
source:         RIPE

role:           RIPE NCC Operations
nic-hdl:        OPS4-RIPE
abuse-mailbox:  abuse@ripe.net
source:         RIPE
`;

describe("dnsight registration parse", () => {
  it("reads a saved WHOIS answer", async () => {
    const r = await cli([
      "registration",
      "parse",
      "--server",
      "whois.nic.ac",
      join(LIKEXIAN, "ac_google.ac"),
      "--json",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const rec = JSON.parse(r.stdout) as { domain: string; status: string; nameservers: unknown[] };
    assert.equal(rec.domain, "google.ac");
    assert.equal(rec.status, "registered");
    assert.ok(rec.nameservers.length > 0);
  });

  it("reads RDAP JSON from standard input", async () => {
    const r = await cli(["registration", "parse", "--rdap", "-", "--json"], {
      stdin: readFileSync(RDAP, "utf8"),
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { domain: string }).domain, "google.com");
  });

  it("reads a regional registry's answer when asked about an address", async () => {
    const r = await cli(
      [
        "registration",
        "parse",
        "--server",
        "whois.ripe.net",
        "--domain",
        "193.0.6.139",
        "-",
        "--json",
      ],
      {
        stdin: RIPE_TEXT,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const rec = JSON.parse(r.stdout) as {
      network: {
        start: string;
        end: string;
        name: string;
        organization: string;
        country: string;
        cidrs: string[];
      };
      contacts: { role: string; email?: string }[];
    };
    assert.deepEqual(
      [rec.network.start, rec.network.end, rec.network.name, rec.network.country],
      ["193.0.0.0", "193.0.7.255", "RIPE-NCC", "NL"],
    );
    assert.deepEqual(rec.network.cidrs, ["193.0.0.0/21"]);
    assert.match(rec.network.organization, /RIPE NCC/);
    assert.equal(rec.contacts.find((c) => c.role === "abuse")?.email, "abuse@ripe.net");
  });

  it("prints the record as `registration` does, and no made-up fetch time or empty referrals", async () => {
    const human = await cli([
      "registration",
      "parse",
      "--server",
      "whois.nic.ac",
      join(LIKEXIAN, "ac_google.ac"),
    ]);
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /^domain\s+google\.ac$/m);
    assert.match(human.stdout, /^source\s+whois whois\.nic\.ac \(parsed offline\)$/m);
    const json = await cli(["registration", "parse", "--rdap", "-", "--json"], {
      stdin: readFileSync(RDAP, "utf8"),
    });
    const source = (JSON.parse(json.stdout) as { source: Record<string, unknown> }).source;
    assert.equal(source.protocol, "rdap");
    assert.equal("fetchedAt" in source, false, "no fetch time an offline parse cannot know");
    assert.equal("referrals" in source, false);
    assert.doesNotMatch(json.stdout, /1970-01-01|"referrals":\[\]/);
  });

  it("--batch writes one line per input, in order, an error line for a bad one", async () => {
    const lines = [
      JSON.stringify({
        server: "whois.nic.ac",
        text: readFileSync(join(LIKEXIAN, "ac_google.ac"), "utf8"),
      }),
      "not json",
      JSON.stringify({ rdap: JSON.parse(readFileSync(RDAP, "utf8")) as unknown }),
      JSON.stringify({ rdap: { objectClassName: "entity" } }),
      "",
      JSON.stringify({ server: "whois.ripe.net", domain: "193.0.6.139", text: RIPE_TEXT }),
      JSON.stringify({ nothing: true }),
    ];
    const r = await cli(["registration", "parse", "--batch", "-"], {
      stdin: lines.join("\n") + "\n",
    });
    assert.equal(r.status, 0, r.stderr);
    const out = ndjson<{ domain?: string; error?: string; line?: number }>(r.stdout);
    assert.equal(out.length, 6);
    assert.equal(out[0]?.domain, "google.ac");
    assert.deepEqual([out[1]?.line, typeof out[1]?.error], [2, "string"]);
    assert.equal(out[2]?.domain, "google.com");
    assert.match(out[3]?.error ?? "", /objectClassName "entity"/);
    assert.equal(out[4]?.domain, "193.0.0.0/21");
    assert.match(out[5]?.error ?? "", /neither text nor rdap/);
  });

  it("names a file it cannot read, and asks for --server or --rdap", async () => {
    const missing = await cli([
      "registration",
      "parse",
      "--server",
      "whois.nic.ac",
      "/nonexistent/x.txt",
    ]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read \/nonexistent\/x\.txt: ENOENT/);
    const batchMissing = await cli(["registration", "parse", "--batch", "/nonexistent/x.ndjson"]);
    assert.equal(batchMissing.status, 1);
    assert.match(batchMissing.stderr, /\/nonexistent\/x\.ndjson/);
    const usage = await cli(["registration", "parse", "x.txt"]);
    assert.equal(usage.status, 2);
  });
});
