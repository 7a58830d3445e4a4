// Hostile RDAP answers at the HTTP client's 4 MiB cap (net/http-get.ts): 140,000+
// name servers, entities, events, links, statuses, redactions and vCard
// properties; entities nested 400,000 deep; 4 MiB strings where a regex or
// Date.parse reads a value. The JSON is parsed while building (not timed): what is
// timed is parseRdap, and relatedRdapUrl for links.
import assert from "node:assert/strict";
import type { RegistrationRecord } from "../../../src/model/registration.js";
import { hostile, MiB, type HostileCase } from "../../helpers/hostile.js";
import { parseRdap } from "../../../src/registration/rdap/parse.js";
import { relatedRdapUrl } from "../../../src/registration/rdap/links.js";
import { mergeRegistrarRecord } from "../../../src/registration/rdap/merge.js";

const CAP = 4 * MiB;
const source = {
  protocol: "rdap" as const,
  server: "rdap.example",
  fetchedAt: "2024-01-01T00:00:00Z",
  referrals: [],
};

/** A JSON text of at most CAP bytes: `head`, then as many `item(i)` as fit in an array, then `tail`. */
function json(head: string, item: (i: number) => string, tail: string): string {
  const parts: string[] = [];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const s = item(i);
    if (size + s.length + 1 > CAP) break;
    parts.push(s);
    size += s.length + 1;
  }
  return head + parts.join(",") + tail;
}

/** A string field of about CAP bytes. */
const long = (unit: string, extra = ""): string =>
  unit.repeat(Math.floor((CAP - 200) / unit.length)) + extra;

const DOMAIN = '{"objectClassName":"domain","ldhName":"example.com",';
const IPNET =
  '{"objectClassName":"ip network","startAddress":"192.0.2.0","endAddress":"192.0.2.255",';

const noted = (what: string) => (r: RegistrationRecord) =>
  assert.ok(
    r.truncated?.some((t) => t.startsWith(`${what}:`)),
    `expected a truncation note for ${what}, got ${JSON.stringify(r.truncated)}`,
  );

const rdap = (text: () => string, check?: (r: RegistrationRecord) => void) =>
  hostile({
    build: () => JSON.parse(text()) as unknown,
    run: (j: unknown) => parseRdap(j, { source }),
    ...(check ? { check } : {}),
  });

/** A domain whose one entity has `props` as its jCard properties. */
const card = (prop: (i: number) => string, roles = '"registrant"') =>
  json(`${DOMAIN}"entities":[{"roles":[${roles}],"vcardArray":["vcard",[`, prop, "]]}]}");

