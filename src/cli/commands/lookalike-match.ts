import { createReadStream, readFileSync } from "node:fs";
import { DnsightError } from "../../errors.js";
import { matchStream, raiseLookalikeHits, type MatchSummary } from "../../flows/lookalike-match.js";
import { ALERT_SCORE, BrandMatcher, type Hit } from "../../lookalike/match.js";
import { parseOwned, type OwnedEntry } from "../../lookalike/owned.js";
import { openStore } from "../../store/open.js";
import { storeOption } from "../store-io.js";
import { defineCommand } from "../command.js";
import { inputBar } from "../input-progress.js";
import { watchInterrupt } from "../interrupt.js";

// `dnsight lookalike match --brands FILE [FILE|-]`: stream names (a newly-registered
// feed, passive DNS as COF lines) and print the ones imitating a brand (T1583.001).

/** Hits kept for --alert; a feed matching more than this is a bad brand list, not an attack. */
const MAX_ALERTS = 100_000;

function read(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new DnsightError(
      "INPUT",
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

export const lookalikeMatchCommand = defineCommand({
  name: "dnsight lookalike match",
  description:
    "Read names (one per line, or COF/JSON lines with rrname) and print those imitating a brand (ATT&CK T1583.001): confusables and Punycode undone; the brand's label under another suffix, written with look-alike letters, or one confusable edit away; the brand as a word in the label (split at hyphens, digits and words) or as a subdomain label. Names the brands own are never reported. Each hit: name, brand, method, score, reason. On a terminal a progress bar shows the bytes read, names/s and an ETA; Ctrl-C prints the hits found so far and the summary, and exits 130.",
  positionals: [{ name: "FILE|-", description: "names to check (default stdin)" }],
  options: {
    brands: {
      type: "string",
      value: "FILE",
      description: "brand domains, one per line (# comments)",
    },
    owned: {
      type: "string",
      value: "FILE",
      description:
        'names the brands own besides their main domain, one per line as "NAME BRAND" (BRAND may be left out with one brand): never reported, and their lookalikes are the brand\'s',
    },
    "min-score": {
      type: "string",
      value: "N",
      description: `report hits scoring at least N, 0..1 (default ${ALERT_SCORE}, the alert score)`,
    },
    json: {
      type: "boolean",
      description:
        "one JSON object per hit: name, brand, method, score, token, via (an owned domain), reason, technique",
    },
    alert: {
      type: "boolean",
      description:
        "also store each hit as a T1583.001 alert (a lookalike seen in a feed) in the database",
    },
  },
  examples: [
    "dnsight lookalike match --brands brands.txt newly-registered.txt",
    "zcat nrd.gz | dnsight lookalike match --brands brands.txt -",
    "dnsight lookalike match --brands brands.txt --owned owned.txt --json feed.txt",
  ],
  async run({ values, positionals, io }) {
    if (typeof values.brands !== "string")
      throw new DnsightError("USAGE", "lookalike match needs --brands FILE");
    const brandText = read(values.brands, "brands");
    let owned: OwnedEntry[] = [];
    if (typeof values.owned === "string")
      owned = parseOwned(read(values.owned, "owned names"), values.owned);
    let minScore = ALERT_SCORE;
    if (values["min-score"] !== undefined) {
      minScore = Number(values["min-score"]);
      if (!(minScore >= 0 && minScore <= 1))
        throw new DnsightError(
          "USAGE",
          `--min-score must be a number from 0 to 1, got "${String(values["min-score"])}"`,
        );
    }
    const matcher = new BrandMatcher(brandText.split(/\r?\n/), { owned, minScore });
    if (matcher.size === 0) throw new DnsightError("INPUT", `${values.brands}: no brand domains`);
    const path = positionals[0] ?? "-";
    const json = values.json === true;
    let out = "";
    const hitsToStore: Hit[] = [];
    // A bar on a terminal (bytes of the file, names/s, ETA), cleared while hits go to
    // the same terminal; Ctrl-C stops between two chunks of input, with every hit found
    // so far printed whole and the summary of what was read.
    const { bar, onProgress } = inputBar(
      io.stderr,
      path,
      "names",
      { bytesRead: 0, names: 0, hits: 0 },
      (p) => p.names,
    );
    const write = (text: string): boolean => {
      if (!io.stdout.isTTY) return io.stdout.write(text);
      bar.clear();
      const ok = io.stdout.write(text);
      bar.redraw();
      return ok;
    };
    const interrupt = watchInterrupt();
    bar.start();
    let s: MatchSummary;
    try {
      s = await matchStream(matcher, path === "-" ? io.stdin : createReadStream(path), {
        name: path,
        signal: interrupt.signal,
        onProgress,
        onHits: async (hits) => {
          for (const h of hits) {
            if (values.alert === true && hitsToStore.length < MAX_ALERTS) hitsToStore.push(h);
            out += json
              ? `${JSON.stringify({ ...h, technique: "T1583.001" })}\n`
              : `${h.name}\t${h.brand}\t${h.method}\t${h.score}\t${h.reason}${h.via ? ` (imitating ${h.via})` : ""}\n`;
          }
          if (out.length > 1 << 16) {
            if (!write(out)) await new Promise((r) => io.stdout.once("drain", r));
            out = "";
          }
        },
      });
    } finally {
      interrupt.dispose();
      bar.stop();
    }
    io.stdout.write(out);
    if (values.alert === true) {
      const store = await openStore(storeOption(values, io.env));
      try {
        const raised = await raiseLookalikeHits(
          store,
          hitsToStore,
          path === "-" ? "a feed read from standard input" : `the feed ${path}`,
        );
        io.stderr.write(
          `${raised.length} new alerts, ${hitsToStore.length - raised.length} seen again\n`,
        );
      } finally {
        await store.close();
      }
    }
    io.stderr.write(
      `${s.interrupted ? `interrupted at line ${s.lastLine} of ${path === "-" ? "standard input" : path}: ` : ""}matched ${s.names} names against ${matcher.size} brands: ${s.hits} hits${s.badLines ? `; skipped ${s.badLines} lines that are not domain names (first at ${s.firstBad ?? path})` : ""}\n`,
    );
    return s.interrupted ? interrupt.status() : 0;
  },
});
