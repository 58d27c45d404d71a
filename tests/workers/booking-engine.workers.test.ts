import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";
import type { Actor } from "../../worker/kernel/domain/appointment.ts";
import { eventually } from "../support/mongo.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

const patient = (id: string): Actor => ({ role: "patient", id });
const admin: Actor = { role: "admin", id: "admin_1" };

/** Moves the doctor's object's clock `ms` ahead of real time (its injected `clock.now`). */
function advanceClock(stub: DurableObjectStub<DoctorSchedule>, ms: number) {
  return runInDurableObject(stub, (o: DoctorSchedule) => {
    o.clock.now = () => Date.now() + ms;
  });
}

async function newDoctor(overrides = {}) {
  const doctorId = uniqueDoctorId("w");
  const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
  // Not waiting for MongoDB's profile (there is none): doctor-schedule-terms tests that wait.
  await stub.configure(doctorId, roundTheClock(overrides), { waitForProfileMs: 0 });
  const book = (patientId: string, start: string, extra: { paymentsEnabled?: boolean; requestKey?: string } = {}) =>
    stub.book({
      doctorId,
      patientId,
      start,
      paymentsEnabled: extra.paymentsEnabled ?? false,
      request: extra.requestKey ? { scope: `patient:${patientId}`, key: extra.requestKey, fingerprint: start } : null,
      actor: patient(patientId),
    });
  return { doctorId, stub, book };
}

describe("booking a slot", () => {
  it("lets exactly one of 200 concurrent bookings of one slot succeed, every round", async () => {
    const { stub, book } = await newDoctor();
    for (let round = 0; round < 20; round++) {
      const start = slotStart(3, round);
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => book(`p_${round}_${i}`, start)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === "slot_taken")).toHaveLength(199);
    }
    const { appointments } = await stub.ledgerSnapshot();
    expect(appointments.filter((a) => a.status === "booked")).toHaveLength(20);
    expect(new Set(appointments.map((a) => a.start)).size).toBe(20);
  });

  it("books straight away when no payment is needed, and holds with an expiry when it is", async () => {
    const { book } = await newDoctor();
    const free = await book("p_free", slotStart(3));
    expect(free.ok && free.appointment.status).toBe("booked");
    const paid = await book("p_paid", slotStart(4), { paymentsEnabled: true });
    expect(paid.ok && paid.appointment.status).toBe("held");
    if (!paid.ok) return;
    expect(Date.parse(paid.appointment.holdExpiresAt ?? "") - Date.now()).toBeGreaterThan(9 * 60_000);
  });

  it("refuses starts the doctor's rules do not generate", async () => {
    const { book } = await newDoctor({ minNoticeMinutes: 60, horizonDays: 7 });
    const aligned = slotStart(5);
    const cases: [string, string][] = [
      [new Date(Date.parse(aligned) + 7 * 60_000).toISOString(), "not_a_slot"],
      [slotStart(-5), "in_past"],
      [slotStart(0.2), "too_soon"],
      [slotStart(24 * 9), "beyond_horizon"],
    ];
    for (const [start, detail] of cases) {
      expect(await book("p_x", start)).toEqual({ ok: false, reason: "slot_unavailable", detail });
    }
  });

  it("caps how many unpaid holds one patient can keep", async () => {
    const { book } = await newDoctor({ maxHoldsPerPatient: 2 });
    expect((await book("hoarder", slotStart(3, 0), { paymentsEnabled: true })).ok).toBe(true);
    expect((await book("hoarder", slotStart(3, 1), { paymentsEnabled: true })).ok).toBe(true);
    expect(await book("hoarder", slotStart(3, 2), { paymentsEnabled: true })).toEqual({
      ok: false,
      reason: "hold_limit",
      limit: 2,
    });
  });

  it("returns the first answer when a booking is retried with its key, and refuses the key with another slot", async () => {
    const { stub, book } = await newDoctor();
    const first = await book("p_retry", slotStart(3), { requestKey: "key-1" });
    // The answer was lost (the Worker died after the DO booked): the retry gets the first answer.
    const again = await book("p_retry", slotStart(3), { requestKey: "key-1" });
    if (!first.ok || !again.ok) throw new Error("expected two answers");
    expect(again.replayed).toBe(true);
    expect(again.appointment).toEqual(first.appointment);
    // The same key with another request (another slot) is refused and books nothing.
    const other = await book("p_retry", slotStart(4), { requestKey: "key-1" });
    expect(other).toEqual({ ok: false, reason: "idempotency_key_reused" });
    const { appointments } = await stub.ledgerSnapshot();
    expect(appointments.filter((a) => a.patientId === "p_retry")).toHaveLength(1);
  });
});

