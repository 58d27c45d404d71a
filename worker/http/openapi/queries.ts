import { z } from "@hono/zod-openapi";
import { isLocalDate } from "../../kernel/domain/schedule.ts";

const MAX_DAYS = 31;

// Not the kernel's LocalDate: schemas built before zod is extended have no `.openapi()` (see views.ts).
const LocalDate = z.string().refine(isLocalDate, "must be a real calendar date YYYY-MM-DD");

/** `from`..`to` local dates, at most MAX_DAYS days: the public and the clinic slots routes share it. */
export const SlotsQuery = z
  .object({
    from: LocalDate.openapi({ example: "2026-12-01" }),
    to: LocalDate.openapi({ example: "2026-12-07" }),
  })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "must not be before from" })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS, {
    path: ["to"],
    message: `range must be at most ${MAX_DAYS} days`,
  });

/** One local date in the doctor's zone (a doctor's day). */
export const DateQuery = z.object({ date: LocalDate.openapi({ example: "2026-12-01" }) });

/** A speciality filter on doctor lists. */
export const specialityFilter = z.string().trim().min(1).max(60).optional();
