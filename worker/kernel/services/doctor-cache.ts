import { createRedis } from "../clients/redis.ts";
import type { AppConfig } from "../config.ts";
import type { Deps } from "../deps.ts";
import { doctorProfileCacheKey, doctorsListCacheKey } from "../domain/cache-keys.ts";
import type { Logger } from "../lib/logger.ts";

/**
 * Drops every Redis entry that shows this doctor: the public profile, the whole directory and the
 * directory filtered by the doctor's speciality (old and new, should it change). Awaited, so the
 * caller's next read sees the change. A Redis failure is logged, not fatal: the entries expire
 * within DOCTORS_CACHE_TTL_SECONDS. The isolate/edge cache in front adds at most
 * EDGE_CACHE_SECONDS of staleness to public reads (it is not purged).
 */
export async function invalidateDoctorCaches(
  deps: Deps,
  doctorId: string,
  specialities: readonly string[],
): Promise<void> {
  await dropDoctorCaches(deps.config, deps.log, doctorId, specialities);
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
