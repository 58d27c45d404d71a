import { describe, expect, it } from "vitest";
import {
  isHHMM,
  isLocalDate,
  minutesOfDay,
  ScheduleSettings,
  type ScheduleSettingsInput,
  TimeRange,
} from "../../worker/kernel/domain/schedule.ts";

const base: ScheduleSettingsInput = {
  timeZone: "Asia/Kolkata",
  slotMinutes: 30,
  feePaise: 50_000,
  weekly: {},
};

function parse(overrides: Partial<ScheduleSettingsInput>) {
  return ScheduleSettings.safeParse({ ...base, ...overrides });
}

/** The issues of a failed parse as "path: message" pairs, for readable assertions. */
function issues(overrides: Partial<ScheduleSettingsInput> | Record<string, unknown>) {
  const result = ScheduleSettings.safeParse({ ...base, ...overrides });
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => ({ path: i.path, message: i.message }));
}

describe("schedule settings defaults", () => {
  it("fills every optional field with its documented default", () => {
    const s = ScheduleSettings.parse(base);
    expect(s).toEqual({
      timeZone: "Asia/Kolkata",
      slotMinutes: 30,
      bufferMinutes: 0,
      minNoticeMinutes: 60,
      horizonDays: 60,
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      overrides: [],
      timeOff: [],
      cancelNoticeMinutes: 120,
      holdMinutes: 10,
      maxHoldsPerPatient: 2,
      feePaise: 50_000,
      acceptingBookings: true,
      refundPolicy: { fullRefundHours: 24, partialRefundHours: 4, partialRefundPercent: 50 },
    });
  });

  it("requires the time zone, slot length, fee and weekly object", () => {
    const result = ScheduleSettings.safeParse({});
    expect(result.success).toBe(false);
    const paths = (result.error?.issues ?? []).map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["feePaise", "slotMinutes", "timeZone", "weekly"]);
  });

  it("strips unknown keys", () => {
    const s = ScheduleSettings.parse({ ...base, surprise: true });
    expect(s).not.toHaveProperty("surprise");
  });
});

describe("time zone validation", () => {
  it.each(["Asia/Kolkata", "America/New_York", "Europe/London", "UTC", "Australia/Lord_Howe"])("accepts %s", (tz) => {
    expect(parse({ timeZone: tz }).success).toBe(true);
  });

  it.each(["Mars/Olympus_Mons", "", "GMT+5", "+05:30", "India Standard Time"])("rejects %j at path timeZone", (tz) => {
    expect(issues({ timeZone: tz })).toEqual([{ path: ["timeZone"], message: "must be an IANA time zone" }]);
  });
});

