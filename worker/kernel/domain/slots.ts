/**
 * Pure slot generation and checks for one doctor's schedule.
 *
 * No bindings, no clock reads: `now` is always a parameter. Time zones come from luxon's IANAZone (the
 * platform's Intl tz data); we only ask it for a zone's UTC offset at a given instant.
 *
 * Rules:
 * - For each local date, the day's ranges are the override for that date if there is one, else the weekly
 *   ranges of that weekday.
 * - A range's start and end are local wall times in the doctor's zone turned into instants. A nonexistent
 *   wall time (inside a spring-forward gap) moves forward by the gap, as luxon does ("02:30" on 2026-03-08 in
 *   America/New_York is 03:30 EDT). An ambiguous wall time (the repeated hour of a fall-back) is the EARLIER
 *   instant. "24:00" is the next local midnight.
 * - Slots step in REAL elapsed time from the range's start instant: starts are rangeStart + k·(slot + buffer)
 *   while start + slot <= rangeEnd. We deliberately do not re-align to wall-clock times after a DST change:
 *   every slot is exactly `slotMinutes` long in real time, so a 00:00–04:00 range in America/New_York has
 *   3 real hours of slots on the spring-forward day (2026-03-08) and 5 on the fall-back day (2026-11-01).
 *   On such days a slot's local start may not look "round" (or may repeat, in the repeated hour).
 * - A date's ranges are clamped to that local day (see localDayBounds). If a DST gap makes two ranges of one
 *   day overlap in real time (e.g. 01:00–02:30 and 03:00–04:00 on a spring-forward day, where "02:30" means
 *   03:30), the earlier-starting slot wins and later slots that would overlap it are dropped. So slots never
 *   overlap and `checkSlot` agrees exactly with `generateSlots`.
 * - Slots are removed if they overlap time off or a busy interval (half-open intervals: touching is not
 *   overlapping), start before now + minNoticeMinutes, or start after now + horizonDays × 24 h.
 *
 * The parts: slot-time.ts (wall times and zone offsets), slot-candidates.ts (one local date's candidate
 * slots), slot-intervals.ts (overlap checks).
 */
import type { IANAZone } from "luxon";
import { Instant, type ScheduleSettings, type TimeRange } from "./schedule.ts";
import { candidatesForDate, type DayCandidates, overrideMap, type Slot, timeOffIntervals } from "./slot-candidates.ts";
import { type Busy, findInterval, intervalIndex, type Overlaps } from "./slot-intervals.ts";
import { DAY, dayBounds, MINUTE, nowMillis, wallMidnight, zoneFor } from "./slot-time.ts";

export type { Slot } from "./slot-candidates.ts";
export { type Busy, slotsOverlap } from "./slot-intervals.ts";

export type SlotCheck =
  | { ok: true; slot: Slot }
  | { ok: false; reason: "not_a_slot" | "in_past" | "too_soon" | "beyond_horizon" | "time_off" | "not_accepting" };

/** generateSlots refuses longer ranges (inclusive day count). */
export const MAX_SLOT_RANGE_DAYS = 62;

/** The local calendar day `date` in `timeZone` as instants [startMs, endMs): 23 h / 25 h long on DST days. */
export function localDayBounds(timeZone: string, date: string): { startMs: number; endMs: number } {
  return dayBounds(zoneFor(timeZone), wallMidnight(date));
}

/**
 * Bookable slots for the local dates `range.from`..`range.to` (inclusive, YYYY-MM-DD in the doctor's zone),
 * sorted by start, without duplicates, excluding time off, `busy`, notice and horizon as described above.
 * Returns [] if `to` is before `from` or bookings are off. Throws RangeError for malformed dates, an invalid
 * `now`, or a range longer than MAX_SLOT_RANGE_DAYS (the route validates before calling).
 */
