import { createHash } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { ApiKeyView, ClinicView } from "../../worker/kernel/domain/clinic.ts";
import type { PublicDoctor } from "../../worker/kernel/domain/doctor.ts";
import { attachDoctor, createClinic, issueKey } from "../support/clinics.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { slotStart } from "../support/schedules.ts";

// Creates doctors: its own worker and database, so the shared directory keeps only the seeded ones.
const worker = ownWorker("clinics");
const token = worker.token;
const call = worker.call;
const mongo = <T>(fn: Parameters<typeof withMongo<T>>[2]) => withMongo<T>(inject("mongoUri"), worker.dbName, fn);
type Envelope = { error: { code: string; fields?: { path: string; message: string }[] } };
type One = { appointment: AppointmentView };

let admin: string;
beforeAll(async () => {
  admin = await token("admin", "admin");
});

describe("clinics (admin)", () => {
  it("creates a clinic; the same name again is 409; bad input is 400", async () => {
    const name = `Sunrise Clinic ${crypto.randomUUID().slice(0, 6)}`;
    const clinic = await createClinic(call, admin, name);
    expect(clinic).toMatchObject({ name, doctorIds: [] });
    expect(clinic.id).toMatch(/^cln_[a-z0-9]{20}$/);

    const dup = await call<Envelope>("POST", "/api/v1/admin/clinics", {
      token: admin,
      body: { name: name.toUpperCase() },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("ALREADY_EXISTS");

    for (const body of [{ name: "x" }, { name: "y".repeat(101) }, { name: "Fine Name", doctorIds: ["doc_x"] }, {}]) {
      const res = await call<Envelope>("POST", "/api/v1/admin/clinics", { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const got = await call<{ clinic: ClinicView }>("GET", `/api/v1/admin/clinics/${clinic.id}`, { token: admin });
    expect(got.body.clinic).toEqual(clinic);
    const list = await call<{ clinics: ClinicView[] }>("GET", "/api/v1/admin/clinics", { token: admin });
    expect(list.body.clinics.map((c) => c.id)).toContain(clinic.id);
  });

  it("attaches and detaches doctors idempotently; an unknown doctor is 404", async () => {
    const clinic = await createClinic(call, admin);
    const { doctor } = await onboard(call, admin);
    for (let i = 0; i < 2; i++) {
      const res = await call<{ clinic: ClinicView }>("PUT", `/api/v1/admin/clinics/${clinic.id}/doctors/${doctor.id}`, {
        token: admin,
      });
      expect(res.status).toBe(200);
      expect(res.body.clinic.doctorIds).toEqual([doctor.id]);
    }
    const unknown = await call<Envelope>("PUT", `/api/v1/admin/clinics/${clinic.id}/doctors/doc_nobody-here`, {
      token: admin,
    });
    expect(unknown.status).toBe(404);
    const detached = await call<{ clinic: ClinicView }>(
      "DELETE",
      `/api/v1/admin/clinics/${clinic.id}/doctors/${doctor.id}`,
      { token: admin },
    );
    expect(detached.status).toBe(200);
    expect(detached.body.clinic.doctorIds).toEqual([]);
  });

  it("issues a key once: the response has it, the listing and MongoDB only its prefix and SHA-256", async () => {
    const clinic = await createClinic(call, admin);
    const { key, apiKey } = await issueKey(call, admin, clinic.id, "front desk");
    expect(key).toMatch(/^pe_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`pe_${apiKey.prefix}_`)).toBe(true);
    expect(apiKey).toMatchObject({ clinicId: clinic.id, name: "front desk", lastUsedAt: null, revokedAt: null });

    const list = await call<{ apiKeys: ApiKeyView[] }>("GET", `/api/v1/admin/clinics/${clinic.id}/api-keys`, {
      token: admin,
    });
    expect(list.body.apiKeys).toEqual([apiKey]);
    expect(JSON.stringify(list.body)).not.toContain(key.slice(12));

    const stored = await mongo((db) => db.collection("api_keys").findOne({ _id: apiKey.id as never }));
    expect(stored?.hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(key.slice(12));
  });

  it("records when a key was last used, at most about once a minute", async () => {
    const clinic = await createClinic(call, admin);
    const { key, apiKey } = await issueKey(call, admin, clinic.id);
    for (let i = 0; i < 3; i++) expect((await call("GET", "/api/v1/clinic/doctors", { token: key })).status).toBe(200);
    const used = await eventually(
      async () => {
        const doc = await mongo((db) => db.collection("api_keys").findOne({ _id: apiKey.id as never }));
        return doc?.lastUsedAt ? (doc.lastUsedAt as Date) : null;
      },
      { what: "lastUsedAt" },
    );
    expect(Date.now() - used.getTime()).toBeLessThan(30_000);
    // Another use within the minute does not write again.
    await call("GET", "/api/v1/clinic/doctors", { token: key });
    await new Promise((r) => setTimeout(r, 500));
    const after = await mongo((db) => db.collection("api_keys").findOne({ _id: apiKey.id as never }));
    expect(after?.lastUsedAt).toEqual(used);
  });

  it("a revoked key stops working at once; revoking is idempotent and scoped to the clinic", async () => {
    const clinic = await createClinic(call, admin);
    const other = await createClinic(call, admin);
    const { key, apiKey } = await issueKey(call, admin, clinic.id);
    expect((await call("GET", "/api/v1/clinic/doctors", { token: key })).status).toBe(200);

    const wrongClinic = await call<Envelope>("DELETE", `/api/v1/admin/clinics/${other.id}/api-keys/${apiKey.id}`, {
      token: admin,
    });
    expect(wrongClinic.status).toBe(404);
    expect((await call("GET", "/api/v1/clinic/doctors", { token: key })).status).toBe(200);

    const revoked = await call<{ apiKey: ApiKeyView }>(
      "DELETE",
      `/api/v1/admin/clinics/${clinic.id}/api-keys/${apiKey.id}`,
      {
        token: admin,
      },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.apiKey.revokedAt).toEqual(expect.any(String));
    const refused = await call<Envelope>("GET", "/api/v1/clinic/doctors", { token: key });
    expect(refused.status).toBe(401);
    const again = await call<{ apiKey: ApiKeyView }>(
      "DELETE",
      `/api/v1/admin/clinics/${clinic.id}/api-keys/${apiKey.id}`,
      {
        token: admin,
      },
    );
    expect(again.body.apiKey.revokedAt).toBe(revoked.body.apiKey.revokedAt);
  });
});

describe("the clinic API", () => {
  let clinic: ClinicView;
  let key: string;
  let ownDoctor: string;
  let otherDoctor: string;
  beforeAll(async () => {
    clinic = await createClinic(call, admin);
    key = (await issueKey(call, admin, clinic.id)).key;
    const [own, other] = await Promise.all([
      onboard(call, admin, { schedule: allDaySchedule(), feePaise: 30_000 }),
      onboard(call, admin, { schedule: allDaySchedule() }),
    ]);
    ownDoctor = own.doctor.id;
    otherDoctor = other.doctor.id;
    await attachDoctor(call, admin, clinic.id, ownDoctor);
  });

  it("lists only the clinic's own doctors, as public profiles", async () => {
    const res = await call<{ doctors: PublicDoctor[] }>("GET", "/api/v1/clinic/doctors", { token: key });
    expect(res.status).toBe(200);
    expect(res.body.doctors.map((d) => d.id)).toEqual([ownDoctor]);
    expect(res.body.doctors[0]).not.toHaveProperty("email");
  });

  it("sees its doctor's slots straight from the doctor's Durable Object", async () => {
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const res = await call<{ slots: unknown[] }>(
      "GET",
      `/api/v1/clinic/doctors/${ownDoctor}/slots?from=${day}&to=${day}`,
      {
        token: key,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.slots.length).toBe(48);
  });

  it("books for its patient, sees and cancels its booking; its day view shows only its bookings", async () => {
    const start = slotStart(10);
    const booked = await call<One>("POST", "/api/v1/clinic/appointments", {
      token: key,
      body: { doctorId: ownDoctor, start, patientRef: "MRN-001" },
      headers: { "Idempotency-Key": `clinic-book-${crypto.randomUUID()}` },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const appointment = booked.body.appointment;
    expect(appointment).toMatchObject({
      doctorId: ownDoctor,
      clinicId: clinic.id,
      patientId: `${clinic.id}:MRN-001`,
      feePaise: 30_000,
      status: "booked",
    });
    expect(appointment.history[0]?.actor).toEqual({ role: "clinic", id: clinic.id });

    // A patient of the platform books the same doctor; the clinic does not see that booking.
    const patient = await token(`clinic_it_p_${crypto.randomUUID().slice(0, 6)}`);
    const theirs = await call<One>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId: ownDoctor, start: slotStart(10, 1) },
    });
    expect(theirs.status).toBe(201);
    const date = new Date(Date.parse(start) + 5.5 * 3_600_000).toISOString().slice(0, 10);
    const day = await call<{ appointments: AppointmentView[] }>(
      "GET",
      `/api/v1/clinic/doctors/${ownDoctor}/appointments?date=${date}`,
      { token: key },
    );
    expect(day.status).toBe(200);
    expect(day.body.appointments.map((a) => a.id)).toEqual([appointment.id]);
    const peek = await call("GET", `/api/v1/appointments/${theirs.body.appointment.id}`, { token: key });
    expect(peek.status).toBe(404);

    const got = await call<One>("GET", `/api/v1/appointments/${appointment.id}`, { token: key });
    expect(got.status).toBe(200);
    const cancelled = await call<One>("POST", `/api/v1/appointments/${appointment.id}/cancel`, {
      token: key,
      body: { reason: "patient called" },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.appointment.status).toBe("cancelled");
  });

  it("books only its own doctors: another doctor is 404, and so is one detached a moment ago", async () => {
    const other = await call<Envelope>("POST", "/api/v1/clinic/appointments", {
      token: key,
      body: { doctorId: otherDoctor, start: slotStart(11), patientRef: "MRN-002" },
    });
    expect(other.status).toBe(404);

    const clinic2 = await createClinic(call, admin);
    const key2 = (await issueKey(call, admin, clinic2.id)).key;
    await attachDoctor(call, admin, clinic2.id, otherDoctor);
    expect((await call<{ doctors: PublicDoctor[] }>("GET", "/api/v1/clinic/doctors", { token: key2 })).status).toBe(
      200,
    );
    const detach = await call("DELETE", `/api/v1/admin/clinics/${clinic2.id}/doctors/${otherDoctor}`, { token: admin });
    expect(detach.status).toBe(200);
    const afterDetach = await call<Envelope>("POST", "/api/v1/clinic/appointments", {
      token: key2,
      body: { doctorId: otherDoctor, start: slotStart(11), patientRef: "MRN-003" },
    });
    expect(afterDetach.status).toBe(404);
  });

  it("a clinic detached from a doctor can no longer read, cancel or reschedule the bookings it made; the patient's side keeps them", async () => {
    const clinic3 = await createClinic(call, admin);
    const key3 = (await issueKey(call, admin, clinic3.id)).key;
    await attachDoctor(call, admin, clinic3.id, otherDoctor);
    const booked = await call<One>("POST", "/api/v1/clinic/appointments", {
      token: key3,
      body: { doctorId: otherDoctor, start: slotStart(13), patientRef: "MRN-DETACH" },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.appointment.id;
    expect((await call("GET", `/api/v1/appointments/${id}`, { token: key3 })).status).toBe(200);

    const detach = await call("DELETE", `/api/v1/admin/clinics/${clinic3.id}/doctors/${otherDoctor}`, { token: admin });
    expect(detach.status).toBe(200);
    const read = await call<Envelope>("GET", `/api/v1/appointments/${id}`, { token: key3 });
    expect([read.status, read.body.error?.code]).toEqual([404, "NOT_FOUND"]);
    const cancel = await call<Envelope>("POST", `/api/v1/appointments/${id}/cancel`, { token: key3, body: {} });
    expect([cancel.status, cancel.body.error?.code]).toEqual([404, "NOT_FOUND"]);
    const moved = await call<Envelope>("POST", `/api/v1/appointments/${id}/reschedule`, {
      token: key3,
      body: { start: slotStart(13, 1) },
    });
    expect([moved.status, moved.body.error?.code]).toEqual([404, "NOT_FOUND"]);

    // Nothing changed: the booking stands, as the admin (and the doctor and patient) see it.
    const kept = await call<One>("GET", `/api/v1/appointments/${id}`, { token: admin });
    expect(kept.status).toBe(200);
    expect(kept.body.appointment).toMatchObject({ status: "booked", start: booked.body.appointment.start });
  });

  it("refuses bad booking input with 400 field errors", async () => {
    for (const [body, path] of [
      [{ doctorId: ownDoctor, start: slotStart(12) }, "patientRef"],
      [{ doctorId: ownDoctor, start: slotStart(12), patientRef: "has spaces" }, "patientRef"],
      [{ doctorId: ownDoctor, start: "tomorrow", patientRef: "MRN-4" }, "start"],
      [{ doctorId: ownDoctor, start: slotStart(12), patientRef: "MRN-4", clinicId: "cln_other" }, "(root)"],
    ] as const) {
      const res = await call<Envelope>("POST", "/api/v1/clinic/appointments", { token: key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields?.map((f) => f.path)).toContain(path);
    }
  });
});
