import type { Context } from "hono";
import { createRedis } from "../adapters/redis.ts";
import type { AppConfig } from "../config.ts";
import { doctorProfileCacheKey, doctorsListCacheKey } from "../domain/cache-keys.ts";
import type { Logger } from "../lib/logger.ts";
import type { AppEnv } from "../types.ts";

/**
 * Drops every Redis entry that shows this doctor: the public profile, the whole directory and the
 * directory filtered by the doctor's speciality (old and new, should it change). Awaited, so the
 * caller's next read sees the change. A Redis failure is logged, not fatal: the entries expire
 * within DOCTORS_CACHE_TTL_SECONDS. The isolate/edge cache in front adds at most
 * EDGE_CACHE_SECONDS of staleness to public reads (it is not purged).
 */
export async function invalidateDoctorCaches(
  c: Context<AppEnv>,
  doctorId: string,
  specialities: readonly string[],
): Promise<void> {
  await dropDoctorCaches(c.get("config"), c.get("log"), doctorId, specialities);
}

/** The same outside a request (the doctor's Durable Object, after it updated the profile's terms). */
export async function dropDoctorCaches(
  config: AppConfig,
  log: Logger,
  doctorId: string,
  specialities: readonly string[],
): Promise<void> {
  const keys = [
    doctorProfileCacheKey(doctorId),
    doctorsListCacheKey(undefined),
    ...new Set(specialities.map((s) => doctorsListCacheKey(s))),
  ];
  try {
    await createRedis(config).del(...keys);
  } catch (error) {
    log.warn("doctor cache invalidation failed", { doctorId, error });
  }
}
