import { basename, dirname } from "node:path";
import { readFileSync } from "node:fs";
import { withOptions } from "../target.js";
import { mutate, tokens } from "../mutate.js";
import { chance, int, logSize, pick, type Rng } from "../rng.js";
import { cat, fixtureFiles, hostile, repeat, type Recipe } from "./recipe.js";

// Inputs for the WHOIS target: the shared raw answers (likexian, python-whois,
// whoisdomain), cut to a window of lines and mutated, several chained the way referral
// clients print them (split-answers.ts), key/value texts built from the keys registries
// use, and hostile ones up to the client's 1 MiB cap: runs of one character after a key,
// a hundred thousand name servers, a line of colons.

const MAX = 1 << 20;

interface Answer {
  text: Buffer;
  server?: string;
  domain?: string;
}

function fixtureAnswers(): Answer[] {
  const out: Answer[] = [];
  for (const p of fixtureFiles("whois/likexian", (n) => !/\.(json|pre|md)$/.test(n))) {
    const name = basename(p);
    const tld = name.split("_")[0]!;
    out.push({
      text: readFileSync(p),
      server: `whois.nic.${tld}`,
      domain: name.slice(tld.length + 1),
    });
  }
  for (const p of fixtureFiles("whois/python-whois/whois"))
    out.push({ text: readFileSync(p), domain: basename(p) });
  for (const p of fixtureFiles("whois/whoisdomain", (n) => n === "input"))
    out.push({ text: readFileSync(p), domain: basename(dirname(p)) });
  return out;
}

/**
 * A window of a few lines (now and then the whole answer): the parse is linear in the
 * text, and a million small inputs find more than a hundred thousand whole answers.
 */
function window(text: Buffer, r: Rng, most = 14): Buffer {
  const lines = text.toString("latin1").split("\n");
  if (lines.length <= most || chance(r, 0.03)) return text;
  const n = int(r, 3, most);
  const from = int(r, 0, lines.length - n);
  return Buffer.from(lines.slice(from, from + n).join("\n"), "latin1");
}

const SEPARATORS = [
  (h: string) => `% ${h} (query "example.com")`,
  (h: string) => `# ${h}`,
  (h: string) => `[${h}]`,
  (h: string) => `Using server ${h}.`,
  (h: string) => `Found a referral to ${h}.`,
  () => ">>> Last update of WHOIS database: 2024-01-01T00:00:00Z <<<",
  () => "source:       IANA",
  () => "(failed: connection refused)",
  () => "[Querying whois.verisign-grs.com]",
];
const HOSTS = [
  "whois.iana.org",
  "whois.verisign-grs.com",
  "whois.markmonitor.com",
  "whois.nic.live",
  "whois.jprs.jp",
  "whois.kg",
];

const KEYS = [
  "Domain Name",
  "Registry Domain ID",
  "Registrar WHOIS Server",
  "Registrar URL",
  "Updated Date",
  "Creation Date",
  "Registry Expiry Date",
  "Registrar",
  "Registrar IANA ID",
  "Registrar Abuse Contact Email",
  "Registrar Abuse Contact Phone",
  "Domain Status",
  "Name Server",
  "DNSSEC",
  "Registrant Name",
  "Registrant Organization",
  "Registrant Street",
  "Registrant City",
  "Registrant Country",
  "Registrant Email",
  "Admin Contact",
  "Tech Contact",
  "nserver",
  "nic-hdl",
  "person",
  "e-mail",
  "created",
  "changed",
  "expires",
  "status",
  "domain",
  "registrar",
  "holder",
  "DNS",
  "Hostname",
  "[Registrant]",
  "[Name Server]",
  "Administrative Contact",
  "Record expires on",
  "paid-till",
  "source",
];
const VALUES = [
  "EXAMPLE.COM",
  "ns1.example.net 192.0.2.1",
  "2024-01-31T12:00:00Z",
  "30/10/2002",
  "2002.10.30",
  "clientTransferProhibited https://icann.org/epp#clientTransferProhibited",
  "REDACTED FOR PRIVACY",
  "signedDelegation",
  "12345 8 2 49FD46E6C4B45C55D4AC",
  "MarkMonitor Inc.",
  "abuse@example.com",
  "+1.5555551212",
  "NETPLANET GmbH ( https://nic.at/registrar/597 )",
  "Foo [Tag = FOO]",
  "YN47525JP",
  "ok",
  "",
  "-",
  "N/A",
];

const WHOIS_TOKENS = tokens(
  ":",
  "::",
  " : ",
  "\n",
  "\r\n",
  "\n\n",
  "\t",
  "%",
  "#",
  "[",
  "]",
  ">>> ",
  " <<<",
  "...",
  ". . .",
  "(",
  ")",
  "@",
  "Name Server:",
  "Domain Name:",
  "Registrar:",
  "source: IANA",
  "% Abuse contact for 'x' is '",
  "http://",
  "REDACTED",
  "2024-01-01",
  "\u001b$B",
  "\xff\xfe",
);

