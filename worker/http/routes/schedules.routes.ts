import { createRoute, z } from "@hono/zod-openapi";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { ScheduleSettings } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { type Caller, requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { DoctorParams, IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AppointmentView, ScheduleSettingsView } from "../openapi/views.ts";

function assertOwnSchedule(caller: Caller, doctorId: string): void {
  if (caller.role === "doctor" && caller.doctorId !== doctorId) throw new AppError("NOT_FOUND", "Doctor not found");
}

const Current = z.object({ doctorId: z.string(), settings: ScheduleSettingsView, version: z.number().int() });
const Replaced = z.object({
  doctorId: z.string(),
  settings: ScheduleSettingsView,
  version: z.number().int(),
  conflicts: z.array(AppointmentView),
  profileSynced: z.boolean(),
});

const read = createRoute({
  method: "get",
  path: "/{doctorId}/schedule",
  tags: ["schedules"],
  summary: "The doctor's schedule (the doctor themself or an admin)",
  security: bearer,
  middleware: [requireRole("doctor", "admin")] as const,
  request: { params: DoctorParams },
  responses: { 200: json(Current, "The schedule and its version"), ...commonErrors, ...authErrors },
});

const replace = createRoute({
  method: "put",
  path: "/{doctorId}/schedule",
  tags: ["schedules"],
  summary: "Replace the schedule; bookings it no longer generates come back in `conflicts`",
  security: bearer,
  middleware: [requireRole("doctor", "admin"), idempotent()] as const,
  request: { params: DoctorParams, headers: IdempotencyHeaders, body: jsonBody(ScheduleSettings) },
  responses: {
    200: json(Replaced, "The new schedule"),
    ...commonErrors,
    ...authErrors,
    ...idempotencyErrors,
  },
});

/**
 * A doctor's schedule: weekly hours in their time zone, slot length, buffer, notice, horizon,
 * time off and per-date overrides. Replacing it never drops bookings: those the new rules no
 * longer generate come back in `conflicts` and stay booked until someone cancels them.
 */
export const schedulesRoutes = routeApp()
  .openapi(read, async (c) => {
    const { doctorId } = c.req.valid("param");
    assertOwnSchedule(c.get("caller"), doctorId);
    const current = await doctorSchedule(c.env, doctorId).getSchedule();
    if (!current) throw new AppError("NOT_FOUND", "This doctor has no schedule yet");
    return c.json({ doctorId, ...current }, 200);
  })
  .openapi(replace, async (c) => {
    const { doctorId } = c.req.valid("param");
    assertOwnSchedule(c.get("caller"), doctorId);
    // The doctor's object is the authority; it copies the fee and accepting flag to the profile
    // in MongoDB itself (at once, or once MongoDB is reachable again: `profileSynced` says which).
    const result = await doctorSchedule(c.env, doctorId).configure(doctorId, c.req.valid("json"));
    return c.json(
      {
        doctorId,
        settings: result.settings,
        version: result.version,
        conflicts: result.conflicts,
        profileSynced: result.profileSynced,
      },
      200,
    );
  });
