// A Zeek dns.log of any length for ingest tests: `rows` lines over `names` names,
// each line a CNAME and an A, so a name recurs and rows merge.

export function zeekLog(rows: number, names: number): string {
  const lines = ["#separator \\x09", "#fields\tts\tquery\tqtype_name\tanswers\tTTLs"];
  for (let i = 0; i < rows; i++) {
    const k = (i * 7919) % names;
    lines.push(
      `${1_700_000_000 + i}\th${k}.example.com\tA\talias${k}.cdn.example.net,198.51.${(k >> 8) & 255}.${k & 255}\t60,60`,
    );
  }
  return lines.join("\n") + "\n";
}
