// Writes the samples `dnsight serve --demo` loads (samples/demo/): passive DNS as
// COF lines, RDAP answers as registration snapshots, and a watchlist. Everything is
// made up here, on reserved names (RFC 2606 .example) and documentation addresses
// (RFC 5737), from one seeded generator, so the files are the same on every run and
// carry no one else's data. The demo shifts every time so that the newest sample is
// an hour old when it starts. Run: node scripts/make-demo-samples.mjs
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "samples", "demo");
mkdirSync(join(out, "registration"), { recursive: true });

/** mulberry32: the same numbers everywhere. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261204);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const T0 = 1_790_000_000; // the newest sample; the demo moves it to an hour ago
const DAY = 86_400;
const rows = [];
const seen = (
  rrname,
  rrtype,
  rdata,
  firstDaysAgo,
  lastDaysAgo,
  count,
  bailiwick,
  sensor = "resolver-1",
) =>
  rows.push({
    rrname,
    rrtype,
    rdata,
    count,
    time_first: T0 - Math.round(firstDaysAgo * DAY),
    time_last: T0 - Math.round(lastDaysAgo * DAY),
    ...(bailiwick ? { bailiwick } : {}),
    sensor_id: sensor,
  });

// The brand: a bank whose name servers were swapped two days ago and whose apex then
// moved to an address that also serves its lookalikes.
const bank = "acmebank.example";
seen(bank, "A", "203.0.113.10", 400, 2.2, 91_250, bank);
seen(bank, "A", "198.51.100.66", 2, 0, 3_410, bank, "resolver-2");
seen(bank, "NS", "ns1.acmebank.example.", 400, 2.2, 4_100, "example");
seen(bank, "NS", "ns2.acmebank.example.", 400, 2.2, 4_090, "example");
seen(bank, "NS", "ns1.evil-dns.example.", 2.1, 0, 210, "example", "resolver-2");
seen(bank, "NS", "ns2.evil-dns.example.", 2.1, 0, 205, "example", "resolver-2");
seen(bank, "MX", "10 mail.acmebank.example.", 400, 0, 12_800, bank);
seen(bank, "TXT", '"v=spf1 mx ip4:203.0.113.0/24 -all"', 380, 0, 2_020, bank);
for (const [sub, ip, n] of [
  ["www", "203.0.113.10", 60_010],
  ["mail", "203.0.113.25", 12_800],
  ["vpn", "203.0.113.30", 4_410],
  ["api", "203.0.113.40", 33_000],
  ["login", "203.0.113.10", 18_000],
]) {
  seen(`${sub}.${bank}`, "A", ip, 390 - n / 1000, 0.1, n, bank);
}
seen(`static.${bank}`, "CNAME", "static-7f3a.cdn-provider.example.", 200, 0, 9_800, bank);
seen("static-7f3a.cdn-provider.example", "A", "192.0.2.80", 200, 0, 9_790, "cdn-provider.example");
seen("static-7f3a.cdn-provider.example", "A", "192.0.2.81", 120, 0, 4_100, "cdn-provider.example");

// Lookalikes, registered days ago, pointing where the bank's apex now points.
for (const [name, ip, age] of [
  ["acmebamk.example", "198.51.100.66", 5],
  ["acmebank-login.example", "198.51.100.66", 4],
  ["secure-acmebank.example", "198.51.100.67", 3],
  ["acrnebank.example", "198.51.100.68", 6],
]) {
  seen(name, "A", ip, age, 0, Math.round(40 + rand() * 400), name, "resolver-2");
  seen(
    name,
    "NS",
    "ns1.evil-dns.example.",
    age,
    0,
    Math.round(10 + rand() * 50),
    "example",
    "resolver-2",
  );
}
seen("ns1.evil-dns.example", "A", "198.51.100.53", 9, 0, 600, "evil-dns.example", "resolver-2");
seen("ns2.evil-dns.example", "A", "198.51.100.54", 9, 0, 590, "evil-dns.example", "resolver-2");

// A shop (owned, quiet) and background traffic on other names and in the same /24s.
const shop = "shop.example";
seen(shop, "A", "192.0.2.10", 300, 0, 40_000, shop);
seen(shop, "NS", "ns1.dns-host.example.", 300, 0, 3_000, "example");
seen(shop, "NS", "ns2.dns-host.example.", 300, 0, 2_990, "example");
seen(shop, "MX", "10 mx.mail-host.example.", 300, 0, 8_000, shop);
seen(`www.${shop}`, "CNAME", "shop.example.", 300, 0, 30_000, shop);
const words = [
  "alpha",
  "bravo",
  "cedar",
  "delta",
  "ember",
  "fjord",
  "gamma",
  "harbor",
  "iris",
  "juniper",
  "kelp",
  "lumen",
];
const tlds = ["example", "example.com", "example.net", "example.org"];
for (let i = 0; i < 400; i++) {
  const name = `${pick(["", "www.", "api.", "cdn.", "m."])}${pick(words)}${pick(words)}${i}.${pick(tlds)}`;
  const first = 5 + rand() * 360;
  const last = rand() < 0.7 ? rand() * 2 : rand() * first;
  const net = pick(["192.0.2", "198.51.100", "203.0.113"]);
  seen(
    name,
    "A",
    `${net}.${1 + Math.floor(rand() * 250)}`,
    first,
    last,
    Math.round(1 + 5000 * rand() ** 3),
    undefined,
    pick(["resolver-1", "resolver-2"]),
  );
  if (rand() < 0.15)
    seen(
      name,
      "AAAA",
      `2001:db8:${Math.floor(rand() * 65535).toString(16)}::${Math.floor(rand() * 65535).toString(16)}`,
      first,
      last,
      Math.round(1 + 900 * rand() ** 3),
    );
}
rows.sort((a, b) =>
  a.rrname < b.rrname ? -1 : a.rrname > b.rrname ? 1 : a.time_first - b.time_first,
);
writeFileSync(join(out, "pdns.cof"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");

// RDAP domain answers (RFC 9083), oldest first for each name.
const iso = (daysAgo) =>
  new Date((T0 - daysAgo * DAY) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const vcard = (fn, org) => [
  "vcard",
  [
    ["version", {}, "text", "4.0"],
    ["fn", {}, "text", fn],
    ...(org ? [["org", {}, "text", org]] : []),
  ],
];
const rdap = (name, o) => ({
  objectClassName: "domain",
  rdapConformance: ["rdap_level_0"],
  ldhName: name,
  status: o.status,
  events: [
    { eventAction: "registration", eventDate: iso(o.created) },
    { eventAction: "expiration", eventDate: iso(-o.expires) },
    { eventAction: "last changed", eventDate: iso(o.changed) },
  ],
  entities: [
    {
      objectClassName: "entity",
      roles: ["registrar"],
      vcardArray: vcard(o.registrar),
      publicIds: [{ type: "IANA Registrar ID", identifier: o.ianaId }],
    },
    { objectClassName: "entity", roles: ["registrant"], vcardArray: vcard(o.registrant, o.org) },
  ],
  nameservers: o.ns.map((ldhName) => ({ objectClassName: "nameserver", ldhName })),
  secureDNS: { delegationSigned: false },
});
const LOCKED = [
  "client transfer prohibited",
  "client update prohibited",
  "client delete prohibited",
];
const snapshots = [
  {
    key: bank,
    fetchedDaysAgo: 30,
    rdap: rdap(bank, {
      status: LOCKED,
      created: 6_000,
      expires: 400,
      changed: 200,
      registrar: "Example Registrar, Inc.",
      ianaId: "9999",
      registrant: "Domain Administrator",
      org: "Acme Bank plc",
      ns: ["ns1.acmebank.example", "ns2.acmebank.example"],
    }),
  },
  {
    key: bank,
    fetchedDaysAgo: 1,
    rdap: rdap(bank, {
      status: ["active"],
      created: 6_000,
      expires: 30,
      changed: 2.2,
      registrar: "Example Registrar, Inc.",
      ianaId: "9999",
      registrant: "Domain Administrator",
      org: "Acme Bank plc",
      ns: ["ns1.evil-dns.example", "ns2.evil-dns.example"],
    }),
  },
  {
    key: "acmebamk.example",
    fetchedDaysAgo: 4,
    rdap: rdap("acmebamk.example", {
      status: ["active"],
      created: 5,
      expires: 360,
      changed: 5,
      registrar: "Cheap Names LLC",
      ianaId: "9998",
      registrant: "REDACTED FOR PRIVACY",
      org: "Privacy Service Provider",
      ns: ["ns1.evil-dns.example", "ns2.evil-dns.example"],
    }),
  },
  {
    key: shop,
    fetchedDaysAgo: 10,
    rdap: rdap(shop, {
      status: LOCKED,
      created: 3_000,
      expires: 200,
      changed: 100,
      registrar: "Example Registrar, Inc.",
      ianaId: "9999",
      registrant: "Hostmaster",
      org: "Example Shop Ltd",
      ns: ["ns1.dns-host.example", "ns2.dns-host.example"],
    }),
  },
];
snapshots.forEach((s, i) =>
  writeFileSync(
    join(out, "registration", `${String(i + 1).padStart(2, "0")}-${s.key}.json`),
    JSON.stringify({ key: s.key, fetchedAt: T0 - s.fetchedDaysAgo * DAY, rdap: s.rdap }, null, 2) +
      "\n",
  ),
);

writeFileSync(
  join(out, "watchlist.json"),
  JSON.stringify(
    [
      { name: bank, kind: "brand", owned: ["acme-bank.example"] },
      { name: shop, kind: "owned" },
      { name: "cdn-provider.example", kind: "third-party" },
    ],
    null,
    2,
  ) + "\n",
);
writeFileSync(
  join(out, "README.md"),
  "# Demo samples\n\nMade up by `scripts/make-demo-samples.mjs` on reserved names (RFC 2606) and documentation addresses (RFC 5737); loaded by `dnsight serve --demo`. Regenerate with `node scripts/make-demo-samples.mjs`.\n",
);
console.log(
  `samples/demo: ${rows.length} passive-DNS rows, ${snapshots.length} registration snapshots`,
);
