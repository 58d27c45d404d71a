import { describe, expect, it } from "vitest";
import { canSee, decideTransition } from "../../worker/kernel/booking/engine.ts";
import type { TransitionInput } from "../../worker/kernel/booking/inputs.ts";
import type { Actor } from "../../worker/kernel/domain/appointment.ts";
import { at, DOCTOR, HALF_HOUR, isoAt, NOW, row, state } from "./booking-engine.support.ts";

const patient: Actor = { role: "patient", id: "pat_a" };
const doctor: Actor = { role: "doctor", id: DOCTOR };
const admin: Actor = { role: "admin", id: "adm_1" };
const system: Actor = { role: "system", id: "payments" };
const booked = row("booked", { startMs: at(10) });
const held = row("held", { startMs: at(12), status: "held", holdExpiresAt: NOW + 600_000 });

function go(action: TransitionInput["action"], actor: Actor, target = booked, extra: Partial<TransitionInput> = {}) {
  return { appointmentId: target.id, action, actor, ...extra };
}

describe("decideTransition: the lifecycle", () => {
  it("confirms a hold: booked, no expiry, version + 1, history by the actor", () => {
    const d = decideTransition(state([held]), go("confirm", system, held), NOW);
    expect(d).toEqual({
      ok: true,
      write: {
        kind: "update",
        row: { ...held, status: "booked", holdExpiresAt: null, version: 2, updatedAt: NOW },
        event: {
          appointmentId: held.id,
          version: 2,
          type: "booked",
          fromStatus: "held",
          toStatus: "booked",
          actorRole: "system",
          actorId: "payments",
          reason: null,
          fromStartMs: null,
          toStartMs: null,
          at: NOW,
        },
      },
    });
  });

  it("cancels with the reason given", () => {
    const d = decideTransition(state([booked]), go("cancel", patient, booked, { reason: "travel" }), NOW);
    if (!d.ok) throw new Error(d.reason);
    expect(d.write.row).toMatchObject({ status: "cancelled", version: 2 });
    expect(d.write.event).toMatchObject({ type: "cancelled", fromStatus: "booked", reason: "travel" });
  });

  it("keeps a rescheduled hold's expiry and moves it to the new slot, recording both starts", () => {
    const d = decideTransition(state([held]), go("reschedule", patient, held, { newStart: isoAt(20) }), NOW);
    if (!d.ok) throw new Error(d.reason);
    expect(d.write.row).toEqual({
      ...held,
      startMs: at(20),
      endMs: at(20) + HALF_HOUR,
      version: 2,
      updatedAt: NOW,
    });
    expect(d.write.event).toMatchObject({
      type: "rescheduled",
      fromStatus: "held",
      toStatus: "held",
      fromStartMs: at(12),
      toStartMs: at(20),
    });
  });

  it("lets a reschedule overlap the appointment's own slot (an hour-long booking moved half an hour)", () => {
    const long = row("long", { startMs: at(10), endMs: at(12) });
    const d = decideTransition(state([long]), go("reschedule", admin, long, { newStart: isoAt(11) }), NOW);
    expect(d.ok).toBe(true);
  });

  it("completes or marks a no-show once the appointment has started, not before", () => {
    const started = row("started", { startMs: at(-1) });
    const complete = decideTransition(state([started]), go("complete", doctor, started), NOW);
    expect(complete.ok && complete.write.row.status).toBe("completed");
    const noShow = decideTransition(state([started]), go("no_show", doctor, started), NOW);
    expect(noShow.ok && [noShow.write.row.status, noShow.write.event.type]).toEqual(["no_show", "no_show"]);
    expect(decideTransition(state([booked]), go("complete", doctor), NOW)).toEqual({
      ok: false,
      reason: "not_started",
      startMs: booked.startMs,
    });
  });
});

