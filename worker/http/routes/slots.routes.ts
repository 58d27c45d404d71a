import { Hono } from "hono";
import { z } from "zod";
import type { AvailabilityResult } from "../../kernel/booking/results.ts";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { cacheAside, createRedis } from "../../kernel/clients/redis.ts";
import { slotsCacheKey } from "../../kernel/domain/cache-keys.ts";
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

type Availability = Extract<AvailabilityResult, { ok: true }>;

/**
 * Free slots of one doctor, computed by the doctor's Durable Object from its own rules and
 * bookings. Cached in Redis per doctor (a hash the DO deletes on every change) and briefly at
 * the edge. A stale answer may list a slot that is gone; booking it still fails with SLOT_TAKEN.
 */
export const slotsRoutes = new Hono<AppEnv>().get(
  "/:doctorId/slots",
  edgeCache(),
  validate("query", SlotsQuery),
  async (c) => {
    const doctorId = c.req.param("doctorId");
    const { from, to } = c.req.valid("query");
    const config = c.get("config");
    const stub = doctorSchedule(c.env, doctorId);
    const redis = createRedis(config);
    const key = slotsCacheKey(doctorId);
    const field = `${from}:${to}`;
    const { value, cache } = await cacheAside<Availability>({
      key,
      read: () => redis.hget<Availability>(key, field),
      write: async (v) => {
        const tx = redis.multi();
        tx.hset(key, { [field]: v });
        tx.expire(key, config.SLOTS_CACHE_TTL_SECONDS);
        return tx.exec();
      },
      load: async () => {
        const result = await stub.availability(from, to);
        if (!result.ok) throw new AppError("NOT_FOUND", "Doctor not found");
        return result;
      },
      log: c.get("log"),
      waitUntil: (p) => c.executionCtx.waitUntil(p),
    });
    return c.json({ doctorId, from, to, timeZone: value.timeZone, slots: value.slots }, 200, {
      "Cache-Control": `public, max-age=${config.EDGE_CACHE_SECONDS}, s-maxage=${config.EDGE_CACHE_SECONDS}`,
      "X-Cache": cache,
    });
  },
);
