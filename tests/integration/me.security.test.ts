import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { UserProfile } from "../../worker/kernel/domain/user.ts";
import { type Envelope, login, type Registered, registerPatient } from "../support/accounts.ts";
import { api, forgedToken, token } from "../support/api.ts";
import { eventually } from "../support/mongo.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";
import { expectDenied } from "../support/security.ts";

const call = api(inject("workerUrl"));

let a: Registered;
let b: Registered;
let doctor: string;
let admin: string;
beforeAll(async () => {
  [a, b] = await Promise.all([registerPatient(call), registerPatient(call)]);
  doctor = await token("usr_doctor-me-sec", "doctor", uniqueDoctorId("mesec"));
  admin = await token("admin", "admin");
});

const ROUTES: { method: string; path: string; body?: unknown }[] = [
  { method: "GET", path: "/api/v1/me/profile" },
  { method: "PATCH", path: "/api/v1/me/profile", body: { name: "X" } },
  { method: "DELETE", path: "/api/v1/me", body: { password: "irrelevant-here" } },
  { method: "GET", path: "/api/v1/me/appointments" },
];

describe.each(ROUTES)("$method $path", ({ method, path, body }) => {
  it("401 without a token", async () => {
    const res = await call<Envelope>(method, path, body ? { body } : {});
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("403 for a doctor and for an admin", async () => {
    for (const t of [doctor, admin]) {
      const res = await call<Envelope>(method, path, { token: t, ...(body ? { body } : {}) });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
  });
});

describe("a patient reaches only their own account", () => {
  it("GET /api/v1/me/profile is always the caller's, whatever the query says", async () => {
    const res = await call<{ profile: UserProfile }>("GET", `/api/v1/me/profile?id=${b.user.id}&userId=${b.user.id}`, {
      token: a.accessToken,
    });
    expect(res.status).toBe(200);
    expect(res.body.profile).toMatchObject({ id: a.user.id, email: a.email });
    expect(JSON.stringify(res.body)).not.toContain(b.email);
  });

  it("PATCH /api/v1/me/profile cannot name another account, nor set role or email", async () => {
    for (const body of [{ id: b.user.id, name: "Hijack" }, { _id: b.user.id }, { role: "admin" }, { email: b.email }]) {
      const res = await call<Envelope>("PATCH", "/api/v1/me/profile", { token: a.accessToken, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const bNow = await call<{ profile: UserProfile }>("GET", "/api/v1/me/profile", { token: b.accessToken });
    expect(bNow.body.profile.name).toBe("Test Patient");
    const aNow = await call<{ profile: UserProfile }>("GET", "/api/v1/me/profile", { token: a.accessToken });
    expect(aNow.body.profile).toMatchObject({ role: "patient", email: a.email });
  });

  it("DELETE /api/v1/me deletes only the caller: another patient's password does not help", async () => {
    const res = await call<Envelope>("DELETE", "/api/v1/me", { token: a.accessToken, body: { password: b.password } });
    expect(res.status).toBe(400);
    expect((await login(call, a.email, a.password)).status).toBe(200);
    expect((await login(call, b.email, b.password)).status).toBe(200);
  });

  it("a correctly signed token of a made-up patient (no account, no sign-in) is refused: 401", async () => {
    const made = await forgedToken("usr_never-registered");
    await expectDenied(call("GET", "/api/v1/me/profile", { token: made }), 401, "UNAUTHENTICATED");
  });

  it("GET /api/v1/me/appointments lists only the caller's appointments", async () => {
    const doctorId = uniqueDoctorId("mesec");
    expect(
      (await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() })).status,
    ).toBe(200);
    const booked = await call<{ appointment: AppointmentView }>("POST", "/api/v1/appointments", {
      token: b.accessToken,
      body: { doctorId, start: slotStart(30) },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.appointment.id;
    await eventually(
      async () => {
        const res = await call<{ appointments: AppointmentView[] }>("GET", "/api/v1/me/appointments", {
          token: b.accessToken,
        });
        return res.body.appointments.some((x) => x.id === id) ? true : null;
      },
      { what: "B's appointment in B's list" },
    );
    const aList = await call<{ appointments: AppointmentView[] }>("GET", "/api/v1/me/appointments", {
      token: a.accessToken,
    });
    expect(aList.status).toBe(200);
    expect(aList.body.appointments.map((x) => x.id)).not.toContain(id);
    // And the appointment itself is invisible to A.
    expect((await call("GET", `/api/v1/appointments/${id}`, { token: a.accessToken })).status).toBe(404);
  });
});