describe("decideTransition: failures", () => {
  it("is not_found for an unknown id and for an appointment the actor may not see", () => {
    expect(decideTransition(state([booked]), { ...go("cancel", patient), appointmentId: "apt.nope" }, NOW)).toEqual({
      ok: false,
      reason: "not_found",
    });
    const other: Actor = { role: "patient", id: "pat_b" };
    expect(decideTransition(state([booked]), go("cancel", other), NOW)).toEqual({ ok: false, reason: "not_found" });
    const clinic: Actor = { role: "clinic", id: "cln_x" };
    expect(decideTransition(state([booked]), go("cancel", clinic), NOW)).toEqual({ ok: false, reason: "not_found" });
    const otherDoctor: Actor = { role: "doctor", id: "doc_other" };
    expect(decideTransition(state([booked]), go("cancel", otherDoctor), NOW)).toEqual({
      ok: false,
      reason: "not_found",
    });
  });

  it("is forbidden for a role that may not take the action", () => {
    expect(decideTransition(state([booked]), go("complete", patient), NOW)).toEqual({
      ok: false,
      reason: "forbidden",
      role: "patient",
      action: "complete",
    });
    expect(decideTransition(state([held]), go("confirm", patient, held), NOW)).toMatchObject({ reason: "forbidden" });
  });

  it("is an invalid transition from a status that does not allow the action", () => {
    const cancelled = row("cancelled", { status: "cancelled" });
    expect(decideTransition(state([cancelled]), go("cancel", admin, cancelled), NOW)).toEqual({
      ok: false,
      reason: "invalid_transition",
      from: "cancelled",
      action: "cancel",
    });
    expect(decideTransition(state([booked]), go("confirm", admin), NOW)).toMatchObject({
      reason: "invalid_transition",
      from: "booked",
    });
  });

  it("holds patients and clinics to the cancellation notice, not doctors or admins", () => {
    const soon = row("soon", { startMs: at(2), clinicId: "cln_x" });
    const s = state([soon], { cancelNoticeMinutes: 120 });
    const deadlineMs = at(2) - 120 * 60_000;
    expect(decideTransition(s, go("cancel", patient, soon), NOW)).toEqual({
      ok: false,
      reason: "too_late_to_cancel",
      deadlineMs,
    });
    const clinic: Actor = { role: "clinic", id: "cln_x" };
    expect(decideTransition(s, go("reschedule", clinic, soon, { newStart: isoAt(8) }), NOW)).toMatchObject({
      reason: "too_late_to_cancel",
    });
    expect(decideTransition(s, go("cancel", doctor, soon), NOW).ok).toBe(true);
    expect(decideTransition(s, go("cancel", admin, soon), NOW).ok).toBe(true);
  });

  it("refuses a reschedule to a start the rules do not generate, or to a taken slot", () => {
    expect(decideTransition(state([booked]), go("reschedule", patient, booked, { newStart: isoAt(-4) }), NOW)).toEqual({
      ok: false,
      reason: "slot_unavailable",
      detail: "in_past",
    });
    expect(decideTransition(state([booked]), go("reschedule", patient), NOW)).toMatchObject({
      reason: "slot_unavailable",
      detail: "not_a_slot",
    });
    const other = row("other", { startMs: at(20), patientId: "pat_b" });
    expect(
      decideTransition(state([booked, other]), go("reschedule", patient, booked, { newStart: isoAt(20) }), NOW),
    ).toEqual({ ok: false, reason: "slot_taken" });
  });
});

describe("canSee", () => {
  const r = { patientId: "pat_a", clinicId: "cln_x" };
  it.each([
    [{ role: "patient", id: "pat_a" }, true],
    [{ role: "patient", id: "pat_b" }, false],
    [{ role: "clinic", id: "cln_x" }, true],
    [{ role: "clinic", id: "cln_y" }, false],
    [{ role: "doctor", id: DOCTOR }, true],
    [{ role: "doctor", id: "doc_other" }, false],
    [{ role: "admin", id: "a" }, true],
    [{ role: "system", id: "s" }, true],
  ] as [Actor, boolean][])("%o sees it: %s", (actor, expected) => {
    expect(canSee(actor, r, DOCTOR)).toBe(expected);
  });
});
