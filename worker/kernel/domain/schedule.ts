/**
 * A doctor's schedule settings: weekly hours, date overrides, time off and booking rules.
 *
 * Pure: no bindings, no clock reads. Wall times ("09:00") and local dates ("2026-03-09") are in the
 * doctor's IANA `timeZone`; time off is given as absolute instants (ISO 8601 with an offset).
 * Turning this into bookable slots lives in `slots.ts`.
 */
import { IANAZone } from "luxon";
import { z } from "zod";
import { DEFAULT_REFUND_POLICY, RefundPolicy } from "./refund-policy.ts";
import { Text } from "./text.ts";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for "HH:MM" from 00:00 to 23:59, or "24:00" when `allowEndOfDay`. */
export function isHHMM(value: string, allowEndOfDay = false): boolean {
  return HHMM_RE.test(value) || (allowEndOfDay && value === "24:00");
}

/** Minutes since local midnight for a valid "HH:MM" ("24:00" → 1440). */
export function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** True for a strictly formatted YYYY-MM-DD that is a real (proleptic Gregorian) calendar date. */
export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

/** A wall-clock time, 24h, "00:00".."23:59". */
export const HHMM = z.string().refine((v) => isHHMM(v), "must be a 24-hour time HH:MM from 00:00 to 23:59");

/** The end of a range: like HHMM, plus "24:00" meaning the next local midnight. */
export const HHMMEnd = z.string().refine((v) => isHHMM(v, true), "must be a 24-hour time HH:MM from 00:00 to 24:00");

/** A local calendar date, YYYY-MM-DD (validated as a real date: 2026-02-30 is rejected). */
export const LocalDate = z.string().refine(isLocalDate, "must be a real calendar date YYYY-MM-DD");

/** An instant with an explicit offset or Z, e.g. 2026-03-09T09:00:00+05:30. */
export const Instant = z.iso.datetime({ offset: true });

export const TimeRange = z
  .object({ start: HHMM, end: HHMMEnd })
  // Only compare when both ends are well formed, so a bad "start" is reported once, on "start".
  .refine((r) => !(isHHMM(r.start) && isHHMM(r.end, true)) || r.start < r.end, {
    message: "end must be after start",
    path: ["end"],
  });
export type TimeRange = z.output<typeof TimeRange>;

/** Up to 6 ranges in one day (e.g. morning and evening), which must not overlap (touching is fine). */
const DayRanges = z
  .array(TimeRange)
  .max(6)
  .superRefine((ranges, ctx) => {
    const wellFormed = ranges
      .map((range, index) => ({ range, index }))
      .filter(({ range }) => isHHMM(range.start) && isHHMM(range.end, true) && range.start < range.end)
      .sort((a, b) => (a.range.start < b.range.start ? -1 : a.range.start > b.range.start ? 1 : a.index - b.index));
    let latest: TimeRange | undefined; // the range with the latest end among those seen so far
    for (const { range, index } of wellFormed) {
      if (latest && range.start < latest.end) {
        ctx.addIssue({
          code: "custom",
          message: `overlaps the range ${latest.start}–${latest.end}`,
          path: [index],
        });
      }
      if (!latest || range.end > latest.end) latest = range;
    }
  });

const weekday = () => DayRanges.default([]);

export const Override = z.object({
  date: LocalDate,
  /** Replaces that date's weekly ranges; [] means closed that day. */
  ranges: DayRanges,
});
export type Override = z.output<typeof Override>;

export const TimeOff = z
  .object({
    from: Instant,
    to: Instant,
    reason: Text({ max: 200 }).optional(),
  })
  .refine(
    (t) =>
      !(Number.isFinite(Date.parse(t.from)) && Number.isFinite(Date.parse(t.to))) ||
      Date.parse(t.from) < Date.parse(t.to),
    {
      message: "to must be after from",
      path: ["to"],
    },
  );
export type TimeOff = z.output<typeof TimeOff>;

export const ScheduleSettings = z.object({
  // Newer ICU also accepts bare offsets ("+05:30") as time zones; those are not IANA names and have no DST rules.
  timeZone: z.string().refine((tz) => !/^[+-]/.test(tz) && IANAZone.isValidZone(tz), "must be an IANA time zone"),
  slotMinutes: z.number().int().min(5).max(240),
  /** Gap after each slot before the next one starts. */
  bufferMinutes: z.number().int().min(0).max(120).default(0),
  /** Slots starting sooner than this after "now" are not offered. */
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .default(60),
  /** Slots starting more than this many (24-hour) days after "now" are not offered. */
  horizonDays: z.number().int().min(1).max(365).default(60),
  weekly: z.object({
    mon: weekday(),
    tue: weekday(),
    wed: weekday(),
    thu: weekday(),
    fri: weekday(),
    sat: weekday(),
    sun: weekday(),
  }),
  overrides: z
    .array(Override)
    .max(366)
    .superRefine((overrides, ctx) => {
      const seen = new Set<string>();
      overrides.forEach((o, index) => {
        if (seen.has(o.date)) {
          ctx.addIssue({ code: "custom", message: `duplicate override for ${o.date}`, path: [index, "date"] });
        }
        seen.add(o.date);
      });
    })
    .default([]),
  /** Absolute intervals; a whole day off is sent by the client as that local day's midnight-to-midnight. */
  timeOff: z.array(TimeOff).max(500).default([]),
  /** Patients can't cancel later than this before the start. */
  cancelNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 14)
    .default(120),
  holdMinutes: z.number().int().min(1).max(60).default(10),
  maxHoldsPerPatient: z.number().int().min(1).max(10).default(2),
  feePaise: z.number().int().min(0).max(10_000_000),
  acceptingBookings: z.boolean().default(true),
  /** What a cancelled paid booking gives back (see refund-policy.ts); the doctor or an admin cancelling refunds in full. */
  refundPolicy: RefundPolicy.default(DEFAULT_REFUND_POLICY),
});
export type ScheduleSettings = z.output<typeof ScheduleSettings>;
export type ScheduleSettingsInput = z.input<typeof ScheduleSettings>;
