import type { Caller } from "../auth/caller.ts";
import { bookingError } from "../booking/booking-errors.ts";
import { scheduleOfAppointment } from "../clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import type { AppointmentStatus, AppointmentView } from "../domain/appointment.ts";
import { AppointmentCursor, decodeCursor, encodeCursor } from "../domain/cursor.ts";
import { AppError } from "../lib/errors.ts";
import { assertClinicMayActOn, callerClinic } from "./clinic-access.ts";
import { badCursor } from "./clinic-patients.ts";

export interface ClinicAppointmentsFilter {
  doctorId?: string | undefined;
  status?: AppointmentStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  updatedSince?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * The clinic's appointments from the system of record (MongoDB), so they lag the doctors' Durable
 * Objects by the queue's delay; `updatedSince` lets a clinic poll for changes. Only appointments the
 * clinic booked with doctors still attached to it (the rule in clinic-access.ts); a doctor that is
 * not the clinic's is 404, as everywhere in the clinic API.
 */
export async function listClinicAppointments(
  deps: Deps,
  caller: Caller,
  filter: ClinicAppointmentsFilter,
): Promise<{ appointments: AppointmentView[]; nextCursor: string | null }> {
  const clinic = await callerClinic(deps, caller);
  if (filter.doctorId && !clinic.doctorIds.includes(filter.doctorId)) {
    throw new AppError("NOT_FOUND", "Doctor not found");
  }
  const after = filter.cursor ? decodeCursor(filter.cursor, AppointmentCursor) : undefined;
  if (after === null) throw badCursor();
  const doctorIds = filter.doctorId ? [filter.doctorId] : clinic.doctorIds;
  if (doctorIds.length === 0) return { appointments: [], nextCursor: null };
  const { appointments, more } = unwrap(
    await mongoGateway(deps.env, deps.config, clinic.id).listClinicAppointments({
      clinicId: clinic.id,
      doctorIds,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
      ...(filter.updatedSince ? { updatedSince: filter.updatedSince } : {}),
      ...(after ? { after: { start: after.s, id: after.i } } : {}),
      limit: filter.limit,
    }),
  );
  const last = appointments.at(-1);
  return { appointments, nextCursor: more && last ? encodeCursor({ s: last.start, i: last.id }) : null };
}

/** One of the clinic's appointments, straight from its doctor's Durable Object (authoritative). */
export async function getClinicAppointment(deps: Deps, caller: Caller, id: string): Promise<AppointmentView> {
  const { stub, doctorId } = scheduleOfAppointment(deps.env, id);
  await assertClinicMayActOn(deps, caller, doctorId);
  const appointment = await stub.get(id, { role: "clinic", id: clinicIdOf(caller) });
  if (!appointment) throw new AppError("NOT_FOUND", "Appointment not found");
  return appointment;
}

/**
 * Cancels or reschedules one of the clinic's appointments. The doctor's Durable Object checks that
 * the clinic booked it (another clinic's is 404, never 403) and applies the doctor's notice period.
 */
export async function changeClinicAppointment(
  deps: Deps,
  caller: Caller,
  id: string,
  change:
    | { action: "cancel"; reason?: string | undefined }
    | { action: "reschedule"; start: string; reason?: string | undefined },
): Promise<AppointmentView> {
  const { stub, doctorId } = scheduleOfAppointment(deps.env, id);
  await assertClinicMayActOn(deps, caller, doctorId);
  const result = await stub.transition({
    appointmentId: id,
    action: change.action,
    actor: { role: "clinic", id: clinicIdOf(caller) },
    reason: change.reason ?? null,
    ...(change.action === "reschedule" ? { newStart: change.start } : {}),
  });
  if (!result.ok) throw bookingError(result);
  return result.appointment;
}

function clinicIdOf(caller: Caller): string {
  if (caller.role !== "clinic" || !caller.clinicId) throw new AppError("FORBIDDEN", "Only clinics may call this route");
  return caller.clinicId;
}
