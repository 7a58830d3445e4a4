// The link to a list's next page (RFC 8288 8.2's "next" relation): the same path and
// query with `cursor` set, relative to the server, so a proxy in front keeps working.

export function nextLink(url: URL, next: string): string {
  const u = new URL(url.pathname + url.search, "http://localhost");
  u.searchParams.set("cursor", next);
  return `<${u.pathname}${u.search}>; rel="next"`;
}
