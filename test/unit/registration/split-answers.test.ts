// Multi-answer WHOIS texts: cut into answers by the separators clients print, and
// parsed into one record, registry first. The texts are built from the shared
// fixtures: com_rockcreekcc.com is Verisign's answer and Tucows's back to back
// (Debian whois without -v), nic.live is IANA + registry + registrar with
// FreeBSD `# server` headers (as python-whois saved it).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseWhois } from "../../../src/registration/whois/parse.js";
import { isIanaAnswer, splitAnswers } from "../../../src/registration/whois/split-answers.js";

const FIXTURES = fileURLToPath(new URL("../../../../shared/fixtures/whois/", import.meta.url));
const fixture = (path: string): string => readFileSync(FIXTURES + path, "utf8");

const ROCKCREEK = fixture("likexian/noterror/com_rockcreekcc.com");
// Tucows's answer starts at its own unindented `Domain Name:` line
const cut = ROCKCREEK.indexOf("\nDomain Name: ROCKCREEKCC.COM") + 1;
const VERISIGN = ROCKCREEK.slice(0, cut);
const TUCOWS = ROCKCREEK.slice(cut);

const IANA_COM = `% IANA WHOIS server
% for more information on IANA, visit http://www.iana.org
% This query returned 1 object

refer:        whois.verisign-grs.com

domain:       COM

organisation: VeriSign Global Registry Services
address:      12061 Bluemont Way
address:      Reston VA 20190
address:      United States of America (the)

whois:        whois.verisign-grs.com

status:       ACTIVE
remarks:      Registration information: http://www.verisigninc.com

created:      1985-01-01
changed:      2023-12-07
source:       IANA
`;

/** What every spelling of "Verisign then Tucows" must come to. */
function assertRockcreek(text: string): void {
  const r = parseWhois(text, { fetchedAt: "2021-06-01T16:00:00Z" });
  assert.equal(r.domain, "rockcreekcc.com");
  assert.equal(r.status, "registered");
  // the registry's dates (with their Z), not IANA's 1985 for .com
  assert.equal(r.created, "2002-07-12T15:48:26Z");
  assert.equal(r.expires, "2022-07-12T15:48:26Z");
  assert.equal(r.registrar.name, "Tucows Domains Inc.");
  assert.equal(r.registrar.ianaId, "69");
  // the registry left the abuse contact empty; the registrar gives it
  assert.equal(r.registrar.abuseEmail, "domainabuse@tucows.com");
  assert.deepEqual(
    r.nameservers.map((n) => n.name),
    ["ns1.sterlink.net", "ns2.sterlink.net"],
  );
  assert.deepEqual(r.eppStatus, ["clientTransferProhibited", "clientUpdateProhibited"]);
  // contacts only the registrar holds
  assert.deepEqual(r.contacts.map((c) => c.role).sort(), [
    "administrative",
    "registrant",
    "technical",
  ]);
  assert.equal(r.contacts.find((c) => c.role === "registrant")?.country, "US");
  assert.deepEqual(r.source.referrals, ["whois.tucows.com"]);
}

