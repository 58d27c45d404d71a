import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { api, forgedToken, token } from "../support/api.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";
import { expectDenied } from "../support/security.ts";

/**
 * Who may call each appointment route. Every route: no token → 401, a role the route does not
 * serve → 403, someone else's appointment → 404 (its existence is not revealed).
 */
const call = api(inject("workerUrl"));
type One = { appointment: AppointmentView };

let admin: string;
let doctorId: string;
let otherDoctorId: string;
let owner: string; // the patient who booked
let ownerSub: string;
let stranger: string; // another patient
let doctor: string; // the appointment's doctor
let otherDoctor: string;
let appointmentId: string;

beforeAll(async () => {
  admin = await token("admin", "admin");
  doctorId = uniqueDoctorId("sec");
  otherDoctorId = uniqueDoctorId("sec");
  for (const d of [doctorId, otherDoctorId]) {
    const res = await call("PUT", `/api/v1/doctors/${d}/schedule`, { token: admin, body: roundTheClock() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  ownerSub = `sec_owner_${crypto.randomUUID()}`;
  owner = await token(ownerSub);
  stranger = await token(`sec_stranger_${crypto.randomUUID()}`);
  doctor = await token(`usr_${doctorId}`, "doctor", doctorId);
  otherDoctor = await token(`usr_${otherDoctorId}`, "doctor", otherDoctorId);
  const booked = await call<One>("POST", "/api/v1/appointments", {
    token: owner,
    body: { doctorId, start: slotStart(48) },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  appointmentId = booked.body.appointment.id;
});

describe("POST /api/v1/appointments", () => {
  const body = () => ({ doctorId, start: slotStart(72) });

  it("401 without a token, 403 for a doctor", async () => {
    await expectDenied(call("POST", "/api/v1/appointments", { body: body() }), 401, "UNAUTHENTICATED");
    await expectDenied(call("POST", "/api/v1/appointments", { token: doctor, body: body() }), 403, "FORBIDDEN");
  });

  it("a correctly signed token whose subject has no account, so no session, cannot book: 401", async () => {
    const made = await forgedToken(`usr_${crypto.randomUUID()}`);
    await expectDenied(call("POST", "/api/v1/appointments", { token: made, body: body() }), 401, "UNAUTHENTICATED");
    // Nor does a forged token of a real patient: only a session their sign-in opened counts.
    const tokenOfOwner = await forgedToken(ownerSub);
    await expectDenied(
      call("GET", `/api/v1/appointments/${appointmentId}`, { token: tokenOfOwner }),
      401,
      "UNAUTHENTICATED",
    );
  });

  it("a patient always books for themself: a patientId in the body cannot book for someone else", async () => {
    const res = await call<One>("POST", "/api/v1/appointments", {
      token: stranger,
      body: { ...body(), patientId: "someone_else" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const mine = await call<One>("GET", `/api/v1/appointments/${res.body.appointment.id}`, { token: stranger });
    expect(mine.status).toBe(200);
    expect(mine.body.appointment.patientId).not.toBe("someone_else");
  });
});

describe("GET /api/v1/appointments/:id", () => {
  const path = () => `/api/v1/appointments/${appointmentId}`;

  it("401 without a token", async () => {
    await expectDenied(call("GET", path()), 401, "UNAUTHENTICATED");
  });

  it("404 for another patient and for another doctor", async () => {
    await expectDenied(call("GET", path(), { token: stranger }), 404, "NOT_FOUND");
    await expectDenied(call("GET", path(), { token: otherDoctor }), 404, "NOT_FOUND");
  });

  it("200 for the patient, the appointment's doctor and an admin", async () => {
    for (const t of [owner, doctor, admin]) {
      const res = await call<One>("GET", path(), { token: t });
      expect(res.status).toBe(200);
      expect(res.body.appointment.id).toBe(appointmentId);
    }
  });
});

describe("POST /api/v1/appointments/:id/{cancel,reschedule,complete,no-show}", () => {
  const path = (action: string) => `/api/v1/appointments/${appointmentId}/${action}`;

  it("401 without a token on every transition", async () => {
    for (const action of ["cancel", "reschedule", "complete", "no-show"]) {
      await expectDenied(call("POST", path(action), { body: { start: slotStart(96) } }), 401, "UNAUTHENTICATED");
    }
  });

  it("403 for roles a transition does not serve", async () => {
    await expectDenied(
      call("POST", path("reschedule"), { token: doctor, body: { start: slotStart(96) } }),
      403,
      "FORBIDDEN",
    );
    for (const action of ["complete", "no-show"]) {
      await expectDenied(call("POST", path(action), { token: owner, body: {} }), 403, "FORBIDDEN");
    }
  });

  it("404 on someone else's appointment, and the appointment is left untouched", async () => {
    await expectDenied(call("POST", path("cancel"), { token: stranger, body: {} }), 404, "NOT_FOUND");
    await expectDenied(call("POST", path("cancel"), { token: otherDoctor, body: {} }), 404, "NOT_FOUND");
    await expectDenied(
      call("POST", path("reschedule"), { token: stranger, body: { start: slotStart(96) } }),
      404,
      "NOT_FOUND",
    );
    for (const action of ["complete", "no-show"]) {
      await expectDenied(call("POST", path(action), { token: otherDoctor, body: {} }), 404, "NOT_FOUND");
    }
    const after = await call<One>("GET", `/api/v1/appointments/${appointmentId}`, { token: owner });
    expect(after.body.appointment.status).toBe("booked");
    expect(after.body.appointment.version).toBe(1);
  });
});
