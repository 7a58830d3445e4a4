import { z } from "@hono/zod-openapi";
import { OBSERVATION_SOURCES } from "../../model/observation.js";
import { parseTimePoint } from "../../passive/time-fence.js";

// Shapes shared by several routes. Query parameters arrive as strings: numbers are
// coerced, flags spelled true/false, times in any form the CLI takes.

export const ObservationSchema = z
  .object({
    rrname: z.string().openapi({ example: "www.example.com" }),
    rrtype: z.string().openapi({ example: "A" }),
    rdata: z.string().openapi({ example: "192.0.2.1" }),
    bailiwick: z.string().optional().openapi({ example: "example.com" }),
    sensorId: z.string().optional(),
    timeFirst: z.number().int().openapi({ description: "Epoch seconds, first seen" }),
    timeLast: z.number().int().openapi({ description: "Epoch seconds, last seen" }),
    count: z.number().int().openapi({ description: "Sightings" }),
    source: z.enum(OBSERVATION_SOURCES as [string, ...string[]]),
  })
  .openapi("Observation");

/** A flag: true or false (also 1/0). */
export const flag = (description: string) =>
  z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1")
    .openapi({ description });

/** A point in time as the CLI takes it; kept as text, read against the request's clock. */
export const timePoint = (description: string) =>
  z
    .string()
    .max(64)
    .refine(
      (s) => {
        try {
          parseTimePoint(s);
          return true;
        } catch {
          return false;
        }
      },
      { message: "not a date (2026-03-01, 2026-03-01T12:00:00Z), epoch seconds or an age (7d)" },
    )
    .optional()
    .openapi({ description, example: "30d" });

/** `limit`: items in one page. */
export const pageLimit = (max: number, fallback: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback)
    .openapi({ description: `Items in one page (1..${max}, default ${fallback})` });

/** `cursor`: the `next` of the page before. */
export const cursorParam = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .openapi({ description: "Continue after the page whose `next` this was" });
