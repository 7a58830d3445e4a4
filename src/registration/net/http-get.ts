import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { DnsightError } from "../../errors.js";
import { guardHost, type GuardOptions } from "./address-guard.js";

// One guarded HTTP(S) GET: the connection goes to an address the SSRF guard checked
// (the guard is the socket's own resolver, so a name cannot resolve one way for the
// check and another way for the connect), with a time limit and a size cap. Errors
// name `label` and the host ("RDAP rdap.example: ...").

export interface HttpGetOptions extends GuardOptions {
  timeoutMs?: number;
  maxBytes?: number;
  accept?: string;
  /** Who is asking, for messages: "RDAP", "update-data". */
  label?: string;
}

export interface HttpGetResult {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export async function httpGet(u: URL, o: HttpGetOptions = {}): Promise<HttpGetResult> {
  const label = o.label ?? "HTTP";
  // Node skips `lookup` for an IP literal, so that case is checked here.
  if (isIP(u.hostname.replace(/^\[|\]$/g, ""))) await guardHost(u.hostname, o);
  // Node 20 asks with { all: true } (network-family autoselection, "happy eyeballs")
  // and then wants every address as a list; older callers want one address.
  const lookup: LookupFunction = (host, opts, cb) => {
    guardHost(host, o).then(
      (addrs) => {
        const listed = addrs.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
        if (opts.all) (cb as (e: Error | null, a: typeof listed) => void)(null, listed);
        else
          (cb as (e: Error | null, a: string, f: number) => void)(
            null,
            listed[0]!.address,
            listed[0]!.family,
          );
      },
      (e: Error) => (cb as (e: Error) => void)(e),
    );
  };
  const timeoutMs = o.timeoutMs ?? 15_000;
  const maxBytes = o.maxBytes ?? 4 << 20;
  return new Promise<HttpGetResult>((resolve, reject) => {
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(
      u,
      {
        method: "GET",
        headers: { accept: o.accept ?? "*/*", "user-agent": "dnsight" },
        lookup,
        timeout: timeoutMs,
      },
      (r) => {
        const chunks: Buffer[] = [];
        let size = 0;
        r.on("data", (d: Buffer) => {
          size += d.length;
          if (size > maxBytes) {
            req.destroy(
              new DnsightError(
                "INPUT",
                `${label} ${u.host}: response larger than ${maxBytes} bytes, dropped`,
              ),
            );
            return;
          }
          chunks.push(d);
        });
        r.on("end", () =>
          resolve({
            status: r.statusCode ?? 0,
            headers: r.headers,
            body: Buffer.concat(chunks),
          }),
        );
        r.on("error", reject);
      },
    );
    req.on("timeout", () =>
      req.destroy(new DnsightError("TIMEOUT", `${label} ${u.host}: no answer in ${timeoutMs} ms`)),
    );
    req.on("error", (e) =>
      reject(
        e instanceof DnsightError
          ? e
          : new DnsightError("NETWORK", `${label} ${u.host}: ${e.message}`, { cause: e }),
      ),
    );
    req.end();
  });
}
