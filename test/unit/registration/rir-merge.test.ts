// mergeRirRecords: the RIR's answer about the most specific network leads; ARIN's
// answer about the same range fills gaps, about a larger block lends only abuse.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Contact, NetworkBlock, RegistrationRecord } from "../../../src/model/registration.js";
import { emptyRecord } from "../../../src/registration/record.js";
import { mergeRirRecords } from "../../../src/registration/whois/rir-merge.js";

const src = (server: string) => ({
  protocol: "whois" as const,
  server,
  fetchedAt: "",
  referrals: [],
});

function rec(
  server: string,
  network: NetworkBlock | undefined,
  contacts: Contact[],
  extra: Partial<RegistrationRecord> = {},
): RegistrationRecord {
  const r = emptyRecord(network ? `${network.start} - ${network.end}` : "x", src(server));
  r.status = network ? "registered" : "available";
  r.contacts = contacts;
  if (network) r.network = network;
  return { ...r, ...extra };
}

const c = (role: Contact["role"], email: string): Contact => ({ role, email, redacted: [] });
const arinBlock: NetworkBlock = {
  kind: "ip",
  start: "193.0.0.0",
  end: "193.255.255.255",
  cidrs: ["193.0.0.0/8"],
  name: "RIPE-CIDR-193",
  organization: "RIPE Network Coordination Centre",
  country: "NL",
};
const ripeNet: NetworkBlock = {
  kind: "ip",
  start: "193.0.0.0",
  end: "193.0.7.255",
  cidrs: ["193.0.0.0/21"],
  name: "RIPE-NCC",
};

describe("mergeRirRecords", () => {
  it("lets the RIR lead and takes only the abuse contact from ARIN's larger block", () => {
    const arin = rec(
      "whois.arin.net",
      arinBlock,
      [c("registrant", "x@ripe.net"), c("abuse", "abuse@ripe.net")],
      {
        created: "1993-05-01T00:00:00Z",
      },
    );
    const ripe = rec("whois.ripe.net", ripeNet, [c("technical", "ops@ripe.net")]);
    const m = mergeRirRecords([arin, ripe]);
    assert.equal(m.network?.name, "RIPE-NCC");
    assert.equal(m.network?.organization, undefined);
    assert.equal(m.created, undefined);
    assert.deepEqual(
      m.contacts.map((x) => [x.role, x.email]),
      [
        ["abuse", "abuse@ripe.net"],
        ["technical", "ops@ripe.net"],
      ],
    );
    assert.equal(ripe.contacts.length, 1, "inputs are left alone");
  });

  it("fills gaps from an answer about the same range", () => {
    const arin = rec(
      "whois.arin.net",
      { ...ripeNet, handle: "NET-1", country: "NL" },
      [c("noc", "noc@x")],
      {
        updated: "2020-01-01T00:00:00Z",
      },
    );
    const ripe = rec("whois.ripe.net", { ...ripeNet, name: "RIPE-NCC-2" }, []);
    const m = mergeRirRecords([arin, ripe]);
    assert.equal(m.network?.name, "RIPE-NCC-2");
    assert.equal(m.network?.handle, "NET-1");
    assert.equal(m.network?.country, "NL");
    assert.equal(m.updated, "2020-01-01T00:00:00Z");
    assert.deepEqual(
      m.contacts.map((x) => x.role),
      ["noc"],
    );
  });

  it("keeps ARIN's record when the RIR found nothing", () => {
    const arin = rec("whois.arin.net", arinBlock, [c("abuse", "abuse@ripe.net")]);
    const m = mergeRirRecords([arin, rec("whois.ripe.net", undefined, [])]);
    assert.equal(m.status, "registered");
    assert.equal(m.network?.name, "RIPE-CIDR-193");
    assert.equal(m.source.server, "whois.arin.net");
  });
});
