import type { DataComponentId, TechniqueId } from "../model/attack.js";

// What the ATT&CK ids every alert carries (model/attack.ts) stand for (DESIGN.md;
// ../shared/fixtures/attack/): the technique, the analytic that detects it, and the
// data components each kind of evidence comes from. STIX ids are those of the
// attack-pattern objects, so an exported alert can point at the technique in the
// ATT&CK bundle.

export interface Technique {
  id: TechniqueId;
  name: string;
  analytic: string;
  stixId: string;
}

export const TECHNIQUES: Readonly<Record<TechniqueId, Technique>> = {
  T1583: {
    id: "T1583",
    name: "Acquire Infrastructure",
    analytic: "AN2027",
    stixId: "attack-pattern--0458aab9-ad42-4eac-9e22-706a95bafee2",
  },
  "T1583.001": {
    id: "T1583.001",
    name: "Acquire Infrastructure: Domains",
    analytic: "AN2024",
    stixId: "attack-pattern--40f5caa0-4cb7-4117-89fc-d421bb493df3",
  },
  T1584: {
    id: "T1584",
    name: "Compromise Infrastructure",
    analytic: "AN2017",
    stixId: "attack-pattern--7e3beebd-8bfe-4e7b-a892-e44ab06a75f9",
  },
  "T1584.001": {
    id: "T1584.001",
    name: "Compromise Infrastructure: Domains",
    analytic: "AN1995",
    stixId: "attack-pattern--f9cc4d06-775f-4ee1-b401-4e2cc0da30ba",
  },
  "T1584.002": {
    id: "T1584.002",
    name: "Compromise Infrastructure: DNS Server",
    analytic: "AN2023",
    stixId: "attack-pattern--c2f59d25-87fe-44aa-8f83-e8e59d077bf5",
  },
  // DESIGN.md names no analytic for T1665. Of the five under DET0411, AN1148 is the one
  // on domain data ("domains with suspicious WHOIS or short TTL values").
  T1665: {
    id: "T1665",
    name: "Hide Infrastructure",
    analytic: "AN1148",
    stixId: "attack-pattern--eb897572-8979-4242-a089-56f294f4c91d",
  },
};

/** Where evidence came from, as ATT&CK data components. */
export const DATA_COMPONENTS: Readonly<
  Record<"passive" | "registration" | "active", DataComponentId>
> = {
  passive: "DC0096",
  registration: "DC0101",
  active: "DC0103",
};

/** The data components' names, as ATT&CK gives them. */
export const DATA_COMPONENT_NAMES: Readonly<Record<DataComponentId, string>> = {
  DC0096: "Passive DNS",
  DC0101: "Domain Registration",
  DC0103: "Active DNS",
};
