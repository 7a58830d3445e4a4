import { userInfo } from "node:os";
import { DnsightError } from "../errors.js";
import type { AuditStore } from "../store/types.js";
import { printable } from "../util/printable.js";

// The CLI's entries in the audit log: the actor is "cli:" and the login running it
// (whoever can open the database file), each state-changing user or key action one
// entry, "ok" or "failed" with the error, so a refused change is on record too.

/** "cli:LOGIN", from $USER or $LOGNAME as the shell has them, else the OS's own answer. */
export function cliActor(env: NodeJS.ProcessEnv): string {
  let login = env.USER || env.LOGNAME;
  if (!login) {
    try {
      login = userInfo().username;
    } catch {
      login = "unknown";
    }
  }
  return `cli:${login.replace(/[^\w.@-]/g, "_").slice(0, 64)}`;
}

export interface CliAction {
  action: string;
  target: string;
  /** Filled from the result of the action, when it succeeds. */
  detail?: string;
}

/** Runs `fn`, then records it; a failed action is recorded and rethrown. */
export async function audited<T>(
  audit: AuditStore,
  env: NodeJS.ProcessEnv,
  what: CliAction,
  fn: () => Promise<T>,
  detailOf?: (result: T) => string | undefined,
): Promise<T> {
  const base = { actor: cliActor(env), action: what.action, target: what.target };
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    const detail = printable(e instanceof Error ? e.message : String(e)).slice(0, 2000);
    // The failure matters more than its record: a log that cannot be written is not
    // reported in its place.
    await audit
      .appendAudit({ ...base, at: Date.now(), outcome: "failed", ...(detail ? { detail } : {}) })
      .catch(() => undefined);
    throw e;
  }
  const detail = detailOf?.(result) ?? what.detail;
  try {
    await audit.appendAudit({
      ...base,
      at: Date.now(),
      outcome: "ok",
      ...(detail ? { detail } : {}),
    });
  } catch (e) {
    throw new DnsightError(
      "STORE",
      `${what.action} ${what.target} was done, but the audit log did not take it: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return result;
}
