import { DateTime } from "luxon";
import { z } from "zod";
import type { AppointmentStatus } from "../domain/appointment.ts";

/**
 * Reminder offsets before an appointment's start, and which reminder instants are still ahead.
 *
 * `h` and `m` are exact durations ("2h" is 7,200 s before the start, whatever the clocks do);
 * `d` is calendar days in the doctor's zone, so "1d" keeps the local clock time across a DST
 * change (a 09:00 appointment is reminded at 09:00 the day before, which may be 23 or 25 hours).
 * Pure: the doctor's DO calls it with its clock when it books or moves an appointment and sets
 * its alarm for the earliest instant.
 */
export interface ReminderOffset {
  label: string;
  amount: number;
  unit: "m" | "h" | "d";
}

const OFFSET = /^(\d{1,4})([mhd])$/;
const MAX_OFFSET_MINUTES = 30 * 24 * 60;

export function parseReminderOffsets(value: string): ReminderOffset[] | string {
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const offsets: ReminderOffset[] = [];
  for (const part of parts) {
    const m = OFFSET.exec(part);
    if (!m) return `"${part}" is not an offset like 24h, 90m or 1d`;
    const offset = { label: part, amount: Number(m[1]), unit: m[2] as ReminderOffset["unit"] };
    if (offset.amount === 0 || minutesOf(offset) > MAX_OFFSET_MINUTES) return `"${part}" must be between 1m and 30d`;
    if (offsets.some((o) => o.label === part)) return `"${part}" is listed twice`;
    offsets.push(offset);
  }
  return offsets;
}

/** The config setting: a comma-separated list ("24h,2h"); empty turns reminders off. */
export const ReminderOffsetsSetting = z.string().transform((value, ctx) => {
  const parsed = parseReminderOffsets(value);
  if (typeof parsed === "string") {
    ctx.addIssue({ code: "custom", message: `must be a list like 24h,2h: ${parsed}` });
    return z.NEVER;
  }
  return parsed;
});

function minutesOf(o: ReminderOffset): number {
  return o.unit === "m" ? o.amount : o.unit === "h" ? o.amount * 60 : o.amount * 24 * 60;
}

export function reminderInstant(start: Date, offset: ReminderOffset, timeZone: string): Date {
  if (offset.unit === "d") {
    return DateTime.fromJSDate(start, { zone: timeZone }).minus({ days: offset.amount }).toJSDate();
  }
  return new Date(start.getTime() - minutesOf(offset) * 60_000);
}

export interface DueReminder {
  offset: string;
  at: Date;
}

/**
 * The reminders still ahead for an appointment, earliest first: none unless it is booked, and
 * none whose instant has already passed (an appointment booked 3 hours ahead gets no 24 h
 * reminder). For a moved appointment, call it again with the new start.
 */
export function dueReminders(
  appointment: { start: string; status: AppointmentStatus },
  offsets: readonly ReminderOffset[],
  timeZone: string,
  now: Date,
): DueReminder[] {
  if (appointment.status !== "booked") return [];
  const start = new Date(appointment.start);
  return offsets
    .map((o) => ({ offset: o.label, at: reminderInstant(start, o, timeZone) }))
    .filter((r) => r.at.getTime() > now.getTime() && r.at.getTime() < start.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
