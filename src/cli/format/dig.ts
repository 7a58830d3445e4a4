import type { DnsResult, ResultRecord } from "../../dns/result.js";

// Human output shaped like dig's: a header line, the answer section (or the
// authority section when there is no answer, as dig shows the SOA of an
// NXDOMAIN), and the footer with server, protocol and time.

function rrLine(rr: ResultRecord): string {
  const owner = rr.name === "." ? "." : rr.name + ".";
  return `${owner.padEnd(23)} ${String(rr.ttl).padEnd(7)} ${rr.class}\t${rr.type}\t${rr.data}`;
}

export function formatDigLike(r: DnsResult): string {
  const lines: string[] = [];
  const flags = Object.entries(r.flags)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .join(" ");
  lines.push(
    `;; ${r.name === "." ? "." : r.name + "."} ${r.type}: status: ${r.status}${flags ? `, flags: ${flags}` : ""}`,
  );
  if (r.error) lines.push(`;; ${r.error}`);
  if (r.answers.length > 0) {
    lines.push(";; ANSWER SECTION:");
    for (const rr of r.answers) lines.push(rrLine(rr));
  } else if (r.authorities.length > 0) {
    lines.push(";; AUTHORITY SECTION:");
    for (const rr of r.authorities) lines.push(rrLine(rr));
  }
  lines.push(
    `;; SERVER: ${r.resolver} (${r.protocol.toUpperCase()}), ${r.durationMs.toFixed(1)} ms, ${r.timestamp}`,
  );
  return lines.join("\n") + "\n";
}
