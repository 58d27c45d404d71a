// Pure ordering of a doctor's day: the next patient first, then the rest of what is still to come,
// then what is over (most recent first). Unit-tested in tests/unit/web-doctor-day.test.ts.
type Item = { start: string; end: string; status: string };

const isOpen = (a: Item) => a.status === "booked" || a.status === "held";

export function orderDay<T extends Item>(appointments: T[], nowMs: number): { upcoming: T[]; done: T[] } {
  const upcoming = appointments
    .filter((a) => isOpen(a) && Date.parse(a.end) > nowMs)
    .sort((a, b) => a.start.localeCompare(b.start));
  const done = appointments
    .filter((a) => !(isOpen(a) && Date.parse(a.end) > nowMs))
    .sort((a, b) => b.start.localeCompare(a.start));
  return { upcoming, done };
}

/** Whether the doctor may record the outcome: only once the appointment has started, while it is still booked. */
export function canRecordOutcome(a: Item, nowMs: number): boolean {
  return a.status === "booked" && Date.parse(a.start) <= nowMs;
}

export function canCancel(a: Item, nowMs: number): boolean {
  return isOpen(a) && Date.parse(a.end) > nowMs;
}

/** Monday..Sunday of the week holding `date` (YYYY-MM-DD). */
export function weekOf(date: string): string[] {
  const [y, m, d] = date.split("-").map(Number);
  const base = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  const mondayOffset = (new Date(base).getUTCDay() + 6) % 7;
  return Array.from({ length: 7 }, (_, i) =>
    new Date(base + (i - mondayOffset) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** When the patient confirmed attendance from a reminder link (a history entry of its own), or null. */
export function attendanceConfirmedAt(a: { history?: readonly { type: string; at: string }[] }): string | null {
  const entries = a.history ?? [];
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const e = entries[i];
    if (e?.type === "attendance_confirmed") return e.at;
  }
  return null;
}
