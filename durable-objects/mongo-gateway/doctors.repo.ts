import type { Db } from "mongodb";
import type { DoctorProfileChange, DoctorRecord } from "../../worker/kernel/domain/doctor.ts";
import { collections } from "./collections.ts";

/**
 * The `doctors` collection beyond the public listing: onboarding, the admin views and the
 * doctor's own profile updates. Plain functions over a Db, called by the gateway.
 */
export type InsertDoctorResult = { created: true } | { duplicate: "id" | "email" | "slug" };

export async function insertDoctor(db: Db, record: DoctorRecord): Promise<InsertDoctorResult> {
  const { doctors } = collections(db);
  try {
    await doctors.insertOne(record);
    return { created: true };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    // Which unique index refused it, read back rather than parsed from a server-specific message.
    const clash = await doctors.findOne(
      { $or: [{ _id: record._id }, { email: record.email }, { slug: record.slug }] },
      { projection: { _id: 1, email: 1, slug: 1 } },
    );
    if (clash?.email === record.email) return { duplicate: "email" };
    if (clash?._id === record._id) return { duplicate: "id" };
    return { duplicate: "slug" };
  }
}

export function findDoctorById(db: Db, doctorId: string): Promise<DoctorRecord | null> {
  return collections(db).doctors.findOne({ _id: doctorId });
}

export function findDoctorByEmail(db: Db, email: string): Promise<DoctorRecord | null> {
  return collections(db).doctors.findOne({ email });
}

export async function isDoctorSlugTaken(db: Db, slug: string): Promise<boolean> {
  return (await collections(db).doctors.countDocuments({ slug }, { limit: 1 })) > 0;
}

export function findDoctorsByIds(db: Db, ids: string[]): Promise<DoctorRecord[]> {
  return collections(db)
    .doctors.find({ _id: { $in: ids } })
    .sort({ name: 1 })
    .toArray();
}

export function listDoctors(db: Db, opts: { limit: number; speciality?: string }): Promise<DoctorRecord[]> {
  return collections(db)
    .doctors.find(opts.speciality ? { speciality: opts.speciality } : {})
    .sort({ name: 1 })
    .limit(opts.limit)
    .toArray();
}

/** Only for undoing an onboarding whose later steps failed; the caller checks it is its own record. */
export async function deleteDoctor(db: Db, doctorId: string, email: string): Promise<boolean> {
  return (await collections(db).doctors.deleteOne({ _id: doctorId, email })).deletedCount === 1;
}

/** Sets exactly the given profile fields; returns the record as it was before and after, or null when there is no such doctor. */
export async function updateDoctorProfile(
  db: Db,
  doctorId: string,
  change: DoctorProfileChange,
  now: Date,
): Promise<{ before: DoctorRecord; after: DoctorRecord } | null> {
  const set: DoctorProfileChange & { updatedAt: Date } = { updatedAt: now };
  if (change.feePaise !== undefined) set.feePaise = change.feePaise;
  if (change.about !== undefined) set.about = change.about;
  if (change.acceptingBookings !== undefined) set.acceptingBookings = change.acceptingBookings;
  if (change.photoUrl !== undefined) set.photoUrl = change.photoUrl;
  // Rebuilt without undefined members: the driver would store those as null.
  if (change.address !== undefined) {
    const { line1, line2, city } = change.address;
    set.address = { line1, ...(line2 ? { line2 } : {}), city };
  }
  const before = await collections(db).doctors.findOneAndUpdate(
    { _id: doctorId },
    { $set: set },
    { returnDocument: "before" },
  );
  return before ? { before, after: { ...before, ...set } } : null;
}

/**
 * Copies the booking terms a doctor's Durable Object enforces onto the profile, guarded by the
 * schedule version they came with: an older version never overwrites a newer one, so retries and
 * reordered deliveries converge. Returns the doctor's speciality when the profile changed (its
 * caches must go), null when there is no such doctor or a newer version is already there.
 */
export async function syncBookingTerms(
  db: Db,
  doctorId: string,
  terms: { feePaise: number; acceptingBookings: boolean },
  version: number,
  now: Date,
): Promise<{ speciality: string } | null> {
  const after = await collections(db).doctors.findOneAndUpdate(
    { _id: doctorId, $or: [{ termsVersion: { $exists: false } }, { termsVersion: { $lt: version } }] },
    {
      $set: {
        feePaise: terms.feePaise,
        acceptingBookings: terms.acceptingBookings,
        termsVersion: version,
        updatedAt: now,
      },
    },
    { returnDocument: "after" },
  );
  return after ? { speciality: after.speciality } : null;
}
