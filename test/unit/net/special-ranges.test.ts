// privateRange against every special-purpose block of the IANA IPv4 and IPv6
// registries and every IPv6 form that carries an IPv4 address, one row each: the
// forms an SSRF guard is usually fooled by (::127.0.0.1, ::ffff:0:7f00:1, NAT64,
// 6to4, Teredo) come first.
import assert from "node:assert/strict";
import ipaddr from "ipaddr.js";
import { describe, it } from "node:test";
import { privateRange } from "../../../src/net/special-ranges.js";

/** Teredo address for server S and client C: the client's bits inverted (RFC 4380 §4). */
function teredo(server: string, client: string): string {
  const s = ipaddr.IPv4.parse(server).octets;
  const c = ipaddr.IPv4.parse(client).octets.map((x) => x ^ 0xff);
  const w = (a: number[], i: number) => ((a[i]! << 8) | a[i + 1]!).toString(16);
  return `2001:0:${w(s, 0)}:${w(s, 2)}:8000:f227:${w(c, 0)}:${w(c, 2)}`;
}

const REFUSED: [ip: string, why: RegExp][] = [
  // IPv6 forms carrying IPv4
  ["::127.0.0.1", /IPv4-compatible.*loopback \(127\.0\.0\.0\/8\)/],
  ["::7f00:1", /IPv4-compatible.*loopback/],
  ["::8.8.8.8", /IPv4-compatible, deprecated/],
  ["::ffff:127.0.0.1", /IPv4-mapped.*loopback/],
  ["::ffff:7f00:1", /IPv4-mapped.*loopback/],
  ["::ffff:10.0.0.1", /IPv4-mapped.*private \(10\.0\.0\.0\/8\)/],
  ["::ffff:169.254.169.254", /IPv4-mapped.*link-local/],
  ["::ffff:0:7f00:1", /IPv4-translated.*loopback/],
  ["::ffff:0:192.168.1.1", /IPv4-translated.*private/],
  ["64:ff9b::7f00:1", /NAT64 \(64:ff9b::\/96\) carrying loopback/],
  ["64:ff9b::10.0.0.1", /NAT64.*private/],
  ["64:ff9b::a9fe:a9fe", /NAT64.*link-local/],
  ["64:ff9b:1::7f00:1", /local-use NAT64.*loopback/],
  ["64:ff9b:1::808:808", /local-use NAT64 \(64:ff9b:1::\/48\)$/],
  ["64:ff9b:1:7f00:0:100::", /local-use NAT64.*loopback/], // /48 position: bits 48-63, 72-87
  ["2002:7f00:1::1", /6to4 \(2002::\/16\) carrying loopback/],
  ["2002:c0a8:101::1", /6to4.*private \(192\.168/],
  ["2002:a9fe:a9fe::", /6to4.*link-local/],
  [teredo("65.54.227.120", "127.0.0.1"), /Teredo.*loopback/],
  [teredo("65.54.227.120", "10.1.2.3"), /Teredo.*private/],
  [teredo("192.168.0.1", "8.8.8.8"), /Teredo.*private/],
  // IPv6 special-purpose registry
  ["::1", /^loopback/],
  ["::", /^unspecified/],
  ["::2", /outside 2000::\/3/],
  ["100::1", /discard-only/],
  ["100:0:0:1::1", /dummy prefix/],
  ["2001:2::1", /benchmarking \(2001:2::\/48\)/],
  ["2001:10::1", /ORCHID, deprecated/],
  ["2001:1::4", /IETF protocol assignments \(2001::\/23\)/],
  ["2001:5::1", /IETF protocol assignments/],
  ["2001:db8::1", /documentation \(2001:db8::\/32\)/],
  ["3fff::1", /documentation \(3fff::\/20\)/],
  ["5f00::1", /segment routing/],
  ["fc00::1", /unique local/],
  ["fd12:3456::1", /unique local/],
  ["fe80::1", /link-local/],
  ["fe80::1%eth0", /link-local/],
  ["febf::1", /link-local/],
  ["fec0::1", /site-local/],
  ["feff::1", /site-local/],
  ["ff02::1", /multicast/],
  ["ff0e::1", /multicast/],
  ["4000::1", /outside 2000::\/3/],
  ["8000::1", /outside 2000::\/3/],
  // IPv4 special-purpose registry
  ["0.0.0.0", /this network \(0\.0\.0\.0\/8\)/],
  ["0.1.2.3", /this network/],
  ["10.1.2.3", /private \(10\.0\.0\.0\/8\)/],
  ["100.64.0.1", /shared address space \(100\.64\.0\.0\/10\)/],
  ["100.127.255.255", /shared address space/],
  ["127.0.0.1", /loopback \(127\.0\.0\.0\/8\)/],
  ["127.255.255.254", /loopback/],
  ["169.254.169.254", /link-local/],
  ["172.16.0.1", /private \(172\.16\.0\.0\/12\)/],
  ["172.31.255.255", /private \(172\.16/],
  ["192.0.0.1", /IETF protocol assignments \(192\.0\.0\.0\/24\)/],
  ["192.0.0.170", /IETF protocol assignments/],
  ["192.0.2.1", /documentation \(192\.0\.2\.0\/24\)/],
  ["192.88.99.1", /6to4 relay anycast/],
  ["192.168.1.1", /private \(192\.168\.0\.0\/16\)/],
  ["198.18.0.1", /benchmarking \(198\.18\.0\.0\/15\)/],
  ["198.19.255.255", /benchmarking/],
  ["198.51.100.7", /documentation \(198\.51\.100\.0\/24\)/],
  ["203.0.113.9", /documentation \(203\.0\.113\.0\/24\)/],
  ["224.0.0.1", /multicast/],
  ["239.255.255.250", /multicast/],
  ["240.0.0.1", /reserved \(240\.0\.0\.0\/4\)/],
  ["255.255.255.255", /limited broadcast/],
  // Not addresses at all
  ["localhost", /not an IP address/],
  ["0x7f.1", /not an IP address/],
  ["", /not an IP address/],
];

const PUBLIC = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.216.34",
  "172.32.0.1",
  "172.15.255.255",
  "192.169.0.1",
  "100.128.0.1",
  "198.20.0.1",
  "192.0.3.1",
  "192.31.196.1", // AS112-v4: globally reachable
  "192.52.193.1", // AMT
  "2a00:1450:4001::1",
  "2606:4700::1111",
  "::ffff:8.8.8.8",
  "::ffff:0:8.8.8.8",
  "64:ff9b::808:808",
  "2002:808:808::1",
  teredo("65.54.227.120", "8.8.8.8"),
  "2001:1::1", // PCP anycast
  "2001:3::1", // AMT
  "2001:4:112::1", // AS112-v6
  "2001:20::1", // ORCHIDv2
  "2620:4f:8000::1", // AS112 direct delegation
];

describe("privateRange", () => {
  for (const [ip, why] of REFUSED)
    it(`refuses ${ip || '""'}`, () => assert.match(privateRange(ip) ?? "public", why));

  it("lets public addresses through, embedded ones too", () => {
    for (const ip of PUBLIC) assert.equal(privateRange(ip), undefined, ip);
  });

  it("refuses the first address of every special range ipaddr.js knows, unless it is public", () => {
    // The cross-check: a range ipaddr.js learns in an update is refused even before our table has it.
    type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
    type Table = Record<string, Range | Range[]>;
    const tables = [ipaddr.IPv4.prototype, ipaddr.IPv6.prototype].map(
      (p) => (p as unknown as { SpecialRanges: Table }).SpecialRanges,
    );
    const publicNames = ["amt", "as112", "as112v6", "orchid2", "droneRemoteIdProtocolEntityTags"];
    let checked = 0;
    for (const table of tables)
      for (const [name, r] of Object.entries(table)) {
        if (publicNames.includes(name)) continue;
        for (const [net] of (Array.isArray(r[0]) ? r : [r]) as Range[]) {
          // 6to4, Teredo, NAT64, mapped: the first address carries 0.0.0.0, "this network".
          assert.notEqual(privateRange(net.toString()), undefined, `${net.toString()} (${name})`);
          checked++;
        }
      }
    assert.ok(checked >= 30, `${checked} ranges checked`);
  });
});
