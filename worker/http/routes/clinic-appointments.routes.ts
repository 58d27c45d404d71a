import { createRoute, z } from "@hono/zod-openapi";
import { APPOINTMENT_STATUSES, isDoctorId } from "../../kernel/domain/appointment.ts";
import { Instant } from "../../kernel/domain/schedule.ts";
import { Text } from "../../kernel/domain/text.ts";
import {
  changeClinicAppointment,
  getClinicAppointment,
  listClinicAppointments,
} from "../../kernel/services/clinic-appointments.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { requireScope } from "../middleware/scope.ts";
import { Cursor, clinicErrors, clinicJson, PageLimit } from "../openapi/clinic-api.ts";
import { bearer, jsonBody } from "../openapi/content.ts";
import { idempotencyErrors } from "../openapi/errors.ts";
import { AppointmentParams, IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AppointmentBody, AppointmentView } from "../openapi/views.ts";

const ListQuery = z
  .object({
    doctorId: z.string().refine(isDoctorId, "must be a doctor id").optional(),
    status: z.enum(APPOINTMENT_STATUSES).optional(),
    from: Instant.optional().openapi({ description: "Appointments starting at or after this instant" }),
    to: Instant.optional().openapi({ description: "Appointments starting before this instant" }),
    updatedSince: Instant.optional().openapi({ description: "Only appointments changed at or after this instant" }),
    cursor: Cursor,
    limit: PageLimit,
  })
  .refine((q) => !(q.from && q.to) || Date.parse(q.from) < Date.parse(q.to), {
    path: ["to"],
    message: "must be after from",
  });

const Reason = Text({ max: 500 }).optional();
const CancelBody = z.strictObject({ reason: Reason }).openapi("ClinicCancelRequest");
const RescheduleBody = z.strictObject({ start: Instant, reason: Reason }).openapi("ClinicRescheduleRequest");

const clinicOnly = requireRole("clinic");
const manage = requireScope("appointments:manage");

const list = createRoute({
  method: "get",
  path: "/appointments",
  tags: ["clinic"],
  summary:
    "The clinic's appointments by start time, a page at a time, from the system of record (scope availability:read)",
  security: bearer,
  middleware: [clinicOnly, requireScope("availability:read")] as const,
  request: { query: ListQuery },
  responses: {
    200: clinicJson(z.object({ appointments: z.array(AppointmentView), nextCursor: z.string().nullable() }), "A page"),
    ...clinicErrors,
  },
});

const read = createRoute({
  method: "get",
  path: "/appointments/{id}",
  tags: ["clinic"],
  summary: "One of the clinic's appointments, from its doctor's Durable Object (scope availability:read)",
  security: bearer,
  middleware: [clinicOnly, requireScope("availability:read")] as const,
  request: { params: AppointmentParams },
  responses: { 200: clinicJson(AppointmentBody, "The appointment"), ...clinicErrors },
});

const cancel = createRoute({
  method: "post",
  path: "/appointments/{id}/cancel",
  tags: ["clinic"],
  summary: "Cancel one of the clinic's appointments (scope appointments:manage); others are 404",
  security: bearer,
  middleware: [clinicOnly, manage, idempotent()] as const,
  request: {
    params: AppointmentParams,
    headers: IdempotencyHeaders,
    body: { ...jsonBody(CancelBody), required: false },
  },
  responses: { 200: clinicJson(AppointmentBody, "Cancelled"), ...clinicErrors, ...idempotencyErrors },
});

const reschedule = createRoute({
  method: "post",
  path: "/appointments/{id}/reschedule",
  tags: ["clinic"],
  summary: "Move one of the clinic's appointments to another free slot (scope appointments:manage)",
  security: bearer,
  middleware: [clinicOnly, manage, idempotent()] as const,
  request: { params: AppointmentParams, headers: IdempotencyHeaders, body: jsonBody(RescheduleBody) },
  responses: { 200: clinicJson(AppointmentBody, "Rescheduled"), ...clinicErrors, ...idempotencyErrors },
});

/** A clinic's appointments (worker/kernel/services/clinic-appointments.ts). Booking is in clinic.routes.ts. */
export const clinicAppointmentsRoutes = routeApp()
  .openapi(list, async (c) => {
    return c.json(await listClinicAppointments(c.get("deps"), c.get("caller"), c.req.valid("query")), 200);
  })
  .openapi(read, async (c) => {
    const { id } = c.req.valid("param");
    return c.json({ appointment: await getClinicAppointment(c.get("deps"), c.get("caller"), id) }, 200);
  })
  .openapi(cancel, async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json") ?? {};
    const appointment = await changeClinicAppointment(c.get("deps"), c.get("caller"), id, { action: "cancel", reason });
    return c.json({ appointment }, 200);
  })
  .openapi(reschedule, async (c) => {
    const { id } = c.req.valid("param");
    const { start, reason } = c.req.valid("json");
    const appointment = await changeClinicAppointment(c.get("deps"), c.get("caller"), id, {
      action: "reschedule",
      start,
      reason,
    });
    return c.json({ appointment }, 200);
  });
