// Pure shaping of GET /api/v1/admin/figures for the overview's charts and totals.
// Unit-tested in tests/unit/web-figures.test.ts.

import { MAX_REPORT_DAYS } from "../../../worker/kernel/domain/report-limits.ts";
import type { FiguresDay } from "../api/types";
import { daysInclusive, isLocalDate, shiftDays } from "../lib/date-range";
import { paiseToRupees } from "../lib/money";

/** The API's longest range. */
export const MAX_FIGURE_DAYS = MAX_REPORT_DAYS;
export const FIGURES_ZONE = "Asia/Kolkata";

export type { FiguresDay };

/** The last 30 days and the coming week: appointments count on the day they are for, so upcoming bookings show. */
export const defaultFiguresRange = (today: string) => ({ from: shiftDays(today, -29), to: shiftDays(today, 7) });

/** Why a range cannot be asked for, or null: the same rules the API applies. */
export function figuresRangeProblem(from: string, to: string): string | null {
  if (!isLocalDate(from) || !isLocalDate(to)) return "Choose both dates.";
  if (to < from) return "The end date is before the start date.";
  if (daysInclusive(from, to) > MAX_FIGURE_DAYS) return `Choose at most ${MAX_FIGURE_DAYS} days.`;
  return null;
}

export type FiguresTotals = Omit<FiguresDay, "date">;

export function figuresTotals(days: readonly FiguresDay[]): FiguresTotals {
  const t: FiguresTotals = { bookings: 0, cancellations: 0, noShows: 0, revenuePaise: 0, refundsPaise: 0, netPaise: 0 };
  for (const d of days) {
    t.bookings += d.bookings;
    t.cancellations += d.cancellations;
    t.noShows += d.noShows;
    t.revenuePaise += d.revenuePaise;
    t.refundsPaise += d.refundsPaise;
    t.netPaise += d.netPaise;
  }
  return t;
}

/** One chart point per day: counts as they are, money in rupees (the axis unit). */
export function chartRows(days: readonly FiguresDay[]) {
  return days.map((d) => ({
    date: d.date,
    label: d.date.slice(5),
    bookings: d.bookings,
    cancellations: d.cancellations,
    noShows: d.noShows,
    revenue: paiseToRupees(d.revenuePaise),
    refunds: paiseToRupees(d.refundsPaise),
  }));
}
