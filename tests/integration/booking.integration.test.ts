import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { registerPatient } from "../support/accounts.ts";
import { api, signInMany, token } from "../support/api.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

const url = inject("workerUrl");
const call = api(url);
type Envelope = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };
type One = { appointment: AppointmentView };

let admin: string;
beforeAll(async () => {
  admin = await token("admin_it", "admin");
});

async function newDoctor(overrides = {}): Promise<string> {
  const doctorId = uniqueDoctorId("it");
  const res = await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, {
    token: admin,
    body: roundTheClock(overrides),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return doctorId;
}

describe("POST /api/v1/appointments under contention", () => {
  it("books each slot exactly once when 200 patients race for it, 20 rounds; DO and MongoDB agree", async () => {
    const doctorId = await newDoctor();
    const tokens = await signInMany(200, (i) => token(`race_p${i}`));
    const winners: string[] = [];
    for (let round = 0; round < 20; round++) {
      const start = slotStart(3, round);
      const results = await Promise.all(
        tokens.map((t) =>
          call<One & Envelope>("POST", "/api/v1/appointments", { token: t, body: { doctorId, start } }),
        ),
      );
      const created = results.filter((r) => r.status === 201);
      expect(created, `round ${round}`).toHaveLength(1);
      expect(results.filter((r) => r.status === 409 && r.body.error.code === "SLOT_TAKEN")).toHaveLength(199);
      winners.push((created[0] as { body: One }).body.appointment.id);
    }
    const ledger = await call<{ appointments: AppointmentView[] }>("GET", `/api/v1/admin/doctors/${doctorId}/ledger`, {
      token: admin,
    });
    const booked = ledger.body.appointments.filter((a) => a.status === "booked");
    expect(booked.map((a) => a.id).sort()).toEqual([...winners].sort());

    const inMongo = await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      eventually(
        async () => {
          const docs = await db.collection("appointments").find({ doctorId }).toArray();
          return docs.length === winners.length ? docs : null;
        },
        { timeoutMs: 60_000, what: "20 appointments in MongoDB" },
      ),
    );
    expect(inMongo.map((d) => String(d._id)).sort()).toEqual([...winners].sort());
    expect(inMongo.every((d) => d.active === true && d.status === "booked")).toBe(true);
  }, 240_000);
});

