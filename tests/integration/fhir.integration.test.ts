import { beforeAll, describe, expect, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { appointmentIdOf, practitionerIdOf, scheduleIdOf, slotIdOf } from "../../worker/kernel/fhir/ids.ts";
import { FHIR_STATUS_OF } from "../../worker/kernel/fhir/status.ts";
import { attachDoctor, createClinic, issueKey } from "../support/clinics.ts";
import { assertFhir, loadFhirSchema } from "../support/fhir-schema.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { slotStart } from "../support/schedules.ts";

// Compiled before any request: it blocks for seconds, long enough for the worker to close the
// client's idle keep-alive sockets under it.
loadFhirSchema();
// Creates clinics, doctors and bookings: a worker and database of its own.
const worker = ownWorker("fhir");
const call = worker.call;

type Entry = { fullUrl: string; resource: Record<string, unknown> & { id: string; resourceType: string } };
type Bundle = { resourceType: "Bundle"; total?: number; link: { relation: string; url: string }[]; entry: Entry[] };
type Outcome = { resourceType: "OperationOutcome"; issue: { code: string; details: { coding: { code: string }[] } }[] };

/** GETs a FHIR URL; every answer must be FHIR JSON and a valid R4 resource. */
async function fhir<T = Bundle>(pathOrUrl: string, key?: string): Promise<{ status: number; body: T }> {
  const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${worker.url()}/api/fhir/r4${pathOrUrl}`;
  const res = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  expect(res.headers.get("Content-Type"), url).toMatch(/^application\/fhir\+json/);
  const body = await res.json();
  assertFhir(body);
  return { status: res.status, body: body as T };
}

const idsOf = (b: Bundle) => b.entry.map((e) => e.resource.id);
const identifierOf = (r: Record<string, unknown>) => (r.identifier as { value: string }[])[0]?.value;

let keyA: string;
let keyB: string;
let d1: string;
let d2: string;
const mine: AppointmentView[] = [];
let theirs: AppointmentView;

async function book(key: string, doctorId: string, start: string, patientRef: string): Promise<AppointmentView> {
  const res = await call<{ appointment: AppointmentView }>("POST", "/api/v1/clinic/appointments", {
    token: key,
    body: { doctorId, start, patientRef },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.appointment;
}

/** The FHIR Appointment search reads MongoDB, which the system-of-record queue fills shortly after. */
async function converged(key: string, expected: AppointmentView[]): Promise<Bundle> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { body } = await fhir("/Appointment?_count=100", key);
    const seen = new Map(body.entry.map((e) => [identifierOf(e.resource), e.resource.status]));
    if (expected.every((a) => seen.get(a.id) === FHIR_STATUS_OF[a.status])) return body;
    if (Date.now() > deadline) throw new Error(`MongoDB did not converge: ${JSON.stringify([...seen])}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const admin = await worker.token("admin", "admin");
  const clinicA = await createClinic(call, admin);
  const clinicB = await createClinic(call, admin);
  d1 = (await onboard(call, admin, { schedule: allDaySchedule() })).doctor.id;
  d2 = (await onboard(call, admin, { schedule: allDaySchedule() })).doctor.id;
  await attachDoctor(call, admin, clinicA.id, d1);
  await attachDoctor(call, admin, clinicA.id, d2);
  await attachDoctor(call, admin, clinicB.id, d1);
  keyA = (await issueKey(call, admin, clinicA.id)).key;
  keyB = (await issueKey(call, admin, clinicB.id)).key;
  mine.push(await book(keyA, d1, slotStart(30), "MRN_1"));
  mine.push(await book(keyA, d1, slotStart(31), "MRN-2"));
  mine.push(await book(keyA, d1, slotStart(32), "MRN_1"));
  mine.push(await book(keyA, d2, slotStart(30), "MRN-3"));
  // Clinic B uses the same patient reference with the same doctor: still never clinic A's.
  theirs = await book(keyB, d1, slotStart(33), "MRN_1");
  const cancelled = await call<{ appointment: AppointmentView }>("POST", `/api/v1/appointments/${mine[1]?.id}/cancel`, {
    token: keyA,
    body: { reason: "patient asked" },
  });
  expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
  mine[1] = cancelled.body.appointment;
  await converged(keyA, mine);
}, 240_000);

