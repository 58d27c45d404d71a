/** One local date's candidate slots: the rules of slots.ts applied to a day, before now, time off and busy. */
import type { IANAZone } from "luxon";
import { minutesOfDay, type ScheduleSettings, type TimeRange, WEEKDAYS } from "./schedule.ts";
import type { Busy } from "./slot-intervals.ts";
import { DAY, fixedOffsetAround, hhmm, isoDate, isoFormatter, localToInstant, MINUTE, wallOf } from "./slot-time.ts";

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

/** One date's candidate slots as intervals; Slot objects are built only for those kept (formatting is costly). */
export interface DayCandidates {
  intervals: Busy[];
  toSlot(c: Busy): Slot;
}

const NO_CANDIDATES: DayCandidates = {
  intervals: [],
  toSlot: () => {
    throw new Error("no candidates");
  },
};

export function overrideMap(s: ScheduleSettings): Map<string, TimeRange[]> {
  return new Map(s.overrides.map((o) => [o.date, o.ranges]));
}

export function timeOffIntervals(s: ScheduleSettings): Busy[] {
  return s.timeOff.map((t) => ({ startMs: Date.parse(t.from), endMs: Date.parse(t.to) }));
}

function rangesFor(s: ScheduleSettings, overrides: Map<string, TimeRange[]>, dayWall: number): TimeRange[] {
  const override = overrides.get(isoDate(dayWall));
  if (override) return override;
  const weekday = WEEKDAYS[(new Date(dayWall).getUTCDay() + 6) % 7] ?? "mon"; // getUTCDay: 0 = Sunday
  return s.weekly[weekday];
}

/** Every slot the rules produce for one local date, ignoring now, time off and busy. Sorted, non-overlapping. */
export function candidatesForDate(
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
