import { z } from "@hono/zod-openapi";
import { ALERT_STATUSES, SEVERITIES, type AlertStatus } from "../../model/alert.js";
import type { Severity } from "../../model/finding.js";
import { ALERT_ACTIONS, ALERT_COMMENT_MAX, type AlertAction } from "../../store/types.js";
import { cursorParam, pageLimit, timePoint } from "./schemas.js";

// The alert as the API shows it (src/model/alert.ts), with its notes when shown
// alone, and the filters of the list.

const EvidenceSchema = z
  .object({
    source: z.string(),
    what: z.string(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    at: z.string().optional(),
    ref: z.string().optional(),
  })
  .openapi("Evidence");

export const AlertSchema = z
  .object({
    id: z.string(),
    rule: z.string().openapi({ example: "registration.locks-removed" }),
    techniques: z.array(z.string()).openapi({ example: ["T1584.002"] }),
    dataComponents: z.array(z.string()),
    analytics: z.array(z.string()),
    severity: z.enum(SEVERITIES as [Severity, ...Severity[]]),
    confidence: z.number().int(),
    entity: z.string(),
    key: z.string(),
    summary: z.string(),
    evidence: z.array(EvidenceSchema),
    firstSeen: z.string().openapi({ description: "ISO 8601 UTC" }),
    lastSeen: z.string().openapi({ description: "ISO 8601 UTC" }),
    count: z.number().int(),
    status: z.enum(ALERT_STATUSES as [AlertStatus, ...AlertStatus[]]),
  })
  .openapi("Alert");

export const AlertNoteSchema = z
  .object({
    at: z.string().openapi({ description: "ISO 8601 UTC" }),
    user: z.string().openapi({
      description:
        "Who: the session's user, the API key's user (its name for a key without one), cli:LOGIN from the CLI, dnsight when a closed alert was found again",
      example: "ann",
    }),
    action: z.enum(ALERT_ACTIONS as [AlertAction, ...AlertAction[]]),
    comment: z.string().optional(),
  })
  .openapi("AlertNote");

export const AlertDetailSchema = AlertSchema.extend({
  notes: z.array(AlertNoteSchema).openapi({ description: "Oldest first" }),
}).openapi("AlertDetail");

const comment = z.string().max(ALERT_COMMENT_MAX, {
  error: `must be at most ${ALERT_COMMENT_MAX} characters`,
});

/** The body of acknowledge and reopen: a comment if the analyst has one. */
export const NoteBody = z
  .strictObject({ comment: comment.optional().openapi({ example: "looking into it" }) })
  .openapi("AlertNoteBody");

/** The body of close: why, always. */
export const CloseBody = z
  .strictObject({
    comment: comment
      .refine((c) => c.trim() !== "", { error: "must say why (1 to 2000 characters)" })
      .openapi({ example: "benign: our CDN moved" }),
  })
  .openapi("AlertCloseBody");

/** A comma-separated list, each item checked by `item` (a regular expression). */
const list = (item: RegExp, what: string, description: string, example: string) =>
  z
    .string()
    .max(1024)
    .transform((s) => s.split(",").map((v) => v.trim()))
    .refine((vs) => vs.length <= 32 && vs.every((v) => item.test(v)), {
      message: `a comma-separated list of ${what}`,
    })
    .optional()
    .openapi({ description, example });

export const ALERTS_MAX = 500;

export const AlertListQuery = z.strictObject({
  technique: list(
    /^T\d{4}(\.\d{3})?$/i,
    "ATT&CK technique ids (T1584, T1583.001)",
    "Only these techniques (a technique takes its sub-techniques)",
    "T1584,T1583.001",
  ),
  severity: list(
    new RegExp(`^(${SEVERITIES.join("|")})$`),
    SEVERITIES.join(", "),
    "Only these severities",
    "high,critical",
  ),
  status: list(
    new RegExp(`^(${ALERT_STATUSES.join("|")})$`),
    ALERT_STATUSES.join(", "),
    "Only these statuses",
    "open",
  ),
  since: timePoint("Only alerts seen at or after this time"),
  entity: z.string().max(255).optional().openapi({ description: "Only alerts about this name" }),
  limit: pageLimit(ALERTS_MAX, 50),
  cursor: cursorParam,
});

export const AlertPageSchema = z
  .object({
    alerts: z.array(AlertSchema),
    next: z.string().optional().openapi({ description: "Pass as `cursor` for the next page" }),
    limited: z.string().optional().openapi({
      description: "Present when not every stored alert could be looked at: why",
    }),
  })
  .openapi("AlertPage");
