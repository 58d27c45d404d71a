import { clinicPatientId } from "./clinic.ts";

/**
 * A clinic's patient, stored in MongoDB (`clinic_patients`) under the clinic's own reference.
 * The `_id` is the same `<clinicId>:<ref>` the clinic's appointments carry as their patientId, so
 * a patient and their appointments meet without a join table, and no other clinic can name them.
 */
export interface ClinicPatientRecord {
  _id: string;
  clinicId: string;
  ref: string;
  name: string;
  email: string;
  phone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClinicPatientDetails {
  name: string;
  email: string;
  phone: string | null;
}

export interface ClinicPatientView extends ClinicPatientDetails {
  ref: string;
  /** The id the clinic's appointments carry for this patient. */
  patientId: string;
  createdAt: string;
  updatedAt: string;
}

export function toClinicPatientView(r: ClinicPatientRecord): ClinicPatientView {
  return {
    ref: r.ref,
    patientId: r._id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

export const clinicPatientRecordId = clinicPatientId;
