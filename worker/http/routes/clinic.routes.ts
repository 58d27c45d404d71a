import { createRoute, z } from "@hono/zod-openapi";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { isDoctorId } from "../../kernel/domain/appointment.ts";
import { PatientRef } from "../../kernel/domain/clinic.ts";
import { toPublicDoctor } from "../../kernel/domain/doctor.ts";
import { Instant } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { bookAppointment } from "../../kernel/services/booking.ts";
import { assertClinicDoctor, callerClinic } from "../../kernel/services/clinic-access.ts";
import { requireRole } from "../middleware/auth.ts";
import { bookingFloodControl } from "../middleware/flood-control.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { requireScope } from "../middleware/scope.ts";
import { clinicErrors, clinicJson } from "../openapi/clinic-api.ts";
import { bearer, jsonBody } from "../openapi/content.ts";
import { idempotencyErrors } from "../openapi/errors.ts";
import { DoctorParams, IdempotencyHeaders } from "../openapi/params.ts";
import { DateQuery, SlotsQuery } from "../openapi/queries.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AppointmentBody, AppointmentView, PublicDoctorView, SlotView } from "../openapi/views.ts";

const ClinicBookBody = z
  .strictObject({
    doctorId: z.string().refine(isDoctorId, "must be a doctor id"),
    start: Instant,
    patientRef: PatientRef,
  })
  .openapi("ClinicBookingRequest");

const clinicOnly = requireRole("clinic");
const readScope = requireScope("availability:read");
const errors = clinicErrors;

const doctors = createRoute({
  method: "get",
  path: "/doctors",
  tags: ["clinic"],
  summary: "The clinic's own doctors",
  security: bearer,
  middleware: [clinicOnly, readScope] as const,
  responses: {
    200: clinicJson(z.object({ clinicId: z.string(), doctors: z.array(PublicDoctorView) }), "The doctors"),
    ...errors,
  },
});

const slots = createRoute({
  method: "get",
  path: "/doctors/{doctorId}/slots",
  tags: ["clinic"],
  summary: "Free slots of one of the clinic's doctors, straight from its Durable Object",
  security: bearer,
  middleware: [clinicOnly, readScope] as const,
  request: { params: DoctorParams, query: SlotsQuery },
  responses: {
    200: clinicJson(
      z.object({
        doctorId: z.string(),
        from: z.string(),
        to: z.string(),
        timeZone: z.string(),
        slots: z.array(SlotView),
      }),
      "Free slots",
    ),
    ...errors,
  },
});

const day = createRoute({
  method: "get",
  path: "/doctors/{doctorId}/appointments",
  tags: ["clinic"],
  summary: "The doctor's local day: only the appointments this clinic booked",
  security: bearer,
  middleware: [clinicOnly, readScope] as const,
  request: { params: DoctorParams, query: DateQuery },
  responses: {
    200: clinicJson(
      z.object({
        doctorId: z.string(),
        date: z.string(),
        timeZone: z.string(),
        appointments: z.array(AppointmentView),
      }),
      "The clinic's appointments that day",
    ),
    ...errors,
  },
});

const book = createRoute({
  method: "post",
  path: "/appointments",
  tags: ["clinic"],
  summary: "Book for a patient of the clinic (its own patient reference)",
  security: bearer,
  middleware: [clinicOnly, requireScope("appointments:write"), bookingFloodControl(), idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(ClinicBookBody) },
  responses: {
    201: clinicJson(AppointmentBody, "Booked"),
    ...errors,
    ...idempotencyErrors,
  },
});

/**
 * The clinic API (API keys, role "clinic"). A clinic sees and books only its own doctors (any
 * other doctor is 404) and sees only the appointments it booked; its patients are its own
 * references, scoped to the clinic. Slots and days come straight from the doctors' Durable
 * Objects: authoritative and immediate. Patients are in clinic-patients.routes.ts; the list, one
 * appointment, cancel and reschedule in clinic-appointments.routes.ts (also reachable through
 * /api/v1/appointments/:id/…, with the same scoping). API-key scopes: reads need
 * `availability:read`, booking and patients `appointments:write`, cancel/reschedule
 * `appointments:manage`. Every call counts against the key's quota (key-rate-limit.ts).
 */
export const clinicRoutes = routeApp()
  .openapi(doctors, async (c) => {
    const clinic = await callerClinic(c.get("deps"), c.get("caller"));
    const found =
      clinic.doctorIds.length === 0
        ? []
        : unwrap(await mongoGateway(c.env, c.get("config"), clinic.id).findDoctorsByIds(clinic.doctorIds));
    return c.json({ clinicId: clinic.id, doctors: found.map(toPublicDoctor) }, 200);
  })
  .openapi(slots, async (c) => {
    const { doctorId } = c.req.valid("param");
    const { from, to } = c.req.valid("query");
    await assertClinicDoctor(c.get("deps"), c.get("caller"), doctorId);
    const result = await doctorSchedule(c.env, doctorId).availability(from, to);
    if (!result.ok) throw new AppError("NOT_FOUND", "This doctor has no schedule yet");
    return c.json({ doctorId, from, to, timeZone: result.timeZone, slots: result.slots }, 200);
  })
  .openapi(day, async (c) => {
    const { doctorId } = c.req.valid("param");
    const { date } = c.req.valid("query");
    const clinic = await assertClinicDoctor(c.get("deps"), c.get("caller"), doctorId);
    const found = await doctorSchedule(c.env, doctorId).day(date);
    if (!found) throw new AppError("NOT_FOUND", "This doctor has no schedule yet");
    const appointments = found.appointments.filter((a) => a.clinicId === clinic.id);
    return c.json({ doctorId, date, timeZone: found.timeZone, appointments }, 200);
  })
  .openapi(book, async (c) => {
    const appointment = await bookAppointment(c.get("deps"), c.get("caller"), {
      ...c.req.valid("json"),
      requestKey: c.req.header("Idempotency-Key") ?? null,
    });
    return c.json({ appointment }, 201, { Location: `/api/v1/appointments/${appointment.id}` });
  });
