// Pure date helpers for the patient's view of slots. Instants are UTC ISO strings; a "local date"
// is YYYY-MM-DD in a named IANA zone. Intl does the zone maths (no library in the page bundle).

/** The browser's zone: slots are shown in it. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function ymdFormat(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    partsCache.set(zone, f);
  }
  return f;
}

/** The calendar date an instant falls on in a zone. */
export function localDateOf(instant: string | number | Date, zone: string): string {
  const parts = ymdFormat(zone).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Date-only arithmetic (no zone involved: a calendar date plus whole days). */
export function addDays(localDate: string, days: number): string {
  const d = new Date(`${localDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Seven consecutive dates starting at `first`. */
export function weekOf(first: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/**
 * The doctor-local date range that covers a patient-local week: a day either side, since two zones
 * are at most a day apart. Slots are then grouped by the patient's own dates.
 */
export function doctorRangeFor(week: string[]): { from: string; to: string } {
  return { from: addDays(week[0] ?? "", -1), to: addDays(week[week.length - 1] ?? "", 1) };
}

export function formatTime(instant: string, zone: string): string {
  return new Intl.DateTimeFormat("en-IN", { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(
    new Date(instant),
  );
}

/** "Tue, 3 Dec" for a local date (formatted at UTC noon so no zone can move it). */
export function formatDay(localDate: string, style: "short" | "long" = "short"): string {
  return new Intl.DateTimeFormat("en-IN", {
    timeZone: "UTC",
    weekday: style,
    day: "numeric",
    month: style,
  }).format(new Date(`${localDate}T12:00:00Z`));
}

/** "Tuesday, 3 December 2026 at 10:30 am" in a zone. */
export function formatDateTime(instant: string, zone: string): string {
  return new Intl.DateTimeFormat("en-IN", {
    timeZone: zone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(new Date(instant));
}

/** Short zone name for labels, e.g. "IST" or "GMT+1". */
export function zoneLabel(zone: string, at: string | number = Date.now()): string {
  const parts = new Intl.DateTimeFormat("en-IN", { timeZone: zone, timeZoneName: "short" }).formatToParts(new Date(at));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
}

/** Two zones differ for display when their wall clocks differ at that instant. */
export function zonesDiffer(a: string, b: string, at: string | number = Date.now()): boolean {
  const f = (z: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: z, dateStyle: "short", timeStyle: "short" }).format(new Date(at));
  return f(a) !== f(b);
}

export function groupByLocalDate<T extends { start: string }>(items: T[], zone: string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const day = localDateOf(item.start, zone);
    const list = map.get(day);
    if (list) list.push(item);
    else map.set(day, [item]);
  }
  return map;
}

/** The `count` free slots closest in time to `target` (a slot someone else just took), in time order. */
export function nearestSlots<T extends { start: string }>(slots: T[], target: string, count: number): T[] {
  const t = Date.parse(target);
  return [...slots]
    .filter((s) => s.start !== target)
    .sort((a, b) => Math.abs(Date.parse(a.start) - t) - Math.abs(Date.parse(b.start) - t))
    .slice(0, count)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
