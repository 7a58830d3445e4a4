import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDemo, type DemoLoad } from "../flows/demo.js";
import { openStore } from "../store/open.js";
import type { Store } from "../store/types.js";
import { hashPassword } from "../util/password.js";

// `serve --demo`: a fresh store in a temporary folder, filled from the shipped
// samples (src/flows/demo.ts), and an admin user whose password is made here, printed
// once and kept only as its hash. The folder goes when serve stops.

export const DEMO_USER = "admin";

export interface DemoStore {
  store: Store;
  password: string;
  dir: string;
  loaded: DemoLoad;
  /** Closes the store and removes its folder. */
  close(): Promise<void>;
}

export async function openDemoStore(): Promise<DemoStore> {
  const dir = mkdtempSync(join(tmpdir(), "dnsight-demo-"));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  let store: Store | undefined;
  try {
    store = await openStore(`sqlite:${join(dir, "demo.db")}`);
    const loaded = await loadDemo(store);
    // 16 characters of base64url: 96 bits.
    const password = randomBytes(12).toString("base64url");
    await store.users!.addUser({
      name: DEMO_USER,
      role: "admin",
      passwordHash: await hashPassword(password),
      createdAt: Math.floor(Date.now() / 1000),
      disabled: false,
    });
    const s = store;
    return {
      store: s,
      password,
      dir,
      loaded,
      async close() {
        await s.close();
        remove();
      },
    };
  } catch (e) {
    await store?.close();
    remove();
    throw e;
  }
}
