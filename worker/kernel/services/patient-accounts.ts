import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../lib/errors.ts";

/**
 * For bookings an admin makes on a patient's behalf: the patientId must name a live patient
 * account (not a doctor, not a deleted one), so no appointment is made for someone who does not
 * exist. A 400 on `patientId` otherwise; MongoDB down is a 503 and nothing is booked.
 */
export async function requireLivePatient(deps: Deps, patientId: string): Promise<void> {
  const user = unwrap(await mongoGateway(deps.env, deps.config, patientId).findUserById(patientId));
  if (user?.role !== "patient" || user.deletedAt) {
    throw new AppError("VALIDATION_FAILED", "patientId does not name a patient account", {
      fields: [{ path: "patientId", message: "no patient account has this id" }],
    });
  }
}
