import type { Actor, AppointmentAction } from "../domain/appointment.ts";

export interface BookingRequestKey {
  /** Who sent it (`role:id`): keys are the caller's own, so two callers never share one. */
  scope: string;
  key: string;
  /** SHA-256 of method, path and canonical body: the same key with another request is refused. */
  fingerprint: string;
}

/** What the Worker asks a doctor's DO to book (DoctorSchedule.book). */
export interface BookInput {
  doctorId: string;
  patientId: string;
  clinicId?: string | null;
  start: string;
  /** The caller's Idempotency-Key with its scope and the request's fingerprint; null without one. */
  request?: BookingRequestKey | null;
  /** Decided by the Worker from config: whether paid bookings start as holds. */
  paymentsEnabled: boolean;
  actor: Actor;
}

/** A change to an existing appointment (DoctorSchedule.transition); expiry is the alarm's alone. */
export interface TransitionInput {
  appointmentId: string;
  action: Exclude<AppointmentAction, "expire">;
  actor: Actor;
  reason?: string | null;
  newStart?: string;
}
