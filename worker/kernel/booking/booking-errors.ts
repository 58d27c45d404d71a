import { AppError } from "../lib/errors.ts";
import type { BookResult, TransitionResult } from "./results.ts";

type Failure = Extract<BookResult | TransitionResult, { ok: false }>;

const SLOT_REASONS: Record<string, string> = {
  not_a_slot: "is not one of the doctor's slots (check alignment, length and working hours)",
  in_past: "is in the past",
  too_soon: "is inside the doctor's minimum booking notice",
  beyond_horizon: "is beyond the doctor's booking horizon",
  time_off: "falls in the doctor's time off",
  not_accepting: "cannot be booked: the doctor is not accepting bookings",
};

/** The one mapping from the booking engine's tagged results to the API's errors. */
export function bookingError(failure: Failure): AppError {
  switch (failure.reason) {
    case "not_configured":
    case "not_found":
      return new AppError("NOT_FOUND", failure.reason === "not_found" ? "Appointment not found" : "Doctor not found");
    case "slot_taken":
      return new AppError("SLOT_TAKEN", "That slot has just been taken; pick another");
    case "slot_unavailable":
      return new AppError(
        "SLOT_UNAVAILABLE",
        `The requested start ${SLOT_REASONS[failure.detail] ?? "is not bookable"}`,
        {
          fields: [{ path: "start", message: failure.detail }],
        },
      );
    case "idempotency_key_reused":
      return new AppError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used with a different request");
    case "hold_limit":
      return new AppError(
        "HOLD_LIMIT_REACHED",
        `You already hold ${failure.limit} unpaid slot(s) with this doctor; pay for or cancel one first`,
      );
    case "invalid_transition":
      return new AppError(
        "INVALID_TRANSITION",
        `Cannot ${failure.action.replace("_", "-")} an appointment that is ${failure.from}`,
      );
    case "forbidden":
      return new AppError("FORBIDDEN", `A ${failure.role} may not ${failure.action.replace("_", "-")} appointments`);
    case "too_late_to_cancel":
      return new AppError(
        "CANCELLATION_WINDOW_PASSED",
        `Changes had to be made before ${new Date(failure.deadlineMs).toISOString()}`,
      );
    case "not_started":
      return new AppError("APPOINTMENT_NOT_STARTED", "The appointment has not started yet");
    default: {
      const unreachable: never = failure;
      throw new Error(`unmapped booking failure ${JSON.stringify(unreachable)}`);
    }
  }
}
