// The domain name on a line of a feed `lookalike match` reads: a bare name (a
// newly-registered list) or the rrname of a COF / JSON line (passive DNS).

// Bounded by the lookahead to 253 characters, so a long line costs linear time.
const NAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9-]{2,63}$/; // an xn-- TLD is one of these too

/**
 * The lowercased name without its trailing dot; undefined for a blank or comment
 * line, "" for a JSON line that does not parse.
 */
export function feedName(line: string): string | undefined {
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

/** A host name with at least two labels, as feeds carry them (underscores allowed). */
export function isFeedDomain(name: string): boolean {
  return NAME.test(name);
}
