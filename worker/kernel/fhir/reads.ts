import type { Caller } from "../auth/caller.ts";
import { doctorSchedule } from "../clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import type { ClinicView } from "../domain/clinic.ts";
import { toPublicDoctor } from "../domain/doctor.ts";
import { AppError } from "../lib/errors.ts";
import { callerClinic } from "../services/clinic-access.ts";
import { getClinicAppointment } from "../services/clinic-appointments.ts";
import { isFhirId, resolveAppointmentId, resolveDoctorId, resolveSlotId } from "./ids.ts";
import { type Resource, toAppointment, toPractitioner, toSchedule, toSlot } from "./resources.ts";

export const READABLE_TYPES = ["Practitioner", "Schedule", "Slot", "Appointment"] as const;
export type ReadableType = (typeof READABLE_TYPES)[number];

const DAY = 86_400_000;

/** One answer for "not yours" and "does not exist": a read never reveals another clinic's ids. */
const notFound = (type: ReadableType) => new AppError("NOT_FOUND", `No ${type} with this id for this clinic`);

/**
 * Reads by id, with the searches' scoping: ids resolve only against the calling clinic's doctors
 * (ids.ts), and an appointment only if this clinic booked it (its doctor's Durable Object checks).
 */
export async function readResource(deps: Deps, caller: Caller, type: ReadableType, id: string): Promise<Resource> {
  if (!isFhirId(id)) throw notFound(type);
  const clinic = await callerClinic(deps, caller);
  const resource =
    type === "Appointment"
      ? await readAppointment(deps, caller, clinic, id)
      : type === "Slot"
        ? await readSlot(deps, clinic, id)
        : await readDoctor(deps, clinic, id, type);
  if (!resource) throw notFound(type);
  return resource;
}

async function readDoctor(deps: Deps, clinic: ClinicView, id: string, type: "Practitioner" | "Schedule") {
  const doctorId = resolveDoctorId(id, clinic.doctorIds);
  if (!doctorId) return null;
  const [found] = unwrap(await mongoGateway(deps.env, deps.config, clinic.id).findDoctorsByIds([doctorId]));
  if (!found) return null;
  const doctor = toPublicDoctor(found);
  return type === "Practitioner" ? toPractitioner(doctor) : toSchedule(doctor);
}

/** A slot is computed, not stored: the doctor's slot book around its start, as the search does. */
async function readSlot(deps: Deps, clinic: ClinicView, id: string) {
  const named = resolveSlotId(id, clinic.doctorIds);
  if (!named || !Number.isFinite(new Date(named.startMs + DAY).getTime())) return null;
  const from = new Date(named.startMs - DAY).toISOString().slice(0, 10);
  const to = new Date(named.startMs + DAY).toISOString().slice(0, 10);
  const book = await doctorSchedule(deps.env, named.doctorId).slotBook(from, to);
  const slot = book?.slots.find((s) => Date.parse(s.start) === named.startMs);
  return slot ? toSlot(named.doctorId, slot) : null;
}

/**
 * From the doctor's Durable Object, not MongoDB: the object is the only writer of its
 * appointments, so a read right after a booking or a change sees it (the system of record lags
 * by the queue). The object also checks that this clinic booked it.
 */
async function readAppointment(deps: Deps, caller: Caller, clinic: ClinicView, id: string) {
  const appointmentId = resolveAppointmentId(id, clinic.doctorIds);
  if (!appointmentId) return null;
  try {
    return toAppointment(await getClinicAppointment(deps, caller, appointmentId), clinic.id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}
