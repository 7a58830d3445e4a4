import { questionMatches } from "../wire/query.js";

/**
 * Whether `reply` answers `query`: questionMatches, plus QTYPE and QCLASS compared
 * exactly. questionMatches folds ASCII case over the whole question, type and class
 * bytes included, so a reply asking TYPE97 (0x0061) passed for an HTTPS (0x0041)
 * query and its forged records were accepted. Only the name compares without case.
 */
export function replyMatches(reply: Buffer, query: Buffer): "match" | "mismatch" | "malformed" {
  const verdict = questionMatches(reply, query);
  if (verdict !== "match" || reply.readUInt16BE(4) === 0) return verdict;
  let p = 12;
  while (query[p] !== 0) p += query[p]! + 1;
  // questionMatches checked that the reply is long enough for these four bytes.
  return reply.readUInt32BE(p + 1) === query.readUInt32BE(p + 1) ? "match" : "mismatch";
}
