// Text from outside (a names file, a WHOIS reply, a DNS name) on its way to a
// terminal: control characters could move the cursor, clear the screen or set the
// title, so they are shown as \xNN escapes instead. C0, DEL and C1 are escaped;
// everything else, non-ASCII letters included, is printed as it is.

const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** True when `text` holds a control character (a tab included). */
export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(text);
  CONTROL.lastIndex = 0;
  return found;
}
