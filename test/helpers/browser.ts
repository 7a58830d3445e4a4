// A real browser for end-to-end tests: Debian's chromium, headless, driven by
// playwright-core, and held to loopback. Chromium talks to the world on its own
// (component updates, safe browsing, field trials, DNS prefetch): every such channel
// is switched off by flag, its name resolution maps every host but localhost to
// nothing, it gets no proxy, a HOME and profile of its own, and each page's requests
// pass a guard that lets only loopback through and records anything else, so a test
// can assert that nothing tried to leave.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { makeTmpDir, type TmpDir } from "./tmp.js";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags that keep Chromium from reaching anything on its own. */
const QUIET = [
  "--no-proxy-server",
  "--proxy-bypass-list=*",
  // Every host fails to resolve but localhost, 127.0.0.1 and ::1: a stray URL cannot go out.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-domain-reliability",
  "--disable-sync",
  "--disable-breakpad",
  "--disable-client-side-phishing-detection",
  "--disable-default-apps",
  "--disable-extensions",
  "--safebrowsing-disable-auto-update",
  "--no-pings",
  "--no-first-run",
  "--no-default-browser-check",
  "--metrics-recording-only",
  "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,CertificateTransparencyComponentUpdater,AutofillServerCommunication,InterestFeedContentSuggestions,NetworkPrediction",
  "--dns-prefetch-disable",
];

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True for a URL a test's page may load: loopback, or data/blob/about. */
export function isLoopbackUrl(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === "data:" || u.protocol === "blob:" || u.protocol === "about:") return true;
  return LOOPBACK_HOSTS.has(u.hostname) || /^127\.\d+\.\d+\.\d+$/.test(u.hostname);
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (cookies, storage) whose requests are held to loopback. */
  context(): Promise<BrowserContext>;
  /** A page in a fresh context. */
  page(): Promise<Page>;
  /** URLs a page asked for that were not loopback (and were refused). */
  readonly refused: string[];
  close(): Promise<void>;
}

/** Whether the browser tests can run here (scripts/setup.sh installs it). */
export const haveChromium = (): boolean => existsSync(CHROMIUM);

export async function launchBrowser(): Promise<TestBrowser> {
  const home: TmpDir = makeTmpDir("chromium");
  const env: Record<string, string> = {
    HOME: home.path,
    XDG_CONFIG_HOME: join(home.path, ".config"),
    XDG_CACHE_HOME: join(home.path, ".cache"),
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    // No proxy variables: they are left out on purpose.
  };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env,
    // Root in CI cannot use the setuid sandbox.
    args: [...QUIET, ...(process.getuid?.() === 0 ? ["--no-sandbox"] : [])],
  });
  const refused: string[] = [];
  const contexts: BrowserContext[] = [];
  const context = async (): Promise<BrowserContext> => {
    const c = await browser.newContext({ serviceWorkers: "block" });
    contexts.push(c);
    await c.route("**/*", (route) => {
      const url = route.request().url();
      if (isLoopbackUrl(url)) return route.continue();
      refused.push(url);
      return route.abort("blockedbyclient");
    });
    return c;
  };
  return {
    browser,
    context,
    page: async () => (await context()).newPage(),
    refused,
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      home.remove();
    },
  };
}
