import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  EPP_STATUSES,
  eppFromRdap,
  parseStatusText,
  rdapFromEpp,
  splitStatusLine,
  statusFields,
} from "../../../src/registration/epp-status.js";

describe("eppFromRdap / rdapFromEpp (RFC 8056 §2)", () => {
  it("maps the RDAP words to EPP codes", () => {
    assert.equal(eppFromRdap("client transfer prohibited"), "clientTransferProhibited");
    assert.equal(eppFromRdap("server hold"), "serverHold");
    assert.equal(eppFromRdap("auto renew period"), "autoRenewPeriod");
    assert.equal(eppFromRdap("redemption period"), "redemptionPeriod");
    assert.equal(eppFromRdap("active"), "ok");
    assert.equal(eppFromRdap("associated"), "linked");
  });

  it("has no EPP code for RDAP-only values (RFC 9083 §10.2.2)", () => {
    assert.equal(eppFromRdap("locked"), undefined);
    assert.equal(eppFromRdap("validated"), undefined);
    assert.equal(eppFromRdap("transfer prohibited"), undefined);
  });

  it("maps EPP codes to RDAP words", () => {
    assert.equal(rdapFromEpp("clientTransferProhibited"), "client transfer prohibited");
    assert.equal(rdapFromEpp("ok"), "active");
    assert.equal(rdapFromEpp("linked"), "associated");
    assert.equal(rdapFromEpp("pendingDelete"), "pending delete");
  });

  it("round-trips every code", () => {
    for (const code of EPP_STATUSES) assert.equal(eppFromRdap(rdapFromEpp(code)), code);
  });
});

describe("parseStatusText (WHOIS status values)", () => {
  it("strips the ICANN URL (likexian/noterror/com_google.com)", () => {
    assert.equal(
      parseStatusText("clientTransferProhibited https://icann.org/epp#clientTransferProhibited"),
      "clientTransferProhibited",
    );
    assert.equal(
      parseStatusText("clientUpdateProhibited (https://www.icann.org/epp#clientUpdateProhibited)"),
      "clientUpdateProhibited",
    );
  });

  it("accepts upper case, underscores, hyphens and spaces (likexian/noterror/mobi_git.mobi)", () => {
    assert.equal(
      parseStatusText("CLIENT_UPDATE_PROHIBITED https://www.icann.org/epp#ClientUpdateProhibited"),
      "clientUpdateProhibited",
    );
    assert.equal(parseStatusText("CLIENT DELETE PROHIBITED"), "clientDeleteProhibited");
    assert.equal(parseStatusText("client-hold"), "clientHold");
    assert.equal(parseStatusText("ok"), "ok");
    assert.equal(parseStatusText("OK"), "ok");
  });

  it("drops parenthesised and dashed explanations", () => {
    // likexian/noterror/ee_google.ee
    assert.equal(parseStatusText("ok (paid and in zone)"), "ok");
    // likexian/noterror/kz_google.kz
    assert.equal(parseStatusText("ok - Normal state."), "ok");
    // likexian/noterror/gs_google.gs
    assert.equal(
      parseStatusText(
        "serverUpdateProhibited (Secured by CoCCA Premium Registry Lock) https://icann.org/epp#serverUpdateProhibited (Secured by CoCCA Premium Registry Lock)",
      ),
      "serverUpdateProhibited",
    );
    // python-whois/whois/yandex.kz
    assert.equal(
      parseStatusText(
        "clientTransferProhibited - status prohibits domain transfer without documents (статус запрещает трансфер домена без предоставления документов)",
      ),
      "clientTransferProhibited",
    );
  });

  it("maps ACTIVE to ok (RFC 8056 pairs them; likexian/noterror/fr_git.fr, rs_git.rs)", () => {
    assert.equal(parseStatusText("ACTIVE"), "ok");
    assert.equal(
      parseStatusText("Active https://www.rnids.rs/en/domain-name-status-codes#Active"),
      "ok",
    );
  });

  it("leaves ccTLD words unmapped (likexian/noterror/de_git.de and others)", () => {
    assert.equal(parseStatusText("connect"), undefined);
    assert.equal(parseStatusText("Registered"), undefined);
    assert.equal(parseStatusText("Transfer Locked"), undefined);
    assert.equal(parseStatusText("UpdateProhibited"), undefined);
    assert.equal(parseStatusText(""), undefined);
    assert.equal(parseStatusText("  (only a remark) "), undefined);
  });
});

describe("splitStatusLine", () => {
  it("splits comma lists (likexian/noterror/rs_google.rs)", () => {
    assert.deepEqual(splitStatusLine("Active, clientUpdateProhibited"), [
      "Active",
      "clientUpdateProhibited",
    ]);
    assert.deepEqual(
      splitStatusLine("clientUpdateProhibited,clientTransferProhibited,clientDeleteProhibited"),
      ["clientUpdateProhibited", "clientTransferProhibited", "clientDeleteProhibited"],
    );
  });

  it("keeps a URL whole", () => {
    assert.deepEqual(splitStatusLine("ok https://example.net/a,b"), ["ok https://example.net/a,b"]);
  });
});

describe("statusFields", () => {
  it("fills eppStatus and rawStatus, deduplicated (likexian/noterror/rs_google.rs, de_git.de)", () => {
    assert.deepEqual(
      statusFields([
        "Active, clientUpdateProhibited",
        "clientUpdateProhibited https://icann.org/epp#clientUpdateProhibited",
        "connect",
      ]),
      {
        eppStatus: ["ok", "clientUpdateProhibited"],
        rawStatus: ["Active", "clientUpdateProhibited", "connect"],
      },
    );
  });

  it("takes RDAP values as they are (RFC 8056)", () => {
    assert.deepEqual(statusFields(["client transfer prohibited", "locked"]), {
      eppStatus: ["clientTransferProhibited"],
      rawStatus: ["client transfer prohibited", "locked"],
    });
  });
});
