// redactUrl: which endpoint it was, never the credential a webhook URL carries in
// its path, query or user info.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { redactUrl } from "../../../src/net/redact-url.js";

describe("redactUrl", () => {
  it("keeps scheme, host, port and plain path words; stars IDs and tokens", () => {
    for (const [url, want] of [
      ["https://hooks.slack.com/services/T000/B000/XXXX", "https://hooks.slack.com/services/*/*/*"],
      [
        "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdEFGHijklMNOPqrstUVWX",
        "https://hooks.slack.com/services/*/*/*",
      ],
      [
        "https://discord.com/api/webhooks/123456789012345678/AbC-dEf_GhI",
        "https://discord.com/api/webhooks/*/*",
      ],
      ["http://localhost:8080/alerts", "http://localhost:8080/alerts"],
      ["http://[::1]:9/hook/", "http://[::1]:9/hook/"],
      ["https://soc.example/hook?token=s3cret#frag", "https://soc.example/hook?…"],
      ["https://user:pa55@soc.example/x", "https://soc.example/x"],
      ["https://soc.example/averyveryverylongwordtoken", "https://soc.example/*"],
      ["https://soc.example/", "https://soc.example/"],
    ] as const)
      assert.equal(redactUrl(url), want, url);
  });

  it("says nothing of a URL it cannot read", () => {
    assert.equal(redactUrl("not a url/with/T000/secret"), "(an unreadable URL)");
  });
});
