import { beforeAll, describe, expect, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { ApiKeyView } from "../../worker/kernel/domain/clinic.ts";
import type { AdminDoctor } from "../../worker/kernel/domain/doctor.ts";
import { type Envelope, registerPatient, strongPassword, uniqueEmail } from "../support/accounts.ts";
import { createClinic } from "../support/clinics.ts";
import { login, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

// Creates doctors and clinics: its own worker and database.
const worker = ownWorker("mutations");
const token = worker.token;
const call = worker.call;
const key = () => `k-${crypto.randomUUID()}`;

let admin: string;
beforeAll(async () => {
  admin = await token("admin", "admin");
});

const png = () =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...crypto.getRandomValues(new Uint8Array(64))]);

async function putPhoto(path: string, bearer: string, body: Uint8Array<ArrayBuffer>, idempotencyKey: string) {
  const res = await fetch(`${worker.url()}${path}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${bearer}`, "Content-Type": "image/png", "Idempotency-Key": idempotencyKey },
    body,
  });
  return {
    status: res.status,
    replayed: res.headers.get("idempotent-replayed"),
    body: (await res.json()) as Envelope & { photoUrl: string },
  };
}

describe("every mutation accepts Idempotency-Key", () => {
  it("a retried API key creation returns the same key instead of minting a second one", async () => {
    const clinic = await createClinic(call, admin);
    const headers = { "Idempotency-Key": key() };
    const path = `/api/v1/admin/clinics/${clinic.id}/api-keys`;
    const first = await call<{ key: string; apiKey: ApiKeyView }>("POST", path, {
      token: admin,
      body: { name: "front desk" },
      headers,
    });
    const retry = await call<{ key: string; apiKey: ApiKeyView }>("POST", path, {
      token: admin,
      body: { name: "front desk" },
      headers,
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    const listed = await call<{ apiKeys: ApiKeyView[] }>("GET", path, { token: admin });
    expect(listed.body.apiKeys.map((k) => k.id)).toEqual([first.body.apiKey.id]);
    const other = await call<Envelope>("POST", path, { token: admin, body: { name: "another" }, headers });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("the doctor's profile PATCH replays with the same key and refuses the key with another body", async () => {
    const d = await onboard(call, admin);
    const doctor = await login(call, d.email, d.password);
    const headers = { "Idempotency-Key": key() };
    const first = await call<{ doctor: AdminDoctor }>("PATCH", "/api/v1/doctor/profile", {
      token: doctor,
      body: { feePaise: 51_000 },
      headers,
    });
    expect(first.status).toBe(200);
    // Changed in between: a replay answers what the first call answered, without applying it again.
    await call("PATCH", "/api/v1/doctor/profile", { token: doctor, body: { feePaise: 52_000 } });
    const retry = await call<{ doctor: AdminDoctor }>("PATCH", "/api/v1/doctor/profile", {
      token: doctor,
      body: { feePaise: 51_000 },
      headers,
    });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    const now = await call<{ doctor: AdminDoctor }>("GET", "/api/v1/doctor/profile", { token: doctor });
    expect(now.body.doctor.feePaise).toBe(52_000);
    const reused = await call<Envelope>("PATCH", "/api/v1/doctor/profile", {
      token: doctor,
      body: { feePaise: 1 },
      headers,
    });
    expect(reused.status).toBe(422);
  });

  it("the patient's profile PATCH replays with the same key", async () => {
    const p = await registerPatient(call);
    const headers = { "Idempotency-Key": key() };
    const first = await call("PATCH", "/api/v1/me/profile", {
      token: p.accessToken,
      body: { name: "Asha R" },
      headers,
    });
    const retry = await call("PATCH", "/api/v1/me/profile", {
      token: p.accessToken,
      body: { name: "Asha R" },
      headers,
    });
    expect(first.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
  });

  it("photo PUTs (the doctor's and the admin's) replay by key, comparing the exact bytes", async () => {
    const d = await onboard(call, admin);
    const doctor = await login(call, d.email, d.password);
    const k = key();
    const image = png();
    const first = await putPhoto("/api/v1/doctor/photo", doctor, image, k);
    const retry = await putPhoto("/api/v1/doctor/photo", doctor, image, k);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.replayed).toBe("true");
    expect(retry.body.photoUrl).toBe(first.body.photoUrl);
    // Another image under the same key is another request: 422, even though both are binary.
    const other = await putPhoto("/api/v1/doctor/photo", doctor, png(), k);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");

    const k2 = key();
    const adminPath = `/api/v1/admin/doctors/${d.doctor.id}/photo`;
    const byAdmin = await putPhoto(adminPath, admin, png(), k2);
    expect(byAdmin.status).toBe(200);
    expect((await putPhoto(adminPath, admin, png(), k2)).status).toBe(422);
  });
});

describe("one rule for request bodies", () => {
  async function bookable() {
    const doctorId = uniqueDoctorId("rules");
    const put = await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() });
    expect(put.status).toBe(200);
    return doctorId;
  }

  it("refuses unknown fields in a booking with 400 naming the field, and books nothing", async () => {
    const doctorId = await bookable();
    const p = await registerPatient(call);
    const body = { doctorId, start: slotStart(9), note: "please" };
    const res = await call<Envelope>("POST", "/api/v1/appointments", { token: p.accessToken, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(res.body.error.fields)).toContain("note");
    // The slot is still free.
    const booked = await call("POST", "/api/v1/appointments", {
      token: p.accessToken,
      body: { doctorId, start: slotStart(9) },
    });
    expect(booked.status).toBe(201);
  });

  it("refuses unknown fields in a transition body", async () => {
    const doctorId = await bookable();
    const p = await registerPatient(call);
    const booked = await call<{ appointment: AppointmentView }>("POST", "/api/v1/appointments", {
      token: p.accessToken,
      body: { doctorId, start: slotStart(30) },
    });
    const res = await call<Envelope>("POST", `/api/v1/appointments/${booked.body.appointment.id}/cancel`, {
      token: p.accessToken,
      body: { reason: "clash", refund: true },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.fields)).toContain("refund");
  });

  it("refuses a lone surrogate in a text field with 400 instead of storing a changed value", async () => {
    const email = uniqueEmail();
    const raw = `{"name":"Asha \\ud800 Rao","email":"${email}","password":"${strongPassword()}"}`;
    const res = await call<Envelope>("POST", "/api/v1/auth/register", { body: raw });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain("name");
    // Nothing was created: the same email registers afterwards.
    await registerPatient(call, { email });
  });

  it("refuses a body that is not valid UTF-8 with 400, before anything reads it", async () => {
    const email = uniqueEmail();
    const json = new TextEncoder().encode(`{"name":"Asha X","email":"${email}","password":"${strongPassword()}"}`);
    const at = json.indexOf("X".charCodeAt(0));
    json[at] = 0xff; // a byte that never occurs in UTF-8
    const res = await fetch(`${worker.url()}/api/v1/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: json,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Envelope).error.code).toBe("MALFORMED_JSON");
    await registerPatient(call, { email });
  });

  it("refuses bidirectional controls in names", async () => {
    const p = await registerPatient(call);
    const res = await call<Envelope>("PATCH", "/api/v1/me/profile", {
      token: p.accessToken,
      body: { name: "Asha \u202Eoar" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain("name");
    const clinic = await call<Envelope>("POST", "/api/v1/admin/clinics", {
      token: admin,
      body: { name: "Care \u2066Clinic" },
    });
    expect(clinic.status).toBe(400);
  });

  it("refuses a lone surrogate in a doctor's about text", async () => {
    const d = await onboard(call, admin);
    const doctor = await login(call, d.email, d.password);
    const res = await call<Envelope>("PATCH", "/api/v1/doctor/profile", {
      token: doctor,
      body: '{"about":"\\udc00 hi"}',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain("about");
  });
});
