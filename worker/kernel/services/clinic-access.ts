import type { Caller } from "../auth/caller.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import { cachedValue, createRedis } from "../clients/redis.ts";
import type { Deps } from "../deps.ts";
import { clinicCacheKey } from "../domain/cache-keys.ts";
import { type ClinicView, toClinicView } from "../domain/clinic.ts";
import { AppError } from "../lib/errors.ts";

/** Attach/detach deletes the entry at once; the TTL only bounds a missed invalidation. */
const CLINIC_CACHE_SECONDS = 60;

/** The clinic, cached briefly in Redis (falls back to MongoDB when Redis is down). */
async function loadClinic(deps: Deps, clinicId: string): Promise<ClinicView | null> {
  const config = deps.config;
  const { value } = await cachedValue<ClinicView | { missing: true }>({
    config,
    key: clinicCacheKey(clinicId),
    ttlSeconds: CLINIC_CACHE_SECONDS,
    load: async () => {
      const clinic = unwrap(await mongoGateway(deps.env, config, clinicId).findClinic(clinicId));
      return clinic ? toClinicView(clinic) : { missing: true };
    },
    log: deps.log,
    waitUntil: (p) => deps.waitUntil(p),
  });
  return "missing" in value ? null : value;
}

/**
 * Must follow every change to a clinic's doctors. A failure is the request's failure (503): a
 * detached doctor must not stay bookable through a stale entry, so the admin retries.
 */
export async function invalidateClinic(deps: Deps, clinicId: string): Promise<void> {
  try {
    await createRedis(deps.config).del(clinicCacheKey(clinicId));
  } catch (error) {
    deps.log.warn("clinic cache invalidation failed", { clinicId, error });
    throw new AppError("DEPENDENCY_UNAVAILABLE", "The change is saved but not yet in effect everywhere; repeat it", {
      headers: { "Retry-After": "5" },
    });
  }
}

/** The calling clinic (from its API key). */
export async function callerClinic(deps: Deps, caller: Caller): Promise<ClinicView> {
  const clinicId = clinicIdOf(caller);
  const clinic = await loadClinic(deps, clinicId);
  // The key resolved a moment ago, so the clinic exists; a clinic removed since is simply gone.
  if (!clinic) throw new AppError("NOT_FOUND", "Clinic not found");
  return clinic;
}

/** A clinic acts only for its own doctors: any other doctor is 404, as if it did not exist. */
export async function assertClinicDoctor(deps: Deps, caller: Caller, doctorId: string): Promise<ClinicView> {
  const clinic = await callerClinic(deps, caller);
  if (!clinic.doctorIds.includes(doctorId)) throw new AppError("NOT_FOUND", "Doctor not found");
  return clinic;
}

/**
 * The one rule for a clinic acting on an appointment (reading, cancelling, rescheduling): only
 * while the appointment's doctor is attached to it. A clinic detached from a doctor keeps nothing
 * of that doctor's through the API, not even the bookings it made (404, as if they did not exist);
 * the doctor and the patient keep them. Which bookings are the clinic's own is the doctor's Durable
 * Object's check. Callers other than clinics pass through.
 */
export async function assertClinicMayActOn(deps: Deps, caller: Caller, doctorId: string): Promise<void> {
  if (caller.role !== "clinic") return;
  const clinic = await callerClinic(deps, caller);
  if (!clinic.doctorIds.includes(doctorId)) throw new AppError("NOT_FOUND", "Appointment not found");
}

function clinicIdOf(caller: Caller): string {
  if (caller.role !== "clinic" || !caller.clinicId) throw new AppError("FORBIDDEN", "Only clinics may call this route");
  return caller.clinicId;
}
