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
 * Why not `DateTime.fromObject(..., { zone })`? For an ambiguous wall time luxon keeps whichever offset its
 * first guess lands on, and that guess is the zone's offset at the CURRENT time (Settings.now(); for
 * `DateTime.local(y, m, d, ...)` an offset cached per zone at first use). So 01:30 on 2026-11-01 in
 * America/New_York is 05:30Z (EDT) when computed in summer and 06:30Z (EST) in winter: a hidden clock read.
 * (`set`/`plus({ days })` similarly resolve from the DateTime's own current offset, so results depend on the
 * path taken.) Nonexistent times are deterministic (shifted forward). `localToInstant` below resolves
 * offsets deterministically using only `IANAZone#offset(ts)`.
 */
import { IANAZone } from "luxon";
import { Instant, isLocalDate, minutesOfDay, type ScheduleSettings, type TimeRange, WEEKDAYS } from "./schedule.ts";

export interface Slot {
  /** UTC ISO instant, e.g. 2026-03-09T03:30:00.000Z */
  start: string;
  end: string;
  /** YYYY-MM-DD in the doctor's zone: the date whose ranges produced this slot */
  localDate: string;
  /** "09:00" wall time in the doctor's zone */
  localStart: string;
  /** "09:30" wall time in the doctor's zone; "24:00" when the slot ends at the next local midnight */
  localEnd: string;
}

/** A taken interval (held/booked appointment), epoch milliseconds, half-open [startMs, endMs). */
export interface Busy {
  startMs: number;
  endMs: number;
}

export type SlotCheck =
  | { ok: true; slot: Slot }
  | { ok: false; reason: "not_a_slot" | "in_past" | "too_soon" | "beyond_horizon" | "time_off" | "not_accepting" };

/** generateSlots refuses longer ranges (inclusive day count). */
export const MAX_SLOT_RANGE_DAYS = 62;

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Half-open interval overlap: [a.startMs, a.endMs) ∩ [b.startMs, b.endMs) ≠ ∅. Empty intervals overlap nothing. */
export function slotsOverlap(a: Busy, b: Busy): boolean {
  return a.startMs < a.endMs && b.startMs < b.endMs && a.startMs < b.endMs && b.startMs < a.endMs;
}

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

/** The interval starting at `startMs` in a list sorted by start, by binary search. */
function findInterval(sorted: Busy[], startMs: number): Busy | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = sorted[mid] as Busy;
    if (c.startMs === startMs) return c;
    if (c.startMs < startMs) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Days of candidates a slotChecker keeps (then it starts over): about four months of bookings. */
const CHECKER_DAYS = 128;

// ---------------------------------------------------------------------------------------------------------
// Internals. A "wall" value is a local wall-clock time encoded as if it were UTC epoch milliseconds.

/** One date's candidate slots as intervals; Slot objects are built only for those kept (formatting is costly). */
interface DayCandidates {
  intervals: Busy[];
  toSlot(c: Busy): Slot;
}

const NO_CANDIDATES: DayCandidates = {
  intervals: [],
  toSlot: () => {
    throw new Error("no candidates");
  },
};

function zoneFor(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`invalid time zone: ${timeZone}`);
  return zone;
}

function nowMillis(now: Date): number {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("now is an invalid Date");
  return ms;
}

