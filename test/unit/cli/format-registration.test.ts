import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatRecord } from "../../../src/cli/format/registration.js";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import { diffRecords } from "../../../src/registration/diff.js";
import { emptyRecord } from "../../../src/registration/record.js";

const source = {
  protocol: "whois" as const,
  server: "whois.arin.net",
  fetchedAt: "2026-11-22T00:00:00Z",
  referrals: [],
};

function network(org: string, abuse: string): RegistrationRecord {
  const r = emptyRecord("8.8.8.0/24", source);
  r.status = "registered";
  r.network = {
    kind: "ip",
    start: "8.8.8.0",
    end: "8.8.8.255",
    cidrs: ["8.8.8.0/24"],
    handle: "NET-8-8-8-0-2",
    name: "GOGL",
    type: "Direct Allocation",
    country: "US",
    organization: org,
  };
  r.contacts.push({ role: "abuse", email: abuse, redacted: [] });
  return r;
}

describe("registration text output for a network", () => {
  it("shows name, type, organisation, country and abuse; no DNS-only lines", () => {
    const text = formatRecord(network("Google LLC", "network-abuse@google.com"));
    assert.match(text, /^domain\s+8\.8\.8\.0\/24$/m);
    assert.match(text, /^range\s+8\.8\.8\.0 - 8\.8\.8\.255$/m);
    assert.match(text, /^name\s+GOGL \(NET-8-8-8-0-2\)$/m);
    assert.match(text, /^organization\s+Google LLC$/m);
    assert.match(text, /^country\s+US$/m);
    assert.match(text, /^abuse\s+network-abuse@google\.com$/m);
    // One prefix equal to the subject is not repeated as a prefix list; name servers and DNSSEC do not apply.
    assert.doesNotMatch(text, /^(prefixes|nameservers|dnssec|privacy)\b/m);
  });
});

describe("history of a network", () => {
  it("reports a new holder and a new abuse address", () => {
    const changes = diffRecords(
      network("Google LLC", "network-abuse@google.com"),
      network("Example Corp", "abuse@example.net"),
    );
    assert.deepEqual(
      changes.map((c) => [c.field, c.before, c.after]),
      [
        ["network.organization", "Google LLC", "Example Corp"],
        ["abuse.email", "network-abuse@google.com", "abuse@example.net"],
      ],
    );
  });
});
