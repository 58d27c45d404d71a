import { Settings } from "luxon";
import { describe, expect, it } from "vitest";
import { ScheduleSettings, type ScheduleSettingsInput } from "../../worker/kernel/domain/schedule.ts";
import {
  type Busy,
  checkSlot,
  generateSlots,
  localDayBounds,
  MAX_SLOT_RANGE_DAYS,
  type Slot,
  slotsOverlap,
} from "../../worker/kernel/domain/slots.ts";

const ms = (iso: string) => Date.parse(iso);
const starts = (slots: Slot[]) => slots.map((s) => s.start);
const localStarts = (slots: Slot[]) => slots.map((s) => s.localStart);

function settings(input: Partial<ScheduleSettingsInput> & Pick<ScheduleSettingsInput, "timeZone">): ScheduleSettings {
  return ScheduleSettings.parse({ slotMinutes: 30, feePaise: 50_000, weekly: {}, ...input });
}

// 2026-03-09 is a Monday. Kolkata is UTC+05:30 all year, so 09:00 IST = 03:30Z.
const kolkata = settings({
  timeZone: "Asia/Kolkata",
  slotMinutes: 30,
  bufferMinutes: 10,
  weekly: {
    mon: [
      { start: "09:00", end: "12:00" },
      { start: "17:00", end: "19:00" },
    ],
  },
});
const longAgo = new Date("2026-03-01T00:00:00Z");

const KOLKATA_MONDAY = [
  "2026-03-09T03:30:00.000Z", // 09:00
  "2026-03-09T04:10:00.000Z", // 09:40
  "2026-03-09T04:50:00.000Z", // 10:20
  "2026-03-09T05:30:00.000Z", // 11:00 (11:40 would end 12:10, past the range)
  "2026-03-09T11:30:00.000Z", // 17:00
  "2026-03-09T12:10:00.000Z", // 17:40
  "2026-03-09T12:50:00.000Z", // 18:20
];

describe("generateSlots in a zone without DST (Asia/Kolkata)", () => {
  it("steps morning and evening ranges by slot plus buffer and keeps only whole slots", () => {
    const slots = generateSlots(kolkata, { from: "2026-03-09", to: "2026-03-09" }, longAgo);
    expect(starts(slots)).toEqual(KOLKATA_MONDAY);
    expect(localStarts(slots)).toEqual(["09:00", "09:40", "10:20", "11:00", "17:00", "17:40", "18:20"]);
    expect(slots[0]).toEqual({
      start: "2026-03-09T03:30:00.000Z",
      end: "2026-03-09T04:00:00.000Z",
      localDate: "2026-03-09",
      localStart: "09:00",
      localEnd: "09:30",
    });
  });

  it("uses the weekday in the doctor's zone, not in UTC", () => {
    // Monday 00:00–02:00 IST is Sunday 18:30–20:30 UTC.
    const s = settings({
      timeZone: "Asia/Kolkata",
      slotMinutes: 60,
      weekly: { mon: [{ start: "00:00", end: "02:00" }] },
    });
    const slots = generateSlots(s, { from: "2026-03-08", to: "2026-03-10" }, longAgo);
    expect(slots.map((x) => [x.localDate, x.start])).toEqual([
      ["2026-03-09", "2026-03-08T18:30:00.000Z"],
      ["2026-03-09", "2026-03-08T19:30:00.000Z"],
    ]);
  });

  it("spans several days in order, only on working weekdays", () => {
    const slots = generateSlots(kolkata, { from: "2026-03-09", to: "2026-03-16" }, longAgo);
    expect(slots).toHaveLength(14);
    expect(new Set(slots.map((x) => x.localDate))).toEqual(new Set(["2026-03-09", "2026-03-16"]));
    expect(starts(slots)).toEqual([...starts(slots)].sort());
  });

  it("gives a range ending at 24:00 a last slot ending at the next local midnight", () => {
    const s = settings({
      timeZone: "Asia/Kolkata",
      slotMinutes: 60,
      weekly: { mon: [{ start: "22:00", end: "24:00" }] },
    });
    const slots = generateSlots(s, { from: "2026-03-09", to: "2026-03-09" }, longAgo);
    expect(slots.map((x) => [x.start, x.end, x.localStart, x.localEnd])).toEqual([
      ["2026-03-09T16:30:00.000Z", "2026-03-09T17:30:00.000Z", "22:00", "23:00"],
      ["2026-03-09T17:30:00.000Z", "2026-03-09T18:30:00.000Z", "23:00", "24:00"],
    ]);
  });

  it("offers nothing when the doctor is not accepting bookings", () => {
    const off = { ...kolkata, acceptingBookings: false };
    expect(generateSlots(off, { from: "2026-03-09", to: "2026-03-09" }, longAgo)).toEqual([]);
  });
});

