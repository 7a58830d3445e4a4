import type { BulkSummary } from "../../bulk/run.js";

/** The end-of-run summary `resolve` prints on stderr. */
export function formatSummary(s: BulkSummary): string {
  const secs = s.elapsedMs / 1000;
  const statuses = Object.entries(s.byStatus)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  if (s.interrupted) {
    // The pipeline was dropped: only what reached the output (and the store) counts.
    return (
      [
        `interrupted after ${secs.toFixed(2)} s: ${s.results} results written${s.skipped ? ` (${s.skipped} names skipped as done before)` : ""}; names in flight were dropped, run again with --resume to go on`,
        `status: ${statuses || "none"}`,
      ].join("\n") + "\n"
    );
  }
  const lines = [
    `resolved ${s.names} names (${s.results} results) in ${secs.toFixed(2)} s, ${Math.round(s.results / Math.max(secs, 1e-3))} results/s` +
      ` (after start-up: ${(s.resolveMs / 1000).toFixed(2)} s, ${Math.round(s.results / Math.max(s.resolveMs / 1000, 1e-3))}/s)`,
    `status: ${statuses || "none"}`,
    `queries ${s.queries}, retries ${s.retries}, TCP fallbacks ${s.tcpFallbacks}, rejected replies ${s.rejectedReplies}` +
      (s.wildcardDropped ? `, wildcard answers dropped ${s.wildcardDropped}` : "") +
      (s.invalidNames ? `, invalid names ${s.invalidNames}` : "") +
      (s.skipped ? `, skipped as done before ${s.skipped}` : ""),
  ];
  for (const u of s.upstreams) {
    lines.push(
      `upstream ${u.upstream}: sent ${u.sent}, answered ${u.answered}, timeouts ${u.timeouts}${u.dropped ? ` — DROPPED: ${u.dropped}` : ""}`,
    );
  }
  if (s.lost > 0) lines.push(`${s.lost} results got no answer (TIMEOUT/ERROR)`);
  return lines.join("\n") + "\n";
}
