/**
 * A copy of a string that holds only its own characters. A slice of a large string
 * (a line cut from a chunk of a log) keeps the whole of that string alive for as
 * long as the slice lives: a key kept in a map would pin every chunk it came from.
 */
export const ownCopy = (s: string): string => Buffer.from(s, "utf16le").toString("utf16le");