describe("generateSlots across DST in America/New_York", () => {
  const ny = settings({
    timeZone: "America/New_York",
    slotMinutes: 60,
    minNoticeMinutes: 0,
    horizonDays: 365,
    weekly: {
      sat: [{ start: "09:00", end: "12:00" }],
      sun: [{ start: "09:00", end: "12:00" }],
      mon: [{ start: "09:00", end: "12:00" }],
    },
  });
  const jan = new Date("2026-01-01T00:00:00Z");

  it("moves 09:00 from 14:00Z to 13:00Z over the spring-forward weekend (2026-03-08)", () => {
    const slots = generateSlots(ny, { from: "2026-03-07", to: "2026-03-09" }, jan);
    expect(slots.map((x) => [x.localDate, x.start])).toEqual([
      ["2026-03-07", "2026-03-07T14:00:00.000Z"],
      ["2026-03-07", "2026-03-07T15:00:00.000Z"],
      ["2026-03-07", "2026-03-07T16:00:00.000Z"],
      ["2026-03-08", "2026-03-08T13:00:00.000Z"],
      ["2026-03-08", "2026-03-08T14:00:00.000Z"],
      ["2026-03-08", "2026-03-08T15:00:00.000Z"],
      ["2026-03-09", "2026-03-09T13:00:00.000Z"],
      ["2026-03-09", "2026-03-09T14:00:00.000Z"],
      ["2026-03-09", "2026-03-09T15:00:00.000Z"],
    ]);
    expect(new Set(localStarts(slots))).toEqual(new Set(["09:00", "10:00", "11:00"]));
  });

  it("moves 09:00 from 13:00Z to 14:00Z over the fall-back weekend (2026-11-01)", () => {
    const slots = generateSlots(ny, { from: "2026-10-31", to: "2026-11-02" }, jan);
    expect(slots.filter((x) => x.localStart === "09:00").map((x) => x.start)).toEqual([
      "2026-10-31T13:00:00.000Z",
      "2026-11-01T14:00:00.000Z",
      "2026-11-02T14:00:00.000Z",
    ]);
  });

  it("steps in real time, so 00:00–04:00 holds 3 hourly slots on the spring-forward day", () => {
    const night = settings({
      timeZone: "America/New_York",
      slotMinutes: 60,
      minNoticeMinutes: 0,
      horizonDays: 365,
      weekly: { sun: [{ start: "00:00", end: "04:00" }] },
    });
    const slots = generateSlots(night, { from: "2026-03-08", to: "2026-03-08" }, jan);
    expect(slots.map((x) => [x.start, x.localStart, x.localEnd])).toEqual([
      ["2026-03-08T05:00:00.000Z", "00:00", "01:00"],
      ["2026-03-08T06:00:00.000Z", "01:00", "03:00"], // 02:00 EST does not exist: 01:00 + 1h = 03:00 EDT
      ["2026-03-08T07:00:00.000Z", "03:00", "04:00"],
    ]);
  });

  it("steps in real time, so 00:00–04:00 holds 5 hourly slots on the fall-back day, 01:00 twice", () => {
    const night = settings({
      timeZone: "America/New_York",
      slotMinutes: 60,
      minNoticeMinutes: 0,
      horizonDays: 365,
      weekly: { sun: [{ start: "00:00", end: "04:00" }] },
    });
    const slots = generateSlots(night, { from: "2026-11-01", to: "2026-11-01" }, jan);
    expect(slots.map((x) => [x.start, x.localStart])).toEqual([
      ["2026-11-01T04:00:00.000Z", "00:00"],
      ["2026-11-01T05:00:00.000Z", "01:00"], // EDT
      ["2026-11-01T06:00:00.000Z", "01:00"], // EST, the repeated hour
      ["2026-11-01T07:00:00.000Z", "02:00"],
      ["2026-11-01T08:00:00.000Z", "03:00"],
    ]);
    // A normal Sunday for comparison: 4 slots.
    expect(generateSlots(night, { from: "2026-11-08", to: "2026-11-08" }, jan)).toHaveLength(4);
  });

  it("moves a range start that falls in the spring-forward gap forward by the gap", () => {
    const s = settings({
      timeZone: "America/New_York",
      slotMinutes: 30,
      minNoticeMinutes: 0,
      horizonDays: 365,
      weekly: { sun: [{ start: "02:30", end: "04:00" }] },
    });
    const slots = generateSlots(s, { from: "2026-03-08", to: "2026-03-08" }, jan);
    // 02:30 doesn't exist; it becomes 03:30 EDT (07:30Z), leaving one 30-minute slot before 04:00 EDT.
    expect(slots.map((x) => [x.start, x.localStart, x.localEnd])).toEqual([
      ["2026-03-08T07:30:00.000Z", "03:30", "04:00"],
    ]);
  });

  it("resolves an ambiguous range start in the repeated hour to its first occurrence", () => {
    const s = settings({
      timeZone: "America/New_York",
      slotMinutes: 30,
      minNoticeMinutes: 0,
      horizonDays: 365,
      weekly: { sun: [{ start: "01:30", end: "02:00" }] },
    });
    // 01:30 EDT (05:30Z) to 02:00 EST (07:00Z) is 90 real minutes.
    expect(starts(generateSlots(s, { from: "2026-11-01", to: "2026-11-01" }, jan))).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T06:00:00.000Z",
      "2026-11-01T06:30:00.000Z",
    ]);
  });

  it("does not depend on the real clock, unlike luxon's DateTime.fromObject for ambiguous times", () => {
    const s = settings({
      timeZone: "America/New_York",
      slotMinutes: 30,
      minNoticeMinutes: 0,
      horizonDays: 365,
      weekly: { sun: [{ start: "01:30", end: "02:00" }] },
    });
    const realNow = Settings.now;
    const results: string[][] = [];
    try {
      for (const clock of ["2026-07-01T00:00:00Z", "2026-01-15T00:00:00Z"]) {
        Settings.now = () => Date.parse(clock);
        results.push(starts(generateSlots(s, { from: "2026-11-01", to: "2026-11-01" }, jan)));
      }
    } finally {
      Settings.now = realNow;
    }
    expect(results[0]).toEqual(results[1]);
    expect(results[0]?.[0]).toBe("2026-11-01T05:30:00.000Z");
  });

  it("never overlaps when a DST gap makes two ranges of one day overlap in real time", () => {
    const s = settings({
      timeZone: "America/New_York",
      slotMinutes: 30,
      minNoticeMinutes: 0,
      horizonDays: 365,
      weekly: {
        sun: [
          { start: "01:00", end: "02:30" }, // ends at 03:30 EDT on 2026-03-08
          { start: "03:00", end: "04:00" },
        ],
      },
    });
    const slots = generateSlots(s, { from: "2026-03-08", to: "2026-03-08" }, jan);
    expect(starts(slots)).toEqual([
      "2026-03-08T06:00:00.000Z",
      "2026-03-08T06:30:00.000Z",
      "2026-03-08T07:00:00.000Z",
      "2026-03-08T07:30:00.000Z",
    ]);
    for (const slot of slots) expect(checkSlot(s, slot.start, jan)).toEqual({ ok: true, slot });
  });
});

