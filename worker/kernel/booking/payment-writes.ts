import type { Write } from "./engine.ts";
import type { AppointmentRow } from "./ledger-rows.ts";

/**
 * The appointment versions that money writes. Every payment fact that changes what the
 * appointment shows (its `payment` summary) is a new version with its own history entry, so the
 * snapshot that carries it to MongoDB passes the version guard there.
 */
const PAYMENT_ACTOR = { role: "system" as const };

/** A payment booked the appointment: a held hold confirmed, or an expired one taken again. */
export function paidWrite(before: AppointmentRow, paymentId: string, how: "confirm" | "rebook", nowMs: number): Write {
  const row: AppointmentRow = {
    ...before,
    status: "booked",
    holdExpiresAt: null,
    version: before.version + 1,
    updatedAt: nowMs,
  };
  return {
    kind: "update",
    row,
    event: {
      appointmentId: row.id,
      version: row.version,
      type: "booked",
      fromStatus: before.status,
      toStatus: "booked",
      actorRole: PAYMENT_ACTOR.role,
      actorId: `payment:${paymentId}`,
      reason: how === "confirm" ? "paid" : "paid after the hold expired; the slot was still free",
      fromStartMs: null,
      toStartMs: null,
      at: nowMs,
    },
  };
}

/** Same status, new money facts (a payment seen, a refund started or settled). */
export function touchWrite(before: AppointmentRow, type: string, subject: string, nowMs: number): Write {
  const row: AppointmentRow = { ...before, version: before.version + 1, updatedAt: nowMs };
  return {
    kind: "update",
    row,
    event: {
      appointmentId: row.id,
      version: row.version,
      type,
      fromStatus: before.status,
      toStatus: before.status,
      actorRole: PAYMENT_ACTOR.role,
      actorId: `payment:${subject}`,
      reason: null,
      fromStartMs: null,
      toStartMs: null,
      at: nowMs,
    },
  };
}