describe("races between transitions", () => {
  it("cancel racing a booking of the same slot never leaves two active appointments", async () => {
    for (let round = 0; round < 10; round++) {
      const { stub, book } = await newDoctor();
      const start = slotStart(5, round);
      const first = await book("p_a", start);
      if (!first.ok) throw new Error("setup");
      const [cancel, second] = await Promise.all([
        stub.transition({ appointmentId: first.appointment.id, action: "cancel", actor: patient("p_a") }),
        book("p_b", start),
      ]);
      expect(cancel.ok).toBe(true);
      const active = (await stub.ledgerSnapshot()).appointments.filter((a) => a.status === "booked");
      expect(active.length).toBe(second.ok ? 1 : 0);
    }
  });

  it("reschedule racing a booking of the target slot gives it to exactly one of them", async () => {
    for (let round = 0; round < 10; round++) {
      const { stub, book } = await newDoctor();
      const from = slotStart(5, 0);
      const target = slotStart(5, 1);
      const a = await book("p_a", from);
      if (!a.ok) throw new Error("setup");
      const [moved, taken] = await Promise.all([
        stub.transition({
          appointmentId: a.appointment.id,
          action: "reschedule",
          actor: patient("p_a"),
          newStart: target,
        }),
        book("p_b", target),
      ]);
      expect([moved.ok, taken.ok].filter(Boolean)).toHaveLength(1);
      const active = (await stub.ledgerSnapshot()).appointments.filter((x) => x.status === "booked");
      // Whoever won, the target slot is held by exactly one appointment, and A never lost its slot
      // without gaining the other.
      expect(active.filter((x) => x.start === target)).toHaveLength(1);
      expect(active).toHaveLength(moved.ok ? 1 : 2);
      const own = active.find((x) => x.id === a.appointment.id);
      expect(own?.start).toBe(moved.ok ? target : from);
    }
  });

  it("double cancel: the second is an invalid transition", async () => {
    const { stub, book } = await newDoctor();
    const a = await book("p_a", slotStart(5));
    if (!a.ok) throw new Error("setup");
    const both = await Promise.all([
      stub.transition({ appointmentId: a.appointment.id, action: "cancel", actor: patient("p_a") }),
      stub.transition({ appointmentId: a.appointment.id, action: "cancel", actor: patient("p_a") }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ reason: "invalid_transition", from: "cancelled" });
  });
});

describe("transitions and history", () => {
  it("records who did what and why, in order", async () => {
    const { stub, book } = await newDoctor();
    const a = await book("p_h", slotStart(5, 0));
    if (!a.ok) throw new Error("setup");
    await stub.transition({
      appointmentId: a.appointment.id,
      action: "reschedule",
      actor: patient("p_h"),
      newStart: slotStart(5, 2),
      reason: "clash",
    });
    await stub.transition({ appointmentId: a.appointment.id, action: "cancel", actor: admin, reason: "clinic closed" });
    const view = await stub.get(a.appointment.id, admin);
    expect(view?.history.map((h) => [h.version, h.type, h.actor.role, h.reason])).toEqual([
      [1, "booked", "patient", null],
      [2, "rescheduled", "patient", "clash"],
      [3, "cancelled", "admin", "clinic closed"],
    ]);
    expect(view?.version).toBe(3);
  });

  it("refuses invalid transitions with the reason", async () => {
    const { stub, book } = await newDoctor({ cancelNoticeMinutes: 120 });
    const soon = await book("p_t", slotStart(1));
    if (!soon.ok) throw new Error("setup");
    const id = soon.appointment.id;
    const doctor: Actor = { role: "doctor", id: (await stub.ledgerSnapshot()).appointments[0]?.doctorId ?? "" };
    expect(await stub.transition({ appointmentId: id, action: "cancel", actor: patient("p_t") })).toMatchObject({
      ok: false,
      reason: "too_late_to_cancel",
    });
    expect(await stub.transition({ appointmentId: id, action: "complete", actor: doctor })).toMatchObject({
      ok: false,
      reason: "not_started",
    });
    expect(await stub.transition({ appointmentId: id, action: "complete", actor: patient("p_t") })).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
    expect(await stub.transition({ appointmentId: id, action: "cancel", actor: patient("someone_else") })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect((await stub.transition({ appointmentId: id, action: "cancel", actor: doctor })).ok).toBe(true);
    expect(await stub.transition({ appointmentId: id, action: "no_show", actor: doctor })).toMatchObject({
      ok: false,
      reason: "invalid_transition",
    });
  });

  it("lets the doctor complete or mark a no-show once the appointment has started", async () => {
    const { stub, book, doctorId } = await newDoctor();
    const a = await book("p_c", slotStart(2, 0));
    const b = await book("p_d", slotStart(2, 1));
    if (!a.ok || !b.ok) throw new Error("setup");
    const doctor: Actor = { role: "doctor", id: doctorId };
    expect(await stub.transition({ appointmentId: a.appointment.id, action: "complete", actor: doctor })).toMatchObject(
      {
        ok: false,
        reason: "not_started",
      },
    );
    // A day later, as the object sees it.
    await advanceClock(stub, 86_400_000);
    const completed = await stub.transition({ appointmentId: a.appointment.id, action: "complete", actor: doctor });
    expect(completed.ok && completed.appointment.status).toBe("completed");
    const noShow = await stub.transition({ appointmentId: b.appointment.id, action: "no_show", actor: doctor });
    expect(noShow.ok && noShow.appointment.status).toBe("no_show");
  });
});

describe("hold expiry", () => {
  it("releases an unpaid hold exactly once, even when the alarm runs again", async () => {
    const { stub, book } = await newDoctor();
    const start = slotStart(4);
    const held = await book("p_hold", start, { paymentsEnabled: true });
    if (!held.ok) throw new Error("setup");
    // Before the hold's expiry the alarm leaves it alone.
    await runDurableObjectAlarm(stub);
    expect((await stub.get(held.appointment.id, admin))?.status).toBe("held");
    expect((await book("p_next", start)).ok).toBe(false);

    await advanceClock(stub, 11 * 60_000); // holdMinutes is 10
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const expired = await stub.get(held.appointment.id, admin);
    expect(expired).toMatchObject({ status: "expired", holdExpiresAt: null, version: 2 });
    expect(expired?.history.at(-1)).toMatchObject({ type: "expired", actor: { role: "system", id: "hold-expiry" } });
    // The expiry travels to MongoDB like any change: its snapshot waits in the outbox.
    expect((await stub.ledgerSnapshot()).outboxPending).toBeGreaterThan(0);

    // A retried alarm finds nothing left to expire.
    await runDurableObjectAlarm(stub);
    const again = await stub.get(held.appointment.id, admin);
    expect(again?.version).toBe(2);
    expect(again?.history.filter((h) => h.type === "expired")).toHaveLength(1);
    expect((await book("p_next", start)).ok).toBe(true);
  });
});

describe("schedule changes", () => {
  it("lists bookings the new schedule no longer generates, and keeps them", async () => {
    const { stub, book, doctorId } = await newDoctor();
    const a = await book("p_s", slotStart(30));
    if (!a.ok) throw new Error("setup");
    const closed = roundTheClock({ weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    const result = await stub.configure(doctorId, closed);
    expect(result.conflicts.map((c) => c.id)).toEqual([a.appointment.id]);
    expect((await stub.get(a.appointment.id, admin))?.status).toBe("booked");
  });

  it("sends each change right after answering and keeps it until the consumer confirms MongoDB has it", async () => {
    const { stub, book } = await newDoctor();
    const pending = async () => (await stub.ledgerSnapshot()).outboxPending;
    // The schedule's booking terms travel first (newDoctor does not wait for them).
    await eventually(async () => ((await pending()) === 0 ? true : null), { what: "the terms' confirmation" });
    const booked = await book("p_o", slotStart(3));
    if (!booked.ok) throw new Error("setup");
    // No alarm runs here (the next one is the redelivery backstop, seconds away): the object sent
    // the row itself; the queue consumer writes MongoDB and confirms back to this DO.
    await eventually(async () => ((await pending()) === 0 ? true : null), { what: "the consumer's confirmation" });
    const client = new MongoClient(env.MONGODB_URI);
    try {
      const doc = await client
        .db(env.MONGODB_DB)
        .collection("appointments")
        .findOne({ _id: booked.appointment.id } as never);
      expect(doc).toMatchObject({ status: "booked", version: 1, active: true });
    } finally {
      await client.close();
    }
  });
});
