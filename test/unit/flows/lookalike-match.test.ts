// matchStream, the library call under `dnsight lookalike match`: names from a stream,
// hits handed on per chunk, bad lines counted with where the first was, a signal that
// stops it between chunks; raiseLookalikeHits stores each hit once as T1583.001.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import {
  matchStream,
  raiseLookalikeHits,
  type MatchProgress,
} from "../../../src/flows/lookalike-match.js";
import { BrandMatcher, type Hit } from "../../../src/lookalike/match.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";

const matcher = () => new BrandMatcher(["paypal.com"]);
const feed = (lines: string[]) => Readable.from([Buffer.from(`${lines.join("\n")}\n`)]);

describe("matchStream", () => {
  it("hands on the hits, counts names and lines that are not names", async () => {
    const hits: Hit[] = [];
    const progress: MatchProgress[] = [];
    const s = await matchStream(
      matcher(),
      feed([
        "# a comment",
        "paypa1.com",
        "not a name",
        '{"rrname":"paypal-login.net.","rrtype":"A"}',
        "example.org",
        "",
        "paypal.com",
      ]),
      {
        name: "feed.txt",
        onHits: (h) => void hits.push(...h),
        onProgress: (p) => progress.push(p),
      },
    );
    assert.deepEqual(
      hits.map((h) => [h.name, h.brand]),
      [
        ["paypa1.com", "paypal.com"],
        ["paypal-login.net", "paypal.com"],
      ],
    );
    assert.equal(s.names, 4, "four domain names; the brand itself is checked and not reported");
    assert.equal(s.hits, 2);
    assert.equal(s.badLines, 1);
    assert.equal(s.firstBad, "feed.txt:3");
    assert.equal(s.lastLine, 7);
    assert.equal(s.interrupted, false);
    assert.ok(s.bytesRead > 0);
    assert.deepEqual(progress.at(-1), { bytesRead: s.bytesRead, names: 4, hits: 2 });
  });

  it("waits for a slow consumer: hits are not piled up ahead of it", async () => {
    let inFlight = 0;
    let most = 0;
    const chunks = Array.from({ length: 20 }, (_, i) => Buffer.from(`paypa${i}l.com\n`));
    await matchStream(matcher(), Readable.from(chunks), {
      onHits: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
      },
    });
    assert.equal(most, 1);
  });

  it("stops between chunks when the signal aborts, saying where", async () => {
    const ac = new AbortController();
    async function* endless() {
      for (let i = 0; ; i++) {
        yield Buffer.from(`name${i}.example.com\n`);
        if (i === 10) ac.abort();
        await new Promise((r) => setImmediate(r));
      }
    }
    const s = await matchStream(matcher(), endless(), { signal: ac.signal });
    assert.equal(s.interrupted, true);
    assert.ok(s.names >= 10 && s.names < 1000, String(s.names));
    assert.equal(s.lastLine, s.names);
  });

  it("names the input when it cannot be read", async () => {
    async function* broken() {
      yield Buffer.from("paypa1.com\n");
      throw Object.assign(new Error("gone"), { code: "EIO" });
    }
    await assert.rejects(matchStream(matcher(), broken(), { name: "nrd.txt" }), {
      code: "INPUT",
      message: "cannot read nrd.txt: EIO",
    });
  });
});

describe("raiseLookalikeHits", () => {
  it("stores each hit as a T1583.001 alert once", async () => {
    const store = await openSqliteStore(":memory:");
    try {
      const hits = matcher().match("paypa1.com");
      assert.equal(hits.length, 1);
      const first = await raiseLookalikeHits(store, hits, "the feed nrd.txt");
      assert.equal(first.length, 1);
      assert.deepEqual(first[0]!.techniques, ["T1583.001"]);
      assert.equal(first[0]!.entity, "paypa1.com");
      assert.deepEqual(await raiseLookalikeHits(store, hits, "the feed nrd.txt"), []);
    } finally {
      await store.close();
    }
  });
});