describe("generateSlots across DST in Europe/London", () => {
  const london = settings({
    timeZone: "Europe/London",
    slotMinutes: 30,
    minNoticeMinutes: 0,
    horizonDays: 365,
    weekly: {
      sat: [{ start: "09:00", end: "10:00" }],
      sun: [{ start: "00:30", end: "02:30" }],
      mon: [{ start: "09:00", end: "10:00" }],
    },
  });
  const jan = new Date("2026-01-01T00:00:00Z");

  it("moves 09:00 from 09:00Z (GMT) to 08:00Z (BST) after 2026-03-29", () => {
    const slots = generateSlots(london, { from: "2026-03-28", to: "2026-03-30" }, jan);
    expect(slots.filter((x) => x.localStart === "09:00").map((x) => x.start)).toEqual([
      "2026-03-28T09:00:00.000Z",
      "2026-03-30T08:00:00.000Z",
    ]);
  });

  it("loses an hour of the 00:30–02:30 range on the spring-forward night (01:00 GMT → 02:00 BST)", () => {
    const slots = generateSlots(london, { from: "2026-03-29", to: "2026-03-29" }, jan);
    expect(slots.map((x) => [x.start, x.localStart])).toEqual([
      ["2026-03-29T00:30:00.000Z", "00:30"],
      ["2026-03-29T01:00:00.000Z", "02:00"],
    ]);
  });

  it("gains an hour of the 00:30–02:30 range on the fall-back night (2026-10-25)", () => {
    const slots = generateSlots(london, { from: "2026-10-25", to: "2026-10-25" }, jan);
    expect(localStarts(slots)).toEqual(["00:30", "01:00", "01:30", "01:00", "01:30", "02:00"]);
    expect(slots[0]?.start).toBe("2026-10-24T23:30:00.000Z");
    expect(slots.at(-1)?.end).toBe("2026-10-25T02:30:00.000Z");
  });
});

