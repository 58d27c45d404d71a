/**
 * The platform-wide cap on unpaid holds per patient (issue 11 item 5), as pure decisions. Each
 * doctor's Durable Object decides its own slots, so an exact count across doctors needs one place
 * per patient that keeps these reservations: a reservation is taken before the doctor's object
 * holds the slot and given back when the hold is paid, cancelled or expires. Every reservation
 * carries its own expiry (the hold's `holdExpiresAt`; a short one while the doctor's object has
 * not answered yet), so a release that is lost can never lock a patient out for longer than that.
 *
 * Not wired yet: the per-patient object and the booking-service call are still to come.
 */
export interface HoldReservation {
  /** The appointment id once known; a request-scoped key before the doctor's object answered. */
  key: string;
  expiresAtMs: number;
}

/** How long a reservation lives before the doctor's object confirmed the hold it is for. */
export const PENDING_RESERVATION_MS = 30_000;

export type ReserveDecision =
  | { ok: true; reservations: HoldReservation[] }
  | { ok: false; limit: number; active: number };

const live = (rs: readonly HoldReservation[], nowMs: number) => rs.filter((r) => r.expiresAtMs > nowMs);

/** Take one reservation unless the patient already has `limit` live ones; the same key again is a no-op refresh. */
export function decideReserve(
  current: readonly HoldReservation[],
  request: HoldReservation,
  limit: number,
  nowMs: number,
): ReserveDecision {
  const active = live(current, nowMs);
  if (active.some((r) => r.key === request.key)) {
    return { ok: true, reservations: active.map((r) => (r.key === request.key ? request : r)) };
  }
  if (active.length >= limit) return { ok: false, limit, active: active.length };
  return { ok: true, reservations: [...active, request] };
}

/** Replace a pending key by the appointment id and its real expiry (the doctor's object took the hold). */
export function decideConfirm(
  current: readonly HoldReservation[],
  pendingKey: string,
  held: HoldReservation,
  nowMs: number,
): HoldReservation[] {
  const rest = live(current, nowMs).filter((r) => r.key !== pendingKey && r.key !== held.key);
  return held.expiresAtMs > nowMs ? [...rest, held] : rest;
}

/** Give a reservation back (hold paid, cancelled, expired, or the booking refused). Unknown keys are fine. */
export function decideRelease(current: readonly HoldReservation[], key: string, nowMs: number): HoldReservation[] {
  return live(current, nowMs).filter((r) => r.key !== key);
}
