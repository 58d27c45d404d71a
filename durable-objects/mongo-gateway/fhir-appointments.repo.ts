import type { Db, Filter } from "mongodb";
import {
  type AppointmentRecord,
  type AppointmentStatus,
  type AppointmentView,
  fromAppointmentRecord,
} from "../../worker/kernel/domain/appointment.ts";
import { collections } from "./collections.ts";

export interface ClinicAppointmentQuery {
  clinicId: string;
  /** The clinic's doctors (a detached doctor's appointments are no longer the clinic's to see). */
  doctorIds: string[];
  statuses?: AppointmentStatus[];
  patientIds?: string[];
  startGeMs?: number;
  startLtMs?: number;
  /** Continue after this (start, id), in (start, id) order. */
  after?: { startMs: number; id: string };
  limit: number;
}

export interface ClinicAppointmentPage {
  appointments: AppointmentView[];
  total: number;
}

/** Served by the clinic_start index; the count is of the whole search, not the page. */
export async function searchClinicAppointments(db: Db, q: ClinicAppointmentQuery): Promise<ClinicAppointmentPage> {
  const start: { $gte?: Date; $lt?: Date } = {};
  if (q.startGeMs !== undefined) start.$gte = new Date(q.startGeMs);
  if (q.startLtMs !== undefined) start.$lt = new Date(q.startLtMs);
  const filter: Filter<AppointmentRecord> = {
    clinicId: q.clinicId,
    doctorId: { $in: q.doctorIds },
    ...(q.statuses ? { status: { $in: q.statuses } } : {}),
    ...(q.patientIds ? { patientId: { $in: q.patientIds } } : {}),
    ...(Object.keys(start).length ? { start } : {}),
  };
  const after = q.after;
  const page: Filter<AppointmentRecord> = after
    ? {
        $and: [
          filter,
          {
            $or: [
              { start: { $gt: new Date(after.startMs) } },
              { start: new Date(after.startMs), _id: { $gt: after.id } },
            ],
          },
        ],
      }
    : filter;
  const appointments = collections(db).appointments;
  const [docs, total] = await Promise.all([
    appointments.find(page).sort({ start: 1, _id: 1 }).limit(q.limit).toArray(),
    appointments.countDocuments(filter),
  ]);
  return { appointments: docs.map(fromAppointmentRecord), total };
}
