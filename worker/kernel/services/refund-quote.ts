import type { Caller } from "../auth/caller.ts";
import { bookingError } from "../booking/booking-errors.ts";
import type { RefundQuote } from "../booking/refunds.ts";
import { scheduleOfAppointment } from "../clients/doctor-schedule.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../lib/errors.ts";
import { assertClinicMayActOn } from "./clinic-access.ts";

/**
 * The refund the doctor's policy would give if the caller cancelled now (the web app's cancel
 * dialog). The doctor's DO answers it from the same decision the cancel records; who may ask is
 * who may cancel, and a cancel that would be refused is refused here with the same error.
 */
export async function refundQuote(deps: Deps, caller: Caller, appointmentId: string): Promise<RefundQuote> {
  const { stub, doctorId } = scheduleOfAppointment(deps.env, appointmentId);
  if (caller.role === "doctor" && caller.doctorId !== doctorId)
    throw new AppError("NOT_FOUND", "Appointment not found");
  await assertClinicMayActOn(deps, caller, doctorId);
  const id = caller.role === "doctor" && caller.doctorId ? caller.doctorId : caller.id;
  const result = await stub.refundQuote(appointmentId, { role: caller.role, id });
  if (!result.ok) throw bookingError(result);
  if (!result.quote) throw new AppError("NOT_FOUND", "Appointment not found");
  return result.quote;
}
