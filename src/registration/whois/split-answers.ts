// One text, several WHOIS answers one after another: what a client that follows
// referrals prints (IANA, then the registry, then the registrar), and what
// `dnsight registration` keeps as the raw response. Each answer is cut out with
// the server that gave it, when the text says.
//
// The separators recognised, each a whole line:
// - `% whois.nic.live (query "nic.live")`  dnsight's own raw dump (lookup.ts),
//   where a hop that failed holds only `(failed: why)`: it is left out
// - `# whois.nic.live`                     FreeBSD/macOS whois, and python-whois
// - `[whois.markmonitor.com]`              jwhois, before the answer it prints
//   (`[Querying X]`, `[Redirected to X]` are its progress lines, dropped)
// - `Using server X.`, `Found a referral to X.`  Debian whois (the first with -v;
//   `Query string: "..."` is dropped)
// Without any: Debian whois prints the registry's and the registrar's answers
// back to back. An ICANN-format answer ends its data with `>>> Last update of
// WHOIS database: ... <<<` (the 2013 RAA and the registry agreement's format), so
// a `Domain Name:` line after that marker starts the next answer; IANA's answer
// ends with `source: IANA`, and whatever follows it is the next answer.

export interface WhoisAnswer {
  /** The server that gave it, when a separator names it. */
  server?: string;
  text: string;
}

const HOST = "([a-z0-9-]+(?:\\.[a-z0-9-]+)+)";
// By the line's first character, which says which separator it can be.
const REFERRAL = new RegExp(`^(?:Using server|Found a referral to) ${HOST}\\.\\s*$`, "i");
const STARTS = new Map<string, RegExp>([
  ["%", new RegExp(`^% ${HOST} \\(query ".*"\\)\\s*$`, "i")],
  ["#", new RegExp(`^# ${HOST}\\s*$`, "i")],
  ["[", new RegExp(`^\\[${HOST}\\]\\s*$`, "i")],
  ...[..."UuFf"].map((c): [string, RegExp] => [c, REFERRAL]),
]);
const DROPPED = /^(?:\[(?:Querying|Redirected to) [^\]]+\]|Query string: ".*")\s*$/i;
const FAILED = /^\(failed: .*\)\s*$/;
const LAST_UPDATE = /^\s*>>> ?last update of whois database/i;
const DOMAIN_NAME = /^\s*domain name\s*:/i;
const IANA_END = /^source:\s*IANA\s*$/i;

// Where a line could separate answers or be dropped; a text without one such line
// is one answer (the common case, read without running every pattern per line).
const MAYBE = /^(?:[%#[(]|Using server|Found a referral|Query string|source:)|>>>/im;

export function splitAnswers(text: string): WhoisAnswer[] {
  if (!MAYBE.test(text)) {
    const body = text.replace(/\r\n/g, "\n").replace(/^\n+/, "").trimEnd();
    return body.trim() === "" ? [] : [{ text: body + "\n" }];
  }
  const answers: WhoisAnswer[] = [];
  let current: { server?: string; lines: string[] } = { lines: [] };
  let ended = false; // the current answer has passed its `>>> Last update` line
  let iana = false; // ... or IANA's closing `source: IANA`
  const close = (): void => {
    const body = current.lines.filter((l) => l.trim() !== "");
    // dnsight's raw dump writes `(failed: why)` for a hop that gave no answer
    if (body.length === 1 && FAILED.test(body[0]!)) return;
    if (body.length > 0) {
      const text = current.lines.join("\n").replace(/^\n+/, "").trimEnd() + "\n";
      answers.push(current.server !== undefined ? { server: current.server, text } : { text });
    }
  };
  // A header right after another (Debian's referral line, then -v's server line)
  // leaves an empty answer, which close() drops: the last header names the answer.
  const open = (server?: string): void => {
    close();
    current = server !== undefined ? { server, lines: [] } : { lines: [] };
    ended = false;
    iana = false;
  };
  for (const line of text.split(/\r?\n/)) {
    // The first character says which patterns can match at all.
    const c = line.charAt(0);
    const host = STARTS.get(c)?.exec(line)?.[1];
    if (host !== undefined) {
      open(host.toLowerCase());
      continue;
    }
    if ((c === "[" || c === "Q" || c === "q") && DROPPED.test(line)) continue;
    if ((ended && DOMAIN_NAME.test(line)) || (iana && line.trim() !== "")) open();
    if (line.includes(">>>") && LAST_UPDATE.test(line)) ended = true;
    if ((c === "s" || c === "S") && IANA_END.test(line)) iana = true;
    current.lines.push(line);
  }
  close();
  return answers;
}

/** IANA's answer about the TLD, which says nothing about the domain itself. */
export function isIanaAnswer(a: WhoisAnswer): boolean {
  return a.server === "whois.iana.org" || /^% IANA WHOIS server\s*$/im.test(a.text);
}
