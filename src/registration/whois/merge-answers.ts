import type { RegistrationRecord } from "../../model/registration.js";
import { mergeRegistrarRecord } from "../rdap/merge.js";
import { referralIn } from "../servers/whois-servers.js";
import { isIanaAnswer, type WhoisAnswer } from "./split-answers.js";

// Several parsed answers about one domain become one record, the way a live
// lookup merges its hops (lookup.ts): IANA's answer is about the TLD and is left
// out; the first answer left is the registry's and leads; each registered answer
// after it is a registrar's and fills what the registry lacks.

export interface ParsedAnswer {
  answer: WhoisAnswer;
  record: RegistrationRecord;
}

export function mergeAnswers(parsed: ParsedAnswer[]): RegistrationRecord {
  const about = parsed.filter((p) => !isIanaAnswer(p.answer));
  // Only IANA spoke (a TLD asked about, or a referral that was not followed).
  const [first, ...rest] = about.length > 0 ? about : parsed;
  if (first === undefined) throw new RangeError("mergeAnswers: no answer");
  let record = first.record;
  let previous = first;
  for (const next of rest) {
    if (next.record.status === "registered") {
      // The server that gave it: its header, else the referral the answer before made.
      const server =
        next.answer.server ??
        referralIn(previous.answer.text, previous.answer.server)?.host ??
        next.record.source.server;
      record = mergeRegistrarRecord(record, next.record, server);
    }
    previous = next;
  }
  return record;
}
