import type { AuthoritativeReport } from "../../dns/authoritative.js";
import { formatDigLike } from "./dig.js";

/** Human output of --authoritative: each server's answer, its problems, then a verdict. */
export function formatAuthoritative(r: AuthoritativeReport): string {
  const lines = [
    `;; zone ${r.zone}: ${r.nameservers.length} name servers (${r.nameservers.join(", ")})`,
  ];
  for (const a of r.answers) {
    lines.push(
      `;; @${a.nameserver} ${a.resolver}${a.issues.length ? `  !! ${a.issues.join("; ")}` : ""}`,
    );
    lines.push(formatDigLike(a).trimEnd());
  }
  lines.push(
    r.consistent
      ? ";; all authoritative servers agree"
      : `;; INCONSISTENT: ${r.answers.filter((a) => a.issues.length).length} of ${r.answers.length} servers have problems`,
  );
  return lines.join("\n") + "\n";
}
