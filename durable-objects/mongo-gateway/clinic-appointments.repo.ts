import type { Db, Filter } from "mongodb";
import { type AppointmentRecord, fromAppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import type { AppointmentSnapshot } from "../../worker/kernel/messages/sor-messages.ts";
import { collections } from "./collections.ts";

/** A clinic's appointments query, as the service built it (instants already parsed). */
export interface ClinicAppointmentsQuery {
  clinicId: string;
  /** The clinic's doctors (or the one asked for): a detached doctor's bookings are not the clinic's any more. */
  doctorIds: string[];
  status?: AppointmentRecord["status"];
  /** Start in [from, to). */
  from?: string;
  to?: string;
  updatedSince?: string;
  /** Keyset position: the (start, id) of the last row of the previous page. */
  after?: { start: string; id: string };
  limit: number;
}

/**
 * Sorted by (start, id), paged by keyset: a row inserted before the cursor never shifts the
 * following pages. Uses the clinic_start index; one extra row says whether more follow.
 */
export async function listClinicAppointments(
  db: Db,
  q: ClinicAppointmentsQuery,
): Promise<{ appointments: AppointmentSnapshot[]; more: boolean }> {
  const and: Filter<AppointmentRecord>[] = [{ clinicId: q.clinicId }, { doctorId: { $in: q.doctorIds } }];
  if (q.status) and.push({ status: q.status });
  if (q.from) and.push({ start: { $gte: new Date(q.from) } });
  if (q.to) and.push({ start: { $lt: new Date(q.to) } });
  if (q.updatedSince) and.push({ updatedAt: { $gte: new Date(q.updatedSince) } });
  if (q.after) {
    const start = new Date(q.after.start);
    and.push({ $or: [{ start: { $gt: start } }, { start, _id: { $gt: q.after.id } }] });
  }
  const docs = await collections(db)
    .appointments.find({ $and: and })
    .sort({ start: 1, _id: 1 })
    .limit(q.limit + 1)
    .toArray();
  return { appointments: docs.slice(0, q.limit).map(fromAppointmentRecord), more: docs.length > q.limit };
}
