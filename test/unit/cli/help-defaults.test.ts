// --help says the defaults the code uses: the registration timeout was documented
// as 15000 for every request while WHOIS stopped at 10000.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HTTP_TIMEOUT_MS } from "../../../src/net/http-client.js";
import { WHOIS_TIMEOUT_MS } from "../../../src/registration/net/whois-client.js";
import { cli } from "../../helpers/cli.js";

describe("--help defaults", () => {
  for (const cmd of [["registration"], ["monitor"]])
    it(`dnsight ${cmd.join(" ")} --help: the RDAP and WHOIS timeouts the code uses`, async () => {
      const r = await cli([...cmd, "--help"]);
      assert.equal(r.status, 0);
      assert.match(r.stdout, new RegExp(`RDAP ${HTTP_TIMEOUT_MS}, WHOIS ${WHOIS_TIMEOUT_MS}\\)`));
      assert.equal(WHOIS_TIMEOUT_MS, 10_000);
      assert.doesNotMatch(
        r.stdout,
        /registration requests \(default 15000\)|per request \(default 15000\)/,
      );
    });
});
