// One process at a time appends to or drains a spool directory: a lock file holding the
// owner's pid, created exclusively. A lock left by a process that died (kill -9) is
// taken over: its pid no longer runs.
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DnsightError } from "../../errors.js";

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Takes the lock of `dir`; returns its release, or undefined when a live process holds it. */
export function tryLockSpool(dir: string): (() => void) | undefined {
  const path = join(dir, "lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let pid = NaN;
    try {
      pid = Number(readFileSync(path, "utf8").trim());
    } catch {
      // removed meanwhile: try again
    }
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return undefined;
    try {
      unlinkSync(path); // its owner is gone
    } catch {
      // another process took it over first: try again
    }
  }
  return undefined;
}

export function spoolBusy(dir: string): DnsightError {
  return new DnsightError(
    "STORE",
    `spool ${dir} is in use by another dnsight process (pid in ${join(dir, "lock")}); a shard is down and its writes cannot wait there`,
  );
}
