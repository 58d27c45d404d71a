import { normalizeEmail } from "../auth/password-policy.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import type { AppointmentStatus, AppointmentView } from "../domain/appointment.ts";
import { type AppointmentFilter, decodeCursor } from "../domain/appointment-page.ts";
import { AppError } from "../lib/errors.ts";

export interface AdminAppointmentQuery {
  doctorId?: string;
  /** A patient's email (their account is looked up) or a patient id as stored (incl. clinic patients). */
  patient?: string;
  status?: AppointmentStatus;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

export interface AdminAppointmentPage {
  appointments: AppointmentView[];
  nextCursor: string | null;
  /** Names of the page's patient accounts, by id (none for clinic patients or deleted accounts). */
  patients: Record<string, string>;
}

/** Every doctor's appointments from MongoDB for the admin console (seconds behind the doctors' objects). */
export async function listAdminAppointments(deps: Deps, q: AdminAppointmentQuery): Promise<AdminAppointmentPage> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  if (q.cursor && !after) {
    throw new AppError("VALIDATION_FAILED", "The cursor is not one this API handed out", {
      fields: [{ path: "cursor", message: "is not a cursor from a previous page" }],
    });
  }
  const gateway = mongoGateway(deps.env, deps.config);
  let patientId = q.patient;
  if (q.patient?.includes("@")) {
    const user = unwrap(await gateway.findUserByEmail(normalizeEmail(q.patient)));
    if (!user) return { appointments: [], nextCursor: null, patients: {} };
    patientId = user._id;
  }
  const filter: AppointmentFilter = {
    ...(q.doctorId ? { doctorId: q.doctorId } : {}),
    ...(patientId ? { patientId } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  };
  const page = unwrap(await gateway.listAppointments(filter, { after, limit: q.limit }));
  const patients = await patientNames(deps, page.appointments);
  return { ...page, patients };
}

/**
 * Display names for the patients of some appointments. Best effort: names are a convenience on
 * views whose source of truth is elsewhere (a doctor's day comes from their object), so MongoDB
 * being unavailable leaves them out rather than failing the view.
 */
export async function patientNames(deps: Deps, appointments: { patientId: string }[]): Promise<Record<string, string>> {
  const ids = [...new Set(appointments.map((a) => a.patientId).filter((id) => !id.includes(":")))];
  if (ids.length === 0) return {};
  const result = await mongoGateway(deps.env, deps.config).patientNames(ids);
  if (!result.ok) {
    deps.log.warn("patient names unavailable", { count: ids.length });
    return {};
  }
  return result.value;
}
