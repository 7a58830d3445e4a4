import { dnsRdataRecipes, dnsWireRecipes, rdataTextRecipes } from "./dns.js";
import type { RecipeFactory } from "./recipe.js";

/** Each target's input recipes, by target name (bench/fuzz/targets). */
export const RECIPES: Readonly<Record<string, RecipeFactory>> = {
  "dns-wire": dnsWireRecipes,
  "dns-rdata": dnsRdataRecipes,
  "rdata-text": rdataTextRecipes,
};