describe("FHIR R4 view: Schedule and Slot", () => {
  it("lists one Schedule per doctor the clinic can see", async () => {
    const a = await fhir("/Schedule", keyA);
    expect(a.status).toBe(200);
    expect(a.body.total).toBe(2);
    expect(idsOf(a.body).sort()).toEqual([scheduleIdOf(d1), scheduleIdOf(d2)].sort());
    const b = await fhir("/Schedule", keyB);
    expect(idsOf(b.body)).toEqual([scheduleIdOf(d1)]);
    const one = await fhir(`/Schedule?actor=Practitioner/${practitionerIdOf(d2)}`, keyA);
    expect(idsOf(one.body)).toEqual([scheduleIdOf(d2)]);
  });

  it("computes free and busy slots in the window: the booked ones busy, the cancelled one free again", async () => {
    const window = `start=ge${slotStart(30)}&start=lt${slotStart(34)}`;
    const { body } = await fhir(`/Slot?schedule=Schedule/${scheduleIdOf(d1)}&${window}`, keyA);
    const byStart = new Map(body.entry.map((e) => [e.resource.start, e.resource.status]));
    expect(body.total).toBe(8);
    expect(byStart.get(mine[0]?.start)).toBe("busy");
    expect(byStart.get(mine[1]?.start)).toBe("free");
    expect(byStart.get(mine[2]?.start)).toBe("busy");
    expect(byStart.get(theirs.start)).toBe("busy");
    for (const e of body.entry) expect(e.resource.schedule).toEqual({ reference: `Schedule/${scheduleIdOf(d1)}` });

    const busy = await fhir(`/Slot?schedule=${scheduleIdOf(d1)}&${window}&status=busy`, keyA);
    expect(busy.body.entry.map((e) => e.resource.start).sort()).toEqual(
      [mine[0]?.start, mine[2]?.start, theirs.start].sort(),
    );
    const free = await fhir(`/Slot?schedule=${scheduleIdOf(d1)}&${window}&status=free`, keyA);
    expect(free.body.total).toBe(5);
  });

  it("pages slots with followable next links until every slot was seen once", async () => {
    let url: string | undefined = `/Slot?start=ge${slotStart(30)}&start=lt${slotStart(34)}&_count=3`;
    const seen: string[] = [];
    let total = -1;
    while (url) {
      const { body }: { body: Bundle } = await fhir(url, keyA);
      total = body.total ?? -1;
      expect(body.entry.length).toBeLessThanOrEqual(3);
      seen.push(...idsOf(body));
      url = body.link.find((l) => l.relation === "next")?.url;
    }
    expect(total).toBe(16);
    expect(new Set(seen).size).toBe(16);
  });
});

describe("FHIR R4 view: Appointment", () => {
  it("maps every status of the clinic's appointments and never shows another clinic's", async () => {
    const { body } = await fhir("/Appointment?_count=100", keyA);
    expect(body.total).toBe(4);
    const byId = new Map(body.entry.map((e) => [identifierOf(e.resource), e.resource]));
    for (const a of mine) expect(byId.get(a.id)?.status).toBe(FHIR_STATUS_OF[a.status]);
    expect(byId.get(mine[1]?.id ?? "")?.status).toBe("cancelled");
    expect(byId.has(theirs.id)).toBe(false);
    const b = await fhir("/Appointment?_count=100", keyB);
    expect(b.body.entry.map((e) => identifierOf(e.resource))).toEqual([theirs.id]);
  });

  it("follows next links through every page, in start order, without repeats", async () => {
    let url: string | undefined = "/Appointment?_count=1";
    const seen: string[] = [];
    while (url) {
      const { body }: { body: Bundle } = await fhir(url, keyA);
      expect(body.total).toBe(4);
      expect(body.link[0]?.relation).toBe("self");
      seen.push(...body.entry.map((e) => String(e.resource.start)));
      url = body.link.find((l) => l.relation === "next")?.url;
    }
    expect(seen).toHaveLength(4);
    expect(seen).toEqual([...seen].sort());
  });

  it("searches by date with prefixes, by actor, practitioner, patient and status", async () => {
    const count = async (q: string) => (await fhir(`/Appointment?${q}`, keyA)).body.total;
    expect(await count(`date=ge${mine[1]?.start}&date=lt${mine[2]?.end}`)).toBe(2);
    expect(await count(`date=gt${mine[2]?.start}`)).toBe(0);
    expect(await count(`date=${mine[0]?.start}`)).toBe(2);
    expect(await count(`practitioner=Practitioner/${practitionerIdOf(d2)}`)).toBe(1);
    expect(await count(`actor=Practitioner/${practitionerIdOf(d1)}`)).toBe(3);
    expect(await count("patient=Patient/MRN_1")).toBe(2);
    expect(await count("actor=Patient/MRN-3")).toBe(1);
    expect(await count("status=cancelled")).toBe(1);
    expect(await count("status=booked,pending&patient=MRN_1")).toBe(2);
  });
});

