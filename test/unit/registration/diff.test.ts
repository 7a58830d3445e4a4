import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import { diffRecords } from "../../../src/registration/diff.js";
import { emptyRecord } from "../../../src/registration/record.js";

function record(over: Partial<RegistrationRecord> = {}): RegistrationRecord {
  const r = emptyRecord("example.com", {
    protocol: "rdap",
    server: "rdap.example",
    fetchedAt: "2026-11-01T00:00:00Z",
    referrals: [],
  });
  return {
    ...r,
    status: "registered",
    eppStatus: ["clientTransferProhibited", "clientDeleteProhibited"],
    registrar: { name: "Example Registrar, Inc.", ianaId: "9999" },
    nameservers: [
      { name: "ns1.example.net", ipv4: [], ipv6: [] },
      { name: "ns2.example.net", ipv4: [], ipv6: [] },
    ],
    expires: "2027-01-01T00:00:00Z",
    ...over,
  };
}

describe("diffRecords", () => {
  it("says nothing when nothing changed (name server case and order aside)", () => {
    const b = record({
      nameservers: [
        { name: "NS2.example.net", ipv4: [], ipv6: [] },
        { name: "ns1.example.net", ipv4: [], ipv6: [] },
      ],
    });
    assert.deepEqual(diffRecords(record(), b), []);
  });

  it("reports a hijack's footprint: registrar moved, locks removed, hold added, NS changed, expiry pulled in, privacy on", () => {
    const after = record({
      registrar: { name: "Shady Registrar LLC", ianaId: "1234" },
      eppStatus: ["clientHold"],
      nameservers: [{ name: "ns1.evil.example", ipv4: [], ipv6: [] }],
      expires: "2026-12-01T00:00:00Z",
      privacy: { protected: true, service: "Withheld for Privacy" },
    });
    assert.deepEqual(diffRecords(record(), after), [
      {
        field: "registrar.name",
        change: "changed",
        before: "Example Registrar, Inc.",
        after: "Shady Registrar LLC",
      },
      { field: "registrar.ianaId", change: "changed", before: "9999", after: "1234" },
      { field: "eppStatus", change: "added", after: ["clientHold"] },
      {
        field: "eppStatus",
        change: "removed",
        before: ["clientDeleteProhibited", "clientTransferProhibited"],
      },
      { field: "nameservers", change: "added", after: ["ns1.evil.example"] },
      { field: "nameservers", change: "removed", before: ["ns1.example.net", "ns2.example.net"] },
      {
        field: "expires",
        change: "moved earlier",
        before: "2027-01-01T00:00:00Z",
        after: "2026-12-01T00:00:00Z",
      },
      { field: "privacy", change: "switched on", before: false, after: true },
    ]);
  });
});
