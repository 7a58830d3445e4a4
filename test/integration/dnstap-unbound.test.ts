// End to end: a real Unbound, resolving through a real Knot, streams dnstap to our
// listener (unix socket bidirectional and unidirectional, and TCP). What dig got back
// must be in the RESOLVER_RESPONSE messages we received, with query_zone the zone; when
// Unbound stops it sends STOP and, in bidirectional mode, waits for our FINISH.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { decodeMessage } from "../../src/dns/wire/message.js";
import { canonicalName } from "../../src/dns/wire/name.js";
import type { DnstapRecord } from "../../src/passive/sources/dnstap/dnstap-message.js";
import { listenDnstap, type DnstapListener } from "../../src/passive/sources/dnstap/listener.js";
import { canonicalRdata } from "../../src/passive/rdata.js";
import { digAnswers } from "../helpers/dig.js";
import { startKnot } from "../helpers/knot.js";
import { freePort } from "../helpers/ports.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { startUnbound, type UnboundOptions } from "../helpers/unbound.js";

const ZONES = [
  {
    origin: "example.test",
    text: `@ 300 SOA ns1 hostmaster 1 3600 900 604800 300
@ 300 NS ns1
ns1 300 A 127.0.0.1
www 300 A 192.0.2.10
www 300 A 192.0.2.11
www 300 AAAA 2001:db8::10
@ 300 MX 10 mail
mail 300 A 192.0.2.25
alias 300 CNAME www
`,
  },
  {
    origin: "other.test",
    text: `@ 300 SOA ns1 hostmaster 1 3600 900 604800 300
@ 300 NS ns1
ns1 300 A 127.0.0.1
@ 300 TXT "hello world" "two"
srv._tcp 300 SRV 0 5 443 host.other.test.
`,
  },
];

/** name, type, and the zone that serves it. */
const QUESTIONS: Array<[string, string, string]> = [
  ["www.example.test", "A", "example.test."],
  ["www.example.test", "AAAA", "example.test."],
  ["example.test", "MX", "example.test."],
  ["alias.example.test", "A", "example.test."],
  ["other.test", "TXT", "other.test."],
  ["srv._tcp.other.test", "SRV", "other.test."],
];

/** One answer record as a comparable line: owner, type, rdata in the codec's presentation. */
const rrLine = (name: string, type: string, data: string): string =>
  `${canonicalName(name)} ${type} ${canonicalRdata(type, data)}`;

/** dig's answer section, one comparable line per record. */
async function dig(host: string, port: number, name: string, type: string): Promise<string[]> {
  return (await digAnswers(host, port, name, type))
    .map((r) => rrLine(r.name, r.type, r.data))
    .sort();
}

interface Seen {
  question: string;
  answers: string[];
  zone?: string;
}

/** The RESOLVER_RESPONSE records, decoded to their question and answer lines. */
function resolverResponses(records: DnstapRecord[]): Seen[] {
  return records
    .filter((r) => r.messageType === "RESOLVER_RESPONSE" && r.responseMessage)
    .map((r) => {
      const m = decodeMessage(Buffer.from(r.responseMessage!));
      const q = m.questions[0];
      return {
        question: q ? `${canonicalName(q.name)} ${q.type}` : "",
        answers: m.answers.map((a) => rrLine(a.name, a.type, a.data)).sort(),
        ...(r.queryZone !== undefined ? { zone: r.queryZone } : {}),
      };
    });
}

