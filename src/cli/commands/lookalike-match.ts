import { createReadStream, readFileSync } from "node:fs";
import { DnsightError } from "../../errors.js";
import { raiseFindings } from "../../detect/ingest-watched.js";
import { lookalikeSeenFinding } from "../../detect/lookalike-seen.js";
import { ALERT_SCORE, BrandMatcher, type Hit } from "../../lookalike/match.js";
import { parseOwned, type OwnedEntry } from "../../lookalike/owned.js";
import { openStore } from "../../store/open.js";
import { storeOption } from "../store-io.js";
import { defineCommand } from "../command.js";
import { inputProgress } from "../input-progress.js";
import { watchInterrupt } from "../interrupt.js";
import { SkipCounter } from "../../passive/source.js";
import { readLineBatches } from "../../passive/sources/lines.js";
import { AbortRace, INTERRUPTED } from "../../util/abort.js";
import { counted } from "../../util/byte-count.js";

// `dnsight lookalike match --brands FILE [FILE|-]`: stream names (a newly-registered
// feed, passive DNS as COF lines) and print the ones imitating a brand (T1583.001).

/** Hits kept for --alert; a feed matching more than this is a bad brand list, not an attack. */
const MAX_ALERTS = 100_000;

const NAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9-]{2,63}$/; // an xn-- TLD is one of these too

/** The name on a line: the line itself, or the rrname of a COF / JSON line. */
function nameOf(line: string): string | undefined {
  let t = line.trim();
  if (t === "" || t.startsWith("#")) return undefined;
  if (t.startsWith("{")) {
    try {
      const o = JSON.parse(t) as { rrname?: unknown; domain?: unknown; name?: unknown };
      t = String(o.rrname ?? o.domain ?? o.name ?? "");
    } catch {
      return "";
    }
  }
  return t.toLowerCase().replace(/\.$/, "");
}

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
    let names = 0;
    let hits = 0;
    let bad = 0;
    let firstBad = "";
    let lineNo = 0;
    let out = "";
    const hitsToStore: Hit[] = [];
    // A bar on a terminal (bytes of the file, names/s, ETA), cleared while hits go to
    // the same terminal; Ctrl-C stops between two chunks of input, with every hit found
    // so far printed whole and the summary of what was read.
    const progress = inputProgress(io.stderr, path, "names", () => names);
    const bar = progress.bar;
    const write = (text: string): boolean => {
      if (!io.stdout.isTTY) return io.stdout.write(text);
      bar.clear();
      const ok = io.stdout.write(text);
      bar.redraw();
      return ok;
    };
    const interrupt = watchInterrupt();
    const aborted = new AbortRace(interrupt.signal);
    // Lines over the cap (1 MiB) are skipped, never held: no name is that long.
    const tooLong = new SkipCounter();
    const lines = readLineBatches(
      counted(path === "-" ? io.stdin : createReadStream(path), progress.read),
      path,
      { skipped: tooLong },
    )[Symbol.asyncIterator]();
    let stopped = false;
    bar.start();
    try {
      for (;;) {
        const next = await aborted.race(lines.next());
        if (next === INTERRUPTED) stopped = true;
        if (next === INTERRUPTED || next.done) break;
        for (const line of next.value) {
          lineNo = line.number;
          const name = nameOf(line.text);
          if (name === undefined) continue;
          if (!NAME.test(name)) {
            bad++;
            firstBad ||= `${path}:${lineNo}`;
            continue;
          }
          names++;
          for (const h of matcher.match(name)) {
            hits++;
            if (values.alert === true && hitsToStore.length < MAX_ALERTS) hitsToStore.push(h);
            out += json
              ? `${JSON.stringify({ ...h, technique: "T1583.001" })}\n`
              : `${h.name}\t${h.brand}\t${h.method}\t${h.score}\t${h.reason}${h.via ? ` (imitating ${h.via})` : ""}\n`;
          }
        }
        if (out.length > 1 << 16) {
          if (!write(out)) await new Promise((r) => io.stdout.once("drain", r));
          out = "";
        }
      }
    } catch (e) {
      throw new DnsightError(
        "INPUT",
        `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    } finally {
      aborted.dispose();
      interrupt.dispose();
      bar.stop();
      // Stopped early: the read under way is left behind, the input closed after it.
      void lines.return(undefined).catch(() => undefined);
    }
    if (tooLong.total > 0) {
      bad += tooLong.total;
      firstBad ||= tooLong.examples[0] ?? path;
    }
    io.stdout.write(out);
    if (values.alert === true) {
      const store = await openStore(storeOption(values, io.env));
      try {
        const raised = await raiseFindings(
          store,
          hitsToStore.map((h) =>
            lookalikeSeenFinding(
              h,
              "feed",
              path === "-" ? "a feed read from standard input" : `the feed ${path}`,
            ),
          ),
        );
        io.stderr.write(
          `${raised.length} new alerts, ${hitsToStore.length - raised.length} seen again\n`,
        );
      } finally {
        await store.close();
      }
    }
    io.stderr.write(
      `${stopped ? `interrupted at line ${lineNo} of ${path === "-" ? "standard input" : path}: ` : ""}matched ${names} names against ${matcher.size} brands: ${hits} hits${bad ? `; skipped ${bad} lines that are not domain names (first at ${firstBad})` : ""}\n`,
    );
    return stopped ? interrupt.status() : 0;
  },
});
