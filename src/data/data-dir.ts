import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where refreshed data lives (`dnsight update-data` writes there): --data-dir,
 * else $DNSIGHT_DATA_DIR, else $XDG_DATA_HOME/dnsight, else ~/.local/share/dnsight.
 * What ships with the package stays in data/ and is the fallback.
 */
export function dataDir(option: string | undefined, env: NodeJS.ProcessEnv): string {
  if (option) return option;
  if (env.DNSIGHT_DATA_DIR) return env.DNSIGHT_DATA_DIR;
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "dnsight");
}
