import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ipv6ToBytes, ipv6ToRfc5952Text } from "../../../src/net/ip.js";
import { WireReader } from "../../../src/dns/wire/reader.js";
import { decodeRdata } from "../../../src/dns/wire/rdata/index.js";

const bytes = (text: string): Buffer => Buffer.from(ipv6ToBytes(text)!);

describe("IPv6 addresses in RDATA follow kdig", () => {
  // Zone text → what kdig 3.2.6 printed for the AAAA record Knot served.
  const KDIG: ReadonlyArray<readonly [zone: string, kdig: string]> = [
    ["::", "::"],
    ["::1", "::1"],
    ["::2", "::2"],
    ["::192.0.2.1", "::c000:201"],
    ["::1.0.0.0", "::100:0"],
    ["::0.1.0.0", "::1:0"],
    ["::0.0.1.0", "::100"],
    ["::ffff:1.2.3.4", "::ffff:1.2.3.4"],
    ["::ffff:0.0.0.0", "::ffff:0.0.0.0"],
    ["::ffff:0:1.2.3.4", "::ffff:0:102:304"],
    ["::fffe:1.2.3.4", "::fffe:102:304"],
    ["0:0:0:0:0:1:1.2.3.4", "::1:102:304"],
    ["fe80::ffff:1.2.3.4", "fe80::ffff:102:304"],
    ["64:ff9b::192.0.2.1", "64:ff9b::c000:201"],
    ["::ffff:0:0:1", "::ffff:0:0:1"],
    ["1:0:0:1:0:0:0:1", "1:0:0:1::1"],
    ["1:0:0:1:0:0:1:1", "1::1:0:0:1:1"],
    ["1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"],
    ["::1:0:0:0:0:0", "0:0:1::"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["2001:DB8::1", "2001:db8::1"],
  ];

  it("prints a dotted quad only for IPv4-mapped addresses", () => {
    for (const [zone, kdig] of KDIG) assert.equal(ipv6ToRfc5952Text(bytes(zone)), kdig, zone);
  });

  it("is what AAAA, APL and SVCB ipv6hint decode to", () => {
    const aaaa = bytes("::192.0.2.1");
    assert.equal(decodeRdata(28, new WireReader(aaaa), 16), "::c000:201");
    const apl = Buffer.concat([Buffer.from("00028010", "hex"), aaaa]);
    assert.equal(decodeRdata(42, new WireReader(apl), apl.length), "2:::c000:201/128");
    const svcb = Buffer.concat([Buffer.from("0001" + "00" + "0006" + "0010", "hex"), aaaa]);
    assert.equal(decodeRdata(64, new WireReader(svcb), svcb.length), "1 . ipv6hint=::c000:201");
  });
});
