import { DnsightError } from "../errors.js";
import { assertUserName } from "../store/check.js";

/** A user name from the command line as stored; USAGE, naming the rule, when it breaks it. */
export function userName(text: string): string {
  try {
    assertUserName(text);
  } catch (e) {
    throw new DnsightError("USAGE", (e as Error).message, { cause: e });
  }
  return text;
}
