// Certificates for the HTTPS tests, made here by openssl: nothing checked in expires.
import { execFileSync } from "node:child_process";
import { isIP } from "node:net";
import { join } from "node:path";

export interface CertFiles {
  cert: string;
  key: string;
}

/**
 * A self-signed P-256 certificate for `hosts` (the first is its CN; each is in its
 * subjectAltName, which is what a client checks, RFC 6125 6.4.4), valid for a day;
 * written to `dir` as `<name>-cert.pem` and `<name>-key.pem`.
 */
export function makeCert(
  dir: string,
  name: string,
  hosts: readonly [string, ...string[]],
): CertFiles {
  const cert = join(dir, `${name}-cert.pem`);
  const key = join(dir, `${name}-key.pem`);
  const san = hosts.map((h) => `${isIP(h) ? "IP" : "DNS"}:${h}`).join(",");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${hosts[0]}`,
      "-addext",
      `subjectAltName=${san}`,
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  return { cert, key };
}
