import { describe, expect, it } from "vitest";
import { decideHoldExpiry } from "../../worker/kernel/booking/engine.ts";
import {
  alarmToSet,
  bookingTerms,
  nextWakeUp,
  scheduleConflicts,
} from "../../worker/kernel/booking/schedule-change.ts";
import { ScheduleSettings } from "../../worker/kernel/domain/schedule.ts";
import { roundTheClock } from "../support/schedules.ts";
import { at, HALF_HOUR, NOW, row } from "./booking-engine.support.ts";

describe("decideHoldExpiry", () => {
  const due = row("due", { status: "held", holdExpiresAt: NOW, startMs: at(4) });
  const later = row("later", { status: "held", holdExpiresAt: NOW + 1, startMs: at(5) });
  const booked = row("booked", { status: "booked", startMs: at(6) });

  it("expires exactly the holds that are due, as the system, with the reason", () => {
    const writes = decideHoldExpiry([due, later, booked], NOW);
    expect(writes).toEqual([
      {
        kind: "update",
        row: { ...due, status: "expired", holdExpiresAt: null, version: 2, updatedAt: NOW },
        event: {
          appointmentId: due.id,
          version: 2,
          type: "expired",
          fromStatus: "held",
          toStatus: "expired",
          actorRole: "system",
          actorId: "hold-expiry",
          reason: "payment not completed in time",
          fromStartMs: null,
          toStartMs: null,
          at: NOW,
        },
      },
    ]);
  });

  it("finds nothing left to expire in its own result (a retried alarm expires each hold once)", () => {
    const [first] = decideHoldExpiry([due], NOW);
    expect(first).toBeDefined();
    expect(decideHoldExpiry(first ? [first.row] : [], NOW + 60_000)).toEqual([]);
  });
});

describe("scheduleConflicts", () => {
  const settings = ScheduleSettings.parse(roundTheClock());
  it("lists active future bookings the new rules do not generate, and nothing else", () => {
    const fits = row("fits", { startMs: at(4) });
    const offGrid = row("offgrid", { startMs: at(4) + 10 * 60_000, endMs: at(4) + 10 * 60_000 + HALF_HOUR });
    const tooLong = row("toolong", { startMs: at(6), endMs: at(6) + 2 * HALF_HOUR });
    const past = row("past", { startMs: at(-6) + 10 * 60_000 });
    const cancelled = row("cancelled", { startMs: at(8) + 10 * 60_000, status: "cancelled" });
    const ids = scheduleConflicts(settings, [fits, offGrid, tooLong, past, cancelled], NOW).map((r) => r.id);
    expect(ids).toEqual([offGrid.id, tooLong.id]);
  });

  it("does not count the rules for new bookings (accepting, notice, horizon) against kept ones", () => {
    const strict = ScheduleSettings.parse(
      roundTheClock({ acceptingBookings: false, minNoticeMinutes: 24 * 60, horizonDays: 1 }),
    );
    const soon = row("soon", { startMs: at(2) });
    const far = row("far", { startMs: NOW + 20 * 86_400_000 });
    expect(scheduleConflicts(strict, [soon, far], NOW)).toEqual([]);
  });

  it("lists a booking inside new time off", () => {
    const a = row("a", { startMs: at(4) });
    const off = ScheduleSettings.parse(
      roundTheClock({ timeOff: [{ from: new Date(at(3)).toISOString(), to: new Date(at(6)).toISOString() }] }),
    );
    expect(scheduleConflicts(off, [a], NOW)).toEqual([a]);
  });

  it("lists every future booking when the doctor closes all week", () => {
    const closed = ScheduleSettings.parse(
      roundTheClock({ weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }),
    );
    const a = row("a", { startMs: at(30) });
    expect(scheduleConflicts(closed, [a], NOW)).toEqual([a]);
  });
});

describe("the next wake-up", () => {
  it("is the earliest of an outbox row, a hold expiry and what the caller asks for", () => {
    expect(nextWakeUp({ outbox: 30, holdExpiry: 20, soonest: 25 })).toBe(20);
    expect(nextWakeUp({ outbox: 30, holdExpiry: null })).toBe(30);
    expect(nextWakeUp({ outbox: null, holdExpiry: null, soonest: 5 })).toBe(5);
    expect(nextWakeUp({ outbox: null, holdExpiry: null })).toBeNull();
  });

  it("keeps an alarm already set no later than needed, else moves it earlier", () => {
    expect(alarmToSet(100, null)).toBe(100);
    expect(alarmToSet(100, 150)).toBe(100);
    expect(alarmToSet(100, 100)).toBeNull();
    expect(alarmToSet(100, 50)).toBeNull();
  });
});

describe("bookingTerms", () => {
  it("carries the schedule version with the fee and the accepting flag", () => {
    const s = ScheduleSettings.parse(roundTheClock({ feePaise: 12_300, acceptingBookings: false }));
    expect(bookingTerms("doc_t", 7, s)).toEqual({
      doctorId: "doc_t",
      version: 7,
      feePaise: 12_300,
      acceptingBookings: false,
    });
  });
});
