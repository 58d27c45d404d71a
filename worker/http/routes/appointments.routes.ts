import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bookingError } from "../../kernel/booking/booking-errors.ts";
import { scheduleOfAppointment } from "../../kernel/clients/doctor-schedule.ts";
import { isDoctorId } from "../../kernel/domain/appointment.ts";
import { Instant } from "../../kernel/domain/schedule.ts";
import { Text } from "../../kernel/domain/text.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { bookAppointment } from "../../kernel/services/booking.ts";
import { assertClinicMayActOn } from "../../kernel/services/clinic-access.ts";
import { requireRole } from "../middleware/auth.ts";
import { bookingFloodControl } from "../middleware/flood-control.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { requireScope } from "../middleware/scope.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, errorResponses, idempotencyErrors } from "../openapi/errors.ts";
import { AppointmentParams, IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AppointmentBody } from "../openapi/views.ts";
import type { AppEnv } from "../types.ts";

export const BookBody = z
  .strictObject({
    doctorId: z.string().refine(isDoctorId, "must be a doctor id"),
    start: Instant,
    // Admins book on a patient's behalf; a patient always books for themself.
    patientId: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,128}$/)
      .optional(),
  })
  .openapi("BookingRequest");
const Reason = Text({ max: 500 }).optional();
const NoteBody = z.strictObject({ reason: Reason }).openapi("TransitionNote");
const RescheduleBody = z.strictObject({ start: Instant, reason: Reason }).openapi("RescheduleRequest");

/** Everything these routes can refuse with, beyond the common errors. */
const refusals = { ...commonErrors, ...authErrors, ...idempotencyErrors };

const book = createRoute({
  method: "post",
  path: "/",
  tags: ["appointments"],
  summary: "Book a slot (patients for themselves, admins for a named patient)",
  security: bearer,
  middleware: [requireRole("patient", "admin"), bookingFloodControl(), idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(BookBody) },
  responses: { 201: json(AppointmentBody, "Booked (or held, with payments on)"), ...refusals, ...errorResponses(429) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["appointments"],
  summary: "One appointment, if the caller may see it",
  security: bearer,
  middleware: [requireRole("patient", "doctor", "admin", "clinic")] as const,
  request: { params: AppointmentParams },
  // 429: clinic API keys count every call against their quota (key-rate-limit.ts).
  responses: { 200: json(AppointmentBody, "The appointment"), ...commonErrors, ...authErrors, ...errorResponses(429) },
});

function transitionRoute(
  path: string,
  summary: string,
  roles: Parameters<typeof requireRole>,
  body: typeof NoteBody | typeof RescheduleBody,
) {
  return createRoute({
    method: "post",
    path,
    tags: ["appointments"],
    summary,
    security: bearer,
    // Clinic keys also need appointments:manage (the only transitions clinics may make are cancel/reschedule).
    middleware: [requireRole(...roles), requireScope("appointments:manage"), idempotent()] as const,
    request: { params: AppointmentParams, headers: IdempotencyHeaders, body: { ...jsonBody(body), required: false } },
    responses: { 200: json(AppointmentBody, "The appointment after the change"), ...refusals, ...errorResponses(429) },
  });
}

const cancel = transitionRoute("/{id}/cancel", "Cancel", ["patient", "doctor", "admin", "clinic"], NoteBody);
const reschedule = createRoute({
  ...transitionRoute("/{id}/reschedule", "Move to another slot", ["patient", "admin", "clinic"], RescheduleBody),
  request: { params: AppointmentParams, headers: IdempotencyHeaders, body: jsonBody(RescheduleBody) },
});
const complete = transitionRoute("/{id}/complete", "Mark as completed", ["doctor", "admin"], NoteBody);
const noShow = transitionRoute("/{id}/no-show", "Mark as a no-show", ["doctor", "admin"], NoteBody);

/** Booking and every later transition. The doctor's DO decides; the Worker only maps results. */
export const appointmentsRoutes = routeApp()
  .openapi(book, async (c) => {
    const body = c.req.valid("json");
    const appointment = await bookAppointment(c.get("deps"), c.get("caller"), {
      ...body,
      requestKey: c.req.header("Idempotency-Key") ?? null,
    });
    return c.json({ appointment }, 201, { Location: `/api/v1/appointments/${appointment.id}` });
  })
  .openapi(read, async (c) => {
    const { id } = c.req.valid("param");
    const { stub, doctorId } = scheduleOfAppointment(c.env, id);
    const caller = c.get("caller");
    if (caller.role === "doctor" && caller.doctorId !== doctorId)
      throw new AppError("NOT_FOUND", "Appointment not found");
    await assertClinicMayActOn(c.get("deps"), caller, doctorId);
    const appointment = await stub.get(id, { role: caller.role, id: actorId(caller) });
    if (!appointment) throw new AppError("NOT_FOUND", "Appointment not found");
    return c.json({ appointment }, 200);
  })
  .openapi(cancel, (c) => transition(c, "cancel", c.req.valid("json").reason))
  .openapi(reschedule, (c) => {
    const body = c.req.valid("json");
    return transition(c, "reschedule", body.reason, body.start);
  })
  .openapi(complete, (c) => transition(c, "complete", c.req.valid("json").reason))
  .openapi(noShow, (c) => transition(c, "no_show", c.req.valid("json").reason));

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
  return c.json({ appointment: result.appointment }, 200 as const);
}

/** Doctors act as their doctor id, so the ledger records which doctor did it. */
function actorId(caller: { role: string; id: string; doctorId?: string }): string {
  return caller.role === "doctor" && caller.doctorId ? caller.doctorId : caller.id;
}
