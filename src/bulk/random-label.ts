import { randomBytes } from "node:crypto";

/** A label no zone will have by chance: 16 random base-36 characters. */
export function randomLabel(): string {
  const b = randomBytes(16);
  let s = "";
  for (const x of b) s += (x % 36).toString(36);
  return "dnsight-" + s;
}

/** The name one label up ("a.b.example." → "b.example."); undefined at a TLD or the root. */
export function parentName(name: string): string | undefined {
  // Skip an escaped dot inside the first label.
  for (let i = 0; i < name.length; i++) {
    if (name[i] === "\\") {
      i++;
      continue;
    }
    if (name[i] === ".") {
      const rest = name.slice(i + 1);
      return rest === "" || !rest.slice(0, -1).includes(".") ? undefined : rest;
    }
  }
  return undefined;
}