describe("splitAnswers", () => {
  it("cuts answers printed back to back after ICANN's `>>> Last update` line", () => {
    const answers = splitAnswers(ROCKCREEK);
    assert.equal(answers.length, 2);
    assert.match(answers[0]!.text, /^ {3}Domain Name: ROCKCREEKCC\.COM\n/);
    assert.match(answers[0]!.text, /ONLY \.COM, \.NET, \.EDU domains and\nRegistrars\.\n$/);
    assert.match(answers[1]!.text, /^Domain Name: ROCKCREEKCC\.COM\nRegistry Domain ID/);
    assert.ok(answers.every((a) => a.server === undefined));
  });

  it("reads the FreeBSD `# server` headers and knows IANA's answer", () => {
    const answers = splitAnswers(fixture("python-whois/whois/nic.live"));
    assert.deepEqual(
      answers.map((a) => [a.server, isIanaAnswer(a)]),
      [
        [undefined, true],
        ["whois.nic.live", false],
        ["whois.identitydigital.services", false],
      ],
    );
  });

  it("reads Debian whois -v, jwhois and dnsight's own raw dump", () => {
    const debian = splitAnswers(
      `Using server whois.verisign-grs.com.\nQuery string: "domain rockcreekcc.com"\n\n${VERISIGN}\nFound a referral to whois.tucows.com.\n\nUsing server whois.tucows.com.\nQuery string: "rockcreekcc.com"\n\n${TUCOWS}`,
    );
    assert.deepEqual(
      debian.map((a) => a.server),
      ["whois.verisign-grs.com", "whois.tucows.com"],
    );
    assert.doesNotMatch(debian[1]!.text, /Query string|Using server/);
    const jwhois = splitAnswers(
      `[Querying whois.verisign-grs.com]\n[Redirected to whois.tucows.com]\n[Querying whois.tucows.com]\n[whois.tucows.com]\n${TUCOWS}`,
    );
    assert.deepEqual(
      jwhois.map((a) => [a.server, a.text.slice(0, 29)]),
      [["whois.tucows.com", "Domain Name: ROCKCREEKCC.COM\n"]],
    );
    const dump = splitAnswers(
      `% whois.verisign-grs.com (query "domain rockcreekcc.com")\n${VERISIGN}\n% whois.tucows.com (query "rockcreekcc.com")\n(failed: whois whois.tucows.com: no complete answer in 10000 ms)\n`,
    );
    // the failed hop is no answer
    assert.deepEqual(
      dump.map((a) => a.server),
      ["whois.verisign-grs.com"],
    );
  });

  it("stays linear on hostile input (long space runs, many headers)", () => {
    const started = Date.now();
    splitAnswers(`a${" ".repeat(50_000)}b\n${"# whois.example.com\nx\n".repeat(5_000)}`);
    splitAnswers(
      `>>> Last update of WHOIS database\n${"Domain Name: x\n>>> Last update of WHOIS database\n".repeat(5_000)}`,
    );
    assert.ok(Date.now() - started < 1_000);
  });

  it("leaves every single answer of the corpora whole", () => {
    const multi: string[] = [];
    for (const dir of ["likexian/noterror", "likexian/notfound", "python-whois/whois"]) {
      for (const file of readdirSync(FIXTURES + dir)) {
        if (/\.(json|pre|md)$/.test(file)) continue;
        if (splitAnswers(fixture(`${dir}/${file}`)).length > 1) multi.push(file);
      }
    }
    // each of these holds a registry's answer and a registrar's (or IANA's first)
    assert.deepEqual(multi.sort(), [
      "com_rockcreekcc.com",
      "digg.com",
      "google.com",
      "imdb.com",
      "microsoft.com",
      "nic.live",
      "reddit.com",
      "shazow.net",
      "squatter.net",
    ]);
  });
});

describe("parseWhois on a multi-answer text", () => {
  it("merges the registry's answer and the registrar's, however they were joined", () => {
    assertRockcreek(ROCKCREEK);
    assertRockcreek(
      `${IANA_COM}\n# whois.verisign-grs.com\n\n${VERISIGN}\n# whois.tucows.com\n\n${TUCOWS}`,
    );
    assertRockcreek(
      `Using server whois.verisign-grs.com.\nQuery string: "domain rockcreekcc.com"\n\n${VERISIGN}\nFound a referral to whois.tucows.com.\n\n${TUCOWS}`,
    );
    assertRockcreek(
      `% whois.iana.org (query "rockcreekcc.com")\n${IANA_COM}% whois.verisign-grs.com (query "domain rockcreekcc.com")\n${VERISIGN}% whois.tucows.com (query "rockcreekcc.com")\n${TUCOWS}`,
    );
  });

  it("names the registry's server from its header, else from --server", () => {
    const headed = parseWhois(`${IANA_COM}\n# whois.verisign-grs.com\n${VERISIGN}${TUCOWS}`);
    assert.equal(headed.source.server, "whois.verisign-grs.com");
    const given = parseWhois(`${IANA_COM}\n${VERISIGN}${TUCOWS}`, {
      server: "whois.verisign-grs.com",
    });
    assert.equal(given.source.server, "whois.verisign-grs.com");
    // headerless: the registrar is named by the registry's referral
    assert.deepEqual(given.source.referrals, ["whois.tucows.com"]);
  });

  it("reads nic.live as the domain's record, not the .live TLD's", () => {
    const r = parseWhois(fixture("python-whois/whois/nic.live"), { domain: "nic.live" });
    assert.equal(r.created, "2015-04-27T22:04:24Z"); // IANA says 2015-06-25 for the TLD
    assert.equal(r.updated, "2024-06-11T22:04:34Z");
    assert.ok(!r.rawStatus.includes("ACTIVE"));
    assert.deepEqual(r.source.referrals, ["whois.identitydigital.services"]);
  });

  it("keeps IANA's answer when it is the only one", () => {
    const r = parseWhois(`% whois.iana.org (query "com")\n${IANA_COM}`);
    assert.equal(r.domain, "com");
    assert.equal(r.created, "1985-01-01T00:00:00Z");
  });

  it("keeps the registry's record when the registrar's answer holds no data", () => {
    const r = parseWhois(
      `${VERISIGN}% whois.tucows.com (query "rockcreekcc.com")\nQuery rate limit exceeded\n`,
    );
    assert.equal(r.created, "2002-07-12T15:48:26Z");
    assert.deepEqual(r.contacts, []);
    assert.deepEqual(r.source.referrals, []);
  });
});
