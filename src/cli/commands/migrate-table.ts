import { CENSUS_FIELDS, type StoreCensus } from "../../flows/store-census.js";

// The two censuses of `dnsight migrate` side by side, a mark on each line that differs.

const shown = (key: keyof StoreCensus, v: StoreCensus[keyof StoreCensus]): string => {
  if (v === undefined) return "-";
  if (typeof v === "string") return v;
  if (key === "firstSeen" || key === "lastSeen")
    return new Date(v * 1000).toISOString().replace(".000Z", "Z");
  return v.toLocaleString("en-US");
};

export function censusTable(from: StoreCensus, to: StoreCensus): string {
  const rows = CENSUS_FIELDS.map(([k, label]) => [
    label,
    shown(k, from[k]),
    shown(k, to[k]),
    from[k] === to[k] ? "" : "DIFFERS",
  ]);
  const head = ["", "from", "to", ""];
  const width = [0, 1, 2].map((i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    `${r[0]!.padEnd(width[0]!)}  ${r[1]!.padStart(width[1]!)}  ${r[2]!.padStart(width[2]!)}${r[3] ? `  ${r[3]}` : ""}`.trimEnd() +
    "\n";
  return [head, ...rows].map(line).join("");
}
