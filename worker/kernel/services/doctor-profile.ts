import { doctorSchedule } from "../clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import type { DoctorProfileChange, DoctorRecord } from "../domain/doctor.ts";
import { AppError } from "../lib/errors.ts";
import { invalidateDoctorCaches } from "./doctor-cache.ts";

/**
 * Applies a profile change everywhere it lives. The profile is MongoDB's; the fee and whether
 * bookings are accepted are also the booking terms the doctor's Durable Object enforces, so those
 * are written there as well. MongoDB goes first (an unknown doctor is a 404 before anything is
 * written); if the Durable Object then fails the request fails, and repeating it (every step
 * sets values, none adds) brings both to the same state. Caches are invalidated last.
 */
export async function applyDoctorProfileChange(
  deps: Deps,
  doctorId: string,
  change: DoctorProfileChange,
): Promise<{ before: DoctorRecord; after: DoctorRecord }> {
  const result = unwrap(await mongoGateway(deps.env, deps.config, doctorId).updateDoctorProfile(doctorId, change));
  if (!result) throw new AppError("NOT_FOUND", "Doctor not found");
  const terms = {
    ...(change.feePaise !== undefined ? { feePaise: change.feePaise } : {}),
    ...(change.acceptingBookings !== undefined ? { acceptingBookings: change.acceptingBookings } : {}),
  };
  // A doctor without a schedule yet has no terms to change: the schedule they set later carries them.
  if (Object.keys(terms).length > 0) await doctorSchedule(deps.env, doctorId).updateBookingTerms(doctorId, terms);
  await invalidateDoctorCaches(deps, doctorId, [result.before.speciality, result.after.speciality]);
  return result;
}
