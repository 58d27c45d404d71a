import type { AppointmentStatus } from "../domain/appointment.ts";

/** FHIR R4 Appointment.status codes this view can answer. */
export const FHIR_APPOINTMENT_STATUSES = ["pending", "booked", "fulfilled", "noshow", "cancelled"] as const;
export type FhirAppointmentStatus = (typeof FHIR_APPOINTMENT_STATUSES)[number];

/**
 * Our lifecycle in FHIR's words. A lapsed unpaid hold (expired) is a cancellation to a receiver:
 * FHIR has no "expired", and the slot is free again either way.
 */
export const FHIR_STATUS_OF: Record<AppointmentStatus, FhirAppointmentStatus> = {
  held: "pending",
  booked: "booked",
  completed: "fulfilled",
  no_show: "noshow",
  cancelled: "cancelled",
  expired: "cancelled",
};

/** The statuses of ours that a FHIR status code searches for. */
export function statusesFor(code: FhirAppointmentStatus): AppointmentStatus[] {
  return (Object.keys(FHIR_STATUS_OF) as AppointmentStatus[]).filter((s) => FHIR_STATUS_OF[s] === code);
}

export function isFhirAppointmentStatus(value: string): value is FhirAppointmentStatus {
  return (FHIR_APPOINTMENT_STATUSES as readonly string[]).includes(value);
}
