import type { Actor, AppointmentAction } from "../domain/appointment.ts";

/** What the Worker asks a doctor's DO to book (DoctorSchedule.book). */
export interface BookInput {
  doctorId: string;
  patientId: string;
  clinicId?: string | null;
  start: string;
  requestKey?: string | null;
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
