import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { attachDoctor, createClinic } from "../support/clinics.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { slotStart } from "../support/schedules.ts";
import { requireServiceEnv } from "../support/service-env.ts";

// Every answer below goes through `call`, which validates it against the OpenAPI document
// (declared status, body matching its schema): the contract test of the clinic API.
const worker = ownWorker("clinic-api");
const call = worker.call;
type Envelope = { error: { code: string; message: string } };
type Patient = { ref: string; patientId: string; name: string; email: string; phone: string | null };
type Page = { appointments: AppointmentView[]; nextCursor: string | null };

let admin: string;
let clinicA: string;
let clinicB: string;
let doctorA: string;
let doctorB: string;
let keyA: string;
let keyB: string;

async function issue(clinicId: string, body: Record<string, unknown> = { name: "test" }): Promise<string> {
  const res = await call<{ key: string }>("POST", `/api/v1/admin/clinics/${clinicId}/api-keys`, {
    token: admin,
    body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.key;
}

async function book(key: string, doctorId: string, start: string, patientRef: string): Promise<AppointmentView> {
  const res = await call<{ appointment: AppointmentView }>("POST", "/api/v1/clinic/appointments", {
    token: key,
    body: { doctorId, start, patientRef },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.appointment;
}

/** The system of record follows the doctors' DOs through a queue: poll the list until it agrees. */
async function listUntil(key: string, query: string, done: (page: Page) => boolean): Promise<Page> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await call<Page>("GET", `/api/v1/clinic/appointments?${query}`, { token: key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (done(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`list never matched: ${JSON.stringify(res.body).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  admin = await worker.token("admin", "admin");
  clinicA = (await createClinic(call, admin)).id;
  clinicB = (await createClinic(call, admin)).id;
  doctorA = (await onboard(call, admin, { schedule: allDaySchedule() })).doctor.id;
  doctorB = (await onboard(call, admin, { schedule: allDaySchedule() })).doctor.id;
  await attachDoctor(call, admin, clinicA, doctorA);
  await attachDoctor(call, admin, clinicB, doctorB);
  keyA = await issue(clinicA);
  keyB = await issue(clinicB);
});

describe("clinic patients", () => {
  const person = { name: "Zubeida Quasar", email: "zubeida.quasar@example.com", phone: "+91 99887 76655" };

  it("PUT creates the patient under the clinic's reference (201), again updates it (200), GET reads it", async () => {
    const created = await call<{ patient: Patient }>("PUT", "/api/v1/clinic/patients/MRN-100", {
      token: keyA,
      body: person,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.patient).toMatchObject({ ref: "MRN-100", patientId: `${clinicA}:MRN-100`, ...person });
    const updated = await call<{ patient: Patient }>("PUT", "/api/v1/clinic/patients/MRN-100", {
      token: keyA,
      body: { ...person, phone: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.patient.phone).toBeNull();
    const read = await call<{ patient: Patient }>("GET", "/api/v1/clinic/patients/MRN-100", { token: keyA });
    expect(read.status).toBe(200);
    expect(read.body.patient).toMatchObject({ ref: "MRN-100", name: person.name, email: person.email, phone: null });
  });

  it("another clinic never sees the patient: GET is 404 and its list does not hold it", async () => {
    expect((await call("GET", "/api/v1/clinic/patients/MRN-100", { token: keyB })).status).toBe(404);
    const list = await call<{ patients: Patient[] }>("GET", "/api/v1/clinic/patients", { token: keyB });
    expect(list.status).toBe(200);
    expect(list.body.patients.map((p) => p.ref)).not.toContain("MRN-100");
  });

  it("refuses a bad email or phone with 400 and writes nothing", async () => {
    for (const body of [
      { ...person, email: "not-an-email" },
      { ...person, phone: "call me" },
    ]) {
      const res = await call<Envelope>("PUT", "/api/v1/clinic/patients/MRN-BAD", { token: keyA, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
    expect((await call("GET", "/api/v1/clinic/patients/MRN-BAD", { token: keyA })).status).toBe(404);
  });

  it("lists the clinic's patients by reference, a page at a time", async () => {
    for (const ref of ["P-1", "P-2", "P-3"]) {
      const res = await call("PUT", `/api/v1/clinic/patients/${ref}`, { token: keyB, body: person });
      expect(res.status).toBe(201);
    }
    const first = await call<{ patients: Patient[]; nextCursor: string | null }>(
      "GET",
      "/api/v1/clinic/patients?limit=2",
      { token: keyB },
    );
    expect(first.body.patients.map((p) => p.ref)).toEqual(["P-1", "P-2"]);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await call<{ patients: Patient[]; nextCursor: string | null }>(
      "GET",
      `/api/v1/clinic/patients?limit=2&cursor=${first.body.nextCursor}`,
      { token: keyB },
    );
    expect(second.body.patients.map((p) => p.ref)).toEqual(["P-3"]);
    expect(second.body.nextCursor).toBeNull();
    const forged = await call<Envelope>("GET", "/api/v1/clinic/patients?cursor=bm90LWEtY3Vyc29y", { token: keyB });
    expect(forged.status).toBe(400);
  });

  it("a repeated PUT with the same Idempotency-Key is replayed, not applied twice", async () => {
    const opts = { token: keyA, body: person, headers: { "Idempotency-Key": `p-${crypto.randomUUID()}` } };
    const first = await call("PUT", "/api/v1/clinic/patients/MRN-IDEM", opts);
    const again = await call("PUT", "/api/v1/clinic/patients/MRN-IDEM", opts);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
  });

  it("never writes a patient's name, email or phone to the worker's log", () => {
    const log = readFileSync(join(requireServiceEnv().runDir, "logs", "worker-clinic-api.log"), "utf8");
    expect(log.length).toBeGreaterThan(0);
    for (const secret of ["Zubeida", "zubeida.quasar", "99887"]) expect(log).not.toContain(secret);
  });
});

describe("clinic appointments", () => {
  let ids: string[] = [];

  beforeAll(async () => {
    // Three bookings a day apart, far enough ahead for the doctor's cancellation notice.
    ids = [];
    for (const hours of [72, 96, 120]) ids.push((await book(keyA, doctorA, slotStart(hours), `L-${hours}`)).id);
  });

  it("lists them by start, a page at a time, and the pages stay stable when an earlier one is booked", async () => {
    const all = await listUntil(keyA, `doctorId=${doctorA}&limit=100`, (p) =>
      ids.every((id) => p.appointments.some((a) => a.id === id)),
    );
    expect(all.appointments.every((a) => a.clinicId === clinicA)).toBe(true);
    const starts = all.appointments.map((a) => a.start);
    expect([...starts].sort()).toEqual(starts);

    const query = `doctorId=${doctorA}&from=${encodeURIComponent(slotStart(70))}&limit=2`;
    const first = await call<Page>("GET", `/api/v1/clinic/appointments?${query}`, { token: keyA });
    expect(first.body.appointments.map((a) => a.id)).toEqual(ids.slice(0, 2));
    expect(first.body.nextCursor).toBeTruthy();
    // Booked before the cursor's position: it must not shift the next page.
    const earlier = await book(keyA, doctorA, slotStart(71), "L-71");
    await listUntil(keyA, `doctorId=${doctorA}&limit=100`, (p) => p.appointments.some((a) => a.id === earlier.id));
    const second = await call<Page>("GET", `/api/v1/clinic/appointments?${query}&cursor=${first.body.nextCursor}`, {
      token: keyA,
    });
    expect(second.body.appointments.map((a) => a.id)).toEqual([ids[2]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("filters by date range, status and updatedSince", async () => {
    const range = `from=${encodeURIComponent(slotStart(90))}&to=${encodeURIComponent(slotStart(100))}`;
    const ranged = await call<Page>("GET", `/api/v1/clinic/appointments?${range}`, { token: keyA });
    expect(ranged.body.appointments.map((a) => a.id)).toEqual([ids[1]]);

    const since = new Date().toISOString();
    const cancelled = await call<{ appointment: AppointmentView }>(
      "POST",
      `/api/v1/clinic/appointments/${ids[0]}/cancel`,
      { token: keyA, body: { reason: "patient asked" } },
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const changed = await listUntil(keyA, `updatedSince=${encodeURIComponent(since)}`, (p) =>
      p.appointments.some((a) => a.id === ids[0]),
    );
    expect(changed.appointments.map((a) => a.id)).toEqual([ids[0]]);
    const byStatus = await call<Page>("GET", "/api/v1/clinic/appointments?status=cancelled", { token: keyA });
    expect(byStatus.body.appointments.map((a) => a.id)).toEqual([ids[0]]);
  });

  it("another clinic's doctor, appointment or list is 404 or empty, never 403", async () => {
    expect((await call("GET", `/api/v1/clinic/appointments?doctorId=${doctorA}`, { token: keyB })).status).toBe(404);
    const theirs = await call<Page>("GET", "/api/v1/clinic/appointments", { token: keyB });
    expect(theirs.body.appointments.some((a) => ids.includes(a.id))).toBe(false);
    const id = ids[1];
    expect((await call("GET", `/api/v1/clinic/appointments/${id}`, { token: keyB })).status).toBe(404);
    for (const [path, body] of [
      ["cancel", {}],
      ["reschedule", { start: slotStart(150) }],
    ] as const) {
      const res = await call<Envelope>("POST", `/api/v1/clinic/appointments/${id}/${path}`, { token: keyB, body });
      expect(res.status, path).toBe(404);
    }
    const mine = await call<{ appointment: AppointmentView }>("GET", `/api/v1/clinic/appointments/${id}`, {
      token: keyA,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.appointment.status).not.toBe("cancelled");
  });

  it("reschedules through the clinic route, once per Idempotency-Key", async () => {
    const to = slotStart(130);
    const opts = { token: keyA, body: { start: to }, headers: { "Idempotency-Key": `r-${crypto.randomUUID()}` } };
    const moved = await call<{ appointment: AppointmentView }>(
      "POST",
      `/api/v1/clinic/appointments/${ids[2]}/reschedule`,
      opts,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.appointment.start).toBe(to);
    const again = await call<{ appointment: AppointmentView }>(
      "POST",
      `/api/v1/clinic/appointments/${ids[2]}/reschedule`,
      opts,
    );
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.body.appointment.version).toBe(moved.body.appointment.version);
  });

  it("cancel and reschedule need appointments:manage; the list needs availability:read", async () => {
    const reader = await issue(clinicA, { name: "reader", scopes: ["availability:read"] });
    const writer = await issue(clinicA, { name: "writer", scopes: ["appointments:write"] });
    const refused = await call<Envelope>("POST", `/api/v1/clinic/appointments/${ids[1]}/cancel`, { token: reader });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("INSUFFICIENT_SCOPE");
    expect((await call("GET", "/api/v1/clinic/appointments", { token: reader })).status).toBe(200);
    const list = await call<Envelope>("GET", "/api/v1/clinic/appointments", { token: writer });
    expect(list.status).toBe(403);
    expect(list.body.error.code).toBe("INSUFFICIENT_SCOPE");
  });
});

describe("per-key rate limits", () => {
  it("advertises the key's own quota and refuses past it with 429 RATE_LIMITED and Retry-After", async () => {
    const key = await issue(clinicA, { name: "small", rateLimit: "3/1m" });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call("GET", "/api/v1/clinic/doctors", { token: key });
      expect(res.status).toBe(200);
      expect(res.headers.get("RateLimit-Policy")).toBe('"key";q=3;w=60');
      remaining.push(res.headers.get("RateLimit") ?? "");
    }
    expect(remaining.map((r) => /;r=(\d+);/.exec(r)?.[1])).toEqual(["2", "1", "0"]);
    const refused = await call<Envelope>("GET", "/api/v1/clinic/doctors", { token: key });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get("RateLimit")).toMatch(/^"key";r=0;t=\d+$/);
    // Quotas are per key: the clinic's other key is unaffected.
    expect((await call("GET", "/api/v1/clinic/doctors", { token: keyA })).status).toBe(200);
  });

  it("a key issued without a quota has the configured default, shown on the key as null", async () => {
    const res = await call<{ apiKey: { rateLimit: string | null } }>(
      "POST",
      `/api/v1/admin/clinics/${clinicA}/api-keys`,
      { token: admin, body: { name: "default quota" } },
    );
    expect(res.body.apiKey.rateLimit).toBeNull();
    const used = await call("GET", "/api/v1/clinic/doctors", { token: keyA });
    expect(used.headers.get("RateLimit-Policy")).toBe('"key";q=100000;w=60');
  });

  it("refuses a malformed quota when the key is issued", async () => {
    const res = await call<Envelope>("POST", `/api/v1/admin/clinics/${clinicA}/api-keys`, {
      token: admin,
      body: { name: "bad", rateLimit: "lots" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
  });
});
