import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ipNumberText, ipNumber, rangeToCidrs } from "../../../src/net/ip-number.js";
import { readJCard } from "../../../src/registration/rdap/jcard.js";
import { parseRdap } from "../../../src/registration/rdap/parse.js";

const ROOT = fileURLToPath(
  new URL("../../../../shared/fixtures/rdap/meeb-whoisit/", import.meta.url),
);
const source = {
  protocol: "rdap" as const,
  server: "x",
  fetchedAt: "2026-01-01T00:00:00Z",
  referrals: [],
};
const network = (file: string) =>
  parseRdap(JSON.parse(readFileSync(join(ROOT, file), "utf8")), { source }).network;

describe("RDAP ip network and autnum blocks", () => {
  it("APNIC 1.1.1.0/24: range, cidr0 prefix, name, type, country", () => {
    assert.deepEqual(network("data_rdap_response_ip_v4.json"), {
      kind: "ip",
      start: "1.1.1.0",
      end: "1.1.1.255",
      cidrs: ["1.1.1.0/24"],
      handle: "1.1.1.0 - 1.1.1.255",
      name: "APNIC-LABS",
      type: "ASSIGNED PORTABLE",
      country: "AU",
    });
  });

  it("ARIN: a range of three prefixes, the organisation and country from the registrant", () => {
    const r = parseRdap(
      JSON.parse(readFileSync(join(ROOT, "data_rdap_response_ip_v4_3.json"), "utf8")),
      { source },
    );
    assert.equal(r.domain, "13.64.0.0 - 13.107.255.255");
    assert.deepEqual(r.network?.cidrs, ["13.64.0.0/11", "13.96.0.0/13", "13.104.0.0/14"]);
    assert.equal(r.network?.organization, "Microsoft Corporation");
    assert.equal(r.network?.country, "US");
    assert.equal(r.network?.parentHandle, "NET-13-0-0-0-0");
  });

  it("RIPE without cidr0: the prefixes are computed from the range", () => {
    assert.deepEqual(network("data_rdap_response_ip_v4_2.json")?.cidrs, ["130.59.0.0/16"]);
  });

  it("AS13335: the AS number, name, holder and abuse contact", () => {
    const file = "data_rdap_response_asn.json";
    const r = parseRdap(JSON.parse(readFileSync(join(ROOT, file), "utf8")), { source });
    assert.equal(r.domain, "AS13335");
    assert.equal(r.network?.kind, "asn");
    assert.equal(r.network?.name, "CLOUDFLARENET");
    assert.equal(r.network?.organization, "Cloudflare, Inc.");
    assert.ok(r.contacts.some((c) => c.role === "abuse" && c.email));
  });
});

describe("rangeToCidrs", () => {
  it("covers a range with the fewest aligned prefixes", () => {
    assert.deepEqual(rangeToCidrs("10.0.0.0", "10.0.0.255"), ["10.0.0.0/24"]);
    assert.deepEqual(rangeToCidrs("10.0.0.1", "10.0.0.6"), [
      "10.0.0.1/32",
      "10.0.0.2/31",
      "10.0.0.4/31",
      "10.0.0.6/32",
    ]);
    assert.deepEqual(rangeToCidrs("0.0.0.0", "255.255.255.255"), ["0.0.0.0/0"]);
    assert.deepEqual(rangeToCidrs("2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"), [
      "2001:db8::/32",
    ]);
  });

  it("is empty for a reversed, mixed or malformed range", () => {
    assert.deepEqual(rangeToCidrs("10.0.0.9", "10.0.0.1"), []);
    assert.deepEqual(rangeToCidrs("10.0.0.0", "::1"), []);
    assert.deepEqual(rangeToCidrs("nope", "10.0.0.1"), []);
  });

  it("prints IPv6 in RFC 5952 form", () => {
    const v = (a: string) => ipNumber(a)!.value;
    assert.equal(ipNumberText(6, v("2001:db8:0:0:1:0:0:1")), "2001:db8::1:0:0:1");
    assert.equal(ipNumberText(6, v("::")), "::");
    assert.equal(ipNumberText(6, v("fe80::1")), "fe80::1");
    assert.equal(ipNumberText(6, v("1:2:3:4:5:6:7:8")), "1:2:3:4:5:6:7:8");
  });
});

describe("jCard addresses given only as a label", () => {
  it("reads ARIN's label lines: street, city, region, postal code, country", () => {
    const card = readJCard([
      "vcard",
      [
        [
          "adr",
          { label: "One Microsoft Way\nRedmond\nWA\n98052\nUnited States" },
          "text",
          ["", "", "", "", "", "", ""],
        ],
      ],
    ]);
    assert.deepEqual(card.adr, {
      street: ["One Microsoft Way"],
      city: "Redmond",
      region: "WA",
      postalCode: "98052",
      country: "United States",
    });
  });
  it("reads a short label as street lines and a country", () => {
    const card = readJCard(["vcard", [["adr", { label: "Somewhere 1\\nNorway" }, "text", ""]]]);
    assert.deepEqual(card.adr, { street: ["Somewhere 1"], country: "Norway" });
  });
});
