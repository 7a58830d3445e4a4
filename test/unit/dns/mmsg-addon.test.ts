// DNSIGHT_UDP as the loader reads it: "dgram" always falls back, an unknown value is
// a usage error rather than a silent fallback. (Loading the addon itself is held by
// test/integration/udp-channels.test.ts, which insists on it under Linux.)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mmsgAddon } from "../../../src/dns/client/mmsg-addon.js";
import { isDnsightError } from "../../../src/errors.js";

describe("mmsgAddon", () => {
  it("gives no addon for DNSIGHT_UDP=dgram", () => {
    assert.equal(mmsgAddon("dgram"), undefined);
  });

  it("refuses a value it does not know", () => {
    assert.throws(
      () => mmsgAddon("mmmsg"),
      (e) => isDnsightError(e) && e.code === "USAGE" && /want "mmsg" or "dgram"/.test(e.message),
    );
  });
});
