import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRegistryDate as p } from "../../../src/registration/dates.js";

// Each value is copied from the fixture named beside it; the expected UTC value
// is worked out by hand (the fixtures' own expectations are sometimes wrong, see
// the notes).

describe("parseRegistryDate: ISO 8601 / RFC 3339 variants", () => {
  it("reads zones: Z, ±hhmm, ±hh:mm, ±hh", () => {
    assert.equal(p("2014-04-18T17:04:21Z"), "2014-04-18T17:04:21Z"); // likexian com_name.com
    assert.equal(p("2019-08-29T02:41:07-0700"), "2019-08-29T09:41:07Z"); // likexian io_google.io
    assert.equal(p("2019-10-13T12:40:06+13:00"), "2019-10-12T23:40:06Z"); // likexian nz_vote.nz: the day before
    assert.equal(p("2007-10-04 13:40:19+03"), "2007-10-04T10:40:19Z"); // likexian ua_nic.ua
    assert.equal(p("2010-07-04 04:34:46 +03:00"), "2010-07-04T01:34:46Z"); // likexian ee_google.ee
    assert.equal(p("2019-09-30 07:34:22 -0700"), "2019-09-30T14:34:22Z"); // likexian com_dynadot.com
    assert.equal(p("2019-09-09T08:39:04.000+02:00"), "2019-09-09T06:39:04Z");
  });

  it("drops fractional seconds of any length", () => {
    assert.equal(p("2019-03-27T04:42:11.0Z"), "2019-03-27T04:42:11Z"); // likexian la_git.la
    assert.equal(p("2012-01-26T05:49:44.787Z"), "2012-01-26T05:49:44Z"); // likexian cx_git.cx
    assert.equal(p("2025-12-03T10:12:00.351952Z"), "2025-12-03T10:12:00Z"); // python-whois google.fr
    assert.equal(p("2024-09-03T17:12:28.647770+00:00"), "2024-09-03T17:12:28Z"); // python-whois google.lv
    assert.equal(p("2018-05-19 12:18:44.329522"), "2018-05-19T12:18:44Z"); // python-whois afip.gob.ar
  });

  it("reads a value without a zone as UTC, or in the hinted zone", () => {
    assert.equal(p("2021-05-03T20:23:19"), "2021-05-03T20:23:19Z"); // likexian com_rockcreekcc.com
    // likexian cn_apple.cn: CNNIC prints Beijing time without saying so.
    assert.equal(p("2020-03-17 12:48:36"), "2020-03-17T12:48:36Z");
    assert.equal(p("2020-03-17 12:48:36", { zone: "+08:00" }), "2020-03-17T04:48:36Z");
    assert.equal(p("2020-03-17 12:48:36", { zone: "CET" }), "2020-03-17T11:48:36Z");
  });

  it("accepts registry oddities around ISO dates", () => {
    assert.equal(p("2019-05-17-T23:02:50Z"), "2019-05-17T23:02:50Z"); // likexian com_git.com
    assert.equal(p("1997-09-15."), "1997-09-15T00:00:00Z"); // python-whois google.com
    assert.equal(p("2019-10-27 (YYYY-MM-DD)"), "2019-10-27T00:00:00Z"); // likexian tw_msn.tw
    assert.equal(p("2019-09-30T14:28:46Z <<<"), "2019-09-30T14:28:46Z"); // likexian com_name.com
    assert.equal(p("2021-12-26"), "2021-12-26T00:00:00Z"); // likexian xn--p1ai_xn--j1ay.xn--p1ai
  });
});

describe("parseRegistryDate: named and bracketed zones", () => {
  it("converts named zones to UTC", () => {
    // python-whois google.cl: CLST is UTC-3 (python-whois's expected JSON ignores it).
    assert.equal(p("2002-10-22 17:48:23 CLST"), "2002-10-22T20:48:23Z");
    assert.equal(p("05-Oct-1997 04:00:00 UTC"), "1997-10-05T04:00:00Z"); // python-whois slashdot.org
    assert.equal(p("2023/07/31 12:30:39 (JST)"), "2023-07-31T03:30:39Z"); // likexian jp_goo.ne.jp
    assert.equal(p("16.4.2020 11:31:50 (EET)"), "2020-04-16T09:31:50Z"); // likexian fi_git.fi
    assert.equal(p("17.4.2019 8:46:14 (EET)"), "2019-04-17T06:46:14Z"); // python-whois druid.fi
    assert.equal(p("26-Jun-2008 21:38:42 EDT."), "2008-06-27T01:38:42Z"); // python-whois imdb.com
  });

  it("reads UTC±h and GMT±h:mm in brackets", () => {
    // likexian tw_specialized.com.tw; 12:30 at UTC+8 is 04:30 UTC (likexian's JSON says 08:30).
    assert.equal(p("2021-12-09 12:30:05 (UTC+8)"), "2021-12-09T04:30:05Z");
    assert.equal(p("2003-08-18 11:20:09 (GMT+0:00)"), "2003-08-18T11:20:09Z"); // likexian kz_ps.kz
  });

  it("resolves CST and IST by TLD", () => {
    assert.equal(p("2020-01-01 12:00 CST"), "2020-01-01T18:00:00Z");
    assert.equal(p("2020-01-01 12:00 CST", { tld: "cn" }), "2020-01-01T04:00:00Z");
    assert.equal(p("2020-01-01 12:00 IST"), "2020-01-01T06:30:00Z");
    assert.equal(p("2020-01-01 12:00 IST", { tld: "il" }), "2020-01-01T10:00:00Z");
  });

  it("refuses an unknown zone rather than guess", () => {
    assert.equal(p("2020-01-01 12:00:00 XYZ"), undefined);
  });
});

