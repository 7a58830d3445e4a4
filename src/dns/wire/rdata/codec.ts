import type { WireReader } from "../reader.js";
import type { Token } from "../text.js";
import type { WireWriter } from "../writer.js";

/**
 * How one record type's RDATA moves between wire form and the presentation text
 * dig prints. `decode` reads from `r.pos` up to `end` and must consume exactly
 * that; `encode` writes the RDATA for already tokenized presentation text.
 */
export interface RdataCodec {
  decode(r: WireReader, end: number): string;
  encode(tokens: readonly Token[], w: WireWriter): void;
  /** Names in this type's RDATA may be compressed on the wire (RFC 3597 §4). */
  readonly compressible?: boolean;
}
