// The ATT&CK ids an alert carries (DESIGN.md; ../shared/fixtures/attack/). The table
// of what each id means (name, analytic, STIX id) is detection's: detect/attack.ts.

export type TechniqueId = "T1583" | "T1583.001" | "T1584" | "T1584.001" | "T1584.002" | "T1665";

export type DataComponentId = "DC0096" | "DC0101" | "DC0103";
