// The web UI's end-to-end flows in a real browser (Debian's chromium, headless, held to
// loopback by test/helpers/browser.ts) against a `dnsight serve` set up by `open`, reached
// as a user does, by the name localhost: sign in, search, a domain's passive DNS and
// timeline, the pivot from an IP to its names, an AS's prefixes and the names seen in
// it, an alert acknowledged, a reader refused the admin page; and markup stored through
// COF, pcap and WHOIS shown as text, never run. One suite, run on each backend
// (web-e2e.test.ts on SQLite, web-e2e-clickhouse-postgres.test.ts on the cluster set-up).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { haveChromium, launchBrowser, type TestBrowser } from "./browser.js";
import { join } from "node:path";
import { PASSWORD, type WebFixture } from "./web-fixture.js";

/** Screenshots go to `shots`. */
export function webE2eSuite(title: string, open: () => Promise<WebFixture>, shots: string): void {
  describe(title, { skip: !haveChromium() && "chromium not installed (scripts/setup.sh)" }, () => {
    let f: WebFixture;
    let b: TestBrowser;
    /** What went wrong in any page: script errors, dialogs (an alert() from a payload). */
    const problems: string[] = [];

    before(async () => {
      mkdirSync(shots, { recursive: true });
      f = await open();
      b = await launchBrowser();
    });
    after(async () => {
      await b?.close();
      await f?.close();
    });

    // The server allows 5 logins per user a minute: on a quiet machine the suite is done
    // inside one, so the flows that need no analyst sign in as the admin, not as ana.
    async function signedIn(user: string): Promise<Page> {
      const page = await (await b.context()).newPage();
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("dialog", (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(`${f.base}/`);
      await page.fill("#login-user", user);
      await page.fill("#login-password", PASSWORD);
      await page.click("button[type=submit]");
      await page.locator("#search-query").waitFor();
      return page;
    }

    /** Nothing a payload holds became an element or ran. */
    async function inert(page: Page): Promise<void> {
      assert.equal(await page.locator("main img, main script, main svg").count(), 0);
      assert.equal(await page.title(), "dnsight");
    }

    it("signs in (and refuses a wrong password), searches, and signs out", async () => {
      const page = await (await b.context()).newPage();
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(`${f.base}/`);
      await page.locator("#login-user").waitFor();
      await page.screenshot({ path: join(shots, "login.png") });
      await page.fill("#login-user", "ana");
      await page.fill("#login-password", "wrong password!");
      await page.click("button[type=submit]");
      await page.locator("[role=alert]").filter({ hasText: /\S/ }).waitFor();
      assert.equal(await page.locator("#search-query").count(), 0);
      await page.fill("#login-password", PASSWORD);
      await page.click("button[type=submit]");
      await page.locator("#search-query").waitFor();
      assert.match((await page.textContent("#nav")) ?? "", /ana \(analyst\)/);

      // Stored names are suggested while typing.
      await page.fill("#search-query", "");
      await page.type("#search-query", "www.sh");
      await page
        .locator('#search-suggestions option[value="www.shop.test"]')
        .waitFor({ state: "attached" });

      // A pattern lists the stored rows on the search page, in a virtualised table.
      await page.fill("#search-query", "*.shop.test");
      await page.press("#search-query", "Enter");
      const table = 'table[aria-label="passive DNS rows for *.shop.test"]';
      await page.locator(table).waitFor();
      await page.getByText("125 rows", { exact: true }).waitFor();
      const drawn = await page.locator(`${table} tbody tr:not([aria-hidden])`).count();
      assert.ok(drawn > 5 && drawn < 125, `only the rows in view are drawn (${drawn})`);
      await page.screenshot({ path: join(shots, "search.png"), fullPage: true });

      // The COF TXT record, found by the filter box: shown as text, nothing ran.
      await page.fill('input[aria-label="filter passive DNS rows for *.shop.test"]', "onerror");
      await page.getByText("2 of 125 rows", { exact: true }).waitFor();
      const evil = page.locator(`${table} td`, { hasText: "onerror" });
      assert.equal(await evil.count(), 2, "the COF and the pcap TXT records");
      assert.match((await evil.first().textContent()) ?? "", /<img src=x onerror=/);
      await inert(page);

      await page.click("text=Sign out");
      await page.locator("#login-user").waitFor();
      const gone = await page.request.get(`${f.base}/api/v1/session`);
      assert.equal(gone.status(), 401, "the session is gone on the server too");
    });

    it("shows a domain's passive DNS: the timeline chart and the rows", async () => {
      const page = await signedIn("ana");
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
      await page.screenshot({ path: join(shots, "domain-pdns.png"), fullPage: true });
    });

    it("pivots from an IP to the names seen on it, on its page and in the graph", async () => {
      const page = await signedIn("root");
      await page.fill("#search-query", "192.0.2.10");
      await page.press("#search-query", "Enter");
      const names = page.locator('table[aria-label="names seen on 192.0.2.10"]');
      await names.waitFor();
      const text = (await names.textContent()) ?? "";
      assert.match(text, /www\.shop\.test/);
      assert.match(text, /sh0p\.test/);
      await page.screenshot({ path: join(shots, "ip.png"), fullPage: true });
      await page.click('a[href="#/domain/sh0p.test"]');
      await page.locator("h1", { hasText: "sh0p.test" }).waitFor();

      await page.goto(`${f.base}/#/graph?seed=192.0.2.10`);
      const list = page.locator('ul[aria-label="graph nodes"]');
      await list.locator("li", { hasText: "domain sh0p.test" }).waitFor();
      assert.match((await list.textContent()) ?? "", /domain www\.shop\.test/);
      // A click on a name expands it in turn: the name server and the mail server of shop.test.
      await page.click('button:has-text("domain www.shop.test")');
      await page.locator('li[data-node="domain:www.shop.test"]').waitFor();
      await page.screenshot({ path: join(shots, "graph.png"), fullPage: true });
      // The graph as JSON: the nodes shown, the IP and the names on it among them.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click("text=Export JSON"),
      ]);
      const graph = JSON.parse(
        await new Promise<string>((resolve, reject) => {
          void download.createReadStream().then((s) => {
            let text = "";
            s.on("data", (c: Buffer) => (text += c.toString()));
            s.on("end", () => resolve(text));
            s.on("error", reject);
          }, reject);
        }),
      ) as { nodes: Array<{ id: string }>; edges: Array<{ source: string; target: string }> };
      const ids = graph.nodes.map((n) => n.id);
      assert.ok(ids.includes("ip:192.0.2.10") && ids.includes("domain:sh0p.test"), ids.join());
      assert.ok(graph.edges.some((e) => e.source === "ip:192.0.2.10"));
    });

    it("shows an AS typed in the search: its prefixes and the names seen in it, linked", async () => {
      const page = await signedIn("root");
      await page.fill("#search-query", "AS15169");
      await page.press("#search-query", "Enter");
      await page.locator("h1", { hasText: "AS15169" }).waitFor();
      await page.getByText("No registration record is stored for AS15169.").waitFor();
      const names = page.locator('table[aria-label="names seen in AS15169"]');
      await names.waitFor();
      const text = (await names.textContent()) ?? "";
      assert.match(text, /dns\.asn\.test/);
      assert.doesNotMatch(text, /shop\.test|192\.0\.2\./, "only names on the AS's addresses");
      const prefixes = page.locator('ul[aria-label="prefixes of AS15169"]');
      assert.match((await prefixes.textContent()) ?? "", /8\.8\.8\.0\/24/);
      await page.screenshot({ path: join(shots, "asn.png"), fullPage: true });
      await names.locator('a[href="#/ip/8.8.8.8"]').click();
      await page.locator('table[aria-label="names seen on 8.8.8.8"]').waitFor();
      await page.goBack();
      await names.locator('a[href="#/domain/dns.asn.test"]').click();
      await page.locator("h1", { hasText: "dns.asn.test" }).waitFor();
    });

    it("acknowledges an alert, as an analyst, with a comment", async () => {
      const page = await signedIn("ana");
      await page.goto(`${f.base}/#/alerts?entity=sh0p.test`);
      const card = page.locator("article.alert", { hasText: "sh0p.test" }).first();
      await card.waitFor();
      assert.match((await card.textContent()) ?? "", /T1583\.001/);
      assert.match((await card.textContent()) ?? "", /Acquire Infrastructure: Domains/);
      await card.locator("input[type=text]").fill("looked at it");
      await card.locator("button", { hasText: "Acknowledge" }).click();
      await card.locator('[data-status="acknowledged"]').waitFor();
      assert.match((await card.textContent()) ?? "", /ana acknowledged: looked at it/);
      await page.screenshot({ path: join(shots, "alerts.png"), fullPage: true });
    });

    it("refuses a reader the admin page, and shows it to an admin", async () => {
      const reader = await signedIn("rita");
      await reader.goto(`${f.base}/#/admin`);
      const refused = reader.locator("#admin-refused [role=alert]");
      await refused.waitFor();
      assert.match((await refused.textContent()) ?? "", /role|admin/i);
      assert.equal(await reader.locator('table[aria-label="users"]').count(), 0);
      await reader.screenshot({ path: join(shots, "admin-refused.png"), fullPage: true });

      const admin = await signedIn("root");
      await admin.goto(`${f.base}/#/admin`);
      const users = admin.locator('table[aria-label="users"]');
      await users.waitFor();
      assert.match((await users.textContent()) ?? "", /rita.*reader/s);
      // The analyst's acknowledgement, and the reader's refusal, are in the audit log.
      const audit = admin.locator('table[aria-label="audit log"]');
      await audit.waitFor();
      const log = (await audit.textContent()) ?? "";
      assert.match(log, /user:ana.*acknowledge/is);
      await admin.screenshot({ path: join(shots, "admin.png"), fullPage: true });
    });

    it("shows markup from a pcap and from WHOIS as text, and runs none of it", async () => {
      const page = await signedIn("root");
      await page.goto(`${f.base}/#/domain/pcap.shop.test`);
      await page.locator("table.virtual td", { hasText: "onerror" }).waitFor();
      await inert(page);

      await page.goto(`${f.base}/#/domain/evil.test`);
      const card = page.locator("dl.card");
      await card.locator("dd", { hasText: "onerror" }).waitFor();
      assert.match((await card.textContent()) ?? "", /<img src=x onerror=/);
      await inert(page);
      await page.screenshot({ path: join(shots, "domain-whois.png"), fullPage: true });

      // In the pivot graph the registrar is a node whose label is the markup, as text.
      await page.goto(`${f.base}/#/graph?seed=evil.test`);
      const node = page.locator('ul[aria-label="graph nodes"] li', { hasText: "registrar <img" });
      await node.waitFor();
      await inert(page);
      // A click on the registrar lists the other domain it holds.
      await node.locator("button").click();
      await page.locator('li[data-node="domain:evil-twin.test"]').waitFor();
      await inert(page);
    });

    it("kept every page quiet and on loopback", () => {
      assert.deepEqual(problems, []);
      assert.deepEqual(b.refused, [], "nothing left loopback");
    });
  });
}
