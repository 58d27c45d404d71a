import type { Caller } from "../auth/caller.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import {
  type ClinicPatientDetails,
  type ClinicPatientView,
  clinicPatientRecordId,
  toClinicPatientView,
} from "../domain/clinic-patient.ts";
import { decodeCursor, encodeCursor, PatientCursor } from "../domain/cursor.ts";
import { AppError } from "../lib/errors.ts";
import { callerClinic } from "./clinic-access.ts";

/**
 * A clinic's patients, by the clinic's own reference. Every call is scoped to the calling key's
 * clinic: another clinic's reference is simply not found. Nothing here logs a patient's details.
 */
export async function putClinicPatient(
  deps: Deps,
  caller: Caller,
  ref: string,
  details: ClinicPatientDetails,
): Promise<{ patient: ClinicPatientView; created: boolean }> {
  const clinic = await callerClinic(deps, caller);
  const id = clinicPatientRecordId(clinic.id, ref);
  const { patient, created } = unwrap(
    await mongoGateway(deps.env, deps.config, clinic.id).upsertClinicPatient({ id, clinicId: clinic.id, ref }, details),
  );
  return { patient: toClinicPatientView(patient), created };
}

export async function getClinicPatient(deps: Deps, caller: Caller, ref: string): Promise<ClinicPatientView> {
  const clinic = await callerClinic(deps, caller);
  const found = unwrap(
    await mongoGateway(deps.env, deps.config, clinic.id).findClinicPatient(
      clinic.id,
      clinicPatientRecordId(clinic.id, ref),
    ),
  );
  if (!found) throw new AppError("NOT_FOUND", "Patient not found");
  return toClinicPatientView(found);
}

export async function listClinicPatients(
  deps: Deps,
  caller: Caller,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ patients: ClinicPatientView[]; nextCursor: string | null }> {
  const clinic = await callerClinic(deps, caller);
  const after = page.cursor ? decodeCursor(page.cursor, PatientCursor) : undefined;
  if (after === null) throw badCursor();
  const { patients, more } = unwrap(
    await mongoGateway(deps.env, deps.config, clinic.id).listClinicPatients(clinic.id, {
      ...(after ? { afterRef: after.r } : {}),
      limit: page.limit,
    }),
  );
  const last = patients.at(-1);
  return {
    patients: patients.map(toClinicPatientView),
    nextCursor: more && last ? encodeCursor({ r: last.ref }) : null,
  };
}

export function badCursor(): AppError {
  return new AppError("VALIDATION_FAILED", "The cursor is not one this API returned", {
    fields: [{ path: "cursor", message: "must be a nextCursor from a previous page" }],
  });
}
