import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { DnsightError } from "../../errors.js";
import { raiseFindings } from "../../detect/ingest-watched.js";
import { lookalikeSeenFinding } from "../../detect/lookalike-seen.js";
import { BrandMatcher, type Hit } from "../../lookalike/match.js";
import { openStore } from "../../store/open.js";
import { storeOption } from "../store-io.js";
import type { CommandDef } from "../command.js";

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

export const lookalikeMatchCommand: CommandDef = {
  name: "dnsight lookalike match",
  description:
    "Read names (one per line, or COF/JSON lines with rrname) and print those imitating a brand (ATT&CK T1583.001): confusables and Punycode undone, exact lookup among each brand's typo permutations, one edit away, or the brand inside a longer label. Each hit: name, brand, method, score.",
  positionals: [{ name: "FILE|-", description: "names to check (default stdin)" }],
  options: {
    brands: {
      type: "string",
      value: "FILE",
      description: "brand domains, one per line (# comments)",
    },
    json: {
      type: "boolean",
      description: "one JSON object per hit: name, brand, method, score, technique",
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
  ],
  async run({ values, positionals, io }) {
    if (typeof values.brands !== "string")
      throw new DnsightError("USAGE", "lookalike match needs --brands FILE");
    let brandText: string;
    try {
      brandText = readFileSync(values.brands, "utf8");
    } catch (e) {
      throw new DnsightError(
        "INPUT",
        `cannot read brands ${values.brands}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    const matcher = new BrandMatcher(brandText.split(/\r?\n/));
    if (matcher.size === 0) throw new DnsightError("INPUT", `${values.brands}: no brand domains`);
    const path = positionals[0] ?? "-";
    const input: NodeJS.ReadableStream = path === "-" ? io.stdin : createReadStream(path);
    const json = values.json === true;
    let names = 0;
    let hits = 0;
    let bad = 0;
    let firstBad = "";
    let lineNo = 0;
    let out = "";
    const hitsToStore: Hit[] = [];
    try {
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        lineNo++;
        const name = nameOf(line);
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
            : `${h.name}\t${h.brand}\t${h.method}\t${h.score}\n`;
        }
        if (out.length > 1 << 16) {
          if (!io.stdout.write(out)) await new Promise((r) => io.stdout.once("drain", r));
          out = "";
        }
      }
    } catch (e) {
      throw new DnsightError(
        "INPUT",
        `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
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
      `matched ${names} names against ${matcher.size} brands: ${hits} hits${bad ? `; skipped ${bad} lines that are not domain names (first at ${firstBad})` : ""}\n`,
    );
    return 0;
  },
};
