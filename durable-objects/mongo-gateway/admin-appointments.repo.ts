import type { Db, Filter } from "mongodb";
import { type AppointmentView, fromAppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import { type AppointmentFilter, encodeCursor, type PageCursor } from "../../worker/kernel/domain/appointment-page.ts";
import { type AppointmentRecord, collections } from "./collections.ts";

export interface AppointmentPage {
  appointments: AppointmentView[];
  nextCursor: string | null;
}

/**
 * All appointments across doctors, newest start first, filtered, one page after `after`. Served by
 * the indexes doctor_start / patient_start / status_start / start_id (collections.ts).
 */
export async function listAppointments(
  db: Db,
  filter: AppointmentFilter,
  opts: { after: PageCursor | null; limit: number },
): Promise<AppointmentPage> {
  const and: Filter<AppointmentRecord>[] = [];
  if (filter.doctorId) and.push({ doctorId: filter.doctorId });
  if (filter.patientId) and.push({ patientId: filter.patientId });
  if (filter.status) and.push({ status: filter.status });
  if (filter.from) and.push({ start: { $gte: new Date(filter.from) } });
  if (filter.to) and.push({ start: { $lt: new Date(filter.to) } });
  if (opts.after) {
    const start = new Date(opts.after.start);
    and.push({ $or: [{ start: { $lt: start } }, { start, _id: { $lt: opts.after.id } }] });
  }
  const docs = await collections(db)
    .appointments.find(and.length ? { $and: and } : {})
    .sort({ start: -1, _id: -1 })
    .limit(opts.limit + 1)
    .toArray();
  const page = docs.slice(0, opts.limit).map(fromAppointmentRecord);
  const last = page[page.length - 1];
  return {
    appointments: page,
    nextCursor: docs.length > opts.limit && last ? encodeCursor({ start: last.start, id: last.id }) : null,
  };
}

/** Display names of patient accounts (deleted accounts and clinic patients have none). */
export async function patientNames(db: Db, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const users = await collections(db)
    .users.find({ _id: { $in: ids }, deletedAt: null }, { projection: { name: 1 } })
    .toArray();
  return Object.fromEntries(users.map((u) => [u._id, u.name]));
}