describe("localDayBounds", () => {
  const hours = (b: { startMs: number; endMs: number }) => (b.endMs - b.startMs) / 3_600_000;

  it("is 24 hours in Kolkata, starting at 18:30Z the day before", () => {
    const b = localDayBounds("Asia/Kolkata", "2026-03-09");
    expect(new Date(b.startMs).toISOString()).toBe("2026-03-08T18:30:00.000Z");
    expect(hours(b)).toBe(24);
  });

  it("is 23 hours on spring-forward days and 25 on fall-back days", () => {
    expect(hours(localDayBounds("America/New_York", "2026-03-08"))).toBe(23);
    expect(hours(localDayBounds("America/New_York", "2026-11-01"))).toBe(25);
    expect(hours(localDayBounds("Europe/London", "2026-03-29"))).toBe(23);
    expect(hours(localDayBounds("Europe/London", "2026-10-25"))).toBe(25);
    expect(hours(localDayBounds("America/New_York", "2026-03-09"))).toBe(24);
  });

  it("gives the instants of local midnights", () => {
    const b = localDayBounds("America/New_York", "2026-11-01");
    expect(new Date(b.startMs).toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(new Date(b.endMs).toISOString()).toBe("2026-11-02T05:00:00.000Z");
  });

  it("starts at the first existing time when local midnight is skipped (America/Santiago)", () => {
    const b = localDayBounds("America/Santiago", "2026-09-06");
    expect(new Date(b.startMs).toISOString()).toBe("2026-09-06T04:00:00.000Z"); // 01:00 -03:00
    expect(hours(b)).toBe(23);
  });

  it("rejects bad zones and dates", () => {
    expect(() => localDayBounds("Mars/Base", "2026-03-09")).toThrow(RangeError);
    expect(() => localDayBounds("Asia/Kolkata", "2026-02-30")).toThrow(RangeError);
  });
});

describe("overrides", () => {
  it("closes a normally open day", () => {
    const s = { ...kolkata, overrides: [{ date: "2026-03-09", ranges: [] }] };
    expect(generateSlots(s, { from: "2026-03-09", to: "2026-03-16" }, longAgo).map((x) => x.localDate)).not.toContain(
      "2026-03-09",
    );
    expect(generateSlots(s, { from: "2026-03-16", to: "2026-03-16" }, longAgo)).toHaveLength(7);
  });

  it("replaces the weekly ranges with special hours for that date only", () => {
    const s = { ...kolkata, overrides: [{ date: "2026-03-09", ranges: [{ start: "13:00", end: "14:00" }] }] };
    const slots = generateSlots(s, { from: "2026-03-09", to: "2026-03-09" }, longAgo);
    expect(localStarts(slots)).toEqual(["13:00"]); // 13:40 would end 14:10
  });

  it("opens a day that has no weekly hours", () => {
    const s = { ...kolkata, overrides: [{ date: "2026-03-15", ranges: [{ start: "10:00", end: "11:00" }] }] };
    const slots = generateSlots(s, { from: "2026-03-15", to: "2026-03-15" }, longAgo);
    expect(slots.map((x) => [x.localDate, x.localStart])).toEqual([["2026-03-15", "10:00"]]);
  });
});

describe("time off", () => {
  it("removes slots that overlap it, including partial overlaps, and keeps touching ones", () => {
    // 09:15–10:20 IST: hits 09:00–09:30 and 09:40–10:10 partially; 10:20 starts exactly when time off ends.
    const s = { ...kolkata, timeOff: [{ from: "2026-03-09T09:15:00+05:30", to: "2026-03-09T04:50:00Z" }] };
    const slots = generateSlots(s, { from: "2026-03-09", to: "2026-03-09" }, longAgo);
    expect(localStarts(slots)).toEqual(["10:20", "11:00", "17:00", "17:40", "18:20"]);
  });

  it("keeps a slot that ends exactly when time off starts", () => {
    const s = { ...kolkata, timeOff: [{ from: "2026-03-09T09:30:00+05:30", to: "2026-03-09T09:40:00+05:30" }] };
    expect(generateSlots(s, { from: "2026-03-09", to: "2026-03-09" }, longAgo)).toHaveLength(7);
  });

  it("removes a whole local day given as midnight to midnight", () => {
    const s = {
      ...kolkata,
      timeOff: [{ from: "2026-03-09T00:00:00+05:30", to: "2026-03-10T00:00:00+05:30", reason: "Leave" }],
    };
    expect(generateSlots(s, { from: "2026-03-09", to: "2026-03-16" }, longAgo).map((x) => x.localDate)).toEqual(
      Array(7).fill("2026-03-16"),
    );
  });
});

describe("busy intervals", () => {
  const day = { from: "2026-03-09", to: "2026-03-09" };

  it("removes a taken slot", () => {
    const busy: Busy[] = [{ startMs: ms("2026-03-09T04:10:00Z"), endMs: ms("2026-03-09T04:40:00Z") }];
    expect(localStarts(generateSlots(kolkata, day, longAgo, busy))).toEqual([
      "09:00",
      "10:20",
      "11:00",
      "17:00",
      "17:40",
      "18:20",
    ]);
  });

  it("removes every slot a longer or misaligned busy interval touches, but not adjacent ones", () => {
    // 09:50–10:25 IST overlaps 09:40–10:10 and 10:20–10:50; busy 17:30–17:40 only touches its neighbours.
    const busy: Busy[] = [
      { startMs: ms("2026-03-09T09:50:00+05:30"), endMs: ms("2026-03-09T10:25:00+05:30") },
      { startMs: ms("2026-03-09T17:30:00+05:30"), endMs: ms("2026-03-09T17:40:00+05:30") },
    ];
    expect(localStarts(generateSlots(kolkata, day, longAgo, busy))).toEqual([
      "09:00",
      "11:00",
      "17:00",
      "17:40",
      "18:20",
    ]);
  });

  it("ignores empty busy intervals", () => {
    const at = ms("2026-03-09T03:30:00Z");
    expect(generateSlots(kolkata, day, longAgo, [{ startMs: at, endMs: at }])).toHaveLength(7);
  });

  it("detects overlap on half-open intervals", () => {
    expect(slotsOverlap({ startMs: 0, endMs: 10 }, { startMs: 5, endMs: 15 })).toBe(true);
    expect(slotsOverlap({ startMs: 0, endMs: 10 }, { startMs: 2, endMs: 3 })).toBe(true);
    expect(slotsOverlap({ startMs: 2, endMs: 3 }, { startMs: 0, endMs: 10 })).toBe(true);
    expect(slotsOverlap({ startMs: 0, endMs: 10 }, { startMs: 10, endMs: 20 })).toBe(false);
    expect(slotsOverlap({ startMs: 10, endMs: 20 }, { startMs: 0, endMs: 10 })).toBe(false);
    expect(slotsOverlap({ startMs: 5, endMs: 5 }, { startMs: 0, endMs: 10 })).toBe(false);
  });
});

describe("minimum notice and horizon", () => {
  const day = { from: "2026-03-09", to: "2026-03-09" };

  it("drops slots starting before now plus the minimum notice", () => {
    // now 08:30 IST, notice 60 → earliest 09:30 IST: 09:00 goes, 09:40 stays.
    const slots = generateSlots(kolkata, day, new Date("2026-03-09T03:00:00Z"));
    expect(localStarts(slots)[0]).toBe("09:40");
  });

  it("keeps a slot starting exactly at now plus the notice", () => {
    const s = { ...kolkata, minNoticeMinutes: 40 };
    expect(localStarts(generateSlots(s, day, new Date("2026-03-09T03:30:00Z")))[0]).toBe("09:40");
  });

  it("drops slots already started or past", () => {
    const s = { ...kolkata, minNoticeMinutes: 0 };
    expect(localStarts(generateSlots(s, day, new Date("2026-03-09T12:15:00Z")))).toEqual(["18:20"]); // 17:45 IST
    expect(generateSlots(s, day, new Date("2026-03-10T00:00:00Z"))).toEqual([]);
  });

  it("drops slots starting more than horizonDays after now, keeping the boundary", () => {
    const s = { ...kolkata, horizonDays: 8 };
    // now + 8 days = 2026-03-09T03:30Z, exactly the 09:00 IST slot.
    const slots = generateSlots(s, day, new Date("2026-03-01T03:30:00Z"));
    expect(localStarts(slots)).toEqual(["09:00"]);
  });
});

describe("range limits", () => {
  it("accepts up to 62 days and throws RangeError beyond", () => {
    expect(MAX_SLOT_RANGE_DAYS).toBe(62);
    expect(generateSlots(kolkata, { from: "2026-03-01", to: "2026-05-01" }, longAgo).length).toBeGreaterThan(0);
    expect(() => generateSlots(kolkata, { from: "2026-03-01", to: "2026-05-02" }, longAgo)).toThrow(RangeError);
  });

  it("returns nothing when to is before from", () => {
    expect(generateSlots(kolkata, { from: "2026-03-10", to: "2026-03-09" }, longAgo)).toEqual([]);
  });

  it("throws RangeError for malformed dates and an invalid now", () => {
    expect(() => generateSlots(kolkata, { from: "2026-02-30", to: "2026-03-02" }, longAgo)).toThrow(RangeError);
    expect(() => generateSlots(kolkata, { from: "2026-03-09", to: "09/03/2026" }, longAgo)).toThrow(RangeError);
    expect(() => generateSlots(kolkata, { from: "2026-03-09", to: "2026-03-09" }, new Date(Number.NaN))).toThrow(
      RangeError,
    );
  });
});

describe("checkSlot", () => {
  const now = new Date("2026-03-09T00:00:00Z"); // 05:30 IST, Monday

  it("accepts an aligned slot and returns it as generateSlots does", () => {
    const generated = generateSlots(kolkata, { from: "2026-03-09", to: "2026-03-09" }, now);
    expect(checkSlot(kolkata, "2026-03-09T04:10:00.000Z", now)).toEqual({ ok: true, slot: generated[1] });
  });

  it("treats the same instant in two offsets as the same slot", () => {
    const a = checkSlot(kolkata, "2026-03-09T09:00:00+05:30", now);
    const b = checkSlot(kolkata, "2026-03-09T03:30:00Z", now);
    expect(a.ok).toBe(true);
    expect(a).toEqual(b);
    expect(checkSlot(kolkata, "2026-03-08T22:30:00-05:00", now)).toEqual(b);
  });

  it("rejects an unaligned instant as not_a_slot", () => {
    expect(checkSlot(kolkata, "2026-03-09T09:07:00+05:30", now)).toEqual({ ok: false, reason: "not_a_slot" });
    expect(checkSlot(kolkata, "2026-03-09T09:30:00+05:30", now)).toEqual({ ok: false, reason: "not_a_slot" }); // in the buffer grid gap
    expect(checkSlot(kolkata, "2026-03-09T03:30:00.001Z", now)).toEqual({ ok: false, reason: "not_a_slot" });
  });

  it("rejects instants outside working hours and a slot that would not fit before the range end", () => {
    expect(checkSlot(kolkata, "2026-03-09T14:00:00+05:30", now)).toEqual({ ok: false, reason: "not_a_slot" });
    expect(checkSlot(kolkata, "2026-03-10T09:00:00+05:30", now)).toEqual({ ok: false, reason: "not_a_slot" }); // Tuesday
    expect(checkSlot(kolkata, "2026-03-09T11:40:00+05:30", now)).toEqual({ ok: false, reason: "not_a_slot" }); // ends 12:10
  });

  it("rejects malformed or offset-less input as not_a_slot", () => {
    for (const bad of ["", "tomorrow", "2026-03-09T09:00:00", "2026-03-09 09:00:00Z", "2026-03-09T09:00+05:30"]) {
      expect(checkSlot(kolkata, bad, now)).toEqual({ ok: false, reason: "not_a_slot" });
    }
  });

  it("says in_past for a started slot, before too_soon", () => {
    expect(checkSlot(kolkata, "2026-03-09T09:00:00+05:30", new Date("2026-03-09T03:45:00Z"))).toEqual({
      ok: false,
      reason: "in_past",
    });
  });

  it("says too_soon inside the minimum notice", () => {
    // now 08:30 IST, notice 60 minutes.
    expect(checkSlot(kolkata, "2026-03-09T09:00:00+05:30", new Date("2026-03-09T03:00:00Z"))).toEqual({
      ok: false,
      reason: "too_soon",
    });
    expect(checkSlot(kolkata, "2026-03-09T09:40:00+05:30", new Date("2026-03-09T03:00:00Z")).ok).toBe(true);
  });

  it("says beyond_horizon past now plus horizonDays", () => {
    const s = { ...kolkata, horizonDays: 7 };
    expect(checkSlot(s, "2026-03-16T09:00:00+05:30", now)).toEqual({ ok: false, reason: "beyond_horizon" });
    expect(checkSlot(s, "2026-03-09T09:00:00+05:30", now).ok).toBe(true);
  });

  it("says time_off for a real slot during time off", () => {
    const s = { ...kolkata, timeOff: [{ from: "2026-03-09T09:15:00+05:30", to: "2026-03-09T10:00:00+05:30" }] };
    expect(checkSlot(s, "2026-03-09T09:00:00+05:30", now)).toEqual({ ok: false, reason: "time_off" });
    expect(checkSlot(s, "2026-03-09T09:40:00+05:30", now)).toEqual({ ok: false, reason: "time_off" });
    expect(checkSlot(s, "2026-03-09T10:20:00+05:30", now).ok).toBe(true);
    expect(checkSlot(s, "2026-03-09T09:20:00+05:30", now)).toEqual({ ok: false, reason: "not_a_slot" });
  });

  it("says not_accepting when bookings are off", () => {
    expect(checkSlot({ ...kolkata, acceptingBookings: false }, "2026-03-09T09:00:00+05:30", now)).toEqual({
      ok: false,
      reason: "not_accepting",
    });
  });

  it("ignores busy intervals and honours overrides", () => {
    const s = { ...kolkata, overrides: [{ date: "2026-03-09", ranges: [{ start: "13:00", end: "14:00" }] }] };
    expect(checkSlot(s, "2026-03-09T09:00:00+05:30", now)).toEqual({ ok: false, reason: "not_a_slot" });
    expect(checkSlot(s, "2026-03-09T13:00:00+05:30", now).ok).toBe(true);
  });

  it("accepts the last slot of a range ending at 24:00", () => {
    const s = settings({
      timeZone: "Asia/Kolkata",
      slotMinutes: 60,
      weekly: { mon: [{ start: "22:00", end: "24:00" }] },
    });
    const r = checkSlot(s, "2026-03-09T23:00:00+05:30", now);
    expect(r).toEqual({
      ok: true,
      slot: {
        start: "2026-03-09T17:30:00.000Z",
        end: "2026-03-09T18:30:00.000Z",
        localDate: "2026-03-09",
        localStart: "23:00",
        localEnd: "24:00",
      },
    });
  });

  it("accepts both 01:00 slots of the repeated hour on the New York fall-back day", () => {
    const s = settings({
      timeZone: "America/New_York",
      slotMinutes: 60,
      minNoticeMinutes: 0,
      weekly: { sun: [{ start: "00:00", end: "04:00" }] },
    });
    const before = new Date("2026-10-01T00:00:00Z");
    expect(checkSlot(s, "2026-11-01T01:00:00-04:00", before).ok).toBe(true);
    expect(checkSlot(s, "2026-11-01T01:00:00-05:00", before).ok).toBe(true);
    expect(checkSlot(s, "2026-11-01T04:00:00-05:00", before)).toEqual({ ok: false, reason: "not_a_slot" }); // range end
    expect(checkSlot(s, "2026-03-08T02:00:00-05:00", before)).toEqual({ ok: false, reason: "in_past" });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property-style: random settings from a seeded PRNG (mulberry32), no dependencies.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = [
  "Asia/Kolkata",
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "Australia/Lord_Howe", // 30-minute DST
  "America/Santiago", // DST at local midnight
  "Asia/Kathmandu", // +05:45
  "America/St_Johns", // -03:30 with DST
  "Pacific/Chatham", // +12:45 / +13:45
  "UTC",
];
// Starts of random windows, close to 2026 DST changes in the zones above.
const WINDOW_STARTS = [
  "2026-03-06",
  "2026-03-27",
  "2026-04-02",
  "2026-09-04",
  "2026-09-25",
  "2026-10-23",
  "2026-10-30",
];

const pad = (n: number) => String(n).padStart(2, "0");
const fmt = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function randomRanges(rnd: () => number): { start: string; end: string }[] {
  const count = Math.floor(rnd() * 4); // 0..3 ranges
  const cuts = Array.from({ length: count * 2 }, () => Math.floor(rnd() * 1441)).sort((a, b) => a - b);
  const out: { start: string; end: string }[] = [];
  for (let i = 0; i + 1 < cuts.length; i += 2) {
    const start = cuts[i] ?? 0;
    const end = cuts[i + 1] ?? 0;
    if (start < end && start < 1440) out.push({ start: fmt(start), end: fmt(end) });
  }
  return out;
}

function randomSettings(rnd: () => number, from: string): ScheduleSettings {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const weekly = Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, randomRanges(rnd)]),
  );
  const overrides = Array.from({ length: Math.floor(rnd() * 3) }, (_, i) => ({
    date: addDays(from, i * 2 + Math.floor(rnd() * 2)),
    ranges: randomRanges(rnd),
  }));
  const base = Date.parse(`${from}T00:00:00Z`);
  const timeOff = Array.from({ length: Math.floor(rnd() * 3) }, () => {
    const start = base + Math.floor(rnd() * 10 * 24 * 60) * 60_000;
    return {
      from: new Date(start).toISOString(),
      to: new Date(start + (1 + Math.floor(rnd() * 600)) * 60_000).toISOString(),
    };
  });
  return ScheduleSettings.parse({
    timeZone: pick(ZONES),
    slotMinutes: pick([5, 10, 15, 20, 30, 45, 60, 90, 7, 240]),
    bufferMinutes: pick([0, 0, 0, 5, 10, 13, 60]),
    minNoticeMinutes: pick([0, 60, 24 * 60]),
    horizonDays: pick([1, 3, 7, 60]),
    weekly,
    overrides,
    timeOff,
    feePaise: 1000,
  });
}

const dayLengths = new Map<string, boolean>();
function dayIs24h(timeZone: string, date: string): boolean {
  const key = `${timeZone} ${date}`;
  let is24h = dayLengths.get(key);
  if (is24h === undefined) {
    const day = localDayBounds(timeZone, date);
    is24h = day.endMs - day.startMs === 86_400_000;
    dayLengths.set(key, is24h);
  }
  return is24h;
}

describe("generateSlots and checkSlot agree (seeded random schedules)", () => {
  it("every generated slot passes checkSlot and no two slots overlap", () => {
    const rnd = mulberry32(20260309);
    let total = 0;
    let onDstDays = 0;
    for (let run = 0; run < 150; run++) {
      const from = WINDOW_STARTS[Math.floor(rnd() * WINDOW_STARTS.length)] ?? "2026-03-06";
      const to = addDays(from, Math.floor(rnd() * 10));
      const s = randomSettings(rnd, from);
      const now = new Date(Date.parse(`${from}T00:00:00Z`) + Math.floor(rnd() * 3 * 24 * 60 - 24 * 60) * 60_000);
      const slots = generateSlots(s, { from, to }, now);
      total += slots.length;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i] as Slot;
        const check = checkSlot(s, slot.start, now);
        expect(check, `${s.timeZone} ${slot.start}`).toEqual({ ok: true, slot });
        expect(ms(slot.end) - ms(slot.start)).toBe(s.slotMinutes * 60_000);
        expect(slot.localDate >= from && slot.localDate <= to).toBe(true);
        const next = slots[i + 1];
        if (next) expect(ms(next.start)).toBeGreaterThanOrEqual(ms(slot.end));
        if (!dayIs24h(s.timeZone, slot.localDate)) onDstDays++;
      }
    }
    // The generator actually produces slots, including on 23 h / 25 h days.
    expect(total).toBeGreaterThan(500);
    expect(onDstDays).toBeGreaterThan(20);
  }, 30_000);

  it("checkSlot accepts exactly the generated instants on a minute grid", () => {
    const rnd = mulberry32(42);
    for (let run = 0; run < 10; run++) {
      const from = WINDOW_STARTS[Math.floor(rnd() * WINDOW_STARTS.length)] ?? "2026-03-06";
      const to = addDays(from, 1);
      const s = { ...randomSettings(rnd, from), minNoticeMinutes: 0, horizonDays: 365 };
      const now = new Date(`${from}T00:00:00Z`);
      const bounds = { start: localDayBounds(s.timeZone, from).startMs, end: localDayBounds(s.timeZone, to).endMs };
      const generated = new Set(generateSlots(s, { from, to }, now).map((x) => ms(x.start)));
      const accepted = new Set<number>();
      for (let t = Math.max(bounds.start, now.getTime()); t < bounds.end; t += 60_000) {
        if (checkSlot(s, new Date(t).toISOString(), now).ok) accepted.add(t);
      }
      expect([...accepted], s.timeZone).toEqual([...generated]);
    }
  }, 30_000);

  it("busy intervals remove exactly the slots they overlap", () => {
    const rnd = mulberry32(7);
    for (let run = 0; run < 40; run++) {
      const from = WINDOW_STARTS[Math.floor(rnd() * WINDOW_STARTS.length)] ?? "2026-03-06";
      const to = addDays(from, 5);
      const s = randomSettings(rnd, from);
      const now = new Date(`${from}T00:00:00Z`);
      const all = generateSlots(s, { from, to }, now);
      const busy: Busy[] = all
        .filter(() => rnd() < 0.3)
        .map((x) => ({ startMs: ms(x.start) + 60_000, endMs: ms(x.start) + 2 * 60_000 }));
      const free = generateSlots(s, { from, to }, now, busy);
      const expected = all.filter(
        (x) => !busy.some((b) => slotsOverlap(b, { startMs: ms(x.start), endMs: ms(x.end) })),
      );
      expect(free).toEqual(expected);
    }
  }, 30_000);
});
