import type { Db } from "mongodb";
import type { ClinicPatientDetails, ClinicPatientRecord } from "../../worker/kernel/domain/clinic-patient.ts";
import { collections } from "./collections.ts";

/**
 * The `clinic_patients` collection. Every query names the clinic: a patient is only ever found
 * through the clinic that created it.
 */
export async function upsertPatient(
  db: Db,
  key: { id: string; clinicId: string; ref: string },
  details: ClinicPatientDetails,
  now: Date,
): Promise<{ patient: ClinicPatientRecord; created: boolean }> {
  const { clinicPatients } = collections(db);
  const r = await clinicPatients.updateOne(
    { _id: key.id, clinicId: key.clinicId },
    { $set: { ...details, updatedAt: now }, $setOnInsert: { clinicId: key.clinicId, ref: key.ref, createdAt: now } },
    { upsert: true },
  );
  const patient = await clinicPatients.findOne({ _id: key.id, clinicId: key.clinicId });
  if (!patient) throw new Error("clinic patient vanished right after its upsert");
  return { patient, created: r.upsertedCount === 1 };
}

export function findPatient(db: Db, clinicId: string, id: string): Promise<ClinicPatientRecord | null> {
  return collections(db).clinicPatients.findOne({ _id: id, clinicId });
}

/** By reference (index clinic_ref), after the cursor's reference; one extra row says whether more follow. */
export async function listPatients(
  db: Db,
  clinicId: string,
  opts: { afterRef?: string; limit: number },
): Promise<{ patients: ClinicPatientRecord[]; more: boolean }> {
  const docs = await collections(db)
    .clinicPatients.find({ clinicId, ...(opts.afterRef ? { ref: { $gt: opts.afterRef } } : {}) })
    .sort({ ref: 1 })
    .limit(opts.limit + 1)
    .toArray();
  return { patients: docs.slice(0, opts.limit), more: docs.length > opts.limit };
}
