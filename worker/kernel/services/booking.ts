import type { Caller } from "../auth/caller.ts";
import { bookingError } from "../booking/booking-errors.ts";
import type { BookingRequestKey } from "../booking/inputs.ts";
import { doctorSchedule } from "../clients/doctor-schedule.ts";
import type { Deps } from "../deps.ts";
import type { AppointmentView } from "../domain/appointment.ts";
import { clinicPatientId } from "../domain/clinic.ts";
import { AppError } from "../lib/errors.ts";
import { assertClinicDoctor } from "./clinic-access.ts";
import { underHoldCap } from "./hold-cap.ts";
import { requireLivePatient } from "./patient-accounts.ts";

/** A booking as the routes hand it over, already validated against their body schemas. */
export interface BookingRequest {
  doctorId: string;
  start: string;
  /** Admins name the patient they book for; ignored for everyone else. */
  patientId?: string | undefined;
  /** Clinics name their own reference for the patient (scoped to the clinic). */
  patientRef?: string | undefined;
  /** The Idempotency-Key: the doctor's DO decides replays in the booking's own transaction. */
  request: BookingRequestKey | null;
}

/**
 * The one way to book, for every caller. Who the patient is depends only on the caller:
 * a patient books for themself (their id from the verified token); an admin names a live patient
 * account; a clinic books for its own patient reference and only with its own doctors (any other
 * doctor is 404). The doctor's Durable Object decides; failures become AppErrors here. Holds
 * count against the patient's platform-wide cap on unpaid holds (hold-cap.ts).
 */
export async function bookAppointment(
  deps: Deps,
  caller: Caller,
  request: BookingRequest,
): Promise<{ appointment: AppointmentView; replayed: boolean }> {
  const { patientId, clinicId } = await patientOf(deps, caller, request);
  return underHoldCap(deps, patientId, async () => {
    const result = await doctorSchedule(deps.env, request.doctorId).book({
      doctorId: request.doctorId,
      patientId,
      ...(clinicId ? { clinicId } : {}),
      start: request.start,
      request: request.request,
      // A clinic settles with its patients itself and has no Checkout to pay a hold through:
      // its bookings are booked at once (patients and admins pay through Razorpay).
      paymentsEnabled: deps.config.PAYMENTS_ENABLED && caller.role !== "clinic",
      actor: { role: caller.role, id: caller.role === "clinic" && clinicId ? clinicId : caller.id },
    });
    if (!result.ok) throw bookingError(result);
    return { appointment: result.appointment, replayed: result.replayed };
  });
}

async function patientOf(
  deps: Deps,
  caller: Caller,
  request: BookingRequest,
): Promise<{ patientId: string; clinicId?: string }> {
  switch (caller.role) {
    case "patient":
      return { patientId: caller.id };
    case "admin": {
      if (!request.patientId) throw missing("patientId", "patientId is required when booking for a patient");
      await requireLivePatient(deps, request.patientId);
      return { patientId: request.patientId };
    }
    case "clinic": {
      if (!request.patientRef) throw missing("patientRef", "patientRef is required when a clinic books");
      const clinic = await assertClinicDoctor(deps, caller, request.doctorId);
      return { patientId: clinicPatientId(clinic.id, request.patientRef), clinicId: clinic.id };
    }
    default:
      throw new AppError("FORBIDDEN", "This role may not book");
  }
}

function missing(field: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { fields: [{ path: field, message: "is required" }] });
}
