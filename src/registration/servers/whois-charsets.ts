// The charset a WHOIS server answers in when its bytes are not UTF-8 (RFC 3912
// leaves the encoding unspecified). UTF-8 is always tried first (decodeWhois), so
// an entry only matters for a reply that is not valid UTF-8, or for a 7-bit
// escape charset (ISO-2022-JP) whose bytes are valid UTF-8 and must be recognised
// by its escapes.
//
// Where each fact comes from:
// - "debian": the servers_charset_list of the Debian `whois` client 5.5.17 (Marco
//   d'Itri), read back from the table compiled into /usr/bin/whois. Every server
//   that list does not mark utf-8 is here; the utf-8 ones need no entry.
// - "older": the same list before those registries moved to UTF-8. They answer
//   UTF-8 today, but saved and mirrored replies from before are in the legacy
//   charset, and for them Latin-1 (the last resort) is certainly wrong.
//
// Names are WHATWG encoding labels (TextDecoder in Node 20, built with full ICU).

export interface CharsetFact {
  charset: string;
  source: "debian" | "older";
}

export type CharsetTable = Readonly<Record<string, CharsetFact>>;

export const WHOIS_CHARSETS: CharsetTable = {
  // JPRS and JPNIC answer in Japanese (ISO-2022-JP) unless asked with `/e`.
  "whois.jprs.jp": { charset: "iso-2022-jp", source: "debian" },
  "whois.nic.ad.jp": { charset: "iso-2022-jp", source: "debian" },
  // Kyrgyzstan: "cp1251" in the list.
  "whois.kg": { charset: "windows-1251", source: "debian" },
  // Latin-1, which is also the last resort; kept so the fact stays written down.
  "whois.ripe.net": { charset: "iso-8859-1", source: "debian" },
  "whois.registro.br": { charset: "iso-8859-1", source: "debian" },
  "whois.fi": { charset: "iso-8859-1", source: "debian" },
  "whois.nic.hu": { charset: "iso-8859-1", source: "debian" },
  "whois.isnic.is": { charset: "iso-8859-1", source: "debian" },
  "whois.dns.lu": { charset: "iso-8859-1", source: "debian" },
  "whois.norid.no": { charset: "iso-8859-1", source: "debian" },
  // KISA's Korean replies, TWNIC's Chinese ones and RIPN's Russian ones, before UTF-8.
  "whois.kr": { charset: "euc-kr", source: "older" },
  "whois.nic.or.kr": { charset: "euc-kr", source: "older" },
  "whois.twnic.net.tw": { charset: "big5", source: "older" },
  "whois.ripn.net": { charset: "koi8-r", source: "older" },
};

/** The legacy charset a server is known to answer in, or undefined (UTF-8, then Latin-1). */
export function whoisCharsetFor(
  server: string,
  table: CharsetTable = WHOIS_CHARSETS,
): string | undefined {
  return table[server.toLowerCase().replace(/\.$/, "")]?.charset;
}
