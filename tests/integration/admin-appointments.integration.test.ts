import { beforeAll, describe, expect, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { type Registered, registerPatient } from "../support/accounts.ts";
import { eventually } from "../support/mongo.ts";
import { allDaySchedule, type OnboardedDoctor, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { slotStart } from "../support/schedules.ts";

// Creates doctors: its own worker and database, so the shared directory keeps only the seeded ones.
const worker = ownWorker("admin-appointments");
const call = worker.call;
// Sessions live in this worker's own objects: sign in to it, not to the layer's shared worker.
const token = worker.token;
type Page = { appointments: AppointmentView[]; nextCursor: string | null; patients: Record<string, string> };
type Envelope = { error: { code: string; fields?: { path: string }[] } };

let admin: string;
let doctor: OnboardedDoctor;
let other: OnboardedDoctor;
let alice: Registered;
let bob: Registered;
/** MongoDB follows the doctors' objects through the queue within seconds. */
const sor = { timeout: 20_000, interval: 250 };
const booked: { id: string; start: string; patient: string }[] = [];

async function book(patient: Registered, doctorId: string, start: string): Promise<string> {
  const res = await call<{ appointment: AppointmentView }>("POST", "/api/v1/appointments", {
    token: patient.accessToken,
    body: { doctorId, start },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.appointment.id;
}

const list = (query: string, as = admin) =>
  call<Page & Envelope>("GET", `/api/v1/admin/appointments?${query}`, { token: as });

beforeAll(async () => {
  admin = await token("admin", "admin");
  doctor = await onboard(call, admin, { schedule: allDaySchedule() });
  other = await onboard(call, admin, { schedule: allDaySchedule() });
  alice = await registerPatient(call, { name: "Alice Admin-List" });
  bob = await registerPatient(call, { name: "Bob Admin-List" });
  for (const [patient, n] of [
    [alice, 0],
    [bob, 1],
    [alice, 2],
  ] as const) {
    const start = slotStart(30, n);
    booked.push({ id: await book(patient, doctor.doctor.id, start), start, patient: patient.user.id });
  }
  await book(bob, other.doctor.id, slotStart(30, 0));
  // MongoDB follows the doctors' objects through the queue: wait until it has all four.
  await eventually(async () => ((await list("limit=100")).body.appointments?.length === 4 ? true : null), {
    timeoutMs: 30_000,
    what: "MongoDB to hold the four bookings",
  });
}, 90_000);

describe("GET /api/v1/admin/appointments", () => {
  it("lists every doctor's appointments newest first, with the patients' names", async () => {
    const res = await list("limit=100");
    expect(res.status).toBe(200);
    const starts = res.body.appointments.map((a) => a.start);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(res.body.patients).toMatchObject({ [alice.user.id]: "Alice Admin-List", [bob.user.id]: "Bob Admin-List" });
    expect(res.body.nextCursor).toBeNull();
  });

  it("pages with a cursor: no row repeated or skipped, even when a newer booking arrives between pages", async () => {
    const first = await list(`doctorId=${doctor.doctor.id}&limit=2`);
    expect(first.body.appointments.map((a) => a.id)).toEqual([booked[2]?.id, booked[1]?.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    // A booking later than everything listed so far lands on no later page.
    const newer = await book(bob, doctor.doctor.id, slotStart(40, 0));
    await expect
      .poll(async () => (await list(`doctorId=${doctor.doctor.id}&limit=100`)).body.appointments.length, sor)
      .toBe(4);
    const second = await list(`doctorId=${doctor.doctor.id}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.appointments.map((a) => a.id)).toEqual([booked[0]?.id]);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.appointments.map((a) => a.id)).not.toContain(newer);
  });

  it("filters by patient (email or id), status and date range", async () => {
    const byEmail = await list(`patient=${encodeURIComponent(alice.email.toUpperCase())}`);
    expect(byEmail.body.appointments.map((a) => a.id).sort()).toEqual([booked[0]?.id, booked[2]?.id].sort());
    const byId = await list(`patient=${bob.user.id}&doctorId=${other.doctor.id}`);
    expect(byId.body.appointments).toHaveLength(1);
    expect((await list(`patient=nobody@tests.prescripto.test`)).body.appointments).toEqual([]);

    const cancel = await call("POST", `/api/v1/appointments/${booked[1]?.id}/cancel`, { token: admin, body: {} });
    expect(cancel.status).toBe(200);
    await expect
      .poll(
        async () => (await list(`status=cancelled&doctorId=${doctor.doctor.id}`)).body.appointments.map((a) => a.id),
        sor,
      )
      .toEqual([booked[1]?.id]);

    const from = booked[1]?.start ?? "";
    const to = new Date(Date.parse(booked[2]?.start ?? "")).toISOString();
    const ranged = await list(`doctorId=${doctor.doctor.id}&from=${from}&to=${to}`);
    expect(ranged.body.appointments.map((a) => a.id)).toEqual([booked[1]?.id]);
  });

  it("refuses a cursor it did not hand out, and anyone but an admin", async () => {
    const bad = await list("cursor=bm90LWEtY3Vyc29y");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.fields?.[0]?.path).toBe("cursor");
    expect((await list("", alice.accessToken)).status).toBe(403);
    expect((await list("", await token(doctor.userId, "doctor", doctor.doctor.id))).status).toBe(403);
    expect((await call("GET", "/api/v1/admin/appointments")).status).toBe(401);
  });
});

describe("GET /api/v1/doctor/appointments", () => {
  it("names the day's patients", async () => {
    const doctorToken = await token(doctor.userId, "doctor", doctor.doctor.id);
    const date = new Date(Date.parse(booked[0]?.start ?? "") + 330 * 60_000).toISOString().slice(0, 10);
    const day = await call<{ patients: Record<string, string> }>("GET", `/api/v1/doctor/appointments?date=${date}`, {
      token: doctorToken,
    });
    expect(day.status).toBe(200);
    expect(day.body.patients[alice.user.id]).toBe("Alice Admin-List");
  });
});