describe("FHIR R4 view: refusals as OperationOutcome", () => {
  it("answers bad search parameters with 400 naming the parameter", async () => {
    for (const q of ["date=2026-13-01", "status=arrived", "_count=0", "_page=bm90LWEtdG9rZW4", "sort=date"]) {
      const { status, body } = await fhir<Outcome>(`/Appointment?${q}`, keyA);
      expect(status, q).toBe(400);
      expect(body.issue[0]?.code).toBe("invalid");
    }
  });

  it("refuses a Slot window wider than 31 days or starting over 366 days ahead with 400 SEARCH_OUT_OF_BOUNDS", async () => {
    const day = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
    for (const q of [
      `start=ge${day(1)}&start=lt${day(40)}`,
      `start=ge${day(400)}`,
      `start=lt${day(500)}`,
      "start=9999-12-31",
      `start=ge${day(-100)}&start=lt${day(1)}`,
    ]) {
      const { status, body } = await fhir<Outcome>(`/Slot?${q}`, keyA);
      expect(status, q).toBe(400);
      expect(body.issue[0]?.code, q).toBe("invalid");
      expect(body.issue[0]?.details.coding[0]?.code, q).toBe("SEARCH_OUT_OF_BOUNDS");
    }
    // Inside the bounds but wholly past: no slot is bookable, an empty Bundle (no doctor asked).
    const past = await fhir(`/Slot?start=ge${day(-20)}&start=lt${day(-1)}`, keyA);
    expect([past.status, past.body.total]).toEqual([200, 0]);
  });

  it("refuses a missing or unknown key (401), a key without availability:read and a patient (403)", async () => {
    expect((await fhir<Outcome>("/Appointment")).status).toBe(401);
    expect((await fhir<Outcome>("/Appointment", "pe_not-a-real-key")).status).toBe(401);
    const admin = await worker.token("admin", "admin");
    const clinic = await createClinic(call, admin);
    const writer = await call<{ key: string }>("POST", `/api/v1/admin/clinics/${clinic.id}/api-keys`, {
      token: admin,
      body: { name: "writer", scopes: ["appointments:write"] },
    });
    const scoped = await fhir<Outcome>("/Slot", writer.body.key);
    expect(scoped.status).toBe(403);
    expect(scoped.body.issue[0]?.details.coding[0]?.code).toBe("INSUFFICIENT_SCOPE");
    const patient = await worker.token(`fhir-patient-${crypto.randomUUID().slice(0, 6)}`, "patient");
    expect((await fhir<Outcome>("/Schedule", patient)).status).toBe(403);
  });

  it("a schedule of another clinic's doctor is simply not found by the search (empty Bundle)", async () => {
    const { status, body } = await fhir(`/Slot?schedule=Schedule/${scheduleIdOf(d2)}`, keyB);
    expect(status).toBe(200);
    expect(body.total).toBe(0);
  });
});

