import type { DnsResult } from "../dns/result.js";
import type { BulkEngine } from "./engine.js";
import { parentName, randomLabel } from "./random-label.js";

// --wildcard-filter: an answer that a random label under the same parent also
// gets comes from a wildcard (RFC 4592), not from a name that exists. One probe
// per (parent, type), remembered in a bounded cache.

const MAX_CACHE = 20_000;

type Signature = ReadonlySet<string> | null;

export class WildcardFilter {
  dropped = 0;
  probes = 0;
  private readonly cache = new Map<string, Promise<Signature>>();

  constructor(private readonly engine: BulkEngine) {}

  /** True when the result should be kept. */
  async keep(r: DnsResult): Promise<boolean> {
    if (r.status !== "NOERROR" || r.answers.length === 0) return true;
    const parent = parentName(r.name + ".");
    if (parent === undefined) return true;
    const sig = await this.signature(parent, r.type);
    if (sig === null) return true;
    const mine = answerData(r);
    for (const d of mine) if (!sig.has(d)) return true;
    this.dropped++;
    return false;
  }

  private signature(parent: string, type: string): Promise<Signature> {
    const key = `${parent.toLowerCase()}|${type}`;
    let sig = this.cache.get(key);
    if (sig === undefined) {
      this.probes++;
      sig = this.engine
        .ask(`${randomLabel()}.${parent}`, type)
        .then((p) => (p.status === "NOERROR" && p.answers.length > 0 ? answerData(p) : null));
      if (this.cache.size >= MAX_CACHE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, sig);
    }
    return sig;
  }
}

/** The data of the answer, owner-independent: what a wildcard would synthesise too. */
function answerData(r: DnsResult): Set<string> {
  return new Set(
    r.answers.filter((a) => a.type !== "RRSIG").map((a) => `${a.type} ${a.data.toLowerCase()}`),
  );
}
