import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DnsightError } from "../../../src/errors.js";
import type { ObservationInput } from "../../../src/model/observation.js";
import { normaliseName, normaliseObservation } from "../../../src/store/observation.js";

const T = 1_700_000_000;
const input = (over: Partial<ObservationInput> = {}): ObservationInput => ({
  rrname: "www.example.com",
  rrtype: "A",
  rdata: "192.0.2.1",
  timeFirst: T,
  source: "passive",
  ...over,
});

const inputError = (pattern: RegExp) => (e: unknown) =>
  e instanceof DnsightError && e.code === "INPUT" && pattern.test(e.message);

describe("normaliseName", () => {
  it("lowercases ASCII and drops the root dot, keeping escapes", () => {
    assert.equal(normaliseName("WWW.Example.COM."), "www.example.com");
    assert.equal(normaliseName("xn--bcher-KVA.example"), "xn--bcher-kva.example");
    assert.equal(normaliseName("_dmarc.Example.com"), "_dmarc.example.com");
    assert.equal(normaliseName("a\\.B.example."), "a\\.b.example");
    assert.equal(normaliseName("\\065.example"), "\\065.example");
    assert.equal(normaliseName("."), ".");
  });

  it("rejects what is not a presentation name, saying why", () => {
    assert.throws(() => normaliseName(""), inputError(/^name: empty name$/));
    assert.throws(() => normaliseName("a..b"), inputError(/empty label/));
    assert.throws(() => normaliseName(`${"a".repeat(64)}.com`), inputError(/label longer than 63/));
    assert.throws(
      () => normaliseName("bücher.de"),
      inputError(/non-ASCII name "bücher\.de" \(convert IDNs to A-labels first\)/),
    );
    assert.throws(
      () => normaliseName("a b.com"),
      inputError(/unescaped space or control character/),
    );
    assert.throws(() => normaliseName("ab\\"), inputError(/dangling backslash/));
  });
});

describe("normaliseObservation", () => {
  it("fills defaults and normalises names and types", () => {
    assert.deepEqual(
      normaliseObservation(
        input({ rrname: "WWW.Example.com.", rrtype: "a", bailiwick: "Example.COM." }),
      ),
      {
        rrname: "www.example.com",
        rrtype: "A",
        rdata: "192.0.2.1",
        bailiwick: "example.com",
        timeFirst: T,
        timeLast: T,
        count: 1,
        source: "passive",
      },
    );
  });

  it("accepts numeric and TYPEnnn types, giving the mnemonic", () => {
    assert.equal(normaliseObservation(input({ rrtype: 28 })).rrtype, "AAAA");
    assert.equal(normaliseObservation(input({ rrtype: "type65" })).rrtype, "HTTPS");
    assert.equal(normaliseObservation(input({ rrtype: 65534 })).rrtype, "TYPE65534");
  });

  it("floors fractional times, and treats empty or null optional fields as absent", () => {
    const o = normaliseObservation(
      input({ timeFirst: T + 0.9, timeLast: T + 5.2, bailiwick: "", sensorId: null }),
    );
    assert.equal(o.timeFirst, T);
    assert.equal(o.timeLast, T + 5);
    assert.ok(!("bailiwick" in o) && !("sensorId" in o));
  });

  it("names the place and the field of a bad value", () => {
    const bad = (over: Partial<ObservationInput>, pattern: RegExp) =>
      assert.throws(() => normaliseObservation(input(over), "line 7"), inputError(pattern));
    bad({ rrname: "a..b" }, /^line 7: rrname: empty label/);
    bad({ bailiwick: "bad name" }, /^line 7: bailiwick: unescaped space/);
    bad({ rrtype: "ANY" }, /^line 7: bad rrtype "ANY"/);
    bad({ rrtype: "OPT" }, /^line 7: bad rrtype "OPT"/);
    bad({ rrtype: 0 }, /^line 7: bad rrtype 0/);
    bad({ rrtype: "NOPE" }, /^line 7: bad rrtype "NOPE"/);
    bad({ rdata: "" }, /^line 7: rdata must be a non-empty string/);
    bad({ timeFirst: Number.NaN }, /^line 7: timeFirst must be epoch seconds, got NaN/);
    bad({ timeFirst: -1 }, /^line 7: timeFirst must be epoch seconds, got -1/);
    bad({ timeLast: T - 1 }, /^line 7: timeFirst \d+ is after timeLast \d+/);
    bad({ count: 1.5 }, /^line 7: count must be a whole number >= 0, got 1\.5/);
    bad({ source: "dnstap" as never }, /^line 7: source must be one of passive, active, zone/);
    bad({ sensorId: "tab\there" }, /^line 7: sensorId .* must be a non-empty printable string/);
  });
});
