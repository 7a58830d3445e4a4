/**
 * A packet that cannot be read (cut short, a bad header). Thrown inside the packet layers
 * and caught once per packet: the packet is counted and skipped, the file goes on.
 */
export class PacketSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "PacketSkip";
  }
}

export function need(data: Uint8Array, bytes: number, what: string): void {
  if (data.length < bytes) throw new PacketSkip(`truncated ${what}`);
}
