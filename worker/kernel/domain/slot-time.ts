/**
 * Wall times and zone offsets for slot generation. A "wall" value is a local wall-clock time encoded as if
 * it were UTC epoch milliseconds.
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
import { isLocalDate } from "./schedule.ts";

export const MINUTE = 60_000;
export const DAY = 86_400_000;

export function zoneFor(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`invalid time zone: ${timeZone}`);
  return zone;
}

export function nowMillis(now: Date): number {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("now is an invalid Date");
  return ms;
}

/** YYYY-MM-DD → its wall midnight. */
export function wallMidnight(date: string): number {
  if (!isLocalDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date}`);
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return d.getTime();
}

export function wallOf(zone: IANAZone, ms: number): number {
  return ms + zone.offset(ms) * MINUTE;
}

export function isoDate(wall: number): string {
  return new Date(wall).toISOString().slice(0, 10);
}

/**
 * Same output as `new Date(ms).toISOString()`, but reuses the date part across calls: toISOString costs
 * microseconds and dominated generating thousands of slots.
 */
export function isoFormatter(): (ms: number) => string {
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

export function hhmm(wall: number): string {
  const minutes = Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/**
 * The instant at which the zone's clocks show `wall`. Ambiguous (repeated) → the earlier instant; nonexistent
 * (skipped) → shifted forward by the gap, i.e. read with the offset in force before the transition. Assumes
 * at most one offset change within a day of `wall`, which holds for real tz data.
 */
export function localToInstant(zone: IANAZone, wall: number): number {
  const before = zone.offset(wall - DAY);
  const after = zone.offset(wall + DAY);
  let best = Number.NaN;
  for (const offset of before === after ? [before] : [before, after]) {
    const t = wall - offset * MINUTE;
    if (zone.offset(t) === offset && !(t >= best)) best = t;
  }
  return Number.isNaN(best) ? wall - before * MINUTE : best;
}

export function dayBounds(zone: IANAZone, dayWall: number): { startMs: number; endMs: number } {
  return { startMs: localToInstant(zone, dayWall), endMs: localToInstant(zone, dayWall + DAY) };
}

/**
 * The zone's offset (minutes) if it is constant from a day before `dayWall` to two days after it, else
 * undefined. Sampled at three points, which is sound because real tz data never has two offset changes
 * within 72 hours. Most days take this fast path: Intl-backed offset lookups cost ~10 µs each, so
 * resolving every slot boundary individually would be far too slow for a 62-day range of 5-minute slots.
 */
export function fixedOffsetAround(zone: IANAZone, dayWall: number): number | undefined {
  const offset = zone.offset(dayWall - DAY);
  return zone.offset(dayWall + DAY / 2) === offset && zone.offset(dayWall + 2 * DAY) === offset ? offset : undefined;
}