describe("FHIR R4 view: reads by id", () => {
  it("reads each resource a search answered by its id, as a valid R4 resource", async () => {
    const { body: slotsOfD1 } = await fhir(
      `/Slot?schedule=${scheduleIdOf(d1)}&start=ge${slotStart(30)}&start=lt${slotStart(34)}`,
      keyA,
    );
    const slot = slotsOfD1.entry[0]?.resource;
    const reads: [string, string][] = [
      [`/Practitioner/${practitionerIdOf(d1)}`, "Practitioner"],
      [`/Schedule/${scheduleIdOf(d2)}`, "Schedule"],
      [`/Slot/${slot?.id}`, "Slot"],
      [`/Appointment/${appointmentIdOf(mine[0]?.id ?? "")}`, "Appointment"],
    ];
    for (const [path, type] of reads) {
      const { status, body } = await fhir<Record<string, unknown>>(path, keyA);
      expect(status, path).toBe(200);
      expect([body.resourceType, body.id], path).toEqual([type, path.split("/")[2]]);
    }
    const read = await fhir<Record<string, unknown>>(`/Slot/${slot?.id}`, keyA);
    expect(read.body).toEqual(slot);
    const appointment = await fhir<Record<string, unknown>>(`/Appointment/${appointmentIdOf(mine[1]?.id ?? "")}`, keyA);
    expect([identifierOf(appointment.body), appointment.body.status]).toEqual([mine[1]?.id, "cancelled"]);
    const busy = await fhir<Record<string, unknown>>(`/Slot/${slotIdOf(d1, mine[0]?.start ?? "")}`, keyA);
    expect(busy.body.status).toBe("busy");
  });

  it("reads an appointment from its doctor's Durable Object: a change shows at once, before MongoDB has it", async () => {
    const fresh = await book(keyA, d2, slotStart(36), "MRN-4");
    const path = `/Appointment/${appointmentIdOf(fresh.id)}`;
    expect((await fhir<Record<string, unknown>>(path, keyA)).body.status).toBe(FHIR_STATUS_OF[fresh.status]);
    const cancelled = await call("POST", `/api/v1/appointments/${fresh.id}/cancel`, {
      token: keyA,
      body: { reason: "patient asked" },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect((await fhir<Record<string, unknown>>(path, keyA)).body.status).toBe("cancelled");
  });

  it("answers another clinic's ids, unknown and malformed ids with 404 OperationOutcome (never 403)", async () => {
    const slotOfD2 = slotIdOf(d2, slotStart(40));
    // Clinic B shares doctor d1 with A, but not A's bookings; d2 is not B's at all.
    for (const path of [
      `/Appointment/${appointmentIdOf(mine[0]?.id ?? "")}`,
      `/Schedule/${scheduleIdOf(d2)}`,
      `/Practitioner/${practitionerIdOf(d2)}`,
      `/Slot/${slotOfD2}`,
      `/Appointment/${appointmentIdOf(`apt.${d1}.zzzzzzzzzzzzzzzzzzzz`)}`,
      `/Slot/${slotIdOf(d1, "2026-01-01T00:00:00.000Z")}`,
      `/Slot/${scheduleIdOf(d1)}.1`,
      "/Schedule/doc-nobody",
      "/Appointment/not_a_fhir_id",
    ]) {
      const { status, body } = await fhir<Outcome>(path, keyB);
      expect(status, path).toBe(404);
      expect(body.issue[0]?.code, path).toBe("not-found");
      expect(body.issue[0]?.details.coding[0]?.code, path).toBe("NOT_FOUND");
    }
    // The same ids are A's to read, and B reads its own.
    expect((await fhir(`/Slot/${slotOfD2}`, keyA)).status).toBe(200);
    expect((await fhir(`/Appointment/${appointmentIdOf(theirs.id)}`, keyB)).status).toBe(200);
    expect((await fhir(`/Appointment/${appointmentIdOf(theirs.id)}`, keyA)).status).toBe(404);
  });
});

describe("FHIR R4 view: Slot search fan-out", () => {
  it("asks at most 10 doctors per page (the documented cap) and reaches the others through next links", async () => {
    const admin = await worker.token("admin", "admin");
    const clinic = await createClinic(call, admin);
    const doctors = await Promise.all(
      Array.from({ length: 12 }, async () => (await onboard(call, admin, { schedule: allDaySchedule() })).doctor.id),
    );
    // One at a time: attaching rewrites the clinic's doctor list.
    for (const id of doctors) await attachDoctor(call, admin, clinic.id, id);
    const key = (await issueKey(call, admin, clinic.id)).key;
    let url: string | undefined = `/Slot?start=ge${slotStart(30)}&start=lt${slotStart(31)}&_count=100`;
    const pages: Bundle[] = [];
    while (url) {
      const { body }: { body: Bundle } = await fhir(url, key);
      pages.push(body);
      url = body.link.find((l) => l.relation === "next")?.url;
    }
    const schedulesOf = (b: Bundle) =>
      new Set(b.entry.map((e) => (e.resource.schedule as { reference: string }).reference));
    expect(pages.map((p) => schedulesOf(p).size)).toEqual([10, 2]);
    expect(pages[0]?.total).toBeUndefined();
    const all = pages.flatMap(idsOf);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(pages.flatMap((p) => [...schedulesOf(p)]))).toEqual(
      new Set(doctors.map((d) => `Schedule/${scheduleIdOf(d)}`)),
    );
    for (const page of pages) {
      const starts = page.entry.map((e) => String(e.resource.start));
      expect(starts).toEqual([...starts].sort());
    }
  }, 120_000);
});
