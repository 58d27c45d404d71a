import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  ICalEventTransparency,
} from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { AppointmentView } from "../domain/appointment.ts";

/**
 * The calendar invite attached to appointment emails (RFC 5546 iTIP through ical-generator).
 *
 * One event per appointment: its UID is derived from the appointment id and never changes, and
 * its SEQUENCE is the appointment's version, which rises on every change (a reschedule, the
 * cancellation). A calendar that imports the messages in order therefore keeps one event that
 * follows the appointment, and drops it on the CANCEL. Times are written in the doctor's zone
 * with its VTIMEZONE (from timezones-ical-library: the IANA data compiled into JS, so it runs in
 * workerd where there is no file system to read zone files from).
 *
 * Pure: the output is a function of its input only (DTSTAMP is the appointment's updatedAt), so
 * a retried send renders the same bytes and the provider's idempotency check accepts it.
 */
export interface InviteInput {
  appointment: AppointmentView;
  doctor: { name: string; timeZone: string; address: { line1: string; line2?: string; city: string } };
  patient: { name: string; email: string };
  /** The mailbox invites come from; replies (if a client sends one) go there. */
  organizer: { name: string; email: string };
  /** Where the patient manages the appointment. */
  manageUrl: string;
}

export type InviteMethod = "REQUEST" | "CANCEL";

export interface Invite {
  method: InviteMethod;
  filename: string;
  contentType: string;
  ics: string;
}

export const UID_DOMAIN = "prescripto-edge";

export function inviteUid(appointmentId: string): string {
  return `${appointmentId}@${UID_DOMAIN}`;
}

/**
 * Which invite, if any, a patient's email carries for the appointment in this state: a REQUEST
 * while it is booked; a CANCEL once it is cancelled or expired, but only if it was ever booked
 * (an unpaid hold never put anything in the patient's calendar, so there is nothing to remove).
 */
export function inviteMethodFor(appointment: Pick<AppointmentView, "status" | "history">): InviteMethod | null {
  if (appointment.status === "booked") return "REQUEST";
  const wasBooked = appointment.history.some((h) => h.toStatus === "booked");
  if ((appointment.status === "cancelled" || appointment.status === "expired") && wasBooked) return "CANCEL";
  return null;
}

export function vtimezone(timeZone: string): string | null {
  const block = tzlib_get_ical_block(timeZone);
  const text = Array.isArray(block) ? block[0] : null;
  return typeof text === "string" && text.startsWith("BEGIN:VTIMEZONE") ? text : null;
}

export function buildInvite(input: InviteInput, method: InviteMethod): Invite {
  const { appointment, doctor, patient, organizer } = input;
  const zone = doctor.timeZone;
  const cancelled = method === "CANCEL";
  const calendar = ical({
    prodId: { company: "Prescripto", product: "Prescripto Edge", language: "EN" },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-wide zone: ical-generator would then write DTSTAMP as floating local time.
    // The event's own zone still gets its VTIMEZONE from the generator.
    timezone: { name: null, generator: vtimezone },
  });
  const address = [doctor.address.line1, doctor.address.line2, doctor.address.city].filter(Boolean).join(", ");
  calendar.createEvent({
    id: inviteUid(appointment.id),
    sequence: appointment.version,
    stamp: DateTime.fromISO(appointment.updatedAt, { zone: "utc" }),
    start: DateTime.fromISO(appointment.start, { zone }),
    end: DateTime.fromISO(appointment.end, { zone }),
    timezone: zone,
    summary: `Appointment with ${doctor.name}`,
    location: address,
    description: cancelled
      ? "This appointment has been cancelled."
      : `Appointment with ${doctor.name} at ${address}. To reschedule or cancel: ${input.manageUrl}`,
    url: input.manageUrl,
    organizer: { name: organizer.name, email: organizer.email },
    attendees: [
      {
        name: patient.name,
        email: patient.email,
        role: ICalAttendeeRole.REQ,
        // The patient chose this time; there is nothing for their calendar to accept or decline.
        status: cancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
        rsvp: false,
      },
    ],
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: cancelled ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
  });
  return {
    method,
    filename: cancelled ? "cancelled.ics" : "invite.ics",
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    ics: calendar.toString(),
  };
}
