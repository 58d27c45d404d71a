import { describe, expect, it } from "vitest";
import {
  chartRows,
  defaultFiguresRange,
  type FiguresDay,
  figuresRangeProblem,
  figuresTotals,
} from "../../web/src/admin/figures.ts";
import { footerItems, navItems } from "../../web/src/components/nav-items.ts";
import { attendanceConfirmedAt } from "../../web/src/doctor/day-order.ts";
import { earningsRange, groupEarnings } from "../../web/src/doctor/earnings.ts";
import { daysInclusive, mondayOf, monthStartBefore } from "../../web/src/lib/date-range.ts";
import { formatRupees } from "../../web/src/lib/money.ts";
import { MAX_REPORT_DAYS } from "../../worker/kernel/domain/money-report.ts";

const day = (date: string, capturedPaise: number, refundedPaise = 0) => ({
  date,
  capturedPaise,
  refundedPaise,
  pendingRefundPaise: 0,
  netPaise: capturedPaise - refundedPaise,
  payments: capturedPaise > 0 ? 1 : 0,
  refunds: refundedPaise > 0 ? 1 : 0,
});

describe("money on screen", () => {
  it("shows integer paise as rupees with two decimals and Indian grouping", () => {
    expect(formatRupees(123456)).toBe("₹1,234.56");
    expect(formatRupees(50000)).toBe("₹500.00");
    expect(formatRupees(15000000000)).toBe("₹15,00,00,000.00");
    expect(formatRupees(0)).toBe("₹0.00");
    expect(formatRupees(-500)).toBe("-₹5.00");
  });
});

describe("the doctor's earnings views", () => {
  it("asks for ranges the API accepts, ending today", () => {
    for (const today of ["2026-11-30", "2026-03-31", "2026-01-01", "2024-02-29", "2026-07-31"]) {
      for (const period of ["day", "week", "month"] as const) {
        const r = earningsRange(period, today);
        expect(r.to).toBe(today);
        expect(daysInclusive(r.from, r.to)).toBeLessThanOrEqual(MAX_REPORT_DAYS);
      }
    }
    expect(earningsRange("day", "2026-11-30")).toEqual({ from: "2026-11-17", to: "2026-11-30" });
    // 30 Nov 2026 is a Monday: twelve weeks from Monday 14 Sep.
    expect(earningsRange("week", "2026-11-30")).toEqual({ from: "2026-09-14", to: "2026-11-30" });
    expect(earningsRange("month", "2026-01-15")).toEqual({ from: "2025-11-01", to: "2026-01-15" });
  });

  it("sums days into Monday-to-Sunday weeks and calendar months, newest first", () => {
    const days = [
      day("2026-11-29", 10_000), // Sunday: the week of Mon 23 Nov
      day("2026-11-30", 20_000, 5_000), // Monday: a new week
      day("2026-12-01", 40_000),
    ];
    expect(groupEarnings(days, "week").map((r) => [r.key, r.capturedPaise, r.netPaise])).toEqual([
      ["2026-11-30", 60_000, 55_000],
      ["2026-11-23", 10_000, 10_000],
    ]);
    expect(groupEarnings(days, "month").map((r) => [r.key, r.netPaise, r.payments, r.refunds])).toEqual([
      ["2026-12", 40_000, 1, 0],
      ["2026-11", 25_000, 2, 1],
    ]);
    expect(groupEarnings(days, "day").map((r) => r.key)).toEqual(["2026-12-01", "2026-11-30", "2026-11-29"]);
  });

  it("knows Mondays and month starts across year ends", () => {
    expect(mondayOf("2027-01-03")).toBe("2026-12-28");
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
    expect(monthStartBefore("2026-02-28", 2)).toBe("2025-12-01");
  });
});

describe("the admin's figures", () => {
  const days: FiguresDay[] = [
    {
      date: "2026-11-29",
      bookings: 3,
      cancellations: 1,
      noShows: 1,
      revenuePaise: 150_050,
      refundsPaise: 0,
      netPaise: 150_050,
    },
    {
      date: "2026-11-30",
      bookings: 2,
      cancellations: 0,
      noShows: 0,
      revenuePaise: 0,
      refundsPaise: 25_000,
      netPaise: -25_000,
    },
  ];

  it("totals the range and charts money in rupees", () => {
    expect(figuresTotals(days)).toEqual({
      bookings: 5,
      cancellations: 1,
      noShows: 1,
      revenuePaise: 150_050,
      refundsPaise: 25_000,
      netPaise: 125_050,
    });
    expect(chartRows(days)[0]).toMatchObject({ label: "11-29", revenue: 1500.5, refunds: 0, bookings: 3 });
  });

  it("refuses the ranges the API refuses, before asking", () => {
    expect(defaultFiguresRange("2026-11-30")).toEqual({ from: "2026-11-01", to: "2026-12-07" });
    expect(figuresRangeProblem("2026-11-01", "2026-11-30")).toBeNull();
    expect(figuresRangeProblem("2026-11-30", "2026-11-01")).toMatch(/before/);
    expect(figuresRangeProblem("", "2026-11-01")).toMatch(/both/);
    expect(figuresRangeProblem("2026-02-30", "2026-03-01")).toMatch(/both/);
    expect(figuresRangeProblem("2026-01-01", "2026-04-03")).toBeNull(); // 93 days
    expect(figuresRangeProblem("2026-01-01", "2026-04-04")).toMatch(/at most 93/);
  });
});

describe("the doctor's Today", () => {
  const entry = (type: string, at: string) => ({ type, at });
  it("shows a patient's confirmed attendance from the appointment's history", () => {
    expect(attendanceConfirmedAt({ history: [entry("booked", "2026-11-30T04:00:00.000Z")] })).toBeNull();
    expect(
      attendanceConfirmedAt({
        history: [
          entry("booked", "2026-11-30T04:00:00.000Z"),
          entry("attendance_confirmed", "2026-11-30T05:00:00.000Z"),
        ],
      }),
    ).toBe("2026-11-30T05:00:00.000Z");
    expect(attendanceConfirmedAt({})).toBeNull();
  });
});

describe("navigation by role", () => {
  const paths = (items: [string, string][]) => items.map(([p]) => p);
  it("never offers a role another role's pages", () => {
    for (const role of [null, "patient"] as const) {
      const all = [...paths(navItems(role)), ...paths(footerItems(role))];
      expect(all.filter((p) => p.startsWith("/doctor/") || p === "/doctor" || p.startsWith("/admin"))).toEqual([]);
    }
    const doctor = [...paths(navItems("doctor")), ...paths(footerItems("doctor"))];
    expect(doctor.every((p) => p.startsWith("/doctor"))).toBe(true);
    const admin = [...paths(navItems("admin")), ...paths(footerItems("admin"))];
    expect(admin.every((p) => p.startsWith("/admin"))).toBe(true);
    expect(paths(navItems("admin"))).toContain("/admin/payments");
  });
});
