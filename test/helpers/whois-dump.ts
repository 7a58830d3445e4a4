// Dumps the whole parse of every WHOIS text the tests read, one JSON line per
// (input, options), so a refactor of the reader can be checked for identical
// output, key order included (the JSON the CLI prints follows it):
//   node --import tsx test/helpers/whois-dump.ts > before.jsonl   (old code)
//   node --import tsx test/helpers/whois-dump.ts > after.jsonl && cmp before.jsonl after.jsonl
// Inputs: every file of ../shared/fixtures/whois, test/data/whois-made, the fuzz
// corpus (test/fuzz-corpus/whois, whois-rir) read as the fuzz targets read it, and
// the hostile cases (hashed: each record is up to a few MiB).

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { optString, splitOptions } from "../../bench/fuzz/target.js";
import { decodeWhois } from "../../src/registration/net/whois-client.js";
import { whoisCharsetFor } from "../../src/registration/servers/whois-charsets.js";
import { parseWhois, type ParseWhoisOptions } from "../../src/registration/whois/parse.js";
import { parseRirWhois } from "../../src/registration/whois/rir.js";
import { CASES } from "../unit/registration/_hostile-whois-cases.js";
import { corpusOf, EXPECTED, responseOf } from "../unit/registration/_whois-score.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SHARED = join(ROOT, "../shared/fixtures/whois");
const FETCHED_AT = "2024-01-01T00:00:00Z";

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : [p];
    });
}

const line = (id: string, record: unknown): void => {
  process.stdout.write(`${JSON.stringify({ id, record })}\n`);
};
const hashed = (id: string, record: unknown): void => {
  const json = JSON.stringify(record) ?? "undefined";
  const sha = createHash("sha256").update(json).digest("hex");
  line(id, { sha256: sha, bytes: json.length });
};
const parse = (text: string, options: ParseWhoisOptions): unknown => {
  try {
    return parseWhois(text, { fetchedAt: FETCHED_AT, ...options });
  } catch (e) {
    return { threw: String(e) };
  }
};

// Every file, asked without a domain, with a server, and with the domain its id names.
for (const path of [...files(SHARED), ...files(join(ROOT, "test/data/whois-made"))]) {
  const id = relative(ROOT, path);
  const text = readFileSync(path, "utf8");
  line(`${id} {}`, parse(text, {}));
  line(`${id} {server}`, parse(text, { server: "whois.example" }));
}
for (const id of Object.keys(EXPECTED.responses).sort()) {
  const r = responseOf(id);
  if (r) line(`expected ${corpusOf(id)} ${id}`, parse(r.text, { domain: r.domain }));
}

for (const target of ["whois", "whois-rir"]) {
  for (const path of files(join(ROOT, "test/fuzz-corpus", target))) {
    const raw = readFileSync(path);
    const { options, body } = splitOptions(path.endsWith(".gz") ? gunzipSync(raw) : raw);
    const server = optString(options, "server");
    const id = relative(ROOT, path);
    if (target === "whois") {
      const domain = optString(options, "domain");
      const text = decodeWhois(body, server !== undefined ? whoisCharsetFor(server) : undefined);
      line(id, parse(text, { ...(server ? { server } : {}), ...(domain ? { domain } : {}) }));
    } else {
      const text = decodeWhois(body);
      const key = optString(options, "key") ?? "192.0.2.1";
      line(id, parseRirWhois(text, { key, fetchedAt: FETCHED_AT, ...(server ? { server } : {}) }));
    }
  }
}

for (const [name, c] of Object.entries(CASES)) {
  const input = c.build();
  hashed(`hostile ${name}`, await c.run(input));
}
