import type { Actor, AppointmentView } from "../domain/appointment.ts";
import { decideTransition, type EngineState, type LedgerReads, type Write } from "./engine.ts";
import type { AppointmentRow } from "./ledger-rows.ts";
import type { TransitionResult } from "./results.ts";

/**
 * A patient's answer to a reminder's "confirm attendance" link, recorded in the appointment's
 * history as its own version (type `attendance_confirmed`, status and time unchanged), so the
 * doctor sees it and the link (bound to the version it was issued for) cannot be used twice.
 * Pure, like the engine: the DO writes the returned row and entry in one transaction.
 */
export type AttendanceDecision =
  | { ok: true; write: Write }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "stale"; current: AppointmentRow }
  | { ok: false; reason: "not_booked"; current: AppointmentRow };

export const ATTENDANCE_CONFIRMED = "attendance_confirmed";

export function decideAttendance(
  ledger: Pick<LedgerReads, "byId">,
  input: { appointmentId: string; version: number },
  nowMs: number,
): AttendanceDecision {
  const before = ledger.byId(input.appointmentId);
  if (!before) return { ok: false, reason: "not_found" };
  if (before.version !== input.version) return { ok: false, reason: "stale", current: before };
  if (before.status !== "booked" || before.startMs <= nowMs)
    return { ok: false, reason: "not_booked", current: before };
  const actor: Actor = { role: "patient", id: before.patientId };
  const row: AppointmentRow = { ...before, version: before.version + 1, updatedAt: nowMs };
  return {
    ok: true,
    write: {
      kind: "update",
      row,
      event: {
        appointmentId: row.id,
        version: row.version,
        type: ATTENDANCE_CONFIRMED,
        fromStatus: before.status,
        toStatus: row.status,
        actorRole: actor.role,
        actorId: actor.id,
        reason: "confirmed from the reminder email",
        fromStartMs: null,
        toStartMs: null,
        at: nowMs,
      },
    },
  };
}

/**
 * A reminder's "cancel" link: the patient's own cancellation (the notice rule and the refund
 * policy apply as in the app), only for the version the link was issued for.
 */
export function decideLinkCancel(
  state: EngineState,
  input: { appointmentId: string; version: number },
  nowMs: number,
): { ok: true; write: Write } | Exclude<AttendanceDecision, { ok: true }> | Extract<TransitionResult, { ok: false }> {
  const before = state.ledger.byId(input.appointmentId);
  if (!before) return { ok: false, reason: "not_found" };
  if (before.version !== input.version) return { ok: false, reason: "stale", current: before };
  return decideTransition(
    state,
    {
      appointmentId: before.id,
      action: "cancel",
      actor: { role: "patient", id: before.patientId },
      reason: "cancelled from the reminder email",
    },
    nowMs,
  );
}

/** What a reminder link's answer did, for the page that shows it (DoctorSchedule.answerReminderLink). */
export type LinkAnswerResult =
  | { ok: true; appointment: AppointmentView }
  | { ok: false; reason: string; appointment: AppointmentView | null };
