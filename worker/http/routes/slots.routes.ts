import { Hono } from "hono";
import { z } from "zod";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { LocalDate } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { edgeCache } from "../middleware/edge-cache.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

const MAX_DAYS = 31;

/** `from`..`to` local dates, at most MAX_DAYS days: the public and the clinic slots routes share it. */
export const SlotsQuery = z
  .object({ from: LocalDate, to: LocalDate })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "must not be before from" })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS, {
    path: ["to"],
    message: `range must be at most ${MAX_DAYS} days`,
  });

/**
 * Free slots of one doctor, computed by the doctor's Durable Object from its own rules and
 * bookings: one RPC, cheaper than a Redis round trip and never stale, so the DO pays no cache
 * invalidation per booking. Public reads are still cached briefly in the isolate and at the
 * edge; a stale answer may list a slot that is gone, and booking it fails with SLOT_TAKEN.
 */
export const slotsRoutes = new Hono<AppEnv>().get(
  "/:doctorId/slots",
  edgeCache(),
  validate("query", SlotsQuery),
  async (c) => {
    const doctorId = c.req.param("doctorId");
    const { from, to } = c.req.valid("query");
    const config = c.get("config");
    const value = await doctorSchedule(c.env, doctorId).availability(from, to);
    if (!value.ok) throw new AppError("NOT_FOUND", "Doctor not found");
    return c.json({ doctorId, from, to, timeZone: value.timeZone, slots: value.slots }, 200, {
      "Cache-Control": `public, max-age=${config.EDGE_CACHE_SECONDS}, s-maxage=${config.EDGE_CACHE_SECONDS}`,
    });
  },
);
