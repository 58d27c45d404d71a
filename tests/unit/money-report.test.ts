import { describe, expect, it } from "vitest";
import {
  dayRange,
  decodeCursor,
  earningsByDay,
  encodeCursor,
  figuresByDay,
  type MoneyPaymentRow,
  type MoneyRefundRow,
} from "../../worker/kernel/domain/money-report.ts";

const IST = "Asia/Kolkata";
const paid = (iso: string, amountPaise = 50_000): MoneyPaymentRow => ({
  status: "captured",
  amountPaise,
  flag: null,
  capturedAt: new Date(iso),
});
const refund = (status: MoneyRefundRow["status"], created: string, updated: string, amountPaise = 10_000) => ({
  status,
  amountPaise,
  createdAt: new Date(created),
  updatedAt: new Date(updated),
});

describe("earningsByDay", () => {
  const range = dayRange("2026-12-01", "2026-12-02", IST);

  it("covers the doctor's local days, not UTC days", () => {
    expect(range.start.toISOString()).toBe("2026-11-30T18:30:00.000Z");
    expect(range.end.toISOString()).toBe("2026-12-02T18:30:00.000Z");
  });

  it("puts a capture one second either side of local midnight on the right day", () => {
    const rows = [
      paid("2026-11-30T18:29:59Z", 1), // 23:59:59 on Nov 30 in IST: outside
      paid("2026-11-30T18:30:00Z", 2), // 00:00:00 on Dec 1
      paid("2026-12-01T18:29:59Z", 4), // 23:59:59 on Dec 1
      paid("2026-12-01T18:30:00Z", 8), // 00:00:00 on Dec 2
      paid("2026-12-02T18:30:00Z", 16), // Dec 3: outside
    ];
    const { days, totals } = earningsByDay(rows, [], range, IST);
    expect(days.map((d) => [d.date, d.capturedPaise])).toEqual([
      ["2026-12-01", 6],
      ["2026-12-02", 8],
    ]);
    expect(totals.capturedPaise).toBe(14);
  });

  it("is captured payments minus processed refunds; pending shown apart, failed and uncaptured ignored", () => {
    const rows: MoneyPaymentRow[] = [
      paid("2026-12-01T05:00:00Z", 50_000),
      { status: "authorized", amountPaise: 70_000, flag: null, capturedAt: null },
      { status: "failed", amountPaise: 90_000, flag: null, capturedAt: null },
    ];
    const refunds = [
      refund("processed", "2026-12-01T06:00:00Z", "2026-12-02T06:00:00Z", 20_000),
      refund("pending", "2026-12-01T07:00:00Z", "2026-12-01T07:00:00Z", 5_000),
      refund("failed", "2026-12-01T07:00:00Z", "2026-12-01T08:00:00Z", 7_000),
    ];
    const { days, totals } = earningsByDay(rows, refunds, range, IST);
    expect(totals).toEqual({
      capturedPaise: 50_000,
      refundedPaise: 20_000,
      pendingRefundPaise: 5_000,
      netPaise: 30_000,
      payments: 1,
      refunds: 1,
    });
    expect(days[0]).toMatchObject({ date: "2026-12-01", netPaise: 50_000, pendingRefundPaise: 5_000 });
    expect(days[1]).toMatchObject({ date: "2026-12-02", refundedPaise: 20_000, netPaise: -20_000 });
  });

  it("has 23- and 25-hour days across DST in zones that have it", () => {
    const spring = dayRange("2026-03-08", "2026-03-08", "America/New_York");
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
  });
});

describe("figuresByDay", () => {
  it("counts bookings, cancellations and no-shows by appointment day and money by when it moved", () => {
    const range = dayRange("2026-12-01", "2026-12-01", IST);
    const at = new Date("2026-12-01T04:30:00Z");
    const days = figuresByDay(
      [paid("2026-12-01T04:00:00Z", 50_000)],
      [refund("processed", "2026-12-01T05:00:00Z", "2026-12-01T05:10:00Z", 25_000)],
      [
        { status: "booked", start: at },
        { status: "completed", start: at },
        { status: "no_show", start: at },
        { status: "cancelled", start: at },
        { status: "held", start: at },
        { status: "booked", start: new Date("2026-12-01T18:30:00Z") }, // next local day
      ],
      range,
      IST,
    );
    expect(days).toEqual([
      {
        date: "2026-12-01",
        bookings: 3,
        cancellations: 1,
        noShows: 1,
        revenuePaise: 50_000,
        refundsPaise: 25_000,
        netPaise: 25_000,
      },
    ]);
  });
});

describe("payment cursor", () => {
  it("round-trips and refuses what it did not make", () => {
    const c = { createdAt: new Date("2026-12-01T00:00:00.123Z"), id: "pay_abc" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("garbage!")).toBeNull();
    expect(decodeCursor(btoa("12|order_x"))).toBeNull();
  });
});
