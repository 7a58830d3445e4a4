import type { NetworkBlock } from "../../model/registration.js";
import { rangeToCidrs } from "../../net/ip-number.js";
import { LIMITS, Truncation } from "../limits.js";
import { countryCode, toRole, type RdapEntity } from "./entities.js";

// The RIR side of an RDAP answer (RFC 9083 §5.4 ip network, §5.5 autnum): the
// range, its name and type, the country and the holder's organisation. ARIN puts
// no country on the network, only in the registrant's address; that is used then.

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
const objects = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null)
    : [];

function cidr0(json: Record<string, unknown>, cut: Truncation): string[] {
  return cut.keep("cidrs", objects(json.cidr0_cidrs), LIMITS.cidrs).flatMap((c) => {
    const prefix = str(c.v4prefix) ?? str(c.v6prefix);
    return prefix && typeof c.length === "number" ? [`${prefix}/${c.length}`] : [];
  });
}

function holder(entities: readonly RdapEntity[]): RdapEntity | undefined {
  return entities.find((e) => e.roles.some((r) => toRole(r) === "registrant"));
}

/** The network block of an "ip network" or "autnum" response; undefined without a range. */
export function networkFrom(
  json: Record<string, unknown>,
  kind: "ip" | "asn",
  entities: readonly RdapEntity[],
  cut = new Truncation(),
): NetworkBlock | undefined {
  let block: NetworkBlock;
  if (kind === "asn") {
    const { startAutnum: s, endAutnum: e } = json;
    if (typeof s !== "number") return undefined;
    block = { kind, start: `AS${s}`, end: `AS${typeof e === "number" ? e : s}`, cidrs: [] };
  } else {
    const start = str(json.startAddress);
    const end = str(json.endAddress);
    if (!start || !end) return undefined;
    const cidrs = cidr0(json, cut);
    block = { kind, start, end, cidrs: cidrs.length > 0 ? cidrs : rangeToCidrs(start, end) };
  }
  const owner = holder(entities);
  const country = str(json.country) ?? owner?.card.adr?.country;
  const set = (k: Exclude<keyof NetworkBlock, "kind" | "start" | "end" | "cidrs">, v?: string) => {
    if (v !== undefined) block[k] = v;
  };
  set("handle", str(json.handle));
  set("name", str(json.name));
  set("type", str(json.type));
  set("parentHandle", str(json.parentHandle));
  set("organization", owner?.card.org ?? owner?.card.fn);
  set("country", country === undefined ? undefined : countryCode(country));
  return block;
}
