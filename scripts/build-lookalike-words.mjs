#!/usr/bin/env node
// Builds data/lookalike/english-words.txt.gz from Debian's `scowl` package (SCOWL, Kevin
// Atkinson's Spell-Checker Oriented Word Lists, /usr/share/dict/scowl): the English,
// American and British words of sizes 10 to 70, folded to ASCII a-z, each under the
// smallest size it appears at. SCOWL's size is its commonness scale (10: the commonest
// words; 35: a small dictionary; 50: a medium one; 70: a large one), which the lookalike
// matcher reads to tell a common word from a rare one.
//   apt-get install scowl && node scripts/build-lookalike-words.mjs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const DIR = "/usr/share/dict/scowl";
const OUT = new URL("../data/lookalike/english-words.txt.gz", import.meta.url);
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70];

const best = new Map();
for (const f of readdirSync(DIR)) {
  const m = /^(english|american|british)-words\.(\d+)$/.exec(f);
  if (!m || !SIZES.includes(Number(m[2]))) continue;
  const size = Number(m[2]);
  for (const raw of readFileSync(`${DIR}/${f}`, "utf8").split("\n")) {
    const w = raw.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    if (!/^[a-z]{2,}$/.test(w)) continue; // possessives, hyphenated forms, single letters
    if (!best.has(w) || best.get(w) > size) best.set(w, size);
  }
}
let out = "";
for (const size of SIZES) {
  const words = [...best]
    .filter(([, s]) => s === size)
    .map(([w]) => w)
    .sort();
  out += `=${size}\n${words.join("\n")}\n`;
}
writeFileSync(OUT, gzipSync(out, { level: 9 }));
console.log(
  `${best.size} words, ${out.length} bytes, ${gzipSync(out, { level: 9 }).length} gzipped`,
);
