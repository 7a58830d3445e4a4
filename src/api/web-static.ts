import { readdirSync, readFileSync } from "node:fs";
import type { Hono } from "hono";
import type { ApiEnv } from "./app-env.js";
import { urlFromRoot } from "../package-root.js";

// The web UI's files (built into dist/web by scripts/build-web.mjs), answered from
// memory: `/` is the page, `/assets/NAME` the script and stylesheet. Only files
// found at start-up are served, by exact name, so no path reaches the disk. Every
// answer carries a Content-Security-Policy that allows no inline script, no other
// origin and no framing: data shown by the UI can hold HTML and script (TXT records,
// WHOIS fields), and the page never runs anything but its own bundle.

export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

interface WebFile {
  body: Buffer;
  type: string;
}

/** Where the build puts the UI: the same place from dist/api/ and from src/api/ under tsx. */
const WEB_DIR = urlFromRoot("dist", "web/");

function load(dir: URL): Map<string, WebFile> | undefined {
  const files = new Map<string, WebFile>();
  try {
    files.set("/", { body: readFileSync(new URL("index.html", dir)), type: TYPES.html! });
    for (const name of readdirSync(new URL("assets/", dir))) {
      const type = TYPES[name.split(".").pop() ?? ""];
      if (type)
        files.set(`/assets/${name}`, { body: readFileSync(new URL(`assets/${name}`, dir)), type });
    }
  } catch {
    return undefined; // not built: / says so
  }
  return files;
}

const HEADERS = {
  "content-security-policy": UI_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
};

/** Adds GET / and /assets/* to `app`, serving the UI in `dir` (default: dist/web). */
export function webRoutes(app: Hono<ApiEnv>, dir: URL = WEB_DIR): void {
  const files = load(dir);
  const send = (path: string) => {
    const f = files?.get(path);
    if (!f) return undefined;
    return new Response(new Uint8Array(f.body), {
      status: 200,
      headers: {
        ...HEADERS,
        "content-type": f.type,
        // The page is small and names its assets; both are checked again on each load.
        "cache-control": "no-cache",
      },
    });
  };
  app.get(
    "/",
    () =>
      send("/") ??
      new Response("the web UI is not built here: run npm run build\n", {
        status: 404,
        headers: { ...HEADERS, "content-type": "text/plain; charset=utf-8" },
      }),
  );
  app.get("/assets/:name", (c) => send(new URL(c.req.url).pathname) ?? c.notFound());
}
