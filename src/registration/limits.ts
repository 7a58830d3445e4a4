// Caps on counts in what a registry sends. The transports cap bytes (1 MiB of
// WHOIS, 4 MiB of RDAP JSON); within those a hostile or broken server can still
// send 140,000 name servers or a contact listed 50,000 times, which no real
// record holds and which costs memory and time downstream (stores, diffs, alert
// evidence). Each list keeps its first N members; the record says what was cut in
// `truncated`, so a short list is never mistaken for the whole answer.

export const LIMITS = {
  /** Name servers of a domain (.com allows 13 in practice; some ccTLDs a few more). */
  nameservers: 100,
  /** Glue addresses per name server, per family. */
  addresses: 32,
  contacts: 100,
  /** RDAP entities read in all, nested ones included (RFC 9083 §5.1). */
  entities: 500,
  /** Nesting of RDAP entities (a registrar's abuse contact is one level down). */
  entityDepth: 4,
  /** RDAP events scanned, links scanned, statuses and DS records kept. */
  events: 100,
  links: 100,
  statuses: 64,
  dsRecords: 64,
  /** RFC 9537 redaction entries read. */
  redactions: 256,
  /** jCard properties read per card, and the e-mails, numbers and street lines kept. */
  vcardProperties: 256,
  perField: 16,
  /** Prefixes of an IP network. */
  cidrs: 256,
  publicIds: 32,
  /** WHOIS answers in one text (a referral chain is IANA, registry, registrar). */
  answers: 16,
  /** Key/value entries read from one WHOIS answer, blank-line separated blocks, entries per block. */
  entries: 20_000,
  blocks: 5_000,
  entriesPerBlock: 1_000,
  /** RIR objects in one answer, and lines (attributes and continuations) per object. */
  objects: 2_000,
  linesPerObject: 1_000,
  /** Comment lines kept from an RIR answer. */
  comments: 1_000,
} as const;

/** What a parser left out, one note per list: "nameservers: 139900 past the first 100 left out". */
export class Truncation {
  private readonly counts = new Map<string, number>();
  private readonly dropped = new Map<string, { max: number; n: number }>();

  /** Counts one more member of `what`; false (and noted) once past `max` in all. */
  admit(what: string, max: number): boolean {
    const c = (this.counts.get(what) ?? 0) + 1;
    this.counts.set(what, c);
    if (c <= max) return true;
    this.drop(what, max);
    return false;
  }

  /** Notes `n` members of `what` left out past a cap of `max` (per list or in all). */
  drop(what: string, max: number, n = 1): void {
    const d = this.dropped.get(what);
    if (d) d.n += n;
    else this.dropped.set(what, { max, n });
  }

  /** The first `max` of `list`, the rest noted. */
  keep<T>(what: string, list: readonly T[], max: number): T[] {
    if (list.length <= max) return [...list];
    this.drop(what, max, list.length - max);
    return list.slice(0, max);
  }

  get notes(): string[] {
    return [...this.dropped].map(([what, d]) => `${what}: ${d.n} past the first ${d.max} left out`);
  }

  /** Puts the notes on a record (only when there are some). */
  mark(record: { truncated?: string[] }): void {
    const notes = this.notes;
    if (notes.length > 0) record.truncated = [...(record.truncated ?? []), ...notes];
  }
}

/** A value for an error message: quoted, at most `max` characters, control characters escaped. */
export function clip(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}
