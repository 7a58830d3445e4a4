// Handlers for the domain's dates: created, updated, expires.

import { parseRegistryDate } from "../dates.js";
import type { AnswerState } from "./answer-state.js";
import type { WhoisEntry } from "./blocks.js";

type DateField = "created" | "updated" | "expires";

export const dateHandler =
  (field: DateField) =>
  (s: AnswerState, e: WhoisEntry, index: number): void => {
    // "Last updated on 2019-09-30T03:01:33Z" under a .ru answer (TCI): a prose
    // line naming no record dates the database, not the domain
    if (e.prose && /^(last )?updated? on$/.test(e.key)) return;
    // the shared reader (TLD-aware zones and day order)
    const iso = parseRegistryDate(
      e.value,
      s.dayFirst ? { ...s.dateHint, order: "dmy" } : s.dateHint,
    );
    if (iso === undefined) return;
    const record = s.record;
    // RPSL `changed:` lines are a history (RFC 2622 §3.3, ISOC-IL): in a run of
    // them right after the one that gave the date, the latest is the update
    if (e.key === "changed" && s.changedRun === index - 1) {
      s.changedRun = index;
      if (record.updated !== undefined && iso > record.updated) record.updated = iso;
      return;
    }
    if (record[field] === undefined && e.key === "changed") s.changedRun = index;
    record[field] ??= iso;
  };
