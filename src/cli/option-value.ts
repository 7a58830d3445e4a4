import { DnsightError, isDnsightError } from "../errors.js";

// The library says what is wrong with a value ("a webhook URL must be http or https");
// the command line says which option carried it. A value the library refuses as bad
// input is the user's usage error here: exit status 2, the flag named first.

/** `parse()`, with an INPUT error from it turned into a USAGE error naming `flag`. */
export function optionValue<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (isDnsightError(e) && e.code === "INPUT")
      throw new DnsightError("USAGE", `${flag}: ${e.message}`, { cause: e });
    throw e;
  }
}
