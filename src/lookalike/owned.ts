import { DnsightError } from "../errors.js";
import { nameParts } from "./name-parts.js";

// Names a brand owns besides its main domain (githubusercontent.com for github.com):
// the matcher never reports them, and matches their lookalikes as the brand's.

export interface OwnedEntry {
  name: string;
  /** The brand's main domain; may be left out when there is only one brand. */
  brand?: string;
  /** Where the entry was read ("owned.txt:3"), for the error naming it. */
  where?: string;
}

/** "owned[<TAB or spaces>brand]" lines (# comments) → entries. */
export function parseOwned(text: string, file: string): OwnedEntry[] {
  const out: OwnedEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith("#")) return;
    const [name, brand, extra] = t.split(/\s+/);
    if (extra !== undefined)
      throw new DnsightError(
        "INPUT",
        `${file}:${i + 1}: expected "owned-name brand", got "${t.slice(0, 80)}"`,
      );
    out.push({ name: name!, ...(brand ? { brand } : {}), where: `${file}:${i + 1}` });
  });
  return out;
}

/** Entries with their brand's index; an entry naming no known brand is an error naming it. */
export function ownedList(
  entries: readonly OwnedEntry[],
  brands: ReadonlyMap<string, number>,
): { name: string; brand: number }[] {
  const only = brands.size === 1 ? [...brands.values()][0] : undefined;
  return entries.map((e) => {
    const where = e.where ? `${e.where}: ` : "";
    const name = e.name.trim().toLowerCase().replace(/\.$/, "");
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(name))
      throw new DnsightError("INPUT", `${where}not a domain name: "${e.name.slice(0, 80)}"`);
    if (e.brand === undefined) {
      if (only === undefined)
        throw new DnsightError("INPUT", `${where}which brand owns ${name}? write "${name} BRAND"`);
      return { name, brand: only };
    }
    const b = brands.get(nameParts(e.brand.trim().toLowerCase().replace(/\.$/, "")).domain);
    if (b === undefined)
      throw new DnsightError(
        "INPUT",
        `${where}${name} is owned by ${e.brand}, which is not a brand`,
      );
    return { name, brand: b };
  });
}
