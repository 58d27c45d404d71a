import { doctorIdOfAppointment, isDoctorId } from "../domain/appointment.ts";
import { AppError } from "../lib/errors.ts";

/** The stub of a doctor's DO. Unknown-looking ids are 404 before any object is created. */
export function doctorSchedule(env: Env, doctorId: string): ReturnType<Env["DOCTOR_SCHEDULE"]["get"]> {
  if (!isDoctorId(doctorId)) throw new AppError("NOT_FOUND", "Doctor not found");
  return env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
}

export function scheduleOfAppointment(env: Env, appointmentId: string) {
  const doctorId = doctorIdOfAppointment(appointmentId);
  if (!doctorId) throw new AppError("NOT_FOUND", "Appointment not found");
  return { doctorId, stub: doctorSchedule(env, doctorId) };
}
