import { DnsightError } from "../../../errors.js";
import type { WireReader } from "../reader.js";
import type { Token } from "../text.js";
import type { WireWriter } from "../writer.js";

// RFC 3597 §5: RDATA of a type we have no codec for is written "\# LEN HEX",
// with the hex split into the same chunks dig uses (no spaces for kdig parity).

export function isUnknownForm(tokens: readonly Token[]): boolean {
  return tokens.length >= 2 && tokens[0]!.raw === "\\#" && !tokens[0]!.quoted;
}

export function decodeUnknown(r: WireReader, end: number): string {
  const len = end - r.pos;
  const bytes = r.bytes(len, "RDATA");
  return len === 0 ? "\\# 0" : `\\# ${len} ${bytes.toString("hex").toUpperCase()}`;
}

export function encodeUnknown(tokens: readonly Token[], w: WireWriter): void {
  const len = Number(tokens[1]!.raw);
  const hex = tokens
    .slice(2)
    .map((t) => t.raw)
    .join("");
  if (
    !Number.isInteger(len) ||
    len < 0 ||
    len > 0xffff ||
    !/^([0-9a-fA-F]{2})*$/.test(hex) ||
    hex.length !== len * 2
  ) {
    throw new DnsightError(
      "INPUT",
      `bad RFC 3597 data "\\# ${tokens
        .slice(1)
        .map((t) => t.raw)
        .join(" ")}"`,
    );
  }
  w.bytes(Buffer.from(hex, "hex"));
}