export const CASES: Record<string, HostileCase> = {
  // The figure: 140k name servers (3.7 MB) took 42 s (out.some de-duplication).
  "150,000 distinct name servers": rdap(
    () => json(`${DOMAIN}"nameservers":[`, (i) => `{"ldhName":"ns${i}.example.net"}`, "]}"),
    (r) => {
      assert.equal(r.nameservers.length, 100);
      noted("nameservers")(r);
    },
  ),
  "150,000 copies of one name server": rdap(
    () => json(`${DOMAIN}"nameservers":[`, () => `{"ldhName":"ns1.example.net"}`, "]}"),
    (r) => assert.equal(r.nameservers.length, 1),
  ),
  "one name server with 250,000 addresses": rdap(
    () =>
      json(
        `${DOMAIN}"nameservers":[{"ldhName":"ns1.example.net","ipAddresses":{"v4":[`,
        (i) => `"10.${i >> 16}.${(i >> 8) & 255}.${i & 255}"`,
        "]}}]}",
      ),
    noted("addresses"),
  ),
  "a name server name of 4 MiB": rdap(
    () => `${DOMAIN}"nameservers":[{"ldhName":"${long("a.")}"}]}`,
  ),
  "an ldhName of 4 MiB": rdap(() => `{"objectClassName":"domain","ldhName":"${long("a")}"}`),
  "an objectClassName of 4 MiB": hostile({
    build: () => JSON.parse(`{"objectClassName":"${long("x")}"}`) as unknown,
    run: (j: unknown) => {
      try {
        parseRdap(j, { source });
        return "parsed";
      } catch (e) {
        return (e as Error).message;
      }
    },
    check: (message: string) =>
      assert.ok(message.length < 300, `error of ${message.length} characters`),
  }),
  "250,000 statuses": rdap(
    () => json(`${DOMAIN}"status":[`, (i) => `"client transfer prohibited ${i}"`, "]}"),
    noted("statuses"),
  ),
  "250,000 copies of one status": rdap(
    () => json(`${DOMAIN}"status":[`, () => `"client transfer prohibited"`, "]}"),
    (r) => assert.deepEqual(r.eppStatus, ["clientTransferProhibited"]),
  ),
  "150,000 events, none readable": rdap(() =>
    json(`${DOMAIN}"events":[`, (i) => `{"eventAction":"registration","eventDate":"x${i}"}`, "]}"),
  ),
  "an event date of 4 MiB": rdap(
    () => `${DOMAIN}"events":[{"eventAction":"registration","eventDate":"${long("1")}T00:00"}]}`,
  ),
  "an event date of 4 MiB of spaces": rdap(
    () => `${DOMAIN}"events":[{"eventAction":"expiration","eventDate":"2020${long(" ")}+0"}]}`,
  ),
  "150,000 distinct entities": rdap(
    () => json(`${DOMAIN}"entities":[`, (i) => `{"handle":"H${i}","roles":["technical"]}`, "]}"),
    (r) => {
      assert.ok(r.contacts.length <= 100, `${r.contacts.length} contacts`);
      noted("entities")(r);
    },
  ),
  "one entity with 200,000 roles": rdap(
    () => json(`${DOMAIN}"entities":[{"handle":"H","roles":[`, (i) => `"role${i}"`, "]}]}"),
    (r) => assert.ok(r.contacts.length <= 100, `${r.contacts.length} contacts`),
  ),
  "entities nested 400,000 deep": rdap(() => {
    const n = Math.floor((CAP - 200) / 36);
    return `${DOMAIN}${'"entities":[{"roles":["abuse"],'.repeat(n)}"handle":"x"${"}]".repeat(n)}}`;
  }),
  "entities 20 wide and 4 deep (160,000)": rdap(() => {
    const level = (d: number): string =>
      d === 0
        ? ""
        : `"entities":[${Array.from({ length: 20 }, (_, i) => `{"handle":"${d}-${i}","roles":["technical"]${d > 1 ? "," + level(d - 1) : ""}}`).join(",")}]`;
    return `${DOMAIN}${level(4)}}`;
  }, noted("entities")),
  "a vCard with 150,000 distinct e-mails": rdap(
    () => card((i) => `["email",{},"text","a${i}@example.com"]`),
    noted("vCard properties"),
  ),
  "a vCard with 150,000 phone numbers": rdap(() =>
    card((i) => `["tel",{"type":"voice"},"uri","tel:+1.555${i}"]`),
  ),
  "a vCard with 150,000 addresses": rdap(() =>
    card(() => `["adr",{},"text",["","","1 Main St","City","","","US"]]`),
  ),
  "an address with 400,000 street lines": rdap(
    () =>
      json(
        `${DOMAIN}"entities":[{"roles":["registrant"],"vcardArray":["vcard",[["adr",{},"text",["","",[`,
        (i) => `"${i}"`,
        '],"c","","","US"]]]]}]}',
      ),
    noted("street lines"),
  ),
  "an address label of 4 MiB of line breaks": rdap(
    () =>
      `${DOMAIN}"entities":[{"roles":["registrant"],"vcardArray":["vcard",[["adr",{"label":"${long("\\n")}"},"text",["","","","","","",""]]]]}]}`,
  ),
  "fn: 'redacted' then 4 MiB of spaces and a letter": rdap(
    () =>
      `${DOMAIN}"entities":[{"roles":["registrant"],"vcardArray":["vcard",[["fn",{},"text","redacted${long(" ", "x")}"]]]}]}`,
  ),
  "fn: 4 MiB of letters (privacy needles)": rdap(
    () =>
      `${DOMAIN}"entities":[{"roles":["registrant"],"vcardArray":["vcard",[["fn",{},"text","${long("privacy ")}"]]]}]}`,
  ),
  "150,000 public ids and links on the registrar": rdap(() =>
    json(
      `${DOMAIN}"entities":[{"roles":["registrar"],"links":[`,
      (i) => `{"rel":"x","href":"h${i}"}`,
      '],"publicIds":[{"type":"IANA Registrar ID","identifier":"1"}]}]}',
    ),
  ),
  "200,000 redactions of distinct fields": hostile({
    build: () =>
      JSON.parse(
        json(
          `${DOMAIN}"rdapConformance":["redacted"],"redacted":[`,
          (i) => `{"name":{"type":"Registrant F${i}"}}`,
          "]}",
        ),
      ) as unknown,
    run: (j: unknown) => parseRdap(j, { source }),
    check: (r: RegistrationRecord) => noted("redactions")(r),
  }),
  "a redaction label: role, spaces, U+2028": rdap(
    () =>
      `${DOMAIN}"rdapConformance":["redacted"],"redacted":[{"name":{"type":"Registrant${long(" ")}\\u2028x"}}]}`,
  ),
  "150,000 DS records": rdap(
    () =>
      json(
        `${DOMAIN}"secureDNS":{"dsData":[`,
        (i) => `{"keyTag":${i},"algorithm":8,"digestType":2,"digest":"AB"}`,
        "]}}",
      ),
    noted("DS records"),
  ),
  "a DS digest of 4 MiB of spaces": rdap(
    () =>
      `${DOMAIN}"secureDNS":{"dsData":[{"keyTag":1,"algorithm":8,"digestType":2,"digest":"${long(" a")}"}]}}`,
  ),
  "ip network: 150,000 cidr0 prefixes": rdap(
    () =>
      json(
        `${IPNET}"cidr0_cidrs":[`,
        (i) => `{"v4prefix":"10.${i >> 8}.${i & 255}.0","length":24}`,
        "]}",
      ),
    noted("cidrs"),
  ),
  "ip network: the whole IPv6 space in ranges": rdap(
    () =>
      '{"objectClassName":"ip network","startAddress":"::1","endAddress":"ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"}',
  ),
  "ip network: a start address of 4 MiB": rdap(
    () => `{"objectClassName":"ip network","startAddress":"${long("1")}","endAddress":"::"}`,
  ),
  "ip network: '%' run in the address (zone id)": rdap(
    () => `{"objectClassName":"ip network","startAddress":"::${long("%")}","endAddress":"::1"}`,
  ),
  "autnum: 150,000 entities with a registrant": rdap(() =>
    json(
      '{"objectClassName":"autnum","startAutnum":1,"endAutnum":2,"entities":[',
      (i) => `{"handle":"O${i}","roles":["registrant","abuse"]}`,
      "]}",
    ),
  ),
  "links: 150,000 related links (relatedRdapUrl)": hostile({
    build: () =>
      JSON.parse(
        json(
          '{"links":[',
          (i) => `{"rel":"related","href":"https://r.example/${i}/domain/x","type":"text/html"}`,
          "]}",
        ),
      ) as unknown,
    run: relatedRdapUrl,
  }),
  "links: an href of 4 MiB of '/domain/'": hostile({
    build: () =>
      JSON.parse(
        `{"links":[{"rel":"related","href":"https://${long("/domain/")}x/y"}]}`,
      ) as unknown,
    run: relatedRdapUrl,
  }),
  "registry and registrar records with capped lists merged": hostile({
    build: () => {
      const ns = JSON.parse(
        json(`${DOMAIN}"nameservers":[`, (i) => `{"ldhName":"ns${i}.example.net"}`, "]}"),
      );
      const st = JSON.parse(json(`${DOMAIN}"status":[`, (i) => `"s${i}"`, "]}"));
      return [parseRdap(ns, { source }), parseRdap(st, { source })];
    },
    run: ([a, b]: RegistrationRecord[]) => mergeRegistrarRecord(a!, b!, "rdap.registrar.example"),
    check: (r: RegistrationRecord) => {
      noted("nameservers")(r);
      noted("statuses")(r);
    },
  }),
};
