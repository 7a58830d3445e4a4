import { readFileSync } from "node:fs";
import { urlFromRoot } from "./package-root.js";

/** The package version, read once from package.json beside dist/ or src/. */
export const VERSION: string = (
  JSON.parse(readFileSync(urlFromRoot("package.json"), "utf8")) as {
    version: string;
  }
).version;