describe("POST /api/v1/appointments input", () => {
  let doctorId: string;
  let patient: string;
  beforeAll(async () => {
    doctorId = await newDoctor({ minNoticeMinutes: 60, horizonDays: 7 });
    patient = await token("input_p");
  });
  const book = (body: unknown, t = patient) => call<Envelope>("POST", "/api/v1/appointments", { token: t, body });

  it.each([
    ["an unaligned start", () => new Date(Date.parse(slotStart(5)) + 7 * 60_000).toISOString(), "not_a_slot"],
    ["a past start", () => slotStart(-3), "in_past"],
    ["a start inside the minimum notice", () => slotStart(0.2), "too_soon"],
    ["a start beyond the horizon", () => slotStart(24 * 10), "beyond_horizon"],
  ])("rejects %s with 422 SLOT_UNAVAILABLE and a field error", async (_name, start, detail) => {
    const res = await book({ doctorId, start: start() });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("SLOT_UNAVAILABLE");
    expect(res.body.error.fields).toEqual([{ path: "start", message: detail }]);
  });

  it.each([
    ["a malformed start", { start: "tomorrow at nine" }, "start"],
    ["a start without an offset", { start: "2030-01-01T10:00:00" }, "start"],
    ["a missing start", { start: undefined }, "start"],
    ["a malformed doctor id", { doctorId: "DROP TABLE" }, "doctorId"],
  ])("rejects %s with 400 VALIDATION_FAILED", async (_name, patch, path) => {
    const res = await book({ doctorId, start: slotStart(5), ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.fields?.map((f) => f.path)).toContain(path);
  });

  it("rejects malformed JSON with 400 MALFORMED_JSON", async () => {
    const res = await call<Envelope>("POST", "/api/v1/appointments", { token: patient, body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("MALFORMED_JSON");
  });

  it("answers 404 for a doctor without a schedule", async () => {
    const res = await book({ doctorId: "doc_nobody-here", start: slotStart(5) });
    expect(res.status).toBe(404);
  });

  it("requires a token (401) and the right role (403)", async () => {
    const anonymous = await call<Envelope>("POST", "/api/v1/appointments", { body: { doctorId, start: slotStart(5) } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    const doctor = await token("doc_user", "doctor", doctorId);
    expect((await book({ doctorId, start: slotStart(5) }, doctor)).status).toBe(403);
    const forged = `${patient.slice(0, -4)}AAAA`;
    expect((await book({ doctorId, start: slotStart(5) }, forged)).status).toBe(401);
  });
});

describe("Idempotency-Key", () => {
  let doctorId: string;
  beforeAll(async () => {
    doctorId = await newDoctor();
  });

  it("replays the first response for the same key and body", async () => {
    const t = await token("idem_a");
    const body = { doctorId, start: slotStart(6, 0) };
    const first = await call<One>("POST", "/api/v1/appointments", {
      token: t,
      body,
      headers: { "Idempotency-Key": "k-1" },
    });
    const second = await call<One>("POST", "/api/v1/appointments", {
      token: t,
      body,
      headers: { "Idempotency-Key": "k-1" },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body.appointment.id).toBe(first.body.appointment.id);
  });

  it("treats key order and whitespace as the same body", async () => {
    const t = await token("idem_order");
    const start = slotStart(6, 1);
    const first = await call<One>("POST", "/api/v1/appointments", {
      token: t,
      body: JSON.stringify({ doctorId, start }),
      headers: { "Idempotency-Key": "k-order" },
    });
    const second = await call<One>("POST", "/api/v1/appointments", {
      token: t,
      body: `{ "start": "${start}",  "doctorId": "${doctorId}" }`,
      headers: { "Idempotency-Key": "k-order" },
    });
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body.appointment.id).toBe(first.body.appointment.id);
  });

  it("rejects the same key with a different body (422)", async () => {
    const t = await token("idem_b");
    await call("POST", "/api/v1/appointments", {
      token: t,
      body: { doctorId, start: slotStart(6, 2) },
      headers: { "Idempotency-Key": "k-2" },
    });
    const other = await call<Envelope>("POST", "/api/v1/appointments", {
      token: t,
      body: { doctorId, start: slotStart(6, 3) },
      headers: { "Idempotency-Key": "k-2" },
    });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("scopes keys to the caller", async () => {
    const [a, b] = await Promise.all([token("idem_c1"), token("idem_c2")]);
    const ra = await call<One>("POST", "/api/v1/appointments", {
      token: a,
      body: { doctorId, start: slotStart(6, 4) },
      headers: { "Idempotency-Key": "shared" },
    });
    const rb = await call<One>("POST", "/api/v1/appointments", {
      token: b,
      body: { doctorId, start: slotStart(6, 5) },
      headers: { "Idempotency-Key": "shared" },
    });
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(rb.headers.get("idempotent-replayed")).toBeNull();
  });

  it("answers 409 IDEMPOTENCY_IN_FLIGHT or the replay while the first is running, and books once", async () => {
    const t = await token("idem_d");
    const body = { doctorId, start: slotStart(6, 6) };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        call<One & Envelope>("POST", "/api/v1/appointments", {
          token: t,
          body,
          headers: { "Idempotency-Key": "k-race" },
        }),
      ),
    );
    for (const r of results) {
      if (r.status === 409) expect(r.body.error.code).toBe("IDEMPOTENCY_IN_FLIGHT");
      else expect(r.status).toBe(201);
    }
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.appointment.id));
    expect(ids.size).toBe(1);
  });

  it("a patient's key and an admin's equal key for that patient are two bookings (keys belong to the caller)", async () => {
    // A registered patient: an admin may only book for a live account.
    const registered = await registerPatient(call);
    const p = registered.accessToken;
    const mine = await call<One>("POST", "/api/v1/appointments", {
      token: p,
      body: { doctorId, start: slotStart(6, 8) },
      headers: { "Idempotency-Key": "same-key" },
    });
    expect(mine.status).toBe(201);
    const forThem = await call<One>("POST", "/api/v1/appointments", {
      token: admin,
      body: { doctorId, start: slotStart(6, 9), patientId: registered.user.id },
      headers: { "Idempotency-Key": "same-key" },
    });
    expect(forThem.status, JSON.stringify(forThem.body)).toBe(201);
    expect(forThem.headers.get("idempotent-replayed")).toBeNull();
    expect(forThem.body.appointment.id).not.toBe(mine.body.appointment.id);
    expect(forThem.body.appointment.start).toBe(slotStart(6, 9));
    expect(forThem.headers.get("location")).toBe(`/api/v1/appointments/${forThem.body.appointment.id}`);
  });

  it("a replay answers exactly what the first call answered, even after the appointment changed", async () => {
    const t = await token("idem_exact");
    const body = { doctorId, start: slotStart(6, 10) };
    const first = await call<One>("POST", "/api/v1/appointments", {
      token: t,
      body,
      headers: { "Idempotency-Key": "k-exact" },
    });
    expect(first.status).toBe(201);
    const cancelled = await call("POST", `/api/v1/appointments/${first.body.appointment.id}/cancel`, {
      token: t,
      body: {},
    });
    expect(cancelled.status).toBe(200);
    const replay = await call<One>("POST", "/api/v1/appointments", {
      token: t,
      body,
      headers: { "Idempotency-Key": "k-exact" },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("location")).toBe(first.headers.get("location"));
    expect(replay.body).toEqual(first.body);
  });

  it("rejects a malformed key", async () => {
    const t = await token("idem_e");
    const res = await call<Envelope>("POST", "/api/v1/appointments", {
      token: t,
      body: { doctorId, start: slotStart(6, 7) },
      headers: { "Idempotency-Key": "has spaces and ünïcode" },
    });
    expect(res.status).toBe(400);
  });
});

describe("cancel, reschedule and history over HTTP", () => {
  it("records each transition and refuses invalid ones with 409 INVALID_TRANSITION", async () => {
    const doctorId = await newDoctor();
    const t = await token("flow_p");
    const booked = await call<One>("POST", "/api/v1/appointments", {
      token: t,
      body: { doctorId, start: slotStart(10) },
    });
    const id = booked.body.appointment.id;
    const moved = await call<One>("POST", `/api/v1/appointments/${id}/reschedule`, {
      token: t,
      body: { start: slotStart(10, 3), reason: "work" },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.appointment.start).toBe(slotStart(10, 3));
    expect((await call("POST", `/api/v1/appointments/${id}/cancel`, { token: t, body: {} })).status).toBe(200);
    const again = await call<Envelope>("POST", `/api/v1/appointments/${id}/cancel`, { token: t, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("INVALID_TRANSITION");
    const view = await call<One>("GET", `/api/v1/appointments/${id}`, { token: t });
    expect(view.body.appointment.history.map((h) => h.type)).toEqual(["booked", "rescheduled", "cancelled"]);
    const stranger = await call("GET", `/api/v1/appointments/${id}`, { token: await token("flow_other") });
    expect(stranger.status).toBe(404);
  });

  it("answers 404 for an appointment id that names no doctor", async () => {
    const t = await token("flow_q");
    expect((await call("POST", "/api/v1/appointments/apt.nope/cancel", { token: t, body: {} })).status).toBe(404);
  });
});

describe("availability", () => {
  it("lists free slots with local times, drops a slot once booked, and caches in Redis", async () => {
    const doctorId = await newDoctor();
    const start = slotStart(30);
    const day = new Date(Date.parse(start) + 5.5 * 3_600_000).toISOString().slice(0, 10);
    const path = `/api/v1/doctors/${doctorId}/slots?from=${day}&to=${day}`;
    const fresh = { "Cache-Control": "no-cache" };
    type Slots = { timeZone: string; slots: { start: string; localStart: string; localDate: string }[] };
    const first = await call<Slots>("GET", path, { headers: fresh });
    expect(first.status).toBe(200);
    expect(first.body.timeZone).toBe("Asia/Kolkata");
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+, s-maxage=\d+$/);
    const slot = first.body.slots.find((s) => s.start === start);
    expect(slot?.localDate).toBe(day);
    // The Redis write happens after the response (waitUntil): wait until a read is served from it.
    await eventually(
      async () => ((await call("GET", path, { headers: fresh })).headers.get("x-cache") === "hit" ? true : null),
      { timeoutMs: 5_000, what: "the slots to be cached in Redis" },
    );

    const t = await token("avail_p");
    expect((await call("POST", "/api/v1/appointments", { token: t, body: { doctorId, start } })).status).toBe(201);
    // The DO invalidated the Redis entry: the next read recomputes without the booked slot.
    const after = await eventually(
      async () => {
        const r = await call<Slots>("GET", path, { headers: fresh });
        return r.body.slots.some((s) => s.start === start) ? null : r;
      },
      { timeoutMs: 5_000, what: "slot to disappear" },
    );
    expect(after.body.slots.length).toBe(first.body.slots.length - 1);
  });

  it("serves repeat reads from the edge cache, each with its own request id; no-cache bypasses it", async () => {
    const doctorId = await newDoctor();
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const path = `/api/v1/doctors/${doctorId}/slots?from=${day}&to=${day}`;
    const first = await call("GET", path);
    const second = await eventually(async () => {
      const r = await call("GET", path, { headers: { "X-Request-Id": "trace-abc-123" } });
      return r.headers.get("x-edge-cache") === "hit" ? r : null;
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("x-request-id")).toBe("trace-abc-123");
    // One freshness whichever cache answered: the miss says what the hit says.
    expect(first.headers.get("cache-control")).toBe("public, max-age=10, s-maxage=10");
    expect(second.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
    // Answered before the app is entered, and still with the security headers.
    expect(second.headers.get("x-content-type-options")).toBe("nosniff");
    const another = await call("GET", path);
    expect(another.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const bypass = await call("GET", path, { headers: { "Cache-Control": "no-cache" } });
    expect(bypass.headers.get("x-edge-cache")).toBe("bypass");
  });

  it.each([
    ["from after to", "from=2030-01-05&to=2030-01-01"],
    ["a range over 31 days", "from=2030-01-01&to=2030-03-01"],
    ["an impossible date", "from=2030-02-30&to=2030-03-01"],
    ["missing dates", ""],
  ])("rejects %s with 400", async (_name, query) => {
    const doctorId = await newDoctor();
    const res = await call<Envelope>("GET", `/api/v1/doctors/${doctorId}/slots?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
  });
});

describe("reads", () => {
  it("shows the doctor's day from the ledger at once and the patient's list from MongoDB", async () => {
    const doctorId = await newDoctor();
    const t = await token("reader_p");
    const start = slotStart(26);
    const booked = await call<One>("POST", "/api/v1/appointments", { token: t, body: { doctorId, start } });
    const date = new Date(Date.parse(start) + 5.5 * 3_600_000).toISOString().slice(0, 10);
    const doctor = await token("doctor_user", "doctor", doctorId);
    const day = await call<{ appointments: AppointmentView[]; source: string }>(
      "GET",
      `/api/v1/doctor/appointments?date=${date}`,
      { token: doctor },
    );
    expect(day.status).toBe(200);
    expect(day.body.source).toBe("doctor-ledger");
    expect(day.body.appointments.map((a) => a.id)).toContain(booked.body.appointment.id);

    const mine = await eventually(async () => {
      const r = await call<{ appointments: AppointmentView[] }>("GET", "/api/v1/me/appointments", { token: t });
      return r.body.appointments.some((a) => a.id === booked.body.appointment.id) ? r : null;
    });
    expect(mine.body.appointments.every((a) => a.patientId === "reader_p")).toBe(true);
  });
});
