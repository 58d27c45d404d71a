import { Hono } from "hono";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { ScheduleSettings } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { type Caller, requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

function assertOwnSchedule(caller: Caller, doctorId: string): void {
  if (caller.role === "doctor" && caller.doctorId !== doctorId) throw new AppError("NOT_FOUND", "Doctor not found");
}

/**
 * A doctor's schedule: weekly hours in their time zone, slot length, buffer, notice, horizon,
 * time off and per-date overrides. Replacing it never drops bookings: those the new rules no
 * longer generate come back in `conflicts` and stay booked until someone cancels them.
 */
export const scheduleRoutes = new Hono<AppEnv>()
  .get("/:doctorId/schedule", requireRole("doctor", "admin"), async (c) => {
    const doctorId = c.req.param("doctorId");
    assertOwnSchedule(c.get("caller"), doctorId);
    const current = await doctorSchedule(c.env, doctorId).getSchedule();
    if (!current) throw new AppError("NOT_FOUND", "This doctor has no schedule yet");
    return c.json({ doctorId, ...current }, 200, { "Cache-Control": "no-store" });
  })
  .put(
    "/:doctorId/schedule",
    requireRole("doctor", "admin"),
    idempotent(),
    validate("json", ScheduleSettings),
    async (c) => {
      const doctorId = c.req.param("doctorId");
      assertOwnSchedule(c.get("caller"), doctorId);
      const settings = c.req.valid("json");
      // The doctor's object is the authority; it copies the fee and accepting flag to the profile
      // in MongoDB itself (at once, or once MongoDB is reachable again: `profileSynced` says which).
      const result = await doctorSchedule(c.env, doctorId).configure(doctorId, settings);
      return c.json(
        {
          doctorId,
          settings: result.settings,
          version: result.version,
          conflicts: result.conflicts,
          profileSynced: result.profileSynced,
        },
        200,
        { "Cache-Control": "no-store" },
      );
    },
  );
