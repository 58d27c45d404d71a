import { doctorIdFromSlug, slugify } from "../worker/kernel/domain/doctor.ts";
import type { ScheduleSettingsInput } from "../worker/kernel/domain/schedule.ts";
import { DEMO_DOCTORS } from "./seed-data.ts";

/** A clinic's usual week: mornings and evenings Monday to Saturday, 30-minute slots. */
export function demoSchedule(timeZone: string, feePaise: number): ScheduleSettingsInput {
  const day = [
    { start: "09:00", end: "13:00" },
    { start: "17:00", end: "20:00" },
  ];
  return {
    timeZone,
    slotMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 60,
    horizonDays: 60,
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [{ start: "09:00", end: "13:00" }], sun: [] },
    overrides: [],
    timeOff: [],
    cancelNoticeMinutes: 120,
    holdMinutes: 10,
    maxHoldsPerPatient: 2,
    feePaise,
    acceptingBookings: true,
  };
}

/**
 * Gives each demo doctor's Durable Object its schedule through the public API (PUT is
 * idempotent: re-running replaces the schedule with the same one and bumps its version).
 */
export async function applyDemoSchedules(workerUrl: string, adminToken: string): Promise<number> {
  for (const d of DEMO_DOCTORS) {
    const doctorId = doctorIdFromSlug(slugify(d.name));
    const res = await fetch(`${workerUrl}/api/v1/doctors/${doctorId}/schedule`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify(demoSchedule(d.timeZone, d.feePaise)),
    });
    if (!res.ok) throw new Error(`schedule for ${doctorId}: ${res.status} ${await res.text()}`);
  }
  return DEMO_DOCTORS.length;
}
