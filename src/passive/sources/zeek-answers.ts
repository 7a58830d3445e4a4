import { DnsightError } from "../../errors.js";
import { canonicalRdata } from "../rdata.js";
import type { RecordItem, SkipCounter } from "../source.js";
import { isIPv4Text, isIPv6Text } from "../../net/ip.js";

// Zeek's `answers` column loses each record's owner and type: the answer section
// is flattened into values ("www.x A" -> [alias.cdn.net, 1.2.3.4]). What can be
// rebuilt without guessing is rebuilt; what needs a guess is marked as inferred;
// what cannot be rebuilt faithfully (MX and SRV lose their numbers, SOA keeps only
// its primary) is left out and counted.

export interface ZeekQuery {
  /** Epoch seconds. */
  time: number;
  query: string;
  qtype?: string | undefined;
  answers: string[];
  ttls: number[];
  server?: string;
}

export interface RebuiltRecord {
  record: RecordItem["record"];
  inferred?: string;
}

const HOSTNAME = /^(?:[a-z0-9_*](?:[a-z0-9_-]{0,61}[a-z0-9_-])?\.)*[a-z0-9_-]+\.?$/i;

/** Zeek writes TXT answers as "TXT <len> <text>", once per string. */
function txtStrings(answer: string): string[] | undefined {
  const out: string[] = [];
  let rest = answer;
  while (rest.length > 0) {
    const m = /^TXT (\d+) /.exec(rest);
    if (!m) return undefined;
    const len = Number(m[1]);
    const body = rest.slice(m[0].length);
    // Lengths count bytes; Zeek escapes non-printables as \xNN, so fall back to the rest.
    out.push(body.slice(0, len));
    rest = body.slice(len).replace(/^ /, "");
    if (len > body.length) break;
  }
  return out;
}

const quote = (s: string): string => `"${s.replace(/(["\\])/g, "\\$1")}"`;

export function zeekAnswers(
  q: ZeekQuery,
  skipped?: SkipCounter,
  where: () => string | undefined = () => undefined,
): RebuiltRecord[] {
  const qtype = (q.qtype ?? "").toUpperCase();
  const out: RebuiltRecord[] = [];
  // Names ahead of the addresses in an A/AAAA answer are the CNAME chain, in order.
  let owner = q.query;
  const push = (rrtype: string, rdata: string, inferred?: string): void => {
    try {
      const record = {
        rrname: owner,
        rrtype,
        rdata: canonicalRdata(rrtype, rdata),
        timeFirst: q.time,
      };
      out.push(inferred ? { record, inferred } : { record });
    } catch (e) {
      skipped?.add(e instanceof DnsightError ? e.message : String(e), where());
    }
  };
  for (const answer of q.answers) {
    if (answer.startsWith("TXT ")) {
      const strings = txtStrings(answer);
      if (strings) push("TXT", strings.map(quote).join(" "));
      else skipped?.add("unreadable Zeek TXT answer", where());
      continue;
    }
    if (isIPv4Text(answer) || isIPv6Text(answer)) {
      const type = isIPv4Text(answer) ? "A" : "AAAA";
      const viaChain = owner !== q.query;
      push(
        type,
        answer,
        viaChain ? "owner is the last name of a flattened CNAME chain" : undefined,
      );
      continue;
    }
    if (!HOSTNAME.test(answer)) {
      skipped?.add(`Zeek answer not rebuilt for ${qtype || "unknown type"}`, where());
      continue;
    }
    if (qtype === "NS" || qtype === "PTR" || qtype === "CNAME" || qtype === "DNAME") {
      push(qtype, answer);
    } else if (
      qtype === "A" ||
      qtype === "AAAA" ||
      qtype === "HTTPS" ||
      qtype === "SVCB" ||
      qtype === "TXT"
    ) {
      // A name answering an address query can only be an alias: the chain's next link.
      push("CNAME", answer, owner === q.query ? undefined : "CNAME owner from a flattened chain");
      owner = answer.replace(/\.$/, "");
    } else {
      // MX, SRV, SOA, NAPTR...: Zeek kept one field of several.
      skipped?.add(`Zeek ${qtype || "unknown type"} answer is lossy`, where());
    }
  }
  return out;
}
