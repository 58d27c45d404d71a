import type { Context } from "hono";
import { mongoGateway, unwrap } from "../adapters/mongo-gateway.ts";
import { cachedValue, createRedis } from "../adapters/redis.ts";
import { clinicCacheKey } from "../domain/cache-keys.ts";
import { type ClinicView, toClinicView } from "../domain/clinic.ts";
import { AppError } from "../lib/errors.ts";
import type { Caller } from "../middleware/auth.ts";
import type { AppEnv } from "../types.ts";

/** Attach/detach deletes the entry at once; the TTL only bounds a missed invalidation. */
const CLINIC_CACHE_SECONDS = 60;

/** The clinic, cached briefly in Redis (falls back to MongoDB when Redis is down). */
export async function loadClinic(c: Context<AppEnv>, clinicId: string): Promise<ClinicView | null> {
  const config = c.get("config");
  const { value } = await cachedValue<ClinicView | { missing: true }>({
    config,
    key: clinicCacheKey(clinicId),
    ttlSeconds: CLINIC_CACHE_SECONDS,
    load: async () => {
      const clinic = unwrap(await mongoGateway(c.env, config, clinicId).findClinic(clinicId));
      return clinic ? toClinicView(clinic) : { missing: true };
    },
    log: c.get("log"),
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  });
  return "missing" in value ? null : value;
}

/**
 * Must follow every change to a clinic's doctors. A failure is the request's failure (503): a
 * detached doctor must not stay bookable through a stale entry, so the admin retries.
 */
export async function invalidateClinic(c: Context<AppEnv>, clinicId: string): Promise<void> {
  try {
    await createRedis(c.get("config")).del(clinicCacheKey(clinicId));
  } catch (error) {
    c.get("log").warn("clinic cache invalidation failed", { clinicId, error });
    throw new AppError("DEPENDENCY_UNAVAILABLE", "The change is saved but not yet in effect everywhere; repeat it", {
      headers: { "Retry-After": "5" },
    });
  }
}

/** The calling clinic (from its API key). */
export async function callerClinic(c: Context<AppEnv>): Promise<ClinicView> {
  const clinicId = clinicIdOf(c.get("caller"));
  const clinic = await loadClinic(c, clinicId);
  // The key resolved a moment ago, so the clinic exists; a clinic removed since is simply gone.
  if (!clinic) throw new AppError("NOT_FOUND", "Clinic not found");
  return clinic;
}

/** A clinic acts only for its own doctors: any other doctor is 404, as if it did not exist. */
export async function assertClinicDoctor(c: Context<AppEnv>, doctorId: string): Promise<ClinicView> {
  const clinic = await callerClinic(c);
  if (!clinic.doctorIds.includes(doctorId)) throw new AppError("NOT_FOUND", "Doctor not found");
  return clinic;
}

function clinicIdOf(caller: Caller): string {
  if (caller.role !== "clinic" || !caller.clinicId) throw new AppError("FORBIDDEN", "Only clinics may call this route");
  return caller.clinicId;
}
