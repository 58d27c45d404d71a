import { DateTime } from "luxon";
import { type EarningsTotals, earnings, type PaymentFlag, type PaymentStatus, type RefundStatus } from "./payment.ts";

/**
 * Money figures as pure functions of records: captured payments minus processed refunds, in
 * integer paise, bucketed by local day in a time zone (the doctor's for earnings). Nothing here
 * reads an appointment's flags: money is what Razorpay captured and refunded.
 *
 * A payment counts on the day it was captured; a processed refund on the day it was processed
 * (`updatedAt`: a refund's terminal state never changes, so that is its settlement instant); a
 * pending refund on the day it was asked for.
 */
export interface MoneyPaymentRow {
  status: PaymentStatus;
  amountPaise: number;
  flag: PaymentFlag | null;
  capturedAt: Date | null;
}
export interface MoneyRefundRow {
  status: RefundStatus;
  amountPaise: number;
  createdAt: Date;
  updatedAt: Date;
}
export interface AppointmentRow {
  status: string;
  start: Date;
}

/** One payment in the admin list, as MongoDB holds it: its refunds summed (processed, pending). */
export interface AdminPaymentRow {
  id: string;
  orderId: string;
  appointmentId: string;
  doctorId: string;
  patientId: string;
  amountPaise: number;
  currency: string;
  status: PaymentStatus;
  method: string | null;
  flag: PaymentFlag | null;
  createdAt: Date;
  capturedAt: Date | null;
  refundedPaise: number;
  pendingRefundPaise: number;
}

export interface DayRange {
  from: string;
  to: string;
  /** UTC instants: [start, end) covering the local days from..to inclusive. */
  start: Date;
  end: Date;
}

export { MAX_REPORT_DAYS } from "./report-limits.ts";

/** The UTC span of local days `from`..`to` (inclusive) in `timeZone`; DST days are 23 or 25 hours. */
export function dayRange(from: string, to: string, timeZone: string): DayRange {
  const start = DateTime.fromISO(from, { zone: timeZone }).startOf("day");
  const end = DateTime.fromISO(to, { zone: timeZone }).startOf("day").plus({ days: 1 });
  if (!start.isValid || !end.isValid) throw new RangeError("invalid day range");
  return { from, to, start: start.toJSDate(), end: end.toJSDate() };
}

export function localDay(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
}

function daysOf(range: DayRange, timeZone: string): string[] {
  const days: string[] = [];
  let d = DateTime.fromISO(range.from, { zone: timeZone });
  const last = DateTime.fromISO(range.to, { zone: timeZone });
  while (d <= last) {
    days.push(d.toISODate() as string);
    d = d.plus({ days: 1 });
  }
  return days;
}

const refundDay = (r: MoneyRefundRow, tz: string) => localDay(r.status === "processed" ? r.updatedAt : r.createdAt, tz);

export interface EarningsDay extends EarningsTotals {
  date: string;
}

/** Per local day (every day of the range, zeros included) and the range's totals. */
export function earningsByDay(
  payments: readonly MoneyPaymentRow[],
  refunds: readonly MoneyRefundRow[],
  range: DayRange,
  timeZone: string,
): { days: EarningsDay[]; totals: EarningsTotals } {
  const inRange = (d: Date) => d >= range.start && d < range.end;
  const paid = payments.filter((p) => p.status === "captured" && p.capturedAt && inRange(p.capturedAt));
  const counted = refunds.filter((r) => inRange(r.status === "processed" ? r.updatedAt : r.createdAt));
  const days = daysOf(range, timeZone).map((date) => ({
    date,
    ...earnings(
      paid.filter((p) => localDay(p.capturedAt as Date, timeZone) === date),
      counted.filter((r) => refundDay(r, timeZone) === date),
    ),
  }));
  return { days, totals: earnings(paid, counted) };
}

export interface FiguresDay {
  date: string;
  /** Appointments on this day (by start) that were booked: booked, completed or no-show. */
  bookings: number;
  cancellations: number;
  noShows: number;
  revenuePaise: number;
  refundsPaise: number;
  netPaise: number;
}

/** Platform figures per local day: appointment counts by the day they are for, money by when it moved. */
export function figuresByDay(
  payments: readonly MoneyPaymentRow[],
  refunds: readonly MoneyRefundRow[],
  appointments: readonly AppointmentRow[],
  range: DayRange,
  timeZone: string,
): FiguresDay[] {
  const { days } = earningsByDay(payments, refunds, range, timeZone);
  const counts = new Map<string, { bookings: number; cancellations: number; noShows: number }>();
  for (const a of appointments) {
    if (a.start < range.start || a.start >= range.end) continue;
    const day = localDay(a.start, timeZone);
    const c = counts.get(day) ?? { bookings: 0, cancellations: 0, noShows: 0 };
    if (a.status === "booked" || a.status === "completed" || a.status === "no_show") c.bookings += 1;
    if (a.status === "no_show") c.noShows += 1;
    if (a.status === "cancelled") c.cancellations += 1;
    counts.set(day, c);
  }
  return days.map((d) => ({
    date: d.date,
    ...(counts.get(d.date) ?? { bookings: 0, cancellations: 0, noShows: 0 }),
    revenuePaise: d.capturedPaise,
    refundsPaise: d.refundedPaise,
    netPaise: d.netPaise,
  }));
}

/** Keyset cursor over (createdAt desc, id desc): stable when newer payments are inserted meanwhile. */
export interface PaymentCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(c: PaymentCursor): string {
  return btoa(`${c.createdAt.getTime()}|${c.id}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(s: string): PaymentCursor | null {
  try {
    const raw = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
    const bar = raw.indexOf("|");
    const ms = Number(raw.slice(0, bar));
    const id = raw.slice(bar + 1);
    if (bar < 1 || !Number.isSafeInteger(ms) || !id.startsWith("pay_")) return null;
    return { createdAt: new Date(ms), id };
  } catch {
    return null;
  }
}
