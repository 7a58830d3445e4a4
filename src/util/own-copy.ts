/**
 * A copy of a string that holds only its own characters. A slice of a large string
 * (a line cut from a chunk of a log) keeps the whole of that string alive for as
 * long as the slice lives: a key kept in a map would pin every chunk it came from.
 * Through UTF-8 an ASCII string comes back one byte a character; a string with a
 * surrogate, which could be a lone one UTF-8 cannot carry, goes through UTF-16.
 */
export const ownCopy = (s: string): string =>
  SURROGATE.test(s)
    ? Buffer.from(s, "utf16le").toString("utf16le")
    : Buffer.from(s, "utf8").toString("utf8");

const SURROGATE = /[\uD800-\uDFFF]/;
