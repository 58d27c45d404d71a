/** Half-open interval checks for slots: overlap, an index of taken time, lookup by start. */

/** A taken interval (held/booked appointment), epoch milliseconds, half-open [startMs, endMs). */
export interface Busy {
  startMs: number;
  endMs: number;
}

export type Overlaps = (startMs: number, endMs: number) => boolean;

/** Half-open interval overlap: [a.startMs, a.endMs) ∩ [b.startMs, b.endMs) ≠ ∅. Empty intervals overlap nothing. */
export function slotsOverlap(a: Busy, b: Busy): boolean {
  return a.startMs < a.endMs && b.startMs < b.endMs && a.startMs < b.endMs && b.startMs < a.endMs;
}

/** The interval starting at `startMs` in a list sorted by start, by binary search. */
export function findInterval(sorted: Busy[], startMs: number): Busy | undefined {
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

/** Returns a predicate "does [startMs, endMs) overlap any of the intervals?" (sort + merge + binary search). */
export function intervalIndex(intervals: Busy[]): Overlaps {
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
