import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Contact } from "../../../src/model/registration.js";
import { countryCode } from "../../../src/registration/rdap/entities.js";
import { eventDate, toUtcIso } from "../../../src/registration/rdap/events.js";
import { isRedactedPlaceholder, readJCard } from "../../../src/registration/rdap/jcard.js";
import { relatedRdapUrl } from "../../../src/registration/rdap/links.js";
import { applyRedactions, redactedField } from "../../../src/registration/rdap/redaction.js";

const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL(`../../../../shared/fixtures/rdap/${path}`, import.meta.url)),
      "utf8",
    ),
  ) as Record<string, unknown>;

describe("readJCard", () => {
  it("reads Verisign's registrar entity: address parts, empty tel: URIs skipped", () => {
    const card = readJCard(
      fixture("openrdap-rdap/rdap-pilot.verisignlabs.com/entity-1-VRSN").vcardArray,
    );
    assert.deepEqual(card, {
      fn: "Verisign, Inc.~VRSN",
      emails: ["namestore-admin@verisign.com"],
      phones: [],
      faxes: [],
      adr: {
        street: ["21345 Ridgetop Circle"],
        city: "Dulles",
        region: "VA",
        postalCode: "20166",
        country: "US",
      },
      redacted: [],
    });
  });

  it("reads ARIN's entity: org kind, and keeps voice before other numbers", () => {
    const card = readJCard(fixture("meeb-whoisit/data_rdap_response_entity.json").vcardArray);
    assert.equal(card.fn, "Govital Internet Inc.");
    assert.equal(card.kind, "org");
    const fax = readJCard([
      "vcard",
      [
        ["tel", { type: "fax" }, "uri", "tel:+1.555"],
        ["tel", {}, "text", "+1.666"],
        ["tel", { type: ["work", "voice"] }, "uri", "tel:+1.777;ext=2"],
      ],
    ]);
    assert.deepEqual(fax.phones, ["+1.777;ext=2", "+1.666"]);
    assert.deepEqual(fax.faxes, ["+1.555"]);
  });

  it("never throws on junk", () => {
    for (const junk of [undefined, null, 1, "vcard", ["vcard"], ["vcard", [1, [2], ["fn"]]]]) {
      assert.deepEqual(readJCard(junk), { emails: [], phones: [], faxes: [], redacted: [] });
    }
  });

  it("tells placeholders from data", () => {
    for (const p of [
      "REDACTED FOR PRIVACY",
      "Redacted",
      "Data Protected",
      "Not Disclosed",
      "Non-Public Data",
    ]) {
      assert.equal(isRedactedPlaceholder(p), true, p);
    }
    for (const v of ["Withheld for Privacy ehf", "Privacy Protect, LLC", "Redactor Ltd"]) {
      assert.equal(isRedactedPlaceholder(v), false, v);
    }
  });
});

describe("events", () => {
  it("converts offsets to UTC and reads zone-less date-times as UTC", () => {
    assert.equal(toUtcIso("2017-02-17T18:04:32-05:00"), "2017-02-17T23:04:32Z");
    assert.equal(toUtcIso("2007-04-28T22:01:52"), "2007-04-28T22:01:52Z");
    assert.equal(toUtcIso("2025-12-18T16:30:08.57Z"), "2025-12-18T16:30:08.570Z");
    assert.equal(toUtcIso("not a date"), undefined);
    assert.equal(toUtcIso(""), undefined);
  });

  it("takes the first readable event with exactly the action", () => {
    const events = [
      { eventAction: "expiration", eventDate: "garbage" },
      { eventAction: "Expiration", eventDate: "2020-01-01T00:00:00Z" },
      { eventAction: "expiration", eventDate: "2021-01-01T00:00:00Z" },
    ];
    assert.equal(eventDate(events, "expiration"), "2021-01-01T00:00:00Z");
    assert.equal(eventDate("nope", "expiration"), undefined);
  });
});

describe("redactions", () => {
  it("maps ICANN profile field names to a role and a contact field", () => {
    assert.deepEqual(redactedField("Registrant Name"), { role: "registrant", field: "name" });
    assert.deepEqual(redactedField("Registry Registrant ID"), {
      role: "registrant",
      field: "handle",
    });
    assert.deepEqual(redactedField("Registrant State/Province"), {
      role: "registrant",
      field: "region",
    });
    assert.deepEqual(redactedField("Tech Phone Ext"), { role: "technical", field: "phoneExt" });
    assert.deepEqual(redactedField("Registry Tech ID"), { role: "technical", field: "handle" });
    assert.deepEqual(redactedField("Administrative Contact"), {
      role: "administrative",
      field: "contact",
    });
    assert.deepEqual(redactedField("Billing Email"), { role: "billing", field: "email" });
    assert.equal(redactedField("Registry Domain ID"), undefined);
  });

  it("adds fields once, to the first contact of the role, and returns what names no contact", () => {
    const contacts: Contact[] = [{ role: "registrant", redacted: ["name"] }];
    const rest = applyRedactions(contacts, [
      "Registrant Name",
      "Registrant Email",
      "Tech Email",
      "Registry Domain ID",
    ]);
    assert.deepEqual(rest, ["Registry Domain ID"]);
    assert.deepEqual(contacts, [
      { role: "registrant", redacted: ["name", "email"] },
      { role: "technical", redacted: ["email"] },
    ]);
  });
});

describe("countryCode", () => {
  it("turns English country names into ISO codes and leaves the rest", () => {
    assert.equal(countryCode("NORWAY"), "NO");
    assert.equal(countryCode("United States"), "US");
    assert.equal(countryCode("be"), "BE");
    assert.equal(countryCode("Atlantis"), "Atlantis");
  });
});

describe("relatedRdapUrl", () => {
  it("finds the registrar's RDAP server in a thin registry's answer", () => {
    assert.equal(
      relatedRdapUrl(fixture("meeb-whoisit/data_rdap_response_domain1.json")),
      "https://rdap.markmonitor.com/rdap/domain/GOOGLE.COM",
    );
    assert.equal(
      relatedRdapUrl(fixture("meeb-whoisit/data_rdap_response_domain3.json")),
      "https://rdap.registrar.eu/v1/domain/THEMARQUETRY.COM",
    );
    assert.equal(
      relatedRdapUrl(fixture("icann-rdap-conformance-tool/hhgames_com_response.json")),
      "https://rdap.fabulous.com/rdap/domain/HHGAMES.COM",
    );
  });

  it("gives nothing for a thick registry or junk", () => {
    assert.equal(
      relatedRdapUrl(fixture("meeb-whoisit/data_rdap_response_domain2.json")),
      undefined,
    );
    assert.equal(
      relatedRdapUrl(fixture("openrdap-rdap/rdap.nic.cz/domain-example.cz.json")),
      undefined,
    );
    assert.equal(relatedRdapUrl(null), undefined);
    assert.equal(
      relatedRdapUrl({
        links: [{ rel: "related", href: "javascript:x", type: "application/rdap+json" }],
      }),
      undefined,
    );
  });
});
