// URLs for messages: a webhook's path or query often is its credential
// (https://hooks.slack.com/services/T000/B000/XXXX), and a message goes to logs,
// terminals and alert mails. Keep what tells the reader which endpoint it was:
// that one comes out as https://hooks.slack.com/services/*/*/*.

/**
 * A path segment kept as it is: a short lower-case word ("services", "alerts",
 * "hook"). IDs and tokens have digits, capitals or length, and become "*".
 */
const PLAIN = /^[a-z][a-z_-]{0,15}$/;

/** scheme://host[:port]/path, without user info, query or fragment, secrets in the path starred. */
export function redactUrl(url: URL | string): string {
  let u: URL;
  try {
    u = typeof url === "string" ? new URL(url) : url;
  } catch {
    return "(an unreadable URL)";
  }
  const path = u.pathname
    .split("/")
    .map((s) => (s === "" || PLAIN.test(s) ? s : "*"))
    .join("/");
  return `${u.protocol}//${u.host}${path}${u.search ? "?…" : ""}`;
}
