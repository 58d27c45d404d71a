import { beforeAll, describe, expect, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { attachDoctor, createClinic, issueKey } from "../support/clinics.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { slotStart } from "../support/schedules.ts";

/**
 * Clinic routes and the admin routes that manage clinics: no credential 401 (a malformed,
 * unknown or revoked key too), the wrong role 403, another clinic's doctor or appointment 404.
 */
// Creates doctors: its own worker and database, so the shared directory keeps only the seeded ones.
const worker = ownWorker("clinics-sec");
const token = worker.token;
const call = worker.call;
type Envelope = { error: { code: string } };
type Route = { name: string; method: string; path: () => string; body?: () => unknown };

let admin: string;
let patient: string;
let doctor: string;
let clinicId: string;
let keyA: string;
let keyB: string;
let revokedKey: string;
let doctorA: string;
let doctorB: string;
let appointmentOfA: string;
const day = () => new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  admin = await token("admin", "admin");
  patient = await token("clinic_sec_patient");
  const [a, b] = await Promise.all([createClinic(call, admin), createClinic(call, admin)]);
  clinicId = a.id;
  const [docA, docB] = await Promise.all([
    onboard(call, admin, { schedule: allDaySchedule() }),
    onboard(call, admin, { schedule: allDaySchedule() }),
  ]);
  doctorA = docA.doctor.id;
  doctorB = docB.doctor.id;
  doctor = await token("clinic_sec_doctor", "doctor", doctorA);
  await attachDoctor(call, admin, a.id, doctorA);
  await attachDoctor(call, admin, b.id, doctorB);
  keyA = (await issueKey(call, admin, a.id)).key;
  keyB = (await issueKey(call, admin, b.id)).key;
  const revoked = await issueKey(call, admin, a.id, "to revoke");
  revokedKey = revoked.key;
  const res = await call("DELETE", `/api/v1/admin/clinics/${a.id}/api-keys/${revoked.apiKey.id}`, { token: admin });
  expect(res.status).toBe(200);
  const booked = await call<{ appointment: AppointmentView }>("POST", "/api/v1/clinic/appointments", {
    token: keyA,
    body: { doctorId: doctorA, start: slotStart(20), patientRef: "SEC-1" },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  appointmentOfA = booked.body.appointment.id;
});

const clinicRoutes: Route[] = [
  { name: "own doctors", method: "GET", path: () => "/api/v1/clinic/doctors" },
  {
    name: "slots",
    method: "GET",
    path: () => `/api/v1/clinic/doctors/${doctorA}/slots?from=${day()}&to=${day()}`,
  },
  { name: "day", method: "GET", path: () => `/api/v1/clinic/doctors/${doctorA}/appointments?date=${day()}` },
  {
    name: "book",
    method: "POST",
    path: () => "/api/v1/clinic/appointments",
    body: () => ({ doctorId: doctorA, start: slotStart(21), patientRef: "SEC-2" }),
  },
];

describe.each(clinicRoutes)("clinic API: $name", (route) => {
  const send = (bearer?: string) =>
    call<Envelope>(route.method, route.path(), {
      ...(bearer ? { token: bearer } : {}),
      ...(route.body ? { body: route.body() } : {}),
    });

  it("401 without a key, with a malformed, unknown or revoked key", async () => {
    expect((await send()).status).toBe(401);
    expect((await send("pe_short")).status).toBe(401);
    expect((await send(`pe_abcdefgh_${"Z".repeat(43)}`)).status).toBe(401);
    const revoked = await send(revokedKey);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("403 for patients, doctors and admins", async () => {
    for (const bearer of [patient, doctor, admin]) {
      const res = await send(bearer);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
  });
});

describe("clinic API: someone else's objects are 404", () => {
  it("another clinic's doctor: slots, day and booking", async () => {
    const paths = [
      `/api/v1/clinic/doctors/${doctorA}/slots?from=${day()}&to=${day()}`,
      `/api/v1/clinic/doctors/${doctorA}/appointments?date=${day()}`,
    ];
    for (const path of paths) expect((await call("GET", path, { token: keyB })).status).toBe(404);
    const book = await call<Envelope>("POST", "/api/v1/clinic/appointments", {
      token: keyB,
      body: { doctorId: doctorA, start: slotStart(22), patientRef: "SEC-3" },
    });
    expect(book.status).toBe(404);
    expect(book.body.error.code).toBe("NOT_FOUND");
  });

  it("another clinic's appointment: read, cancel, reschedule", async () => {
    expect((await call("GET", `/api/v1/appointments/${appointmentOfA}`, { token: keyB })).status).toBe(404);
    const cancel = await call("POST", `/api/v1/appointments/${appointmentOfA}/cancel`, { token: keyB, body: {} });
    expect(cancel.status).toBe(404);
    const move = await call("POST", `/api/v1/appointments/${appointmentOfA}/reschedule`, {
      token: keyB,
      body: { start: slotStart(23) },
    });
    expect(move.status).toBe(404);
    expect((await call("GET", `/api/v1/appointments/${appointmentOfA}`, { token: keyA })).status).toBe(200);
  });

  it("a clinic key cannot complete or mark no-show (403), nor book through the patient route (403)", async () => {
    expect(
      (await call("POST", `/api/v1/appointments/${appointmentOfA}/complete`, { token: keyA, body: {} })).status,
    ).toBe(403);
    const book = await call("POST", "/api/v1/appointments", {
      token: keyA,
      body: { doctorId: doctorA, start: slotStart(24) },
    });
    expect(book.status).toBe(403);
  });
});

const adminRoutes: Route[] = [
  { name: "create clinic", method: "POST", path: () => "/api/v1/admin/clinics", body: () => ({ name: "Nope Clinic" }) },
  { name: "list clinics", method: "GET", path: () => "/api/v1/admin/clinics" },
  { name: "get clinic", method: "GET", path: () => `/api/v1/admin/clinics/${clinicId}` },
  { name: "attach doctor", method: "PUT", path: () => `/api/v1/admin/clinics/${clinicId}/doctors/${doctorB}` },
  { name: "detach doctor", method: "DELETE", path: () => `/api/v1/admin/clinics/${clinicId}/doctors/${doctorA}` },
  {
    name: "issue key",
    method: "POST",
    path: () => `/api/v1/admin/clinics/${clinicId}/api-keys`,
    body: () => ({ name: "nope" }),
  },
  { name: "list keys", method: "GET", path: () => `/api/v1/admin/clinics/${clinicId}/api-keys` },
  {
    name: "revoke key",
    method: "DELETE",
    path: () => `/api/v1/admin/clinics/${clinicId}/api-keys/key_aaaaaaaaaaaaaaaaaaaa`,
  },
];

describe.each(adminRoutes)("admin clinics: $name", (route) => {
  const send = (bearer?: string) =>
    call<Envelope>(route.method, route.path(), {
      ...(bearer ? { token: bearer } : {}),
      ...(route.body ? { body: route.body() } : {}),
    });

  it("401 without a credential", async () => {
    expect((await send()).status).toBe(401);
  });

  it("403 for patients, doctors and clinics (its own clinic's key included)", async () => {
    for (const bearer of [patient, doctor, keyA]) expect((await send(bearer)).status).toBe(403);
  });
});

describe("admin clinics: objects that do not exist", () => {
  it("404 for an unknown clinic, doctor or key", async () => {
    const unknownClinic = "cln_zzzzzzzzzzzzzzzzzzzz";
    for (const [method, path] of [
      ["GET", `/api/v1/admin/clinics/${unknownClinic}`],
      ["GET", `/api/v1/admin/clinics/${unknownClinic}/api-keys`],
      ["POST", `/api/v1/admin/clinics/${unknownClinic}/api-keys`],
      ["PUT", `/api/v1/admin/clinics/${unknownClinic}/doctors/${doctorA}`],
      ["DELETE", `/api/v1/admin/clinics/${unknownClinic}/doctors/${doctorA}`],
      ["PUT", `/api/v1/admin/clinics/${clinicId}/doctors/doc_nobody-here`],
      ["DELETE", `/api/v1/admin/clinics/${clinicId}/api-keys/key_aaaaaaaaaaaaaaaaaaaa`],
    ] as const) {
      const res = await call<Envelope>(method, path, { token: admin, ...(method === "POST" ? { body: {} } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });
});