describe("weekly ranges", () => {
  it("accepts morning and evening ranges, touching ranges and a 24:00 end", () => {
    const result = parse({
      weekly: {
        mon: [
          { start: "09:00", end: "13:00" },
          { start: "17:00", end: "20:30" },
        ],
        tue: [
          { start: "08:00", end: "12:00" },
          { start: "12:00", end: "14:00" },
        ],
        fri: [{ start: "22:00", end: "24:00" }],
        sat: [{ start: "00:00", end: "24:00" }],
      },
    });
    expect(result.success).toBe(true);
  });

  it("rejects overlapping ranges on one day with the path of the later range", () => {
    expect(
      issues({
        weekly: {
          mon: [
            { start: "09:00", end: "13:00" },
            { start: "12:30", end: "15:00" },
          ],
        },
      }),
    ).toEqual([{ path: ["weekly", "mon", 1], message: "overlaps the range 09:00–13:00" }]);
  });

  it("detects overlap regardless of the order ranges are listed in", () => {
    expect(
      issues({
        weekly: {
          wed: [
            { start: "14:00", end: "16:00" },
            { start: "09:00", end: "15:00" },
          ],
        },
      }),
    ).toEqual([{ path: ["weekly", "wed", 0], message: "overlaps the range 09:00–15:00" }]);
  });

  it("detects a range nested in an earlier long range even when a shorter one sits between them", () => {
    const found = issues({
      weekly: {
        thu: [
          { start: "08:00", end: "18:00" },
          { start: "09:00", end: "10:00" },
          { start: "12:00", end: "13:00" },
        ],
      },
    });
    expect(found.map((i) => i.path)).toEqual([
      ["weekly", "thu", 1],
      ["weekly", "thu", 2],
    ]);
  });

  it("allows the same hours on different days", () => {
    const r = [{ start: "09:00", end: "12:00" }];
    expect(parse({ weekly: { mon: r, tue: r, wed: r } }).success).toBe(true);
  });

  it("rejects an end before or equal to the start at the range's end", () => {
    expect(issues({ weekly: { tue: [{ start: "17:00", end: "09:00" }] } })).toEqual([
      { path: ["weekly", "tue", 0, "end"], message: "end must be after start" },
    ]);
    expect(issues({ weekly: { tue: [{ start: "09:00", end: "09:00" }] } })[0]?.path).toEqual([
      "weekly",
      "tue",
      0,
      "end",
    ]);
  });

  it("rejects more than six ranges a day", () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ start: `0${i}:00`, end: `0${i}:30` }));
    expect(issues({ weekly: { sat: seven } })[0]?.path).toEqual(["weekly", "sat"]);
  });

  it("reports a malformed time once, on the field itself", () => {
    expect(issues({ weekly: { fri: [{ start: "9:00", end: "17:00" }] } })).toEqual([
      { path: ["weekly", "fri", 0, "start"], message: "must be a 24-hour time HH:MM from 00:00 to 23:59" },
    ]);
  });
});

describe("time values", () => {
  it.each(["00:00", "09:05", "12:30", "23:59"])("accepts %s as a start and an end", (t) => {
    expect(isHHMM(t)).toBe(true);
    expect(isHHMM(t, true)).toBe(true);
  });

  it.each(["24:00", "9:00", "12:60", "25:00", "12:3", "12-30", " 12:30", "１２:３０"])("rejects %j as a start", (t) => {
    expect(isHHMM(t)).toBe(false);
  });

  it("allows 24:00 only as an end", () => {
    expect(TimeRange.safeParse({ start: "22:00", end: "24:00" }).success).toBe(true);
    expect(TimeRange.safeParse({ start: "24:00", end: "24:00" }).success).toBe(false);
    expect(TimeRange.safeParse({ start: "22:00", end: "24:01" }).success).toBe(false);
  });

  it("converts to minutes since midnight", () => {
    expect(minutesOfDay("00:00")).toBe(0);
    expect(minutesOfDay("09:30")).toBe(570);
    expect(minutesOfDay("24:00")).toBe(1440);
  });
});

describe("calendar dates", () => {
  it.each(["2026-03-09", "2028-02-29", "2000-02-29", "2026-12-31", "2026-01-01"])("accepts the real date %s", (d) => {
    expect(isLocalDate(d)).toBe(true);
  });

  it.each([
    "2026-02-30",
    "2026-02-29",
    "2100-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-3-9",
    "20260309",
    "2026-03-09T00:00",
    "",
  ])("rejects %j", (d) => {
    expect(isLocalDate(d)).toBe(false);
  });
});

describe("overrides", () => {
  it("accepts a closed day and special hours", () => {
    const result = parse({
      overrides: [
        { date: "2026-03-10", ranges: [] },
        { date: "2026-03-11", ranges: [{ start: "10:00", end: "11:00" }] },
      ],
    });
    expect(result.success).toBe(true);
  });

  it("rejects a date that does not exist, at the override's date", () => {
    expect(issues({ overrides: [{ date: "2026-02-30", ranges: [] }] })).toEqual([
      { path: ["overrides", 0, "date"], message: "must be a real calendar date YYYY-MM-DD" },
    ]);
  });

  it("rejects a second override for the same date, at the duplicate", () => {
    expect(
      issues({
        overrides: [
          { date: "2026-03-10", ranges: [] },
          { date: "2026-03-11", ranges: [] },
          { date: "2026-03-10", ranges: [{ start: "10:00", end: "11:00" }] },
        ],
      }),
    ).toEqual([{ path: ["overrides", 2, "date"], message: "duplicate override for 2026-03-10" }]);
  });

  it("rejects overlapping override ranges with a path into the override", () => {
    expect(
      issues({
        overrides: [
          {
            date: "2026-03-10",
            ranges: [
              { start: "10:00", end: "12:00" },
              { start: "11:00", end: "13:00" },
            ],
          },
        ],
      })[0]?.path,
    ).toEqual(["overrides", 0, "ranges", 1]);
  });
});

