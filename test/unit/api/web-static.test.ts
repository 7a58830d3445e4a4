// The web UI's files: the page and its assets by exact name, each under the strict
// CSP, nothing else from the disk; the real build served by `dnsight serve`.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { Hono } from "hono";
import { UI_CSP, webRoutes } from "../../../src/api/web-static.js";
import { makeTmpDir } from "../../helpers/tmp.js";
import { inProcessRig } from "./_server.js";

function appOver(files: Record<string, string> | undefined) {
  const tmp = makeTmpDir("web-static");
  if (files) {
    mkdirSync(join(tmp.path, "assets"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp.path, name), text);
  }
  writeFileSync(join(tmp.path, "secret.txt"), "not for you");
  const app = new Hono();
  webRoutes(app as never, pathToFileURL(tmp.path + "/"));
  return { app, tmp };
}

describe("web UI files", () => {
  it("serves the page and its assets by exact name, with the CSP", async () => {
    const { app, tmp } = appOver({
      "index.html": "<!doctype html><title>t</title>",
      "assets/app.js": "console.log(1)",
      "assets/app.css": "body{}",
      "assets/notes.txt": "not a web type",
    });
    try {
      const page = await app.request("/");
      assert.equal(page.status, 200);
      assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(page.headers.get("content-security-policy"), UI_CSP);
      assert.equal(page.headers.get("x-content-type-options"), "nosniff");
      assert.equal(await page.text(), "<!doctype html><title>t</title>");
      const js = await app.request("/assets/app.js");
      assert.equal(js.headers.get("content-type"), "text/javascript; charset=utf-8");
      assert.equal(await js.text(), "console.log(1)");
      for (const path of [
        "/assets/notes.txt",
        "/assets/../index.html",
        "/assets/%2e%2e%2fsecret.txt",
        "/assets/..%2fsecret.txt",
        "/secret.txt",
        "/assets/nope.js",
      ])
        assert.equal((await app.request(path)).status, 404, path);
      assert.doesNotMatch(UI_CSP, /unsafe-inline|unsafe-eval|\*/);
    } finally {
      tmp.remove();
    }
  });

  it("says the UI is not built when it is not", async () => {
    const { app, tmp } = appOver(undefined);
    try {
      const page = await app.request("/");
      assert.equal(page.status, 404);
      assert.match(await page.text(), /not built here: run npm run build/);
    } finally {
      tmp.remove();
    }
  });

  it("dnsight serve answers / with the built UI (npm run build makes it)", async () => {
    const rig = await inProcessRig();
    try {
      const page = await rig.request("/");
      assert.equal(page.status, 200, await page.clone().text());
      assert.match(await page.text(), /<script type="module" src="\/assets\/app\.js"><\/script>/);
      const js = await rig.request("/assets/app.js");
      assert.equal(js.status, 200);
      assert.ok((await js.text()).length > 1000);
    } finally {
      await rig.close();
    }
  });
});