async function scenario(
  t: TestContext,
  listen: (dir: string) => Promise<string>,
  dnstap: (address: string) => Pick<UnboundOptions, "dnstap" | "extraServerConfig">,
): Promise<void> {
  const dir = makeTmpDir("dtu", t);
  const errors: Error[] = [];
  const listener: DnstapListener = await listenDnstap(await listen(dir.path), {
    onError: (e) => errors.push(e),
  });
  t.after(() => listener.close());
  const records: DnstapRecord[] = [];
  const drained = (async () => {
    for await (const r of listener.records) records.push(r);
  })();

  const knot = await startKnot({ zones: ZONES }, t);
  const unbound = await startUnbound(
    {
      stubs: ZONES.map((z) => ({ zone: z.origin, addrs: [`${knot.host}@${knot.port}`] })),
      ...dnstap(listener.address),
    },
    t,
  );
  const expected = new Map<string, { answers: string[]; zone: string }>();
  for (const [name, type, zone] of QUESTIONS) {
    const answers = await dig(unbound.host, unbound.port, name, type);
    assert.ok(answers.length > 0, `dig got no answer for ${name} ${type}`);
    expected.set(`${canonicalName(name)} ${type}`, { answers, zone });
  }

  // Unbound's dnstap thread sends its queue about once a second: wait until every
  // question's response has arrived (bounded), then stop Unbound.
  const complete = (): boolean =>
    [...expected.keys()].every((q) => resolverResponses(records).some((s) => s.question === q));
  for (let i = 0; i < 100 && !complete(); i++) await sleep(50);
  assert.ok(listener.connections >= 1, "Unbound is not connected");
  const t0 = Date.now();
  await unbound.stop(); // STOP; bidirectional writers then wait for FINISH
  const stopMs = Date.now() - t0;
  for (let i = 0; i < 100 && listener.connections > 0; i++) await sleep(20);
  assert.equal(listener.connections, 0, "the connection did not end after Unbound's STOP");
  await listener.close();
  await drained;
  // A connection that ended without STOP, or broke the protocol, would be here.
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
  );
  console.log(`# ${records.length} records; unbound stopped in ${stopMs} ms`);

  const seen = resolverResponses(records);
  for (const [question, want] of expected) {
    const got = seen.filter((s) => s.question === question);
    assert.ok(
      got.length > 0,
      `no RESOLVER_RESPONSE for ${question}; saw ${seen.map((s) => s.question).join(", ")}`,
    );
    // Knot answers a CNAME with the target's records from the same zone: what dig got,
    // the authoritative answer held too.
    const match = got.find((s) => want.answers.every((a) => s.answers.includes(a)));
    assert.ok(
      match,
      `${question}: dig got\n  ${want.answers.join("\n  ")}\nUnbound heard\n  ${got.map((s) => s.answers.join(" | ")).join("\n  ")}`,
    );
    assert.equal(match.zone, want.zone, `${question}: query_zone`);
  }
  for (const r of records.filter((x) => x.messageType === "RESOLVER_RESPONSE")) {
    assert.equal(r.responseAddress, knot.host);
    assert.equal(r.responsePort, knot.port);
    assert.equal(r.socketFamily, "INET");
    assert.ok(r.responseTime! > Date.now() - 120_000 && r.responseTime! <= Date.now());
  }
  // What dig itself got back is there too, as CLIENT_RESPONSE.
  const clientAnswers = records
    .filter((r) => r.messageType === "CLIENT_RESPONSE" && r.responseMessage)
    .map((r) =>
      decodeMessage(Buffer.from(r.responseMessage!))
        .answers.map((a) => rrLine(a.name, a.type, a.data))
        .sort(),
    );
  for (const [question, want] of expected)
    assert.ok(
      clientAnswers.some((a) => JSON.stringify(a) === JSON.stringify(want.answers)),
      `${question}: no CLIENT_RESPONSE with dig's answer`,
    );
  assert.ok(records.every((r) => r.identity !== undefined && r.version?.startsWith("unbound")));
}

describe("dnstap from a real Unbound", () => {
  it("over a unix socket, bidirectional (READY/ACCEPT … STOP/FINISH)", (t) =>
    scenario(
      t,
      async (dir) => `unix:${join(dir, "dnstap.sock")}`,
      (address) => ({ dnstap: { socketPath: address.slice(5), bidirectional: true } }),
    ));

  it("over a unix socket, unidirectional", (t) =>
    scenario(
      t,
      async (dir) => `unix:${join(dir, "dnstap.sock")}`,
      (address) => ({ dnstap: { socketPath: address.slice(5), bidirectional: false } }),
    ));

  it("over TCP", (t) =>
    scenario(
      t,
      async () => `tcp:127.0.0.1:${await freePort()}`,
      (address) => {
        const [, host, port] = /^tcp:(.+):(\d+)$/.exec(address)!;
        // The helper writes a dnstap clause only for unix sockets; Unbound ≥ 1.11 also
        // connects over TCP (dnstap-ip, TLS off). Lines after a clause name belong to it.
        return {
          extraServerConfig: [
            "dnstap:",
            "dnstap-enable: yes",
            `dnstap-ip: "${host}@${port}"`,
            "dnstap-tls: no",
            "dnstap-send-identity: yes",
            "dnstap-send-version: yes",
            "dnstap-log-client-response-messages: yes",
            "dnstap-log-resolver-query-messages: yes",
            "dnstap-log-resolver-response-messages: yes",
          ],
        };
      },
    ));
});
