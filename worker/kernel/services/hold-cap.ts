import { patientHolds } from "../clients/patient-holds.ts";
import type { Deps } from "../deps.ts";
import type { AppointmentView } from "../domain/appointment.ts";
import { PENDING_RESERVATION_MS } from "../domain/hold-cap.ts";
import { AppError } from "../lib/errors.ts";

/**
 * Runs a booking under the platform-wide cap on unpaid holds (MAX_UNPAID_HOLDS_PER_PATIENT):
 * a short pending reservation is taken in the patient's PatientHolds object first (over the cap:
 * 409 HOLD_LIMIT_REACHED and no doctor's object is asked), then the doctor's object books. A hold
 * turns the reservation into the appointment's, expiring with the hold; anything else (booked at
 * once, refused, failed) gives it back. The doctor's object releases it when the hold is paid or
 * cancelled (DoctorSchedule.releaseHolds). Without payments nothing is ever held: no reservation.
 */
export async function underHoldCap(
  deps: Deps,
  patientId: string,
  book: () => Promise<AppointmentView>,
): Promise<AppointmentView> {
  if (!deps.config.PAYMENTS_ENABLED) return book();
  const limit = deps.config.MAX_UNPAID_HOLDS_PER_PATIENT;
  const holds = patientHolds(deps.env, patientId);
  const pendingKey = `pending:${crypto.randomUUID()}`;
  const reserved = await holds.reserve({ key: pendingKey, expiresAtMs: Date.now() + PENDING_RESERVATION_MS }, limit);
  if (!reserved.ok) {
    throw new AppError(
      "HOLD_LIMIT_REACHED",
      `You already hold ${reserved.limit} unpaid slot(s); pay for or cancel one before holding another`,
    );
  }
  let appointment: AppointmentView;
  try {
    appointment = await book();
  } catch (error) {
    deps.waitUntil(giveBack(deps, holds, pendingKey));
    throw error;
  }
  if (appointment.status === "held" && appointment.holdExpiresAt) {
    const held = { key: appointment.id, expiresAtMs: Date.parse(appointment.holdExpiresAt) };
    // Awaited: until it lands, the hold is counted only by the short pending reservation.
    await holds.confirm(pendingKey, held).catch((error: unknown) => {
      deps.log.warn("hold reservation not confirmed; it lapses early", { error });
    });
  } else {
    deps.waitUntil(giveBack(deps, holds, pendingKey));
  }
  return appointment;
}

async function giveBack(deps: Deps, holds: ReturnType<typeof patientHolds>, key: string): Promise<void> {
  try {
    await holds.release([key]);
  } catch (error) {
    // It lapses by itself within PENDING_RESERVATION_MS.
    deps.log.warn("hold reservation release failed", { error });
  }
}
