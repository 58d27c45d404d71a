import { type Context, Hono } from "hono";
import { z } from "zod";
import { bookingError } from "../../kernel/booking/booking-errors.ts";
import { doctorSchedule, scheduleOfAppointment } from "../../kernel/clients/doctor-schedule.ts";
import { isDoctorId } from "../../kernel/domain/appointment.ts";
import { Instant } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { assertClinicMayActOn } from "../../kernel/services/clinic-access.ts";
import { requireLivePatient } from "../../kernel/services/patient-accounts.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { overlappedRateLimit } from "../middleware/rate-limit.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

export const BookBody = z.object({
  doctorId: z.string().refine(isDoctorId, "must be a doctor id"),
  start: Instant,
  // Admins book on a patient's behalf; a patient always books for themself.
  patientId: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/)
    .optional(),
});
const Reason = z.string().trim().max(500).optional();
const CancelBody = z.object({ reason: Reason }).default({});
const RescheduleBody = z.object({ start: Instant, reason: Reason });
const NoteBody = z.object({ reason: Reason }).default({});

const noStore = { "Cache-Control": "no-store" };
// Per caller: a patient's own bookings (an admin booking for patients counts as the admin). The
// Redis check runs while the Idempotency-Key is recorded and the body validated (see the middleware).
const bookingLimit = overlappedRateLimit("booking", (c) => `${c.get("caller").role}:${c.get("caller").id}`);

/** Booking and every later transition. The doctor's DO decides; the Worker only maps results. */
export const appointmentsRoutes = new Hono<AppEnv>()
  .post(
    "/",
    requireRole("patient", "admin"),
    bookingLimit.start,
    idempotent(),
    validate("json", BookBody),
    bookingLimit.gate,
    async (c) => {
      const body = c.req.valid("json");
      const caller = c.get("caller");
      const patientId = caller.role === "patient" ? caller.id : body.patientId;
      if (!patientId) {
        throw new AppError("VALIDATION_FAILED", "patientId is required when booking for a patient", {
          fields: [{ path: "patientId", message: "is required" }],
        });
      }
      // A patient's own id comes from their verified token; one an admin names is looked up.
      if (caller.role === "admin") await requireLivePatient(c.get("deps"), patientId);
      const result = await doctorSchedule(c.env, body.doctorId).book({
        doctorId: body.doctorId,
        patientId,
        start: body.start,
        requestKey: c.req.header("Idempotency-Key") ?? null,
        paymentsEnabled: c.get("config").PAYMENTS_ENABLED,
        actor: { role: caller.role, id: caller.id },
      });
      if (!result.ok) throw bookingError(result);
      return c.json({ appointment: result.appointment }, 201, {
        ...noStore,
        Location: `/api/v1/appointments/${result.appointment.id}`,
      });
    },
  )
  .get("/:id", requireRole("patient", "doctor", "admin", "clinic"), async (c) => {
    const { stub, doctorId } = scheduleOfAppointment(c.env, c.req.param("id"));
    const caller = c.get("caller");
    if (caller.role === "doctor" && caller.doctorId !== doctorId)
      throw new AppError("NOT_FOUND", "Appointment not found");
    await assertClinicMayActOn(c.get("deps"), caller, doctorId);
    const appointment = await stub.get(c.req.param("id"), { role: caller.role, id: actorId(caller) });
    if (!appointment) throw new AppError("NOT_FOUND", "Appointment not found");
    return c.json({ appointment }, 200, noStore);
  })
  .post(
    "/:id/cancel",
    requireRole("patient", "doctor", "admin", "clinic"),
    idempotent(),
    validate("json", CancelBody),
    (c) => transition(c, "cancel", c.req.valid("json").reason),
  )
  .post(
    "/:id/reschedule",
    requireRole("patient", "admin", "clinic"),
    idempotent(),
    validate("json", RescheduleBody),
    (c) => {
      const body = c.req.valid("json");
      return transition(c, "reschedule", body.reason, body.start);
    },
  )
  .post("/:id/complete", requireRole("doctor", "admin"), idempotent(), validate("json", NoteBody), (c) =>
    transition(c, "complete", c.req.valid("json").reason),
  )
  .post("/:id/no-show", requireRole("doctor", "admin"), idempotent(), validate("json", NoteBody), (c) =>
    transition(c, "no_show", c.req.valid("json").reason),
  );

async function transition(
  c: Context<AppEnv>,
  action: "cancel" | "reschedule" | "complete" | "no_show",
  reason: string | undefined,
  newStart?: string,
) {
  const id = c.req.param("id") ?? "";
  const { stub, doctorId } = scheduleOfAppointment(c.env, id);
  const caller = c.get("caller");
  // A doctor acts only on their own appointments; others are invisible (404, not 403).
  if (caller.role === "doctor" && caller.doctorId !== doctorId)
    throw new AppError("NOT_FOUND", "Appointment not found");
  await assertClinicMayActOn(c.get("deps"), caller, doctorId);
  const result = await stub.transition({
    appointmentId: id,
    action,
    actor: { role: caller.role, id: actorId(caller) },
    reason: reason ?? null,
    ...(newStart ? { newStart } : {}),
  });
  if (!result.ok) throw bookingError(result);
  return c.json({ appointment: result.appointment }, 200, noStore);
}

/** Doctors act as their doctor id, so the ledger records which doctor did it. */
function actorId(caller: { role: string; id: string; doctorId?: string }): string {
  return caller.role === "doctor" && caller.doctorId ? caller.doctorId : caller.id;
}
