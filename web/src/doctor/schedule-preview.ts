// Pure: what the slot preview shows, from THE server's slot rules (worker/kernel/domain/slots.ts).
import { DateTime } from "luxon";
import { generateSlots, type Slot } from "../../../worker/kernel/domain/slots.ts";
import { ScheduleSchema, type ScheduleSettings } from "./schedule-types";

export const PREVIEW_DAYS = 14;

export type Preview =
  | { ok: true; days: { date: string; slots: Slot[] }[]; total: number }
  | { ok: false; issues: { path: string; message: string }[] };

/** YYYY-MM-DD plus n days (calendar arithmetic, no zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n)).toISOString().slice(0, 10);
}

/** The local date of an instant in a zone. */
export function todayIn(zone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone }).toISODate() ?? now.toISOString().slice(0, 10);
}

/** Validates the draft exactly as the API will, then lists the next PREVIEW_DAYS days' slots (before bookings). */
export function previewSlots(draft: unknown, now: Date): Preview {
  const parsed = ScheduleSchema.safeParse(draft);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    };
  }
  const settings: ScheduleSettings = parsed.data;
  const from = todayIn(settings.timeZone, now);
  const to = addDays(from, PREVIEW_DAYS - 1);
  const slots = generateSlots(settings, { from, to }, now);
  const days = Array.from({ length: PREVIEW_DAYS }, (_, i) => ({ date: addDays(from, i), slots: [] as Slot[] }));
  const byDate = new Map(days.map((d) => [d.date, d.slots]));
  for (const slot of slots) byDate.get(slot.localDate)?.push(slot);
  return { ok: true, days, total: slots.length };
}

/** A `datetime-local` value ("2026-12-01T09:00") in the doctor's zone → an instant with its offset. */
export function localInputToInstant(value: string, zone: string): string | null {
  const dt = DateTime.fromISO(value, { zone });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

/** An instant → the `datetime-local` value showing it in the doctor's zone. */
export function instantToLocalInput(iso: string, zone: string): string {
  const dt = DateTime.fromISO(iso, { setZone: false }).setZone(zone);
  return dt.isValid ? dt.toFormat("yyyy-MM-dd'T'HH:mm") : "";
}
