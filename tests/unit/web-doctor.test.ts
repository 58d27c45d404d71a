import { describe, expect, it } from "vitest";
import { canCancel, canRecordOutcome, orderDay, weekOf } from "../../web/src/doctor/day-order.ts";
import {
  addDays,
  instantToLocalInput,
  localInputToInstant,
  PREVIEW_DAYS,
  previewSlots,
} from "../../web/src/doctor/schedule-preview.ts";
import { generateSlots } from "../../worker/kernel/domain/slots.ts";
import { roundTheClock } from "../support/schedules.ts";

const at = (iso: string) => Date.parse(iso);
const appt = (start: string, status = "booked", minutes = 30) => ({
  start,
  end: new Date(at(start) + minutes * 60_000).toISOString(),
  status,
});

describe("the doctor's day order", () => {
  const now = at("2026-12-01T06:00:00.000Z");
  it("puts the next open appointment first, then the rest to come, then what is over (latest first)", () => {
    const list = [
      appt("2026-12-01T08:00:00.000Z"),
      appt("2026-12-01T04:00:00.000Z", "completed"),
      appt("2026-12-01T06:30:00.000Z"),
      appt("2026-12-01T07:00:00.000Z", "cancelled"),
      appt("2026-12-01T05:45:00.000Z"), // started, not over: still to come
      appt("2026-12-01T05:00:00.000Z"), // over, never recorded
    ];
    const { upcoming, done } = orderDay(list, now);
    expect(upcoming.map((a) => a.start.slice(11, 16))).toEqual(["05:45", "06:30", "08:00"]);
    expect(done.map((a) => a.start.slice(11, 16))).toEqual(["07:00", "05:00", "04:00"]);
  });

  it("offers outcomes only once a booked appointment has started, and cancel only before it ends", () => {
    expect(canRecordOutcome(appt("2026-12-01T06:30:00.000Z"), now)).toBe(false);
    expect(canRecordOutcome(appt("2026-12-01T06:00:00.000Z"), now)).toBe(true);
    expect(canRecordOutcome(appt("2026-12-01T05:00:00.000Z", "cancelled"), now)).toBe(false);
    expect(canCancel(appt("2026-12-01T05:00:00.000Z"), now)).toBe(false);
    expect(canCancel(appt("2026-12-01T05:45:00.000Z", "held"), now)).toBe(true);
  });

  it("lays out the week Monday to Sunday around any date", () => {
    expect(weekOf("2026-12-03")).toEqual([
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    expect(weekOf("2026-11-30")[0]).toBe("2026-11-30");
    expect(weekOf("2026-12-06")[6]).toBe("2026-12-06");
  });
});

describe("the schedule editor's preview", () => {
  const now = new Date("2026-12-01T06:00:00.000Z");
  it("is exactly the server's generateSlots over the next two weeks, grouped by the doctor's dates", () => {
    const settings = roundTheClock({ slotMinutes: 45, bufferMinutes: 15, minNoticeMinutes: 90 });
    const preview = previewSlots(settings, now);
    if (!preview.ok) throw new Error("expected a valid schedule");
    expect(preview.days).toHaveLength(PREVIEW_DAYS);
    expect(preview.days[0]?.date).toBe("2026-12-01");
    const server = generateSlots(
      { ...settings, overrides: [], timeOff: [] } as never,
      { from: "2026-12-01", to: addDays("2026-12-01", PREVIEW_DAYS - 1) },
      now,
    );
    expect(preview.days.flatMap((d) => d.slots)).toEqual(server);
    expect(preview.total).toBe(server.length);
  });

  it("changes when a rule changes, and shows none while bookings are off", () => {
    const base = previewSlots(roundTheClock(), now);
    const longer = previewSlots(roundTheClock({ slotMinutes: 60 }), now);
    const off = previewSlots(roundTheClock({ acceptingBookings: false }), now);
    if (!base.ok || !longer.ok || !off.ok) throw new Error("expected valid schedules");
    expect(longer.total).toBeLessThan(base.total);
    expect(off.total).toBe(0);
  });

  it("refuses what the API refuses, naming the field", () => {
    const bad = previewSlots(
      roundTheClock({ slotMinutes: 3, weekly: { ...roundTheClock().weekly, mon: [{ start: "10:00", end: "09:00" }] } }),
      now,
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["slotMinutes", "weekly.mon.0.end"]));
  });

  it("turns time-off inputs into instants in the doctor's zone and back", () => {
    expect(localInputToInstant("2026-12-24T09:00", "Asia/Kolkata")).toBe("2026-12-24T09:00:00+05:30");
    expect(instantToLocalInput("2026-12-24T03:30:00Z", "Asia/Kolkata")).toBe("2026-12-24T09:00");
    expect(localInputToInstant("not a time", "Asia/Kolkata")).toBeNull();
  });
});
