// Pure arithmetic on local calendar dates (YYYY-MM-DD), for report ranges. No clocks, no zones:
// "today" comes from the caller, already in the right zone.

const DAY_MS = 86_400_000;

const toMs = (date: string): number => {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
};
const fromMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const shiftDays = (date: string, days: number): string => fromMs(toMs(date) + days * DAY_MS);

/** Days from `from` to `to`, inclusive of both (1 for a single day; 0 or less when reversed). */
export const daysInclusive = (from: string, to: string): number => (toMs(to) - toMs(from)) / DAY_MS + 1;

/** The Monday of `date`'s week (weeks run Monday to Sunday, as in India's calendars). */
export function mondayOf(date: string): string {
  const ms = toMs(date);
  return fromMs(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS);
}

export const monthOf = (date: string): string => date.slice(0, 7);

/** The first day of the month `months` before `date`'s month (0 = its own month). */
export function monthStartBefore(date: string, months: number): string {
  const [y, m] = date.split("-").map(Number);
  return fromMs(Date.UTC(y ?? 1970, (m ?? 1) - 1 - months, 1));
}

export const isLocalDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && fromMs(toMs(s)) === s;
