import { Hono } from "hono";
import { z } from "zod";
import { bookingError } from "../../kernel/booking/booking-errors.ts";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { isDoctorId } from "../../kernel/domain/appointment.ts";
import { clinicPatientId, PatientRef } from "../../kernel/domain/clinic.ts";
import { toPublicDoctor } from "../../kernel/domain/doctor.ts";
import { Instant, LocalDate } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { assertClinicDoctor, callerClinic } from "../../kernel/services/clinic-access.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { enforceRateLimit } from "../middleware/rate-limit.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";
import { SlotsQuery } from "./slots.routes.ts";

const BookBody = z.strictObject({
  doctorId: z.string().refine(isDoctorId, "must be a doctor id"),
  start: Instant,
  patientRef: PatientRef,
});

const noStore = { "Cache-Control": "private, no-store" };

/**
 * The clinic API (API keys, role "clinic"). A clinic sees and books only its own doctors (any
 * other doctor is 404) and sees only the appointments it booked; its patients are its own
 * references, scoped to the clinic. Slots and days come straight from the doctors' Durable
 * Objects: authoritative and immediate. Cancelling and rescheduling go through
 * /api/v1/appointments/:id/…, where the same scoping applies.
 */
export const clinicRoutes = new Hono<AppEnv>()
  .use("*", requireRole("clinic"))
  .get("/doctors", async (c) => {
    const clinic = await callerClinic(c.get("deps"), c.get("caller"));
    const doctors =
      clinic.doctorIds.length === 0
        ? []
        : unwrap(await mongoGateway(c.env, c.get("config"), clinic.id).findDoctorsByIds(clinic.doctorIds));
    return c.json({ clinicId: clinic.id, doctors: doctors.map(toPublicDoctor) }, 200, noStore);
  })
  .get("/doctors/:doctorId/slots", validate("query", SlotsQuery), async (c) => {
    // Anything not among the clinic's doctors (a malformed id too) is 404.
    const doctorId = c.req.param("doctorId");
    const { from, to } = c.req.valid("query");
    await assertClinicDoctor(c.get("deps"), c.get("caller"), doctorId);
    const result = await doctorSchedule(c.env, doctorId).availability(from, to);
    if (!result.ok) throw new AppError("NOT_FOUND", "This doctor has no schedule yet");
    return c.json({ doctorId, from, to, timeZone: result.timeZone, slots: result.slots }, 200, noStore);
  })
  // The doctor's local day, only the appointments this clinic booked.
  .get("/doctors/:doctorId/appointments", validate("query", z.object({ date: LocalDate })), async (c) => {
    // Anything not among the clinic's doctors (a malformed id too) is 404.
    const doctorId = c.req.param("doctorId");
    const { date } = c.req.valid("query");
    const clinic = await assertClinicDoctor(c.get("deps"), c.get("caller"), doctorId);
    const day = await doctorSchedule(c.env, doctorId).day(date);
    if (!day) throw new AppError("NOT_FOUND", "This doctor has no schedule yet");
    const appointments = day.appointments.filter((a) => a.clinicId === clinic.id);
    return c.json({ doctorId, date, timeZone: day.timeZone, appointments }, 200, noStore);
  })
  .post("/appointments", idempotent(), validate("json", BookBody), async (c) => {
    const body = c.req.valid("json");
    const clinic = await assertClinicDoctor(c.get("deps"), c.get("caller"), body.doctorId);
    const patientId = clinicPatientId(clinic.id, body.patientRef);
    // Per patient, like patients booking themselves (the clinic is part of the patient id).
    await enforceRateLimit(c, "booking", `clinic:${patientId}`);
    const result = await doctorSchedule(c.env, body.doctorId).book({
      doctorId: body.doctorId,
      patientId,
      clinicId: clinic.id,
      start: body.start,
      requestKey: c.req.header("Idempotency-Key") ?? null,
      paymentsEnabled: c.get("config").PAYMENTS_ENABLED,
      actor: { role: "clinic", id: clinic.id },
    });
    if (!result.ok) throw bookingError(result);
    return c.json({ appointment: result.appointment }, 201, {
      ...noStore,
      Location: `/api/v1/appointments/${result.appointment.id}`,
    });
  });
