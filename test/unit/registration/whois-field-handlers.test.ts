// Two readings of the WHOIS field handlers (whois/field-*.ts) that no fixture of
// the shared corpora reaches (found by mutating the handlers against
// test/helpers/whois-dump.ts): pinned here so the table of handlers keeps them.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseWhois } from "../../../src/registration/whois/parse.js";

const read = (text: string, domain?: string) =>
  parseWhois(text, { fetchedAt: "2024-01-01T00:00:00Z", ...(domain ? { domain } : {}) });

describe("WHOIS field handlers", () => {
  it("reads every slash date day first once one has a first part above 12", () => {
    // .tk dates are month first (dates.ts) unless the answer itself shows otherwise
    const r = read(
      "Domain Name: example.tk\nCreation Date: 30/10/2002\nRegistry Expiry Date: 02/11/2019\n",
      "example.tk",
    );
    assert.equal(r.created, "2002-10-30T00:00:00Z");
    assert.equal(r.expires, "2019-11-02T00:00:00Z");
  });

  it("skips a `DNS:` line naming the asked domain, before the answer names it (.dk)", () => {
    const text = "DNS: example.dk\nDomain: example.dk\nDNS: ns1.example.net\n";
    assert.deepEqual(
      read(text, "example.dk").nameservers.map((n) => n.name),
      ["ns1.example.net"],
    );
    // not asked: the line comes before the answer names its domain, and is read as given
    assert.deepEqual(
      read(text).nameservers.map((n) => n.name),
      ["example.dk", "ns1.example.net"],
    );
  });
});