describe("parseRegistryDate: other layouts", () => {
  it("reads year-first dotted, slashed, compact and Korean forms", () => {
    assert.equal(p("1997.09.15"), "1997-09-15T00:00:00Z");
    assert.equal(p("2017.03.27"), "2017-03-27T00:00:00Z"); // python-whois allegro.pl
    assert.equal(p("2008.03.16 01:08:04"), "2008-03-16T01:08:04Z"); // likexian pl_aftermarket.pl
    assert.equal(p("2004/06/15"), "2004-06-15T00:00:00Z"); // likexian jp_goo.ne.jp
    assert.equal(p("20000513"), "2000-05-13T00:00:00Z"); // likexian br_espm.br
    assert.equal(p("19990717 #175298"), "1999-07-17T00:00:00Z"); // likexian br_unip.br
    assert.equal(p("20230303 09:38:55"), "2023-03-03T09:38:55Z"); // likexian at_samsung.at
    assert.equal(p("2007. 03. 02."), "2007-03-02T00:00:00Z"); // likexian kr_google.kr
  });

  it("reads month names, ordinals, two-digit years, ctime and RFC 2822", () => {
    assert.equal(p("25-Apr-1985"), "1985-04-25T00:00:00Z"); // likexian edu_rutgers.edu
    assert.equal(p("29-APR-05"), "2005-04-29T00:00:00Z"); // python-whois reddit.com
    assert.equal(p("2001-Aug-23."), "2001-08-23T00:00:00Z"); // python-whois google.com.tr
    assert.equal(p("31 May 1999"), "1999-05-31T00:00:00Z"); // likexian ch_google.ch
    assert.equal(p("November 12, 2023"), "2023-11-12T00:00:00Z");
    assert.equal(p("September 15 1997"), "1997-09-15T00:00:00Z");
    assert.equal(p("Mon Sep 15 1997"), "1997-09-15T00:00:00Z");
    assert.equal(p("30th April 2003 at 00:00:00.000"), "2003-04-30T00:00:00Z"); // likexian gg_google.gg
    assert.equal(p("Tue Feb 10 09:42:42 2004"), "2004-02-10T09:42:42Z"); // python-whois google.kg
    assert.equal(p("Wed Mar  5 00:13:49 2025"), "2025-03-05T00:13:49Z"); // python-whois google.kg
    assert.equal(p("Thu, 26 Jun 2008 21:40:25 EDT"), "2008-06-27T01:40:25Z"); // python-whois squatter.net
  });

  it("reads numeric day-first dates, with or without leading zeros", () => {
    assert.equal(p("15.12.2015 09:48:01"), "2015-12-15T09:48:01Z"); // likexian fi_git.fi
    assert.equal(p("30.6.2006 00:00:00"), "2006-06-30T00:00:00Z"); // likexian fi_google.fi
    assert.equal(p("2.6.2019"), "2019-06-02T00:00:00Z"); // likexian fi_google.fi
    assert.equal(p("28.11.2018 22:06:38"), "2018-11-28T22:06:38Z"); // likexian rs_git.rs
    assert.equal(p("06-04-2004"), "2004-04-06T00:00:00Z"); // likexian hk_google.hk
    assert.equal(p("30/10/2002 00:00:00"), "2002-10-30T00:00:00Z"); // python-whois sapo.pt
    assert.equal(p("15/09/1997"), "1997-09-15T00:00:00Z");
  });

  it("lets a number > 12 or the TLD settle day order", () => {
    // likexian tk_zcore.tk / tk_google.tk: Freenom prints MM/DD/YYYY (12/18/2001).
    assert.equal(p("11/29/2016"), "2016-11-29T00:00:00Z");
    assert.equal(p("12/18/2001", { tld: "tk" }), "2001-12-18T00:00:00Z");
    // Both <= 12: month-first for .tk (likexian's JSON reads these day-first).
    assert.equal(p("01/03/2022", { tld: "tk" }), "2022-01-03T00:00:00Z");
    assert.equal(p("03/02/2020", { tld: ".TK" }), "2020-03-02T00:00:00Z");
    assert.equal(p("03/02/2020"), "2020-02-03T00:00:00Z");
    assert.equal(p("03/02/2020", { order: "mdy" }), "2020-03-02T00:00:00Z");
  });
});

describe("parseRegistryDate: RPSL changed: lines (RFC 2622 §3.3)", () => {
  it("drops the email beside the date", () => {
    assert.equal(p("2018-12-26T12:48:55Z nic@nic.fr"), "2018-12-26T12:48:55Z"); // likexian fr_git.fr
    assert.equal(p("2018-03-13T18:38:44Z anonymous@anonymous"), "2018-03-13T18:38:44Z"); // likexian re_git.re
    assert.equal(p("hostmaster@example.net 20020926"), "2002-09-26T00:00:00Z");
    // python-whois google.co.il
    assert.equal(p("domain-registrar AT isoc.org.il 20020926 (Changed)"), "2002-09-26T00:00:00Z");
    assert.equal(p("registrar AT ns.il 19990605 (Assigned)"), "1999-06-05T00:00:00Z");
  });
});

describe("parseRegistryDate: not dates", () => {
  it("returns undefined for bounds, impossible days and text", () => {
    assert.equal(p("before Aug-1996"), undefined); // python-whois amazon.co.uk
    assert.equal(p("before 1 January 1996"), undefined); // likexian ch_switch.ch
    assert.equal(p("Not Disclosed"), undefined); // likexian ee_git.ee
    assert.equal(p("31.04.2020"), undefined);
    assert.equal(p("2020-02-30"), undefined);
    assert.equal(p("2020-13-01"), undefined);
    assert.equal(p("2020-01-01 25:00:00"), undefined);
    assert.equal(p(""), undefined);
  });
});
