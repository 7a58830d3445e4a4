// A fresh temp directory per test, removed after it (and at process exit at the latest).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trackDir, untrackDir, type Hooks } from "./cleanup.js";

export interface TmpDir {
  readonly path: string;
  remove(): void;
}

/**
 * Creates `$TMPDIR/dnsight-<prefix>-XXXXXX`. Kept short: Knot's control socket and a
 * dnstap socket live inside it, and a unix socket path must fit in 108 bytes.
 */
export function makeTmpDir(prefix = "t", hooks?: Hooks): TmpDir {
  const path = mkdtempSync(join(tmpdir(), `dnsight-${prefix}-`));
  trackDir(path);
  const remove = (): void => {
    rmSync(path, { recursive: true, force: true });
    untrackDir(path);
  };
  hooks?.after(remove);
  return { path, remove };
}