describe("time off", () => {
  it("accepts instants with offsets or Z and an optional reason", () => {
    const result = parse({
      timeOff: [
        { from: "2026-03-09T00:00:00+05:30", to: "2026-03-10T00:00:00+05:30", reason: "Conference" },
        { from: "2026-03-12T04:00:00Z", to: "2026-03-12T06:00:00.000Z" },
      ],
    });
    expect(result.success).toBe(true);
  });

  it("rejects a time off that ends before it starts, comparing instants across offsets", () => {
    // 10:00+05:30 is 04:30Z, which is after 04:00Z.
    expect(issues({ timeOff: [{ from: "2026-03-09T10:00:00+05:30", to: "2026-03-09T04:00:00Z" }] })).toEqual([
      { path: ["timeOff", 0, "to"], message: "to must be after from" },
    ]);
  });

  it("rejects an empty time off", () => {
    expect(issues({ timeOff: [{ from: "2026-03-09T04:30:00Z", to: "2026-03-09T10:00:00+05:30" }] })[0]?.path).toEqual([
      "timeOff",
      0,
      "to",
    ]);
  });

  it("rejects local times without an offset and impossible dates", () => {
    const found = issues({
      timeOff: [
        { from: "2026-03-09T09:00:00", to: "2026-03-09T10:00:00Z" },
        { from: "2026-02-30T09:00:00Z", to: "2026-03-09T10:00:00Z" },
      ],
    });
    expect(found.map((i) => i.path)).toEqual([
      ["timeOff", 0, "from"],
      ["timeOff", 1, "from"],
    ]);
  });

  it("limits the reason to 200 characters", () => {
    const t = { from: "2026-03-09T04:00:00Z", to: "2026-03-09T05:00:00Z" };
    expect(parse({ timeOff: [{ ...t, reason: "x".repeat(200) }] }).success).toBe(true);
    expect(issues({ timeOff: [{ ...t, reason: "x".repeat(201) }] })[0]?.path).toEqual(["timeOff", 0, "reason"]);
  });
});

describe("numeric limits", () => {
  it.each([
    ["slotMinutes", 4],
    ["slotMinutes", 241],
    ["slotMinutes", 30.5],
    ["bufferMinutes", -1],
    ["bufferMinutes", 121],
    ["minNoticeMinutes", 60 * 24 * 30 + 1],
    ["horizonDays", 0],
    ["horizonDays", 366],
    ["cancelNoticeMinutes", 60 * 24 * 14 + 1],
    ["holdMinutes", 0],
    ["holdMinutes", 61],
    ["maxHoldsPerPatient", 0],
    ["maxHoldsPerPatient", 11],
    ["feePaise", -1],
    ["feePaise", 10_000_001],
    ["feePaise", 100.5],
  ] as const)("rejects %s = %d at that path", (key, value) => {
    expect(issues({ [key]: value }).map((i) => i.path)).toEqual([[key]]);
  });

  it.each([
    ["slotMinutes", 5],
    ["slotMinutes", 240],
    ["bufferMinutes", 120],
    ["minNoticeMinutes", 0],
    ["horizonDays", 365],
    ["feePaise", 0],
    ["feePaise", 10_000_000],
  ] as const)("accepts the boundary %s = %d", (key, value) => {
    expect(parse({ [key]: value }).success).toBe(true);
  });

  it("rejects a non-boolean acceptingBookings", () => {
    expect(issues({ acceptingBookings: "yes" }).map((i) => i.path)).toEqual([["acceptingBookings"]]);
  });
});
