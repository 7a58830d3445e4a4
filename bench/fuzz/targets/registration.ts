import type { RegistrationSource } from "../../../src/model/registration.js";
import { decodeWhois } from "../../../src/registration/net/whois-client.js";
import { relatedRdapUrl } from "../../../src/registration/rdap/links.js";
import { mergeRegistrarRecord } from "../../../src/registration/rdap/merge.js";
import { parseRdap, type RdapObjectClass } from "../../../src/registration/rdap/parse.js";
import { whoisCharsetFor } from "../../../src/registration/servers/whois-charsets.js";
import { parseWhois } from "../../../src/registration/whois/parse.js";
import { parseRirWhois } from "../../../src/registration/whois/rir.js";
import { dnsightError, optString, splitOptions, type FuzzTarget } from "../target.js";

// Registration data as it comes off the network: WHOIS bytes decoded the way the client
// decodes them (whois-client.ts) and parsed with referral answers split and merged
// (parse.ts), a regional registry's WHOIS about an address or AS number (rir.ts), and an
// RDAP body read the way rdapGet reads it (JSON.parse, then parseRdap, then the related
// link and the registrar merge lookup.ts does). None documents an exception on odd text;
// RDAP refuses a body that is not a JSON object with DnsightError "INPUT".

const FETCHED_AT = "2024-01-01T00:00:00Z";

export const whois: FuzzTarget = {
  name: "whois",
  contract: "parseWhois: no exception for any text (DnsightError tolerated)",
  run(input) {
    const { options, body } = splitOptions(input);
    const server = optString(options, "server");
    const domain = optString(options, "domain");
    const text = decodeWhois(body, server !== undefined ? whoisCharsetFor(server) : undefined);
    parseWhois(text, {
      fetchedAt: FETCHED_AT,
      ...(server !== undefined ? { server } : {}),
      ...(domain !== undefined ? { domain } : {}),
    });
  },
  clean: dnsightError(),
};

export const whoisRir: FuzzTarget = {
  name: "whois-rir",
  contract: "parseRirWhois: no exception for any text (DnsightError tolerated)",
  run(input) {
    const { options, body } = splitOptions(input);
    const server = optString(options, "server");
    parseRirWhois(decodeWhois(body), {
      key: optString(options, "key") ?? "192.0.2.1",
      fetchedAt: FETCHED_AT,
      ...(server !== undefined ? { server } : {}),
    });
  },
  clean: dnsightError(),
};

/** What rdapGet makes of a body that is not JSON: a clean refusal (DnsightError there). */
class NotJson extends Error {
  override name = "NotJson";
}

const CLASSES: readonly string[] = ["domain", "ip network", "autnum"];

export const rdap: FuzzTarget = {
  name: "rdap",
  contract: 'JSON.parse then parseRdap: SyntaxError (not JSON) or DnsightError "INPUT"',
  run(input) {
    const { options, body } = splitOptions(input);
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch (e) {
      throw new NotJson((e as Error).message);
    }
    const expect = optString(options, "expect");
    const name = optString(options, "name");
    const source: RegistrationSource = {
      protocol: "rdap",
      server: "rdap.example",
      fetchedAt: FETCHED_AT,
      referrals: [],
    };
    const record = parseRdap(json, {
      source,
      ...(expect !== undefined && CLASSES.includes(expect)
        ? { expect: expect as RdapObjectClass }
        : {}),
      ...(name !== undefined ? { name } : {}),
    });
    // lookup.ts follows the related link inside a try: a URL that does not parse ends there.
    const related = relatedRdapUrl(json);
    const host = related !== undefined && URL.canParse(related) ? new URL(related).host : undefined;
    if (host !== undefined) mergeRegistrarRecord(record, record, host);
  },
  clean: (e) => e instanceof NotJson || dnsightError("INPUT")(e),
};
