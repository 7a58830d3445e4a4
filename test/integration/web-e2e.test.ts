// The web UI in a real browser (Debian's chromium, headless, held to loopback by
// test/helpers/browser.ts) against the `dnsight serve` command on 127.0.0.1, reached
// as a user does, by the name localhost: sign in, search passive DNS, read the table,
// page on, sign out. A TXT record holding markup and script, ingested from COF, is
// shown as text and runs nothing.
// Screenshots go to test-output/web/.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";
import { spawnServe, type ServeChild } from "../helpers/serve.js";
import { haveChromium, launchBrowser, type TestBrowser } from "../helpers/browser.js";
import { makeTmpDir } from "../helpers/tmp.js";

const SHOTS = join(process.cwd(), "test-output", "web");
const XSS = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;

describe(
  "web UI end to end",
  { skip: !haveChromium() && "chromium not installed (scripts/setup.sh)" },
  () => {
    const tmp = makeTmpDir("web-e2e");
    const db = join(tmp.path, "ui.db");
    let served: ServeChild | undefined;
    let b: TestBrowser;
    let base: string;

    before(async () => {
      mkdirSync(SHOTS, { recursive: true });
      // As a user sets it up: a user from the CLI, passive DNS ingested as COF lines
      // (the hostile TXT record among them), then `dnsight serve`.
      const added = await cli(["user", "add", "ana", "--role", "analyst", "--db", db], {
        stdin: "correct horse battery\n",
      });
      assert.equal(added.status, 0, added.stderr);
      const cof = (rrname: string, rrtype: string, rdata: string, i: number) =>
        JSON.stringify({
          rrname,
          rrtype,
          rdata,
          count: i + 1,
          time_first: 1_790_000_000 + i,
          time_last: 1_790_500_000 + i,
        });
      const file = join(tmp.path, "seen.cof");
      writeFileSync(
        file,
        [
          cof("www.shop.test", "A", "192.0.2.10", 0),
          cof("mail.shop.test", "MX", "10 mx.shop.test.", 1),
          cof("admin.shop.test", "TXT", `"${XSS.replace(/"/g, '\\"')}"`, 2),
          ...Array.from({ length: 120 }, (_, i) =>
            cof(`h${i}.bulk.shop.test`, "A", `198.51.100.${i}`, i),
          ),
        ].join("\n") + "\n",
      );
      const ingested = await cli(["ingest", "cof", file, "--db", db]);
      assert.equal(ingested.status, 0, ingested.stderr);
      const port = await freePort("127.0.0.1");
      served = await spawnServe({ db, host: "127.0.0.1", port });
      base = `http://localhost:${port}`;
      b = await launchBrowser();
    });
    after(async () => {
      await b?.close();
      if (served && served.child.exitCode === null) {
        served.child.kill("SIGTERM");
        await served.exit;
      }
      tmp.remove();
    });

    it("signs in, searches, shows hostile data as text, pages on and signs out", async () => {
      const page = await b.page();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("dialog", (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(`${base}/`);
      await page.locator("#login-user").waitFor();
      await page.screenshot({ path: join(SHOTS, "login.png") });

      // A wrong password: the form says so and stays.
      await page.fill("#login-user", "ana");
      await page.fill("#login-password", "wrong password!");
      await page.click("button[type=submit]");
      await page.locator("[role=alert]").filter({ hasText: /\S/ }).waitFor();
      assert.equal(await page.locator("#search-query").count(), 0);

      await page.fill("#login-password", "correct horse battery");
      await page.click("button[type=submit]");
      await page.locator("#search-query").waitFor();
      assert.match((await page.textContent("#nav")) ?? "", /ana \(analyst\)/);

      // A pattern lists the stored rows on the search page, in a virtualised table.
      await page.fill("#search-query", "*.shop.test");
      await page.press("#search-query", "Enter");
      const table = 'table[aria-label="passive DNS rows for *.shop.test"]';
      await page.locator(table).waitFor();
      await page.getByText("123 rows", { exact: true }).waitFor();
      const drawn = await page.locator(`${table} tbody tr:not([aria-hidden])`).count();
      assert.ok(drawn > 5 && drawn < 123, `only the rows in view are drawn (${drawn})`);
      await page.screenshot({ path: join(SHOTS, "search.png"), fullPage: true });

      // The TXT record, found by the filter box: shown as text, no element made of it, nothing ran.
      await page.fill('input[aria-label="filter passive DNS rows for *.shop.test"]', "onerror");
      await page.getByText("1 of 123 rows", { exact: true }).waitFor();
      const evil = page.locator(`${table} td`, { hasText: "onerror" });
      assert.equal(await evil.count(), 1);
      assert.match((await evil.textContent()) ?? "", /<img src=x onerror=/);
      assert.equal(await page.locator("main img, main script").count(), 0);
      assert.equal(await page.title(), "dnsight");

      // A name opens its domain page: the passive-DNS tab, its timeline chart and rows.
      await page.fill("#search-query", "www.shop.test");
      await page.press("#search-query", "Enter");
      await page.locator("h1", { hasText: "www.shop.test" }).waitFor();
      assert.equal(await page.getAttribute("#tab-pdns", "aria-selected"), "true");
      await page.locator(".timeline .uplot canvas").waitFor();
      assert.match(
        (await page.textContent('table[aria-label="timeline data"]')) ?? "",
        /A192\.0\.2\.10/,
      );
      await page.getByText("1 row", { exact: true }).waitFor();
      await page.screenshot({ path: join(SHOTS, "domain-pdns.png"), fullPage: true });

      await page.click("text=Sign out");
      await page.locator("#login-user").waitFor();
      const after = await page.request.get(`${base}/api/v1/session`);
      assert.equal(after.status(), 401, "the session is gone on the server too");

      assert.deepEqual(problems, []);
      assert.deepEqual(b.refused, [], "nothing left loopback");
    });

    it("keeps the session cookie out of reach of scripts", async () => {
      const ctx = await b.context();
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      await page.fill("#login-user", "ana");
      await page.fill("#login-password", "correct horse battery");
      await page.click("button[type=submit]");
      await page.locator("#search-query").waitFor();
      const cookie = (await ctx.cookies()).find((c) => c.name === "dnsight_session");
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Strict");
      assert.equal(await page.evaluate("document.cookie"), "");
    });
  },
);
