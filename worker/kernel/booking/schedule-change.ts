import type { ScheduleSettings } from "../domain/schedule.ts";
import { slotChecker } from "../domain/slots.ts";
import type { AppointmentRow } from "./ledger-rows.ts";

/**
 * Active future bookings a new schedule would not generate: a start off its grid or outside its
 * hours, another length, or inside time off. They stay booked; the doctor sees them listed. The
 * rules about taking new bookings (accepting, notice, horizon) are not about kept ones: a booking
 * is checked as if made at its own start by a doctor accepting bookings.
 */
export function scheduleConflicts(
  settings: ScheduleSettings,
  active: readonly AppointmentRow[],
  nowMs: number,
): AppointmentRow[] {
  // One checker for all rows: it reuses each day's slots.
  const check = slotChecker({ ...settings, acceptingBookings: true, minNoticeMinutes: 0 });
  return active
    .filter((row) => row.startMs > nowMs && (row.status === "held" || row.status === "booked"))
    .filter((row) => {
      const slot = check(new Date(row.startMs).toISOString(), new Date(row.startMs));
      return !slot.ok || Date.parse(slot.slot.end) !== row.endMs;
    });
}

/** The booking terms every schedule version carries, as MongoDB's doctor profile shows them. */
export interface BookingTerms {
  doctorId: string;
  version: number;
  feePaise: number;
  acceptingBookings: boolean;
}

export function bookingTerms(doctorId: string, version: number, settings: ScheduleSettings): BookingTerms {
  return { doctorId, version, feePaise: settings.feePaise, acceptingBookings: settings.acceptingBookings };
}

/**
 * When the doctor's alarm must next fire: the earliest of an outbox row falling due, a hold
 * expiring, a reminder falling due and anything the caller asks for; null when nothing is pending.
 */
export function nextWakeUp(due: {
  outbox: number | null;
  holdExpiry: number | null;
  reminder?: number | null;
  soonest?: number | null;
}): number | null {
  const times = [due.outbox, due.holdExpiry, due.reminder, due.soonest].filter(
    (t): t is number => typeof t === "number",
  );
  return times.length === 0 ? null : Math.min(...times);
}

/**
 * Whether to (re)arm the alarm for `target`, given the alarm already set (null: none). An alarm
 * that fires no later than needed is kept: it runs everything due by then, and reschedules.
 */
export function alarmToSet(target: number, existing: number | null): number | null {
  return existing === null || existing > target ? target : null;
}
