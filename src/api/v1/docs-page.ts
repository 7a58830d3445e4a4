// The API's docs page, rendered on the server from the OpenAPI document: every
// operation with its parameters and answers. No script at all and no CDN: the page is
// plain HTML with one stylesheet of the same origin, every text escaped, under a
// Content-Security-Policy that allows nothing else (CSP Level 3, `default-src 'none'`).

export const DOCS_CSP =
  "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Headers of the page and its stylesheet. */
export const DOCS_HEADERS = {
  "content-security-policy": DOCS_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
section{margin:1.2rem 0;padding:.6rem 1rem;border:1px solid #ddd;border-radius:6px}
code,.m{font-family:ui-monospace,monospace}.m{font-weight:bold;text-transform:uppercase;margin-right:.5rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.2rem .5rem;border-top:1px solid #eee;vertical-align:top}
.note{color:#555}
`;

const ESC: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const esc = (s: unknown): string => String(s ?? "").replace(/[&<>"']/g, (c) => ESC[c]!);

interface Param {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: {
    type?: string;
    enum?: unknown[];
    default?: unknown;
    minimum?: number;
    maximum?: number;
  };
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Param[];
  security?: unknown[];
  responses?: Record<string, { description?: string }>;
  "x-dnsight-access"?: string;
}
export interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  servers?: Array<{ url: string }>;
  paths?: Record<string, Record<string, Operation>>;
}

function typeOf(p: Param): string {
  const s = p.schema ?? {};
  let t = s.enum ? s.enum.map(String).join(" | ") : (s.type ?? "");
  if (s.minimum !== undefined || s.maximum !== undefined)
    t += ` (${s.minimum ?? ""}..${s.maximum ?? ""})`;
  if (s.default !== undefined) t += `, default ${String(s.default)}`;
  return t;
}

function operation(base: string, path: string, method: string, op: Operation): string {
  const access = op["x-dnsight-access"];
  const who =
    access === "public"
      ? "no API key needed"
      : access === "session"
        ? "the session cookie (log in with POST /session)"
        : `acting as ${esc(access)} or above: an API key (X-API-Key) or the session cookie`;
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}${p.required ? ", required" : ""}</td>` +
        `<td>${esc(typeOf(p))}</td><td>${esc(p.description)}</td></tr>`,
    )
    .join("");
  const answers = Object.entries(op.responses ?? {})
    .map(([code, r]) => `<tr><td>${esc(code)}</td><td>${esc(r.description)}</td></tr>`)
    .join("");
  return (
    `<section><h3><span class="m">${esc(method)}</span><code>${esc(base + path)}</code></h3>` +
    `<p>${esc(op.summary)}${op.description ? ` — ${esc(op.description)}` : ""}</p>` +
    `<p class="note">${who}</p>` +
    (params
      ? `<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Meaning</th></tr>${params}</table>`
      : "") +
    `<table><tr><th>Status</th><th>Answer</th></tr>${answers}</table></section>`
  );
}

/** The page for `doc`: operations grouped by their first tag. */
export function docsPage(doc: OpenApiDoc, cssHref: string, specHref: string): string {
  const base = doc.servers?.[0]?.url ?? "";
  const groups = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? "other";
      groups.set(tag, [...(groups.get(tag) ?? []), operation(base, path, method, op)]);
    }
  const body = [...groups].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join("")}`).join("");
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(doc.info.title)}</title><link rel="stylesheet" href="${esc(cssHref)}"></head>` +
    `<body><main><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>` +
    `<p>${esc(doc.info.description)}</p>` +
    `<p>The OpenAPI 3.1 document: <a href="${esc(specHref)}"><code>${esc(specHref)}</code></a>. ` +
    `Errors are <code>application/problem+json</code> (RFC 9457).</p>${body}</main></body></html>\n`
  );
}
