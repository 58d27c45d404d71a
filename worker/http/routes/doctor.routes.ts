import { Hono } from "hono";
import { z } from "zod";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { LocalDate } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { patientNames } from "../../kernel/services/admin-appointments.ts";
import { requireRole } from "../middleware/auth.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

/**
 * The signed-in doctor's day. Read from the doctor's Durable Object: it is the authoritative
 * ledger, already partitioned by doctor, and a doctor running their day needs the booking made
 * a second ago, not the system of record's eventually consistent copy.
 */
export const doctorRoutes = new Hono<AppEnv>().get(
  "/appointments",
  requireRole("doctor"),
  validate("query", z.object({ date: LocalDate })),
  async (c) => {
    const doctorId = c.get("caller").doctorId ?? "";
    const day = await doctorSchedule(c.env, doctorId).day(c.req.valid("query").date);
    if (!day) throw new AppError("NOT_FOUND", "This doctor has no schedule yet");
    const patients = await patientNames(c.get("deps"), day.appointments);
    return c.json({ doctorId, date: c.req.valid("query").date, ...day, patients, source: "doctor-ledger" }, 200, {
      "Cache-Control": "private, no-store",
    });
  },
);
