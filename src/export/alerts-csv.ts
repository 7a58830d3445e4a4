import type { Alert } from "../model/alert.js";

// Alerts as CSV (RFC 4180): a header, CRLF line ends, a field quoted when it holds a
// comma, a quote or a line break, quotes doubled. Lists are joined with ";", the
// evidence is its JSON.

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

export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
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
