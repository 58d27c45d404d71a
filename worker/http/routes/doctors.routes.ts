import { Hono } from "hono";
import { z } from "zod";
import type { DoctorListing } from "../../../durable-objects/mongo-gateway/mongo-gateway.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { cachedValue } from "../../kernel/clients/redis.ts";
import { isDoctorId } from "../../kernel/domain/appointment.ts";
import { doctorProfileCacheKey, doctorsListCacheKey } from "../../kernel/domain/cache-keys.ts";
import { type PublicDoctor, toPublicDoctor } from "../../kernel/domain/doctor.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { edgeCache } from "../middleware/edge-cache.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

const ListQuery = z.object({
  speciality: z.string().trim().min(1).max(60).optional(),
});

/** Public doctor directory and profiles. Served from Redis (cache-aside over MongoDB) and cacheable at the edge. */
export const doctorsRoutes = new Hono<AppEnv>()
  .get("/", edgeCache(), validate("query", ListQuery), async (c) => {
    const { speciality } = c.req.valid("query");
    const config = c.get("config");
    const key = doctorsListCacheKey(speciality);
    const { value, cache } = await cachedValue<DoctorListing>({
      config,
      key,
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
  // One doctor's public profile (never the email or other private fields); invalidated on every update.
  .get("/:doctorId", edgeCache(), async (c) => {
    const doctorId = c.req.param("doctorId");
    if (!isDoctorId(doctorId)) throw new AppError("NOT_FOUND", "Doctor not found");
    const config = c.get("config");
    const key = doctorProfileCacheKey(doctorId);
    const { value, cache } = await cachedValue<PublicDoctor>({
      config,
      key,
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
  });
