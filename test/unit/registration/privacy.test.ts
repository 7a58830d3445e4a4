import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectPrivacy } from "../../../src/registration/privacy.js";

describe("detectPrivacy: privacy services", () => {
  it("names the provider from the organisation (python-whois/whois/cyberciti.biz)", () => {
    assert.deepEqual(
      detectPrivacy([
        {
          role: "registrant",
          name: "Registration Private",
          organization: "Domains By Proxy, LLC",
          email: "CYBERCITI.BIZ@domainsbyproxy.com",
        },
      ]),
      { protected: true, service: "Domains By Proxy", kind: "privacy-service" },
    );
  });

  it("names the provider from an email domain alone (likexian/noterror/com_git.com)", () => {
    const r = detectPrivacy([{ role: "registrant", email: "1078347@PRIVACY-LINK.COM" }]);
    assert.equal(r.service, "Privacy.link");
    assert.equal(
      detectPrivacy([{ role: "registrant", name: "PRIVACYDOTLINK CUSTOMER 1078347" }]).service,
      "Privacy.link",
    );
  });

  it("recognises providers seen in the fixtures", () => {
    const cases: [string, string, string][] = [
      [
        "likexian/noterror/com_name.com",
        "Domain Protection Services, Inc. ",
        "Domain Protection Services",
      ],
      ["likexian/noterror/ac_git.ac", "Private by Design, LLC", "Private by Design"],
      ["likexian/noterror/asia_git.asia", "See PrivacyGuardian.org", "PrivacyGuardian.org"],
      [
        "likexian/noterror/travel_xplor.travel",
        "c/o EnCirca Privacy Service",
        "EnCirca Privacy Service",
      ],
      ["spec", "WhoisGuard, Inc.", "WhoisGuard"],
      ["spec", "Withheld for Privacy ehf", "Withheld for Privacy"],
      ["spec", "Contact Privacy Inc. Customer 0151234567", "Contact Privacy Inc."],
      ["spec", "Whois Privacy Protection Service, Inc.", "Whois Privacy Protection Service"],
      ["spec", "Privacy Protect, LLC (PrivacyProtect.org)", "PrivacyProtect.org"],
      ["spec", "Super Privacy Service LTD c/o Dynadot", "Super Privacy Service"],
      ["spec", "Perfect Privacy, LLC", "Perfect Privacy"],
      ["spec", "Identity Protection Service", "Identity Protection Service"],
    ];
    for (const [where, organization, service] of cases) {
      assert.deepEqual(
        detectPrivacy([{ role: "registrant", organization }]),
        { protected: true, service, kind: "privacy-service" },
        where,
      );
    }
    // likexian/noterror/sexy_line.sexy
    assert.equal(detectPrivacy([{ email: "line.sexy@privatewho.is" }]).service, "privatewho.is");
  });

  it("reports an unnamed provider without a name (likexian/noterror/sexy_line.sexy, ac_git.ac)", () => {
    assert.deepEqual(detectPrivacy([{ role: "registrant", name: "Private Whois " }]), {
      protected: true,
      kind: "privacy-service",
    });
    assert.deepEqual(detectPrivacy([{ role: "administrative", name: "Whois Privacy" }]), {
      protected: true,
      kind: "privacy-service",
    });
  });

  it("takes an RDAP proxy entity as the provider (RFC 9083 role proxy)", () => {
    assert.deepEqual(detectPrivacy([{ role: "proxy", organization: "Example Proxy Co" }]), {
      protected: true,
      service: "Example Proxy Co",
      kind: "privacy-service",
    });
  });
});

describe("detectPrivacy: redacted by policy", () => {
  it("recognises ICANN and registry redaction phrases", () => {
    const values = [
      "REDACTED FOR PRIVACY", // likexian/noterror/com_rockcreekcc.com
      "Redacted | Registry Policy", // likexian/noterror/ai_google.ai
      "Redacted | EU Data Subject", // python-whois/whois/google.do
      "Not Disclosed - Visit www.internet.ee for webbased WHOIS", // likexian/noterror/ee_google.ee
      "<data not disclosed>", // likexian/noterror/at_samsung.at
      "Not displayed due to GDPR", // likexian/noterror/tw_git.tw
      "HIDDEN!", // likexian/noterror/by_git.by
      "HIDDEN! Details are available at https://whois.cctld.by", // likexian/noterror/by_git.by
      "Please query the RDDS service of the Registrar of Record identified in this output for information on how to contact the Registrant, Admin, or Tech contact of the queried domain.", // likexian/noterror/com_encirca.com
      "Private Person", // likexian/noterror/su_google.su
      "Data Protected", // spec
    ];
    for (const name of values) {
      assert.deepEqual(
        detectPrivacy([{ role: "registrant", name }]),
        { protected: true, kind: "redacted" },
        name,
      );
    }
  });

  it("counts RFC 9537 redactions (rdap/icann-rdap-conformance-tool/icann_org_registrant_id_real_world.json)", () => {
    assert.deepEqual(
      detectPrivacy([
        {
          role: "registrant",
          organization: "Internet Corporation for Assigned Names and Numbers",
          redacted: ["Registrant Name", "Registrant Street"],
        },
      ]),
      { protected: true, kind: "redacted" },
    );
  });

  it("prefers a named provider over a redaction elsewhere", () => {
    const r = detectPrivacy([
      { role: "technical", name: "REDACTED FOR PRIVACY" },
      { role: "registrant", organization: "Domains By Proxy, LLC" },
    ]);
    assert.equal(r.kind, "privacy-service");
    assert.equal(r.service, "Domains By Proxy");
  });
});

describe("detectPrivacy: nothing hidden or nothing to see", () => {
  it("says none for visible contact data (likexian/noterror/com_google.com)", () => {
    assert.deepEqual(detectPrivacy([{ role: "registrant", organization: "Google LLC" }]), {
      protected: false,
      kind: "none",
    });
  });

  it("says no-data when no contact carries anything (thin .com WHOIS)", () => {
    assert.deepEqual(detectPrivacy([]), { protected: false, kind: "no-data" });
    assert.deepEqual(detectPrivacy([{ role: "registrant", name: "  " }]), {
      protected: false,
      kind: "no-data",
    });
  });

  it("matches whole words only", () => {
    assert.equal(detectPrivacy([{ organization: "Hidden Valley Ranch" }]).kind, "none");
    assert.equal(detectPrivacy([{ organization: "Unredacted Media" }]).kind, "none");
    assert.equal(detectPrivacy([{ organization: "ProxyCorp Whoisguardian Ltd" }]).kind, "none");
    assert.equal(detectPrivacy([{ organization: "Privacy International" }]).kind, "none");
  });

  it("ignores the registrar and abuse contacts", () => {
    assert.equal(
      detectPrivacy([{ role: "registrar", organization: "Withheld for Privacy ehf" }]).kind,
      "no-data",
    );
    assert.equal(
      detectPrivacy([{ role: "abuse", email: "abuse@domainsbyproxy.com" }]).kind,
      "no-data",
    );
  });
});
