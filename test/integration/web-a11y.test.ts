// The web UI's accessibility, checked in chromium: axe-core (the engine behind
// Lighthouse's and Deque's audits) run on every page and tab with no serious or
// critical violation allowed, and the UI driven by the keyboard alone: sign in,
// move between the domain page's tabs with the arrow keys, reach the navigation.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { haveChromium, launchBrowser, type TestBrowser } from "../helpers/browser.js";
import { PASSWORD, webFixture, type WebFixture } from "../helpers/web-fixture.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe's serious and critical findings on the page as it is now. */
async function audit(page: Page): Promise<string[]> {
  // Through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
  )) as Violation[];
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
}

describe(
  "web UI accessibility",
  { skip: !haveChromium() && "chromium not installed (scripts/setup.sh)" },
  () => {
    let f: WebFixture;
    let b: TestBrowser;
    before(async () => {
      f = await webFixture("web-a11y");
      b = await launchBrowser();
    });
    after(async () => {
      await b?.close();
      await f?.close();
    });

    it("signs in with the keyboard alone and reaches the navigation", async () => {
      const page = await b.page();
      await page.goto(`${f.base}/`);
      await page.locator("#login-user").waitFor();
      assert.deepEqual(await audit(page), [], "the login page");
      // The check can fail: a button with no name is a critical finding.
      await page.evaluate("document.body.append(document.createElement('button'))");
      assert.match((await audit(page)).join("\n"), /button-name \(critical\)/);
      await page.reload();
      await page.locator("#login-user").waitFor();
      await page.focus("#login-user");
      await page.keyboard.type("root");
      await page.keyboard.press("Tab");
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await page.locator("#search-query").waitFor();
      // Focus goes to the page's main region; Tab from the top reaches the nav's links.
      await page.keyboard.press("Shift+Tab");
      let reached = "";
      for (let i = 0; i < 12 && reached !== "Alerts"; i++) {
        await page.keyboard.press("Tab");
        reached = (await page.evaluate("document.activeElement?.textContent ?? ''")) as string;
      }
      assert.equal(reached, "Alerts");
      await page.keyboard.press("Enter");
      await page.locator("h1", { hasText: "Alerts" }).waitFor();
    });

    it("moves between a domain's tabs with the arrow keys", async () => {
      const page = await b.page();
      await page.goto(`${f.base}/`);
      await page.fill("#login-user", "root");
      await page.fill("#login-password", PASSWORD);
      await page.press("#login-password", "Enter");
      await page.locator("#search-query").waitFor();
      await page.goto(`${f.base}/#/domain/www.shop.test`);
      await page.focus("#tab-pdns");
      await page.keyboard.press("ArrowRight");
      assert.equal(await page.getAttribute("#tab-active", "aria-selected"), "true");
      assert.equal(await page.evaluate("document.activeElement.id"), "tab-active");
      await page.keyboard.press("End");
      assert.equal(await page.getAttribute("#tab-alerts", "aria-selected"), "true");
      await page.keyboard.press("Home");
      assert.equal(await page.getAttribute("#tab-pdns", "aria-selected"), "true");
    });

    it("has no serious or critical axe violation on any page or tab", async () => {
      const page = await b.page();
      await page.goto(`${f.base}/`);
      await page.fill("#login-user", "root");
      await page.fill("#login-password", PASSWORD);
      await page.press("#login-password", "Enter");
      await page.locator("#search-query").waitFor();
      const seen: Record<string, string[]> = {};
      const visit = async (hash: string, ready: string): Promise<void> => {
        await page.goto(`${f.base}/#${hash}`);
        await page.locator(ready).first().waitFor();
        // Whatever is still loading has settled (polled here: the page's CSP forbids eval).
        for (let i = 0; i < 100; i++) {
          const busy = (await page.evaluate(
            "[...document.querySelectorAll('[role=status]')].some((e) => e.textContent.startsWith('Loading'))",
          )) as boolean;
          if (!busy) break;
          await page.waitForTimeout(100);
        }
        seen[hash] = await audit(page);
      };
      await visit("/search?q=*.shop.test", "table.virtual tbody tr");
      for (const tab of ["pdns", "active", "registration", "subdomains", "lookalikes", "alerts"])
        await visit(`/domain/www.shop.test?tab=${tab}`, `#tab-${tab}[aria-selected=true]`);
      await visit("/ip/192.0.2.10", 'table[aria-label="names seen on 192.0.2.10"]');
      await visit("/asn/15169", 'table[aria-label="names seen in AS15169"]');
      await visit("/alerts", "article.alert");
      await visit("/graph?seed=192.0.2.10", 'ul[aria-label="graph nodes"] li');
      await visit("/watchlist", "h1");
      await visit("/admin", 'table[aria-label="users"]');
      for (const [hash, v] of Object.entries(seen)) assert.deepEqual(v, [], hash);
      assert.deepEqual(b.refused, []);
    });
  },
);
