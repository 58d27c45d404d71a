import { hashPassword } from "../auth/passwords.ts";
import { doctorSchedule } from "../clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import { base36 } from "../domain/clinic.ts";
import { type DoctorRecord, doctorIdFromSlug, doctorSlug } from "../domain/doctor.ts";
import type { ScheduleSettingsInput } from "../domain/schedule.ts";
import { newUserId, type UserRecord } from "../domain/user.ts";
import { AppError } from "../lib/errors.ts";
import { invalidateDoctorCaches } from "./doctor-cache.ts";

export interface OnboardingInput {
  name: string;
  email: string;
  password: string;
  speciality: string;
  degree: string;
  experienceYears: number;
  about: string;
  feePaise: number;
  address: DoctorRecord["address"];
  timeZone: string;
  acceptingBookings: boolean;
  /** The weekly schedule without what the profile already says (zone, fee, accepting bookings). */
  schedule?: Omit<ScheduleSettingsInput, "timeZone" | "feePaise" | "acceptingBookings">;
}

export interface Onboarded {
  doctor: DoctorRecord;
  userId: string;
  scheduleVersion: number | null;
  /** True when this request finished an earlier attempt for the same email that had failed midway. */
  resumed: boolean;
}

const emailTaken = () =>
  new AppError("EMAIL_TAKEN", "An account with this email already exists", {
    fields: [{ path: "email", message: "is already registered" }],
  });

/**
 * Onboards a doctor: a login account (users), the schedule in the doctor's Durable Object and the
 * doctor record (doctors), in that order. MongoDB has no multi-document transaction here
 * (FerretDB), so the doctor record is the commit point: until it exists the doctor is not listed,
 * has no profile and cannot be found by anyone.
 *
 * - The account comes first and claims the email (unique index); it also fixes the doctor id, so
 *   a repeated request after a failure finds it ("pending": a doctor account whose doctor record
 *   does not exist) and resumes with the same ids instead of creating a second doctor.
 * - If a later step fails, what this request wrote is undone (the schedule discarded, the account
 *   deleted); if even that fails, the pending account stays and the next attempt resumes it.
 * - A doctor record already holding the email, or any other account with it: 409 EMAIL_TAKEN.
 *
 * Doctor ids are the name's slug plus a random suffix, so two doctors with one name never clash
 * (a retry reuses the suffix through the pending account).
 */
export async function onboardDoctor(deps: Deps, input: OnboardingInput): Promise<Onboarded> {
  const config = deps.config;
  const log = deps.log;
  const gateway = mongoGateway(deps.env, config, input.email);
  const passwordHash = await hashPassword(input.password, config.PASSWORD_KDF_ITERATIONS);

  const [doctorLookup, userLookup] = await Promise.all([
    gateway.findDoctor({ email: input.email }),
    gateway.findUserByEmail(input.email),
  ]);
  const doctorWithEmail = unwrap(doctorLookup);
  const userWithEmail = unwrap(userLookup);
  if (doctorWithEmail) throw emailTaken();

  let userId: string;
  let doctorId: string;
  let resumed = false;
  const now = new Date();
  if (userWithEmail) {
    const pendingDoctorId = userWithEmail.role === "doctor" && !userWithEmail.deletedAt ? userWithEmail.doctorId : null;
    if (!pendingDoctorId || unwrap(await gateway.findDoctor({ id: pendingDoctorId }))) throw emailTaken();
    userId = userWithEmail._id;
    doctorId = pendingDoctorId;
    resumed = true;
    // This request's password and name are the ones the admin will hand over.
    if (!unwrap(await gateway.updateUser(userId, { name: input.name, passwordHash }))) throw emailTaken();
  } else {
    userId = newUserId();
    doctorId = doctorIdFromSlug(doctorSlug(input.name, base36(crypto.getRandomValues(new Uint8Array(6)))));
    const account: UserRecord = {
      _id: userId,
      email: input.email,
      name: input.name,
      phone: null,
      role: "doctor",
      doctorId,
      passwordHash,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    // Another request (a registration, a parallel onboarding) took the email since we looked.
    if (!("created" in unwrap(await gateway.createUser(account)))) throw emailTaken();
  }

  const schedule = doctorSchedule(deps.env, doctorId);
  const record: DoctorRecord = {
    _id: doctorId,
    slug: doctorId.slice("doc_".length),
    name: input.name,
    email: input.email,
    speciality: input.speciality,
    degree: input.degree,
    experienceYears: input.experienceYears,
    about: input.about,
    feePaise: input.feePaise,
    currency: "INR",
    address: input.address,
    timeZone: input.timeZone,
    photoUrl: null,
    acceptingBookings: input.acceptingBookings,
    userId,
    createdAt: now,
    updatedAt: now,
  };
  let scheduleVersion: number | null = null;
  try {
    if (input.schedule) {
      // No profile to wait for yet: the record inserted next carries the same terms.
      const configured = await schedule.configure(
        doctorId,
        {
          ...input.schedule,
          timeZone: input.timeZone,
          feePaise: input.feePaise,
          acceptingBookings: input.acceptingBookings,
        },
        { waitForProfileMs: 0 },
      );
      scheduleVersion = configured.version;
    }
    const inserted = unwrap(await gateway.insertDoctor(record));
    if (!("created" in inserted)) {
      // "email": a parallel request for the same onboarding committed first; the account and the
      // schedule are its own now, so nothing is undone. Anything else cannot happen with a random
      // suffix, short of a collision: treat it as a failure and undo.
      if (inserted.duplicate === "email") throw emailTaken();
      throw new Error(`doctor ${inserted.duplicate} collision`);
    }
  } catch (error) {
    if (!(error instanceof AppError && error.code === "EMAIL_TAKEN")) {
      await undo(deps, { doctorId, userId, discardSchedule: input.schedule !== undefined });
    }
    throw error;
  }

  await invalidateDoctorCaches(deps, doctorId, [record.speciality]);
  log.info("doctor onboarded", { doctorId, userId, resumed });
  return { doctor: record, userId, scheduleVersion, resumed };
}

/** Best effort: a failure here leaves a pending account, which the next attempt resumes. */
async function undo(deps: Deps, what: { doctorId: string; userId: string; discardSchedule: boolean }): Promise<void> {
  const log = deps.log;
  try {
    if (what.discardSchedule) await doctorSchedule(deps.env, what.doctorId).discard(what.doctorId);
    unwrap(await mongoGateway(deps.env, deps.config, what.userId).deleteUser(what.userId));
    log.warn("doctor onboarding undone", { doctorId: what.doctorId, userId: what.userId });
  } catch (error) {
    log.warn("doctor onboarding left pending; repeating the request resumes it", {
      doctorId: what.doctorId,
      userId: what.userId,
      error,
    });
  }
}
