import { describe, expect, it } from "vitest";
import { loadConfig } from "../../worker/kernel/config.ts";
import { dueReminders, parseReminderOffsets } from "../../worker/kernel/notifications/reminders.ts";
import { fakeEnv } from "../support/fake-env.ts";

const offsets = (s: string) => {
  const parsed = parseReminderOffsets(s);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
};
const at = (r: { offset: string; at: Date }[]) => r.map((x) => [x.offset, x.at.toISOString()]);

describe("reminder offsets", () => {
  it("defaults to 24h and 2h in config, and names a bad setting", () => {
    const ok = loadConfig(fakeEnv());
    expect(ok.ok && ok.config.REMINDER_OFFSETS.map((o) => o.label)).toEqual(["24h", "2h"]);
    const bad = loadConfig(fakeEnv({ REMINDER_OFFSETS: "24h,soon" }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0]?.setting).toBe("REMINDER_OFFSETS");
  });

  it("refuses zero, duplicates and offsets beyond 30 days; empty means no reminders", () => {
    expect(parseReminderOffsets("0h")).toBeTypeOf("string");
    expect(parseReminderOffsets("2h,2h")).toBeTypeOf("string");
    expect(parseReminderOffsets("31d")).toBeTypeOf("string");
    expect(parseReminderOffsets("")).toEqual([]);
  });
});

describe("reminder instants", () => {
  const start = "2026-06-10T09:00:00.000Z";
  const booked = { start, status: "booked" as const };

  it("lists every reminder still ahead, earliest first", () => {
    expect(at(dueReminders(booked, offsets("2h,24h"), "Asia/Kolkata", new Date("2026-06-01T00:00:00Z")))).toEqual([
      ["24h", "2026-06-09T09:00:00.000Z"],
      ["2h", "2026-06-10T07:00:00.000Z"],
    ]);
  });

  it("skips a reminder whose instant had passed when the appointment was booked", () => {
    const bookedAt = new Date("2026-06-10T05:30:00Z"); // 3.5 h ahead: the 24 h reminder is already past
    expect(at(dueReminders(booked, offsets("24h,2h"), "Asia/Kolkata", bookedAt))).toEqual([
      ["2h", "2026-06-10T07:00:00.000Z"],
    ]);
  });

  it("gives none for an appointment that is not booked (cancelled, held, completed)", () => {
    for (const status of ["cancelled", "held", "completed", "no_show", "expired"] as const) {
      expect(dueReminders({ start, status }, offsets("24h,2h"), "UTC", new Date("2026-06-01T00:00:00Z"))).toEqual([]);
    }
  });

  it("recomputes for a moved appointment from its new start", () => {
    const now = new Date("2026-06-08T00:00:00Z");
    const movedTo = { start: "2026-06-12T11:00:00.000Z", status: "booked" as const };
    expect(at(dueReminders(movedTo, offsets("24h,2h"), "UTC", now))).toEqual([
      ["24h", "2026-06-11T11:00:00.000Z"],
      ["2h", "2026-06-12T09:00:00.000Z"],
    ]);
  });

  it("keeps exact hours across the London spring-forward, and the local clock time for days", () => {
    // Sunday 29 March 2026, 10:00 BST (09:00Z); clocks went forward at 01:00Z that morning.
    const sunday = { start: "2026-03-29T09:00:00.000Z", status: "booked" as const };
    const now = new Date("2026-03-20T00:00:00Z");
    expect(at(dueReminders(sunday, offsets("24h,1d"), "Europe/London", now))).toEqual([
      ["24h", "2026-03-28T09:00:00.000Z"], // Saturday 09:00 GMT: exactly 24 h before
      ["1d", "2026-03-28T10:00:00.000Z"], // Saturday 10:00 GMT: the same wall-clock time, 23 h before
    ]);
  });

  it("keeps exact hours across the New York fall-back, and the local clock time for days", () => {
    // Sunday 1 November 2026, 10:00 EST (15:00Z); clocks went back at 06:00Z that morning.
    const sunday = { start: "2026-11-01T15:00:00.000Z", status: "booked" as const };
    const now = new Date("2026-10-25T00:00:00Z");
    expect(at(dueReminders(sunday, offsets("24h,1d,2h"), "America/New_York", now))).toEqual([
      ["1d", "2026-10-31T14:00:00.000Z"], // Saturday 10:00 EDT: 25 h before
      ["24h", "2026-10-31T15:00:00.000Z"],
      ["2h", "2026-11-01T13:00:00.000Z"],
    ]);
  });
});
