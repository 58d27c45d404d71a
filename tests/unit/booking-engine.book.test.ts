import { describe, expect, it } from "vitest";
import { BOOKING_REQUEST_RETENTION_MS, decideBook } from "../../worker/kernel/booking/engine.ts";
import type { BookInput } from "../../worker/kernel/booking/inputs.ts";
import { at, DOCTOR, HALF_HOUR, isoAt, NOW, row, state } from "./booking-engine.support.ts";

const ID = `apt.${DOCTOR}.newnewnewnewnew1`;
const KEY_1 = { scope: "patient:pat_a", key: "k1", fingerprint: "fp-1" };
function input(overrides: Partial<BookInput> = {}): BookInput & { id: string } {
  return {
    id: ID,
    doctorId: DOCTOR,
    patientId: "pat_a",
    start: isoAt(4),
    paymentsEnabled: false,
    actor: { role: "patient", id: "pat_a" },
    ...overrides,
  };
}

describe("decideBook", () => {
  it("books a free slot at once: version 1, the doctor's fee, and a 'booked' history entry by the actor", () => {
    const decision = decideBook(state(), input({ request: KEY_1, clinicId: "cln_x" }), NOW);
    expect(decision).toEqual({
      ok: true,
      write: {
        kind: "insert",
        row: {
          id: ID,
          patientId: "pat_a",
          clinicId: "cln_x",
          startMs: at(4),
          endMs: at(4) + HALF_HOUR,
          status: "booked",
          holdExpiresAt: null,
          feePaise: 50_000,
          version: 1,
          requestKey: null,
          createdAt: NOW,
          updatedAt: NOW,
        },
        event: {
          appointmentId: ID,
          version: 1,
          type: "booked",
          fromStatus: null,
          toStatus: "booked",
          actorRole: "patient",
          actorId: "pat_a",
          reason: null,
          fromStartMs: null,
          toStartMs: at(4),
          at: NOW,
        },
      },
    });
  });

  it("holds a paid slot until holdMinutes from now when payments are on", () => {
    const decision = decideBook(state([], { holdMinutes: 7 }), input({ paymentsEnabled: true }), NOW);
    if (!decision.ok || !("write" in decision)) throw new Error("expected a write");
    expect(decision.write.row).toMatchObject({ status: "held", holdExpiresAt: NOW + 7 * 60_000 });
    expect(decision.write.event).toMatchObject({ type: "held", toStatus: "held" });
  });

  it("books at once when payments are on but the doctor charges nothing", () => {
    const decision = decideBook(state([], { feePaise: 0 }), input({ paymentsEnabled: true }), NOW);
    expect(decision.ok && "write" in decision && decision.write.row.status).toBe("booked");
  });

  it("is not_configured for another doctor's id", () => {
    expect(decideBook(state(), input({ doctorId: "doc_other" }), NOW)).toEqual({ ok: false, reason: "not_configured" });
  });

  it("replays the first answer for the same caller, key and request, whatever the slot now says", () => {
    const earlier = row("earlier", { startMs: at(4) });
    const recorded = { ...KEY_1, appointmentId: earlier.id, answer: '{"id":"first answer"}', createdAt: NOW - 60_000 };
    const decision = decideBook(state([earlier], {}, [recorded]), input({ request: KEY_1 }), NOW);
    expect(decision).toEqual({ ok: true, replay: recorded });
  });

  it("refuses the same key with another request (another slot) and writes nothing", () => {
    const earlier = row("earlier", { startMs: at(4) });
    const recorded = { ...KEY_1, appointmentId: earlier.id, answer: "{}", createdAt: NOW - 60_000 };
    const other = { ...KEY_1, fingerprint: "fp-of-another-body" };
    expect(decideBook(state([earlier], {}, [recorded]), input({ request: other, start: isoAt(6) }), NOW)).toEqual({
      ok: false,
      reason: "idempotency_key_reused",
    });
  });

  it("keeps keys per caller: an admin reusing a patient's key books anew (here: finds the slot taken)", () => {
    const earlier = row("earlier", { startMs: at(4) });
    const recorded = { ...KEY_1, appointmentId: earlier.id, answer: "{}", createdAt: NOW - 60_000 };
    const admin = { ...KEY_1, scope: "admin:adm_1", fingerprint: "fp-admin" };
    expect(decideBook(state([earlier], {}, [recorded]), input({ request: admin }), NOW)).toEqual({
      ok: false,
      reason: "slot_taken",
    });
    const free = decideBook(state([earlier], {}, [recorded]), input({ request: admin, start: isoAt(6) }), NOW);
    expect(free.ok && "write" in free).toBe(true);
  });

  it("forgets a key after 24 hours: the same key then books anew", () => {
    const recorded = { ...KEY_1, appointmentId: "apt.x", answer: "{}", createdAt: NOW - BOOKING_REQUEST_RETENTION_MS };
    const decision = decideBook(state([], {}, [recorded]), input({ request: KEY_1 }), NOW);
    expect(decision.ok && "write" in decision).toBe(true);
  });

  it.each([
    ["not_a_slot", isoAt(4).replace(":00.000Z", ":07.000Z"), {}],
    ["not_a_slot", "not a time", {}],
    ["in_past", isoAt(-2), {}],
    ["too_soon", isoAt(1), { minNoticeMinutes: 60 }],
    ["beyond_horizon", new Date(NOW + 9 * 86_400_000).toISOString(), { horizonDays: 7 }],
    ["time_off", isoAt(4), { timeOff: [{ from: isoAt(3), to: isoAt(6) }] }],
    ["not_accepting", isoAt(4), { acceptingBookings: false }],
  ])("refuses a start that is %s", (detail, start, overrides) => {
    expect(decideBook(state([], overrides), input({ start }), NOW)).toEqual({
      ok: false,
      reason: "slot_unavailable",
      detail,
    });
  });

  it("refuses a slot an active appointment overlaps, but not one a cancelled or expired one had", () => {
    expect(decideBook(state([row("taken", { startMs: at(4) })]), input(), NOW)).toEqual({
      ok: false,
      reason: "slot_taken",
    });
    const gone = [row("c", { startMs: at(4), status: "cancelled" }), row("e", { startMs: at(4), status: "expired" })];
    expect(decideBook(state(gone), input(), NOW).ok).toBe(true);
  });

  it("caps a patient's unpaid holds, counting only their holds", () => {
    const holds = [
      row("h1", { startMs: at(20), status: "held", holdExpiresAt: NOW + 1 }),
      row("h2", { startMs: at(21), status: "held", holdExpiresAt: NOW + 1 }),
      row("b1", { startMs: at(22), status: "booked" }),
    ];
    const paid = input({ paymentsEnabled: true });
    expect(decideBook(state(holds, { maxHoldsPerPatient: 2 }), paid, NOW)).toEqual({
      ok: false,
      reason: "hold_limit",
      limit: 2,
    });
    expect(decideBook(state(holds, { maxHoldsPerPatient: 3 }), paid, NOW).ok).toBe(true);
    // A free booking is not a hold: the cap does not apply.
    expect(decideBook(state(holds, { maxHoldsPerPatient: 2 }), input(), NOW).ok).toBe(true);
  });
});