/** YYYY-MM-DD → its wall midnight. */
function wallMidnight(date: string): number {
  if (!isLocalDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date}`);
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return d.getTime();
}

function wallOf(zone: IANAZone, ms: number): number {
  return ms + zone.offset(ms) * MINUTE;
}

function isoDate(wall: number): string {
  return new Date(wall).toISOString().slice(0, 10);
}

/**
 * Same output as `new Date(ms).toISOString()`, but reuses the date part across calls: toISOString costs
 * microseconds and dominated generating thousands of slots.
 */
function isoFormatter(): (ms: number) => string {
  let cachedDay = Number.NaN;
  let cachedPrefix = "";
  return (ms) => {
    const dayMs = Math.floor(ms / DAY) * DAY;
    if (dayMs !== cachedDay) {
      cachedDay = dayMs;
      cachedPrefix = new Date(dayMs).toISOString().slice(0, 11); // "2026-03-09T"
    }
    const inDay = ms - dayMs;
    const h = Math.floor(inDay / 3_600_000);
    const m = Math.floor(inDay / MINUTE) % 60;
    const sec = Math.floor(inDay / 1000) % 60;
    const milli = inDay % 1000;
    return `${cachedPrefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function hhmm(wall: number): string {
  const minutes = Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/**
 * The instant at which the zone's clocks show `wall`. Ambiguous (repeated) → the earlier instant; nonexistent
 * (skipped) → shifted forward by the gap, i.e. read with the offset in force before the transition. Assumes
 * at most one offset change within a day of `wall`, which holds for real tz data.
 */
function localToInstant(zone: IANAZone, wall: number): number {
  const before = zone.offset(wall - DAY);
  const after = zone.offset(wall + DAY);
  let best = Number.NaN;
  for (const offset of before === after ? [before] : [before, after]) {
    const t = wall - offset * MINUTE;
    if (zone.offset(t) === offset && !(t >= best)) best = t;
  }
  return Number.isNaN(best) ? wall - before * MINUTE : best;
}

function dayBounds(zone: IANAZone, dayWall: number): { startMs: number; endMs: number } {
  return { startMs: localToInstant(zone, dayWall), endMs: localToInstant(zone, dayWall + DAY) };
}

function overrideMap(s: ScheduleSettings): Map<string, TimeRange[]> {
  return new Map(s.overrides.map((o) => [o.date, o.ranges]));
}

function rangesFor(s: ScheduleSettings, overrides: Map<string, TimeRange[]>, dayWall: number): TimeRange[] {
  const override = overrides.get(isoDate(dayWall));
  if (override) return override;
  const weekday = WEEKDAYS[(new Date(dayWall).getUTCDay() + 6) % 7] ?? "mon"; // getUTCDay: 0 = Sunday
  return s.weekly[weekday];
}

/**
 * The zone's offset (minutes) if it is constant from a day before `dayWall` to two days after it, else
 * undefined. Sampled at three points, which is sound because real tz data never has two offset changes
 * within 72 hours. Most days take this fast path: Intl-backed offset lookups cost ~10 µs each, so
 * resolving every slot boundary individually would be far too slow for a 62-day range of 5-minute slots.
 */
function fixedOffsetAround(zone: IANAZone, dayWall: number): number | undefined {
  const offset = zone.offset(dayWall - DAY);
  return zone.offset(dayWall + DAY / 2) === offset && zone.offset(dayWall + 2 * DAY) === offset ? offset : undefined;
}

/** Every slot the rules produce for one local date, ignoring now, time off and busy. Sorted, non-overlapping. */
function candidatesForDate(
  s: ScheduleSettings,
  zone: IANAZone,
  overrides: Map<string, TimeRange[]>,
  dayWall: number,
): DayCandidates {
  const ranges = rangesFor(s, overrides, dayWall);
  if (ranges.length === 0) return NO_CANDIDATES;
  const fixed = fixedOffsetAround(zone, dayWall);
  const toInstant =
    fixed === undefined ? (wall: number) => localToInstant(zone, wall) : (wall: number) => wall - fixed * MINUTE;
  const toWall = fixed === undefined ? (ms: number) => wallOf(zone, ms) : (ms: number) => ms + fixed * MINUTE;
  const day = { startMs: toInstant(dayWall), endMs: toInstant(dayWall + DAY) };
  const slotMs = s.slotMinutes * MINUTE;
  const stepMs = (s.slotMinutes + s.bufferMinutes) * MINUTE;

  const starts: number[] = [];
  for (const r of ranges) {
    const rangeStart = Math.max(day.startMs, toInstant(dayWall + minutesOfDay(r.start) * MINUTE));
    const rangeEnd = Math.min(day.endMs, toInstant(dayWall + minutesOfDay(r.end) * MINUTE));
    for (let t = rangeStart; t + slotMs <= rangeEnd; t += stepMs) starts.push(t);
  }
  starts.sort((a, b) => a - b);

  const intervals: Busy[] = [];
  let freeFrom = Number.NEGATIVE_INFINITY;
  for (const startMs of starts) {
    if (startMs < freeFrom) continue; // duplicate or overlap caused by a DST gap: earlier slot wins
    freeFrom = startMs + slotMs;
    intervals.push({ startMs, endMs: freeFrom });
  }

  const localDate = isoDate(dayWall);
  const iso = isoFormatter();
  return {
    intervals,
    toSlot: ({ startMs, endMs }) => ({
      start: iso(startMs),
      end: iso(endMs),
      localDate,
      localStart: hhmm(toWall(startMs)),
      localEnd: endMs >= day.endMs ? "24:00" : hhmm(toWall(endMs)),
    }),
  };
}

function timeOffIntervals(s: ScheduleSettings): Busy[] {
  return s.timeOff.map((t) => ({ startMs: Date.parse(t.from), endMs: Date.parse(t.to) }));
}

type Overlaps = (startMs: number, endMs: number) => boolean;

/** Returns a predicate "does [startMs, endMs) overlap any of the intervals?" (sort + merge + binary search). */
function intervalIndex(intervals: Busy[]): Overlaps {
  const sorted = intervals
    .filter((i) => Number.isFinite(i.startMs) && Number.isFinite(i.endMs) && i.startMs < i.endMs)
    .sort((a, b) => a.startMs - b.startMs);
  const merged: Busy[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.startMs <= last.endMs) last.endMs = Math.max(last.endMs, i.endMs);
    else merged.push({ startMs: i.startMs, endMs: i.endMs });
  }
  return (startMs, endMs) => {
    if (!(startMs < endMs)) return false;
    // Last merged interval starting before endMs; it's the only candidate since merged ones are disjoint.
    let lo = 0;
    let hi = merged.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = merged[mid];
      if (m && m.startMs < endMs) {
        idx = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const hit = merged[idx];
    return hit !== undefined && hit.endMs > startMs;
  };
}
