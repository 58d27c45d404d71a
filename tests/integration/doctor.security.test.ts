import { DateTime } from "luxon";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { api, token } from "../support/api.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";
import { expectDenied } from "../support/security.ts";

/** The doctor's day: doctors only, and only their own appointments (the doctor comes from the token). */
const call = api(inject("workerUrl"));
type Day = { doctorId: string; appointments: AppointmentView[] };

let doctorId: string;
let otherDoctorId: string;
let start: string;

beforeAll(async () => {
  const admin = await token("admin", "admin");
  doctorId = uniqueDoctorId("day-sec");
  otherDoctorId = uniqueDoctorId("day-sec");
  for (const d of [doctorId, otherDoctorId]) {
    const res = await call("PUT", `/api/v1/doctors/${d}/schedule`, { token: admin, body: roundTheClock() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  start = slotStart(30);
  const patient = await token(`day_sec_${crypto.randomUUID()}`);
  const booked = await call("POST", "/api/v1/appointments", { token: patient, body: { doctorId, start } });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
});

describe("GET /api/v1/doctor/appointments?date=", () => {
  // The doctor's local day (the schedule's zone), not the UTC date: they differ for late-evening UTC starts.
  const path = () =>
    `/api/v1/doctor/appointments?date=${DateTime.fromISO(start, { zone: roundTheClock().timeZone }).toISODate()}`;

  it("401 without a token; 403 for a patient and for an admin (an admin has no day of their own)", async () => {
    await expectDenied(call("GET", path()), 401, "UNAUTHENTICATED");
    await expectDenied(call("GET", path(), { token: await token("day_sec_p") }), 403, "FORBIDDEN");
    await expectDenied(call("GET", path(), { token: await token("admin", "admin") }), 403, "FORBIDDEN");
  });

  it("another doctor sees only their own (empty) day, never this doctor's appointment", async () => {
    const other = await call<Day>("GET", path(), {
      token: await token(`usr_${otherDoctorId}`, "doctor", otherDoctorId),
    });
    expect(other.status).toBe(200);
    expect(other.body.doctorId).toBe(otherDoctorId);
    expect(other.body.appointments).toEqual([]);
    const own = await call<Day>("GET", path(), { token: await token(`usr_${doctorId}`, "doctor", doctorId) });
    expect(own.body.appointments.map((a) => a.start)).toContain(start);
  });
});
