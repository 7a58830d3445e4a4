import type { Alert } from "../model/alert.js";

// Alerts as CSV (RFC 4180): a header, CRLF line ends, a field quoted when it holds a
// comma, a quote or a line break, quotes doubled. Lists are joined with ";", the
// evidence is its JSON. Names and summaries come from DNS data anyone can shape, and
// a spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a
// formula, so such a field gets a leading ' (OWASP's advice on CSV injection).

const COLUMNS = [
  "id",
  "rule",
  "techniques",
  "data_components",
  "analytics",
  "severity",
  "confidence",
  "entity",
  "summary",
  "first_seen",
  "last_seen",
  "count",
  "status",
  "evidence",
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(v: string): string {
  const inert = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

export function alertsCsvHeader(): string {
  return `${COLUMNS.join(",")}\r\n`;
}

export function alertCsvRow(a: Alert): string {
  const fields = [
    a.id,
    a.rule,
    a.techniques.join(";"),
    a.dataComponents.join(";"),
    a.analytics.join(";"),
    a.severity,
    String(a.confidence),
    a.entity,
    a.summary,
    a.firstSeen,
    a.lastSeen,
    String(a.count),
    a.status,
    JSON.stringify(a.evidence),
  ];
  return `${fields.map(csvField).join(",")}\r\n`;
}
