import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAnswerLines, resultJson } from "../../../src/bulk/present.js";
import type { DnsResult } from "../../../src/dns/result.js";

const base: DnsResult = {
  name: "www.example.test",
  type: "TXT",
  status: "NOERROR",
  flags: { aa: true, tc: false, rd: true, ra: false, ad: false, cd: true },
  answers: [
    {
      name: "www.example.test",
      type: "TXT",
      class: "IN",
      ttl: 300,
      data: '"v=spf1 -all" "a\\"b\\\\c"',
    },
    { name: "esc\\.aped.example.test", type: "A", class: "IN", ttl: 0, data: "192.0.2.1" },
  ],
  authorities: [],
  additionals: [{ name: "x", type: "TYPE65280", class: "CLASS9", ttl: 4294967295, data: "\\# 0" }],
  resolver: "[::1]:53",
  protocol: "udp",
  timestamp: "2026-11-22T08:41:09.808Z",
  durationMs: 1.234,
};

describe("resultJson", () => {
  it("is byte for byte JSON.stringify of the result", () => {
    assert.equal(resultJson(base), JSON.stringify(base));
    const odd = { ...base, name: 'q"\u0001\ud800', durationMs: 0.1 + 0.2, error: "tab\there" };
    assert.equal(resultJson(odd), JSON.stringify(odd));
    const none = { ...base, answers: [], additionals: [], status: "TIMEOUT", durationMs: 2000 };
    assert.equal(resultJson(none), JSON.stringify(none));
  });
});

describe("formatAnswerLines", () => {
  it("prints answers in zone-file form and a comment when there are none", () => {
    assert.equal(
      formatAnswerLines(base).split("\n")[1],
      "esc\\.aped.example.test.\t0\tIN\tA\t192.0.2.1",
    );
    assert.equal(
      formatAnswerLines({ ...base, answers: [], status: "NXDOMAIN" }),
      ";www.example.test.\tTXT\tNXDOMAIN\n",
    );
  });
});
