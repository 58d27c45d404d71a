import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, token } from "../support/api.ts";
import { roundTheClock, uniqueDoctorId } from "../support/schedules.ts";
import { expectDenied } from "../support/security.ts";

/** A doctor's schedule: the doctor and admins only; another doctor's schedule does not exist for them. */
const call = api(inject("workerUrl"));

let admin: string;
let doctorId: string;
let doctor: string;
let otherDoctor: string;
let patient: string;

beforeAll(async () => {
  admin = await token("admin", "admin");
  doctorId = uniqueDoctorId("sched-sec");
  const otherDoctorId = uniqueDoctorId("sched-sec");
  const res = await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  doctor = await token(`usr_${doctorId}`, "doctor", doctorId);
  otherDoctor = await token(`usr_${otherDoctorId}`, "doctor", otherDoctorId);
  patient = await token(`sched_sec_${crypto.randomUUID()}`);
});

describe("GET and PUT /api/v1/doctors/:doctorId/schedule", () => {
  const path = () => `/api/v1/doctors/${doctorId}/schedule`;

  it("401 without a token", async () => {
    await expectDenied(call("GET", path()), 401, "UNAUTHENTICATED");
    await expectDenied(call("PUT", path(), { body: roundTheClock() }), 401, "UNAUTHENTICATED");
  });

  it("403 for a patient", async () => {
    await expectDenied(call("GET", path(), { token: patient }), 403, "FORBIDDEN");
    await expectDenied(call("PUT", path(), { token: patient, body: roundTheClock() }), 403, "FORBIDDEN");
  });

  it("404 for another doctor, who cannot change it either", async () => {
    await expectDenied(call("GET", path(), { token: otherDoctor }), 404, "NOT_FOUND");
    await expectDenied(
      call("PUT", path(), { token: otherDoctor, body: roundTheClock({ slotMinutes: 60 }) }),
      404,
      "NOT_FOUND",
    );
    const mine = await call<{ settings: { slotMinutes: number } }>("GET", path(), { token: doctor });
    expect(mine.status).toBe(200);
    expect(mine.body.settings.slotMinutes).toBe(30);
  });

  it("200 for the doctor and for an admin", async () => {
    for (const t of [doctor, admin]) expect((await call("GET", path(), { token: t })).status).toBe(200);
  });
});
