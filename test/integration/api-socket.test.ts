import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inProcessApi, type InProcessApi } from "../../src/api/in-process.js";
import { startRig, type SocketRig } from "../unit/api/_server.js";

// The user's path: a client on 127.0.0.1 asking `dnsight serve`'s server over a real
// socket. The endpoint tests call the API in-process (src/api/in-process.ts); here the
// same questions over the socket must get the same answers, byte for byte, and the
// same log lines, so what is proven in-process holds for the listening server.
// (dnsdbq.test.ts runs the real dnsdbq against it; api-connections.test.ts what only
// a socket shows.)

const L = "/dnsdb/v2/lookup";

describe("the API over a socket on 127.0.0.1", () => {
  let rig: SocketRig;
  let api: InProcessApi;
  const inLog: string[] = [];
  before(async () => {
    rig = await startRig({ pageSize: 3, offsetMax: 100 });
    api = inProcessApi({
      store: rig.store,
      log: (l) => inLog.push(l),
      pageSize: 3,
      offsetMax: 100,
    });
  });
  after(async () => {
    await api.close();
    await rig.close();
  });

  it("answers what the in-process call answers: status, headers that matter, body", async () => {
    const read = { "x-api-key": rig.key };
    const cases: Array<[string, Record<string, string>, string?]> = [
      ["/dnsdb/v2/ping", read],
      [`${L}/rrset/name/www.example.com`, read],
      [`${L}/rrset/name/${encodeURIComponent("*.bulk.example.org")}?offset=5&limit=10`, read],
      [`${L}/rdata/ip/192.0.2.0,24?time_last_after=1700000150`, read],
      ["/dnsdb/v2/summarize/rrset/name/www.example.com", read],
      [`${L}/rrset/name/www.example.com`, {}],
      ["/dnsdb/v2/ping", { "x-api-key": "dns_000000000000_nope" }],
      [`${L}/rrset/name/www.example.com/BOGUS`, read],
      [`${L}/rrset/name/www.example.com?offset=101`, read],
      [`${L}/rrset/raw/0377777700/A`, read],
      ["/somewhere/else", read],
      ["/dnsdb/v2/ping", read, "POST"],
      [`/pdns/query/${encodeURIComponent("*.example.com")}`, { authorization: rig.key }],
      ["/pdns/query/a*b.example", { authorization: rig.key }],
    ];
    rig.log.length = 0;
    for (const [path, headers, method = "GET"] of cases) {
      const overSocket = await fetch(rig.base + path, { method, headers });
      const inProcess = await api.request(path, { method, headers });
      const what = `${method} ${path}`;
      assert.equal(overSocket.status, inProcess.status, what);
      for (const h of ["content-type", "www-authenticate", "allow", "retry-after"])
        assert.equal(overSocket.headers.get(h), inProcess.headers.get(h), `${what}: ${h}`);
      const body = await overSocket.text();
      assert.ok(body.length > 0, what);
      assert.equal(body, await inProcess.text(), what);
    }
    await new Promise((r) => setTimeout(r, 50));
    const shape = (l: string): string => l.replace(/ \d+ms /, " _ms ");
    assert.equal(rig.log.length, cases.length);
    assert.deepEqual(rig.log.map(shape), inLog.map(shape));
  });
});
