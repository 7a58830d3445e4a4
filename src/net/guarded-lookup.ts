import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { guardHost, type GuardOptions } from "./address-guard.js";

// The SSRF guard as a socket's `lookup`, so the address checked is the address
// connected to. Node calls it in two shapes: with { all: true } (Node 20's network
// family autoselection, "happy eyeballs", on by default) it wants every address as
// [{ address, family }], else one address and its family. Answering the first shape
// with the second is what broke every RDAP server named by host name.

type ListCallback = (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;
type OneCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

const familyOf = (a: string): 4 | 6 => (a.includes(":") ? 6 : 4);

/** A `lookup` for http.request / net.connect that resolves through guardHost. */
export function guardedLookup(o: GuardOptions): LookupFunction {
  return (host, opts, cb) => {
    guardHost(host, o).then(
      (addrs) => {
        // family: 0 or absent means either; 4/6 (or "IPv4"/"IPv6") asks for one.
        const want = opts.family === "IPv4" ? 4 : opts.family === "IPv6" ? 6 : opts.family;
        const list = addrs
          .map((address) => ({ address, family: familyOf(address) }))
          .filter((a) => !want || a.family === want);
        if (list.length === 0) {
          const e: NodeJS.ErrnoException = new Error(`${host} has no IPv${want} address`);
          e.code = "ENOTFOUND";
          return opts.all ? (cb as ListCallback)(e, []) : (cb as OneCallback)(e, "", 0);
        }
        if (opts.all) (cb as ListCallback)(null, list);
        else (cb as OneCallback)(null, list[0]!.address, list[0]!.family);
      },
      (e: Error) => (cb as OneCallback)(e, "", 0),
    );
  };
}
