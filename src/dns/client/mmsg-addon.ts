import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { DnsightError } from "../../errors.js";
import { fromRoot } from "../../package-root.js";

// The batched-UDP addon (native/udp-mmsg, built by scripts/build-native.mjs into
// dist/native/). It is found from the package root, so the source under tsx, tsc's
// dist/ and the CLI bundle in dist/bin/ all load the same file. DNSIGHT_UDP picks the
// path: unset, the addon when it is built and node:dgram otherwise; "dgram", always
// node:dgram; "mmsg", the addon, and an error when it cannot be loaded.

/** The addon's socket, opaque to JS (a napi External). */
export type MmsgHandle = { readonly __udpMmsg: unique symbol };

export interface MmsgAddon {
  /**
   * Opens a UDP socket connected to the server. `onBatch` gets `count` datagrams in
   * `data`, each a 2-byte big-endian length and the bytes, and the number dropped for
   * a source other than the server; `onWritable` follows a send() that stopped short.
   */
  open(
    family: 4 | 6,
    address: string,
    port: number,
    recvBufferBytes: number,
    onBatch: (data: Buffer, count: number, rejected: number) => void,
    onWritable: () => void,
    onError: (code: string, errno: number) => void,
  ): MmsgHandle;
  /** Sends packets[start..] with sendmmsg; returns how many left (fewer on EAGAIN). */
  send(handle: MmsgHandle, packets: Buffer[], start: number): number;
  /** Reads what is waiting in the socket now, through onBatch. */
  drain(handle: MmsgHandle): void;
  close(handle: MmsgHandle): void;
}

export const MMSG_ADDON_PATH = fromRoot("dist", "native", "udp_mmsg.node");

let loaded: { addon: MmsgAddon } | { error: Error } | undefined;

function load(): { addon: MmsgAddon } | { error: Error } {
  if (!existsSync(MMSG_ADDON_PATH))
    return {
      error: new Error(`${MMSG_ADDON_PATH} is not built (npm run build builds it on Linux)`),
    };
  try {
    return { addon: createRequire(import.meta.url)(MMSG_ADDON_PATH) as MmsgAddon };
  } catch (e) {
    return { error: e as Error };
  }
}

/** The addon, or undefined when node:dgram is to be used; `choice` is DNSIGHT_UDP. */
export function mmsgAddon(choice = process.env.DNSIGHT_UDP): MmsgAddon | undefined {
  if (choice === "dgram") return undefined;
  if (choice !== undefined && choice !== "" && choice !== "mmsg")
    throw new DnsightError("USAGE", `DNSIGHT_UDP="${choice}": want "mmsg" or "dgram"`);
  loaded ??= load();
  if ("addon" in loaded) return loaded.addon;
  if (choice === "mmsg")
    throw new DnsightError(
      "UNSUPPORTED",
      `DNSIGHT_UDP=mmsg but the batched UDP addon cannot be loaded: ${loaded.error.message}`,
      { cause: loaded.error },
    );
  return undefined;
}
