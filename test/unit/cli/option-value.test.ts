// Library errors speak of values; the command line names the option that carried
// the value and makes it a usage error (exit status 2).
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { optionValue } from "../../../src/cli/option-value.js";
import { DnsightError } from "../../../src/errors.js";
import { cli } from "../../helpers/cli.js";
import { makeTmpDir } from "../../helpers/tmp.js";

describe("optionValue", () => {
  it("turns the library's INPUT error into USAGE naming the flag", () => {
    assert.throws(
      () =>
        optionValue("--colour", () => {
          throw new DnsightError("INPUT", 'a colour must be red or blue, got "green"');
        }),
      { code: "USAGE", message: '--colour: a colour must be red or blue, got "green"' },
    );
    assert.equal(
      optionValue("--colour", () => "red"),
      "red",
    );
  });

  it("leaves other failures alone", () => {
    const e = new DnsightError("NETWORK", "unreachable");
    assert.throws(
      () =>
        optionValue("--colour", () => {
          throw e;
        }),
      (x: unknown) => x === e,
    );
  });
});

describe("options the library refuses, through the command line", () => {
  const tmp = makeTmpDir("option-value");
  const db = join(tmp.path, "o.db");
  const cases: [string[], RegExp][] = [
    [
      ["--webhook", "ftp://hooks.example/x"],
      /^dnsight: --webhook: a webhook URL must be an http or https URL, got a ftp: one$/m,
    ],
    [
      ["--syslog", "http://x"],
      /^dnsight: --syslog: a syslog target must be udp:\/\/HOST\[:PORT\] or tcp:\/\/HOST\[:PORT\], got "http:\/\/x"$/m,
    ],
    [
      ["--syslog", "udp://127.0.0.1:9", "--syslog-facility", "nope"],
      /^dnsight: --syslog-facility: unknown syslog facility "nope"$/m,
    ],
    [
      ["--allow-private", "lab.example"],
      /^dnsight: --allow-private: private addresses allowed must be all, loopback/m,
    ],
  ];
  for (const [args, want] of cases)
    it(`monitor ${args.join(" ")}: exit 2, the option named`, async () => {
      const r = await cli(["monitor", "--once", "--db", db, "--server", "127.0.0.1:9", ...args]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, want);
    });

  it("ingest --listen with a bad address: exit 2 before anything is opened", async () => {
    const r = await cli(["ingest", "dnstap", "--listen", "udp:1.2.3.4:5", "--db", db]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /^dnsight: --listen: listen address "udp:1\.2\.3\.4:5" is neither unix:PATH nor tcp:HOST:PORT$/m,
    );
  });
});
