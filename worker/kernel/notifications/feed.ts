import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import type { AppointmentView } from "../domain/appointment.ts";
import { inviteUid, vtimezone } from "./invite.ts";

/**
 * A person's calendar feed (a subscription URL): their appointments as iCalendar, each event with
 * the same UID and SEQUENCE as the invites in the emails, so a calendar holding both keeps one
 * event per appointment. Only appointments that are (or were) really happening: booked,
 * completed, no-show; cancelled and unpaid ones drop out, which a subscribed calendar takes as
 * removal. Nothing about anyone but the owner: a doctor's feed names no patients (the URL is a
 * bearer secret that may end up in a shared calendar). Pure.
 */
export interface FeedDoctor {
  id: string;
  name: string;
  timeZone: string;
  address: { line1: string; line2?: string; city: string };
}

export const FEED_STATUSES = ["booked", "completed", "no_show"] as const;

export function buildFeed(input: {
  owner: "patient" | "doctor";
  appointments: readonly AppointmentView[];
  doctors: readonly FeedDoctor[];
  appBaseUrl: string;
}): string {
  const calendar = ical({
    prodId: { company: "Prescripto", product: "Prescripto Edge", language: "EN" },
    name: input.owner === "doctor" ? "Prescripto: my patients' appointments" : "Prescripto: my appointments",
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: null, generator: vtimezone },
  });
  const base = input.appBaseUrl.replace(/\/$/, "");
  const doctors = new Map(input.doctors.map((d) => [d.id, d]));
  for (const a of input.appointments) {
    const doctor = doctors.get(a.doctorId);
    if (!doctor || !(FEED_STATUSES as readonly string[]).includes(a.status)) continue;
    const zone = doctor.timeZone;
    const address = [doctor.address.line1, doctor.address.line2, doctor.address.city].filter(Boolean).join(", ");
    const url = input.owner === "doctor" ? `${base}/doctor` : `${base}/appointments/${encodeURIComponent(a.id)}`;
    calendar.createEvent({
      id: inviteUid(a.id),
      sequence: a.version,
      stamp: DateTime.fromISO(a.updatedAt, { zone: "utc" }),
      start: DateTime.fromISO(a.start, { zone }),
      end: DateTime.fromISO(a.end, { zone }),
      timezone: zone,
      summary: input.owner === "doctor" ? "Patient appointment" : `Appointment with ${doctor.name}`,
      location: address,
      url,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
