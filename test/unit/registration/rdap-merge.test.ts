import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { mergeRegistrarRecord } from "../../../src/registration/rdap/merge.js";
import { parseRdap } from "../../../src/registration/rdap/parse.js";

const source = {
  protocol: "rdap" as const,
  server: "rdap.verisign.com",
  fetchedAt: "2026-01-01T00:00:00Z",
  referrals: [],
};

const registry = parseRdap(
  JSON.parse(
    readFileSync(
      fileURLToPath(
        new URL(
          "../../../../shared/fixtures/rdap/meeb-whoisit/data_rdap_response_domain1.json",
          import.meta.url,
        ),
      ),
      "utf8",
    ),
  ),
  { source },
);

// A made-up registrar answer of the usual shape (no registrar fixture exists).
const registrar = parseRdap(
  {
    objectClassName: "domain",
    ldhName: "google.com",
    status: ["client update prohibited", "client hold"],
    events: [
      { eventAction: "registrar expiration", eventDate: "2028-09-13T07:00:00Z" },
      { eventAction: "last changed", eventDate: "2019-09-09T15:39:04Z" },
    ],
    entities: [
      {
        roles: ["registrar"],
        vcardArray: [
          "vcard",
          [
            ["fn", {}, "text", "MarkMonitor, Inc."],
            ["url", {}, "uri", "http://www.markmonitor.com"],
          ],
        ],
        port43: "whois.markmonitor.com",
      },
      {
        roles: ["registrant"],
        vcardArray: [
          "vcard",
          [
            ["org", {}, "text", "Google LLC"],
            ["adr", { cc: "US" }, "text", ["", "", "", "", "CA", "", ""]],
          ],
        ],
      },
    ],
  },
  { source: { ...source, server: "rdap.markmonitor.com" } },
);

describe("mergeRegistrarRecord", () => {
  const merged = mergeRegistrarRecord(registry, registrar, "rdap.markmonitor.com");

  it("keeps the registry's dates and fills the ones it lacks", () => {
    assert.equal(merged.created, "1997-09-15T04:00:00Z");
    assert.equal(merged.expires, "2028-09-14T04:00:00Z");
    assert.equal(merged.updated, "2019-09-09T15:39:04Z");
  });

  it("keeps the registry's registrar name and IANA id, adding the URL and WHOIS server", () => {
    assert.deepEqual(merged.registrar, {
      name: "MarkMonitor Inc.",
      ianaId: "292",
      url: "http://www.markmonitor.com",
      whoisServer: "whois.markmonitor.com",
      abuseEmail: "abusecomplaints@markmonitor.com",
      abusePhone: "+1.2083895740",
    });
  });

  it("takes contacts from the registrar and statuses from both", () => {
    assert.deepEqual(
      merged.contacts.map((c) => [c.role, c.organization]),
      [
        ["registrar", undefined],
        ["registrant", "Google LLC"],
      ],
    );
    assert.equal(merged.eppStatus.length, 7);
    assert.ok(merged.eppStatus.includes("clientHold"));
    assert.equal(merged.nameservers.length, 4);
    assert.deepEqual(merged.dnssec, registry.dnssec);
  });

  it("records the registrar server as a referral and leaves both inputs alone", () => {
    assert.equal(merged.source.server, "rdap.verisign.com");
    assert.deepEqual(merged.source.referrals, ["rdap.markmonitor.com"]);
    assert.deepEqual(registry.source.referrals, []);
    assert.equal(registry.updated, undefined);
  });
});
