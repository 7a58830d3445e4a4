import { withOptions } from "../target.js";
import { mutate, tokens } from "../mutate.js";
import { chance, int, logSize, mulberry32, pick, type Rng } from "../rng.js";
import { cat, hostile, repeat, type Recipe } from "./recipe.js";

// Inputs for the regional registries' WHOIS (rir.ts): ARIN's NetRange blocks and RPSL
// objects (RIPE, APNIC, AFRINIC, LACNIC's short prefixes), filled with random addresses
// and handles, mutated; hostile ones hit the shapes the issue names (`inetnum:` then
// 200,000 spaces, `% Abuse contact ... '@'×200000`) and more.

const MAX = 1 << 20;

const ip4 = (r: Rng): string =>
  `${int(r, 1, 223)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}`;
const ip6 = (r: Rng): string =>
  `2001:${int(r, 0, 0xffff).toString(16)}:${int(r, 0, 0xffff).toString(16)}::`;
const handle = (r: Rng): string =>
  `${pick(r, ["ORG", "NET", "AS", "ABUSE", "RIPE"])}-${int(r, 1, 99999)}-${pick(r, ["ARIN", "RIPE", "AP", "LACNIC", "AFRINIC"])}`;

const arin = (r: Rng): string => {
  const a = ip4(r);
  return `NetRange:       ${a} - ${ip4(r)}
CIDR:           ${a}/${int(r, 8, 32)}${chance(r, 0.3) ? `, ${ip4(r)}/24` : ""}
NetName:        ${handle(r)}
NetHandle:      NET-${a.replace(/\./g, "-")}-1
Parent:         ${pick(r, [" ()", `X (${handle(r)})`])}
NetType:        ${pick(r, ["Direct Allocation", "Reassigned", "Allocated to RIPE NCC"])}
OriginAS:       AS${int(r, 1, 65535)}
Organization:   Example LLC (${handle(r)})
RegDate:        ${pick(r, ["1992-12-01", "2014-03-14", "bad"])}
Updated:        2018-04-23
Ref:            https://rdap.arin.net/registry/ip/${a}

OrgName:        Example LLC
OrgId:          ${handle(r)}
Country:        ${pick(r, ["US", "CA", "ZZ", ""])}
Comment:        Please report abuse at abuse@example.com

OrgAbuseHandle: ${handle(r)}
OrgAbuseName:   Abuse
OrgAbuseEmail:  abuse@example.com
${chance(r, 0.3) ? `\nASNumber:       ${int(r, 1, 65535)} - ${int(r, 1, 65535)}\nASName:         EX\nASHandle:       AS${int(r, 1, 99)}\n` : ""}`;
};

const rpsl = (r: Rng): string => {
  const v6 = chance(r, 0.3);
  const range = v6
    ? `${ip6(r)}/${int(r, 16, 64)}`
    : pick(r, [`${ip4(r)} - ${ip4(r)}`, `${int(r, 1, 223)}.${int(r, 0, 255)}/${int(r, 8, 24)}`]);
  return `% Information related to '${range}'

% Abuse contact for '${range}' is 'abuse@example.net'

${v6 ? "inet6num" : "inetnum"}:        ${range}
netname:        EXAMPLE-NET
descr:          Example network
org:            ${handle(r)}
country:        ${pick(r, ["NL", "AU", "ZA", "UY", "EU # Country is really world wide"])}
admin-c:        ${handle(r)}
tech-c:         ${handle(r)}
abuse-c:        ${handle(r)}
status:         ${pick(r, ["ASSIGNED PA", "ALLOCATED PORTABLE", "reallocated"])}
owner:          Example owner
ownerid:        UY-EX-LACNIC
inetnum-up:     200.7.80/20
created:        ${pick(r, ["2003-03-17T12:15:57Z", "20030805", "x"])}
last-modified:  2017-12-04T14:46:31Z
source:         ${pick(r, ["RIPE", "APNIC", "AFRINIC", "RIPE # Filtered"])}

organisation:   ${handle(r)}
org-name:       Example Org
org-type:       LIR
address:        Somewhere 1

role:           Abuse desk
nic-hdl:        ${handle(r)}
abuse-mailbox:  abuse@example.net
e-mail:         abuse@example.net

${chance(r, 0.4) ? `aut-num:        AS${int(r, 1, 4294967295)}\nas-name:        EXAMPLE\n\n` : ""}route:          ${range}
origin:         AS${int(r, 1, 65535)}
`;
};

