import { createRoute, z } from "@hono/zod-openapi";
import type { DoctorListing } from "../../../durable-objects/mongo-gateway/mongo-gateway.ts";
import type { AvailabilityResult } from "../../kernel/booking/results.ts";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { cacheAside, cachedValue, createRedis } from "../../kernel/clients/redis.ts";
import { doctorProfileCacheKey, doctorsListCacheKey, slotsCacheKey } from "../../kernel/domain/cache-keys.ts";
import { type PublicDoctor, toPublicDoctor } from "../../kernel/domain/doctor.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { edgeCache } from "../middleware/edge-cache.ts";
import { json } from "../openapi/content.ts";
import { commonErrors } from "../openapi/errors.ts";
import { DoctorParams } from "../openapi/params.ts";
import { SlotsQuery, specialityFilter } from "../openapi/queries.ts";
import { routeApp } from "../openapi/route-app.ts";
import { PublicDoctorView, SlotView } from "../openapi/views.ts";

type Availability = Extract<AvailabilityResult, { ok: true }>;

const Listing = z.object({ doctors: z.array(PublicDoctorView), specialities: z.array(z.string()) });
const Slots = z.object({
  doctorId: z.string(),
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  slots: z.array(SlotView),
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["doctors"],
  summary: "The public directory (cached; X-Cache says by whom)",
  middleware: [edgeCache()] as const,
  request: { query: z.object({ speciality: specialityFilter }) },
  responses: { 200: json(Listing, "Doctors and the specialities to filter by"), ...commonErrors },
});

const profile = createRoute({
  method: "get",
  path: "/{doctorId}",
  tags: ["doctors"],
  summary: "One doctor's public profile",
  middleware: [edgeCache()] as const,
  request: { params: DoctorParams },
  responses: { 200: json(z.object({ doctor: PublicDoctorView }), "The profile"), ...commonErrors },
});

const slots = createRoute({
  method: "get",
  path: "/{doctorId}/slots",
  tags: ["doctors"],
  summary: "Free slots between two local dates (at most 31 days)",
  middleware: [edgeCache()] as const,
  request: { params: DoctorParams, query: SlotsQuery },
  responses: { 200: json(Slots, "Free slots, as UTC instants and local wall times"), ...commonErrors },
});

/**
 * The public side of doctors: directory and profiles (Redis cache-aside over MongoDB) and free
 * slots (computed by the doctor's Durable Object from its own rules and bookings, cached in a
 * Redis hash the DO deletes on every change). All cacheable briefly at the edge; a stale slot
 * list may offer a slot that is gone, and booking it still fails with SLOT_TAKEN.
 */
export const doctorsRoutes = routeApp()
  .openapi(list, async (c) => {
    const { speciality } = c.req.valid("query");
    const config = c.get("config");
    const { value, cache } = await cachedValue<DoctorListing>({
      config,
      key: doctorsListCacheKey(speciality),
      ttlSeconds: config.DOCTORS_CACHE_TTL_SECONDS,
      log: c.get("log"),
      waitUntil: (p) => c.executionCtx.waitUntil(p),
      load: async () => unwrap(await mongoGateway(c.env, config).listDoctors(speciality ? { speciality } : {})),
    });
    return c.json(value, 200, {
      // Public; its freshness is edgeCache()'s, the same for every public read.
      "Cache-Control": `public, max-age=${config.EDGE_CACHE_SECONDS}, s-maxage=${config.EDGE_CACHE_SECONDS}`,
      "X-Cache": cache,
    });
  })
  // Invalidated on every update of the doctor.
  .openapi(profile, async (c) => {
    const { doctorId } = c.req.valid("param");
    const config = c.get("config");
    const { value, cache } = await cachedValue<PublicDoctor>({
      config,
      key: doctorProfileCacheKey(doctorId),
      ttlSeconds: config.DOCTORS_CACHE_TTL_SECONDS,
      log: c.get("log"),
      waitUntil: (p) => c.executionCtx.waitUntil(p),
      load: async () => {
        const doctor = unwrap(await mongoGateway(c.env, config, doctorId).findDoctor({ id: doctorId }));
        if (!doctor) throw new AppError("NOT_FOUND", "Doctor not found");
        return toPublicDoctor(doctor);
      },
    });
    // Only briefly cacheable downstream: an update must show within EDGE_CACHE_SECONDS.
    return c.json({ doctor: value }, 200, {
      "Cache-Control": `public, max-age=${config.EDGE_CACHE_SECONDS}, s-maxage=${config.EDGE_CACHE_SECONDS}`,
      "X-Cache": cache,
    });
  })
  .openapi(slots, async (c) => {
    const { doctorId } = c.req.valid("param");
    const { from, to } = c.req.valid("query");
    const config = c.get("config");
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
        const result = await doctorSchedule(c.env, doctorId).availability(from, to);
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
  });
