import type { ScheduleSettingsInput } from "../../worker/kernel/domain/schedule.ts";

const allDay = [{ start: "00:00", end: "24:00" }];

/** A doctor who works around the clock in Asia/Kolkata: any future half hour is a slot. */
export function roundTheClock(overrides: Partial<ScheduleSettingsInput> = {}): ScheduleSettingsInput {
  return {
    timeZone: "Asia/Kolkata",
    slotMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 30,
    weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    overrides: [],
    timeOff: [],
    cancelNoticeMinutes: 120,
    holdMinutes: 10,
    maxHoldsPerPatient: 2,
    feePaise: 50_000,
    acceptingBookings: true,
    ...overrides,
  };
}

/** The start of the n-th half-hour slot after `hoursAhead` hours from now (UTC ISO). Kolkata is +05:30, so half hours align. */
export function slotStart(hoursAhead: number, n = 0): string {
  const half = 30 * 60_000;
  const t = Math.ceil((Date.now() + hoursAhead * 3_600_000) / half) * half + n * half;
  return new Date(t).toISOString();
}

export function uniqueDoctorId(prefix: string): string {
  return `doc_${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}