function keyValueText(r: Rng): Buffer {
  const lines: string[] = [];
  for (let n = int(r, 1, 40); n > 0; n--) {
    const key = pick(r, KEYS);
    const sep = pick(r, [": ", ":", ":\t", ".....: ", " = ", "  ", ": \t "]);
    let value = pick(r, VALUES);
    if (chance(r, 0.1))
      value =
        pick(r, ["a", " ", ":", "@", "(", ".", "-", "\t", "0"]).repeat(logSize(r, 1, 2000)) + value;
    lines.push(chance(r, 0.05) ? "" : `${chance(r, 0.2) ? "   " : ""}${key}${sep}${value}`);
  }
  return Buffer.from(lines.join(pick(r, ["\n", "\r\n"])), "latin1");
}

/** Hostile answers, sized up to the 1 MiB a WHOIS reply may be. */
const HOSTILE: Readonly<Record<string, (n: number) => Buffer>> = {
  "key then spaces": (n) => cat("Domain Name:", repeat(" ", n), "x\n"),
  "value, spaces, comment": (n) => cat("Registrant Street: a", repeat(" ", n), "#x\n"),
  "abuse contact of @": (n) => cat("% Abuse contact for 'x' is '", repeat("@", n), "'\n"),
  "name server lines": (n) => repeat("Name Server: ns1.example.com\n", n),
  "status lines": (n) => repeat("Domain Status: ok\n", n),
  "contact blocks": (n) => repeat("Registrant Name: x\n\n", n),
  colons: (n) => repeat(":", n),
  spaces: (n) => repeat(" ", n),
  "line feeds": (n) => repeat("\n", n),
  letters: (n) => repeat("a", n),
  "long domain": (n) => cat("Domain Name: ", repeat("a.", n)),
  "registrar of (": (n) => cat("Registrar: ", repeat("(", n)),
  "one line of name servers": (n) => cat("Name Server: ", repeat("ns.example.com ", n)),
  "one line of addresses": (n) => cat("Name Server: ", repeat("1.1.1.1 ", n)),
  "answer headers": (n) => repeat("# whois.example.com\nDomain Name: x.com\n", n),
  "last-update markers": (n) =>
    repeat(">>> Last update of WHOIS database: x <<<\nDomain Name: x\n", n),
  "digits date": (n) => cat("Creation Date: ", repeat("1", n)),
  "status words": (n) => cat("Domain Status: ", repeat("clientTransferProhibited ", n)),
  "dnskey digits": (n) => cat("DNSSEC: 1 3 ", repeat("A", n)),
  "handle objects": (n) => repeat("nic-hdl: H\nperson: x\n\n", n),
  backslashes: (n) => cat("Registrant Name: ", repeat("\\", n)),
  "key:key:": (n) => repeat("a:b:", n),
  "percent tabs": (n) => repeat("%\t", n),
};

export async function whoisRecipes(): Promise<Recipe[]> {
  const answers = fixtureAnswers();
  const texts = answers.map((a) => a.text);
  const opts = { dictionary: WHOIS_TOKENS, others: texts, text: true, max: MAX };
  const options = (a: Answer, r: Rng): object =>
    chance(r, 0.2)
      ? {}
      : {
          ...(a.server ? { server: a.server } : {}),
          ...(a.domain && chance(r, 0.8) ? { domain: a.domain } : {}),
        };
  return [
    {
      name: "fixture window mutated",
      weight: 55,
      make: (r) => {
        const a = pick(r, answers);
        return withOptions(options(a, r), mutate(window(a.text, r), r, opts));
      },
    },
    {
      name: "referral chain",
      weight: 15,
      make: (r) => {
        const parts: Buffer[] = [];
        for (let n = int(r, 2, 4); n > 0; n--) {
          parts.push(
            Buffer.from(pick(r, SEPARATORS)(pick(r, HOSTS)) + "\n"),
            window(pick(r, answers).text, r, 10),
          );
          if (chance(r, 0.3)) parts.push(Buffer.from(pick(r, SEPARATORS)(pick(r, HOSTS)) + "\n"));
        }
        const a = pick(r, answers);
        const text = Buffer.concat(parts);
        return withOptions(options(a, r), chance(r, 0.5) ? mutate(text, r, opts) : text);
      },
    },
    {
      name: "key/value generated",
      weight: 25,
      make: (r) =>
        withOptions(
          chance(r, 0.5) ? { domain: "example.com" } : {},
          mutate(keyValueText(r), r, opts),
        ),
    },
    {
      name: "fixture as is",
      weight: 2,
      make: (r) => {
        const a = pick(r, answers);
        return withOptions(options(a, r), a.text);
      },
    },
    ...hostile(HOSTILE, 0.2, (shape, r) =>
      withOptions({ domain: "example.com" }, shape(logSize(r, 1000, 200_000)).subarray(0, MAX)),
    ),
  ];
}