const NOISE = [
  "No match found for n + 10.1.2.3.",
  "%ERROR:101: no entries found",
  "%ERROR:201: access denied",
  "Query rate limit exceeded",
  "% Not assigned to LACNIC",
  "% This query was served by the RIPE Database Query Service",
];

const RIR_TOKENS = tokens(
  ":",
  "\n",
  "\n\n",
  " - ",
  "/",
  "::",
  "%",
  "#",
  " # ",
  "'",
  "AS",
  "-",
  ",",
  "inetnum:",
  "NetRange:",
  "CIDR:",
  "aut-num:",
  "% Abuse contact for '",
  "0.0.0.0",
  "255.255.255.255",
  "ffff::",
  "4294967295",
);

const HOSTILE: Readonly<Record<string, (n: number) => Buffer>> = {
  "inetnum then spaces": (n) => cat("inetnum:", repeat(" ", n), "x\n"),
  "range then spaces": (n) => cat("inetnum:        192.0.2.0 - 192.0.2.255", repeat(" ", n), "\n"),
  "abuse contact of @": (n) => cat("% Abuse contact for 'x' is '", repeat("@", n), "'\n"),
  "abuse contact of quotes": (n) => cat("% Abuse contact for '", repeat("'", n), "\n"),
  "value, spaces, comment": (n) => cat("remarks:  a", repeat(" ", n), "#\n"),
  "comment marks": (n) => cat("descr:    ", repeat("# ", n), "\n"),
  "inetnum objects": (n) => repeat("inetnum: 192.0.2.0 - 192.0.2.255\n\n", n),
  "NetRange blocks": (n) => repeat("NetRange: 8.0.0.0 - 8.127.255.255\nCIDR: 8.0.0.0/9\n\n", n),
  "CIDR list": (n) => cat("CIDR: ", repeat("8.0.0.0/9, ", n)),
  "range of digits": (n) => cat("NetRange: 0.0.0.0 - ", repeat("9", n)),
  "contact lines": (n) => repeat("admin-c: X\n", n),
  "role objects": (n) => repeat("nic-hdl: H\nrole: r\n\n", n),
  "inetnum-up lines": (n) =>
    cat("inetnum: 0.0.0.0 - 255.255.255.255\n", repeat("inetnum-up: 0/0\n", n)),
  spaces: (n) => repeat(" ", n),
  percents: (n) => repeat("%", n),
  "colon lines": (n) => repeat(":\n", n),
};

const KEYS = [
  "8.8.8.8",
  "193.0.0.1",
  "2001:67c:2e8::1",
  "200.7.84.1",
  "AS3333",
  "AS15169",
  "as0",
  "AS4294967295",
  "0.0.0.0",
  "::",
];
const SERVERS = [
  "whois.arin.net",
  "whois.ripe.net",
  "whois.apnic.net",
  "whois.lacnic.net",
  "whois.afrinic.net",
];

export async function rirRecipes(seed: number): Promise<Recipe[]> {
  const options = (r: Rng): object => ({
    key: pick(r, KEYS),
    ...(chance(r, 0.7) ? { server: pick(r, SERVERS) } : {}),
  });
  // A pool made once: building a record costs more than parsing it.
  const pool = Array.from({ length: 3000 }, (_, i) => {
    const r = mulberry32(seed ^ i);
    const parts: string[] = [];
    for (let n = chance(r, 0.8) ? 1 : 2; n > 0; n--) parts.push(chance(r, 0.4) ? arin(r) : rpsl(r));
    if (chance(r, 0.2)) parts.push(pick(r, NOISE));
    return Buffer.from(parts.join("\n"), "latin1");
  });
  const text = (r: Rng): Buffer => pick(r, pool);
  return [
    {
      name: "record mutated",
      weight: 85,
      make: (r) =>
        withOptions(
          options(r),
          mutate(text(r), r, { dictionary: RIR_TOKENS, others: pool, text: true, max: MAX }),
        ),
    },
    { name: "record as is", weight: 5, make: (r) => withOptions(options(r), text(r)) },
    {
      name: "status line",
      weight: 5,
      make: (r) =>
        withOptions(options(r), mutate(Buffer.from(pick(r, NOISE)), r, { dictionary: RIR_TOKENS })),
    },
    ...hostile(HOSTILE, 0.2, (shape, r) =>
      withOptions(options(r), shape(logSize(r, 1000, 200_000)).subarray(0, MAX)),
    ),
  ];
}
