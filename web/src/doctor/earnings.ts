// Pure shaping of GET /api/v1/doctor/earnings for the doctor's screen: which local days to ask
// for, and the per-day answer summed into weeks or months. Unit-tested in tests/unit/web-earnings.test.ts.
import { mondayOf, monthOf, monthStartBefore, shiftDays } from "../lib/date-range";

export type EarningsPeriod = "day" | "week" | "month";

export interface EarningsFigures {
  capturedPaise: number;
  refundedPaise: number;
  pendingRefundPaise: number;
  netPaise: number;
  payments: number;
  refunds: number;
}

export interface EarningsRow extends EarningsFigures {
  /** The period: its day, its week's Monday (YYYY-MM-DD), or its month (YYYY-MM). */
  key: string;
}

/**
 * The local days each view covers, ending today (the API caps a range at 93 days):
 * the last 14 days, the last 12 weeks from a Monday, the last 3 calendar months.
 */
export function earningsRange(period: EarningsPeriod, today: string): { from: string; to: string } {
  if (period === "day") return { from: shiftDays(today, -13), to: today };
  if (period === "week") return { from: shiftDays(mondayOf(today), -7 * 11), to: today };
  return { from: monthStartBefore(today, 2), to: today };
}

const ZERO: EarningsFigures = {
  capturedPaise: 0,
  refundedPaise: 0,
  pendingRefundPaise: 0,
  netPaise: 0,
  payments: 0,
  refunds: 0,
};

/** Sums per-day figures into the period's rows, newest first; every period of the range appears, zeros included. */
export function groupEarnings<D extends EarningsFigures & { date: string }>(
  days: readonly D[],
  period: EarningsPeriod,
): EarningsRow[] {
  const keyOf = period === "day" ? (d: string) => d : period === "week" ? mondayOf : monthOf;
  const rows = new Map<string, EarningsRow>();
  for (const d of days) {
    const key = keyOf(d.date);
    const row = rows.get(key) ?? { key, ...ZERO };
    rows.set(key, {
      key,
      capturedPaise: row.capturedPaise + d.capturedPaise,
      refundedPaise: row.refundedPaise + d.refundedPaise,
      pendingRefundPaise: row.pendingRefundPaise + d.pendingRefundPaise,
      netPaise: row.netPaise + d.netPaise,
      payments: row.payments + d.payments,
      refunds: row.refunds + d.refunds,
    });
  }
  return [...rows.values()].sort((a, b) => b.key.localeCompare(a.key));
}