export function generateSlots(
  s: ScheduleSettings,
  range: { from: string; to: string },
  now: Date,
  busy: Busy[] = [],
): Slot[] {
  const fromWall = wallMidnight(range.from);
  const toWall = wallMidnight(range.to);
  if (toWall < fromWall) return [];
  const days = Math.round((toWall - fromWall) / DAY) + 1;
  if (days > MAX_SLOT_RANGE_DAYS) {
    throw new RangeError(`slot range is ${days} days; at most ${MAX_SLOT_RANGE_DAYS} allowed`);
  }
  const nowMs = nowMillis(now);
  if (!s.acceptingBookings) return [];

  const zone = zoneFor(s.timeZone);
  const overrides = overrideMap(s);
  const earliest = nowMs + s.minNoticeMinutes * MINUTE;
  const latest = nowMs + s.horizonDays * DAY;
  const blocked = intervalIndex([...timeOffIntervals(s), ...busy]);

  // Days are disjoint, in order, and each day's candidates are sorted and non-overlapping (candidatesForDate
  // clamps them to the local day), so the output is sorted and duplicate-free by construction.
  const out: Slot[] = [];
  for (let i = 0; i < days; i++) {
    const day = candidatesForDate(s, zone, overrides, fromWall + i * DAY);
    for (const c of day.intervals) {
      if (c.startMs < earliest || c.startMs > latest) continue;
      if (blocked(c.startMs, c.endMs)) continue;
      out.push(day.toSlot(c));
    }
  }
  return out;
}

/**
 * Is `startIso` (any ISO 8601 instant with an offset or Z) a slot the doctor's own rules offer right now?
 * Ignores busy intervals. Compares instants, so +05:30 and Z spellings of one instant are the same slot.
 * Reasons, first match wins: not_accepting; in_past (start < now); too_soon (inside minimum notice);
 * beyond_horizon; not_a_slot (malformed, unaligned, outside hours, not a whole slot before the range end);
 * time_off (a real slot that overlaps time off).
 */
export function checkSlot(s: ScheduleSettings, startIso: string, now: Date): SlotCheck {
  return slotChecker(s)(startIso, now);
}

export type SlotChecker = (startIso: string, now: Date) => SlotCheck;

/**
 * checkSlot for one schedule, for callers that check many starts against it (the doctor's DO
 * keeps one while its schedule is unchanged). It remembers what it derived from `s` (zone,
 * overrides, time off) and the candidate slots of the days it looked at, so a check needs no
 * time-zone lookup and no slot generation. All of that is a pure function of `s`: `s` must not
 * be mutated while the checker is in use.
 */
export function slotChecker(s: ScheduleSettings): SlotChecker {
  // Derived on first need, so the early answers (in_past, ...) never depend on the zone.
  let derived: { zone: IANAZone; overrides: Map<string, TimeRange[]>; timeOff: Overlaps } | undefined;
  const derive = () => {
    derived ??= { zone: zoneFor(s.timeZone), overrides: overrideMap(s), timeOff: intervalIndex(timeOffIntervals(s)) };
    return derived;
  };
  const days = new Map<number, DayCandidates>();
  const dayAt = (dayWall: number): DayCandidates => {
    let day = days.get(dayWall);
    if (!day) {
      if (days.size >= CHECKER_DAYS) days.clear();
      const { zone, overrides } = derive();
      day = candidatesForDate(s, zone, overrides, dayWall);
      days.set(dayWall, day);
    }
    return day;
  };

  return (startIso, now) => {
    if (!Instant.safeParse(startIso).success) return { ok: false, reason: "not_a_slot" };
    const startMs = Date.parse(startIso);
    if (!Number.isFinite(startMs)) return { ok: false, reason: "not_a_slot" };
    const nowMs = nowMillis(now);
    if (!s.acceptingBookings) return { ok: false, reason: "not_accepting" };
    if (startMs < nowMs) return { ok: false, reason: "in_past" };
    if (startMs < nowMs + s.minNoticeMinutes * MINUTE) return { ok: false, reason: "too_soon" };
    if (startMs > nowMs + s.horizonDays * DAY) return { ok: false, reason: "beyond_horizon" };

    // Each local day's candidates lie within that day (disjoint from every other day's), so the
    // start can be a candidate of one day at most: its local date (or, around DST changes, the day
    // before it, for late ranges ending at 24:00). UTC offsets are within ±24 h, so those days are
    // among the four wall days around the start's UTC date. Looking through all four (their
    // candidates are kept) answers the same without a time-zone lookup per check, which costs
    // more than the rest of the check together.
    const utcMidnight = Math.floor(startMs / DAY) * DAY;
    for (let dayWall = utcMidnight - 2 * DAY; dayWall <= utcMidnight + DAY; dayWall += DAY) {
      const day = dayAt(dayWall);
      const found = findInterval(day.intervals, startMs);
      if (!found) continue;
      if (derive().timeOff(found.startMs, found.endMs)) return { ok: false, reason: "time_off" };
      return { ok: true, slot: day.toSlot(found) };
    }
    return { ok: false, reason: "not_a_slot" };
  };
}

/** Days of candidates a slotChecker keeps (then it starts over): about four months of bookings. */
const CHECKER_DAYS = 128;
