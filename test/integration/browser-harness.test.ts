// The browser the end-to-end tests use (test/helpers/browser.ts) against a loopback
// server: it runs the page's own script, honours a strict Content-Security-Policy (an
// inline script and an onerror attribute stay inert, as the UI's hostile-data tests
// need), and refuses every request that is not loopback, recording it.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  haveChromium,
  isLoopbackUrl,
  launchBrowser,
  type TestBrowser,
} from "../helpers/browser.js";

const CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

const PAGE = `<!doctype html><html><head><title>start</title>
<script src="/app.js"></script></head><body>
<p id="hostile"></p>
<script>document.title = "inline ran"</script>
<img src="/missing.png" onerror="document.title = 'onerror ran'">
</body></html>`;

// No CSP here: the requests off loopback are made, and the guard must stop them.
const OPEN = `<!doctype html><html><body>
<img src="http://dnsight-test.example/pixel.png">
<img src="http://192.0.2.7/pixel.png">
</body></html>`;

const APP = `addEventListener("DOMContentLoaded", () => {
  document.body.dataset.app = "ran";
  // Data put in as text stays text: the same payload the UI shows.
  document.getElementById("hostile").textContent = '<img src=x onerror="document.title=1">';
});`;

describe(
  "the end-to-end browser",
  { skip: !haveChromium() && "chromium not installed (scripts/setup.sh)" },
  () => {
    let server: Server;
    let base: string;
    let b: TestBrowser;
    const served: string[] = [];

    before(async () => {
      server = createServer((req, res) => {
        served.push(req.url ?? "");
        if (req.url === "/") {
          res.writeHead(200, { "content-type": "text/html", "content-security-policy": CSP });
          res.end(PAGE);
        } else if (req.url === "/open") {
          res.writeHead(200, { "content-type": "text/html" });
          res.end(OPEN);
        } else if (req.url === "/app.js") {
          res.writeHead(200, { "content-type": "text/javascript" });
          res.end(APP);
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      b = await launchBrowser();
    });
    after(async () => {
      await b?.close();
      server?.close();
    });

    it("runs the page's script, not inline script or handlers, and keeps data as text", async () => {
      const page = await b.page();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(base + "/", { waitUntil: "load" });
      assert.equal(await page.getAttribute("body", "data-app"), "ran");
      assert.equal(await page.title(), "start", "neither the inline script nor onerror ran");
      assert.equal(await page.locator("#hostile img").count(), 0);
      assert.match((await page.textContent("#hostile")) ?? "", /^<img src=x onerror=/);
      assert.deepEqual(errors, []);
      assert.ok(served.includes("/missing.png"), "the image was asked for, its handler blocked");
    });

    it("refuses and records every request off loopback", async () => {
      const page = await b.page();
      await page.goto(base + "/open", { waitUntil: "load" });
      assert.ok(b.refused.includes("http://dnsight-test.example/pixel.png"), b.refused.join(" "));
      assert.ok(b.refused.includes("http://192.0.2.7/pixel.png"), b.refused.join(" "));
      assert.ok(b.refused.every((u) => !isLoopbackUrl(u)));
    });
  },
);

describe("isLoopbackUrl", () => {
  it("lets loopback and local schemes through, nothing else", () => {
    for (const u of [
      "http://127.0.0.1:8080/x",
      "http://localhost/",
      "http://[::1]:3/",
      "http://127.9.8.7/",
      "data:text/plain,x",
      "about:blank",
    ])
      assert.equal(isLoopbackUrl(u), true, u);
    for (const u of [
      "http://example.com/",
      "https://192.0.2.1/",
      "http://127.0.0.1.nip.io/",
      "http://[::2]/",
      "ws://10.0.0.1/",
    ])
      assert.equal(isLoopbackUrl(u), false, u);
  });
});
