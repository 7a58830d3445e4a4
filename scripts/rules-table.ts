// The README's table of alert rules, made from the catalog (src/detect/rules.ts), so
// the docs list every rule the code can raise. test/unit/detect/rules.test.ts checks
// the README against it; after a change to the catalog:
//
//   npx tsx scripts/rules-table.ts --write
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { attackId, RULE_IDS, RULES } from "../src/detect/rules.js";

export const README = fileURLToPath(new URL("../README.md", import.meta.url));
export const BEGIN = "<!-- rules: made by scripts/rules-table.ts from src/detect/rules.ts -->";
export const END = "<!-- /rules -->";
export const HEADER = [
  "rule",
  "ATT&CK",
  "analytic",
  "data components",
  "severity",
  "what it means",
];

/** One row of cells per rule, in catalog order. */
export function ruleRows(): string[][] {
  return RULE_IDS.map((id) => {
    const r = RULES[id];
    return [
      `\`${id}\``,
      attackId(r),
      r.analytic,
      r.dataComponents.join(", "),
      r.severity.join(", "),
      r.description,
    ];
  });
}

const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;

export function rulesTable(): string {
  return [row(HEADER), row(HEADER.map(() => "---")), ...ruleRows().map(row)].join("\n");
}

/** The rows of the README's table, each row's cells trimmed. */
export function readmeRows(text: string): string[][] {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) return [];
  return text
    .slice(start + BEGIN.length, end)
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .slice(2)
    .map((l) =>
      l
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(README, "utf8");
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`README.md has no ${BEGIN} ... ${END} section`);
  const made = `${text.slice(0, start + BEGIN.length)}\n\n${rulesTable()}\n\n${text.slice(end)}`;
  if (process.argv.includes("--write")) {
    const options = (await resolveConfig(README)) ?? {};
    writeFileSync(README, await format(made, { ...options, filepath: README }));
  } else process.stdout.write(`${rulesTable()}\n`);
}
