import { Hono } from "hono";
import { z } from "zod";
import { AppointmentStatus } from "../../kernel/domain/appointment.ts";
import { ADMIN_PAGE_MAX } from "../../kernel/domain/appointment-page.ts";
import { listAdminAppointments } from "../../kernel/services/admin-appointments.ts";
import { requireRole } from "../middleware/auth.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

const Query = z.strictObject({
  doctorId: z.string().min(1).max(100).optional(),
  patient: z.string().trim().min(1).max(254).optional(),
  status: AppointmentStatus.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().min(1).max(400).optional(),
  limit: z.coerce.number().int().min(1).max(ADMIN_PAGE_MAX).default(25),
});

/** All appointments across doctors, from MongoDB, newest first, with cursor pages. Admin only. */
export const adminAppointmentsRoutes = new Hono<AppEnv>().get(
  "/",
  requireRole("admin"),
  validate("query", Query),
  async (c) => {
    const page = await listAdminAppointments(c.get("deps"), c.req.valid("query"));
    return c.json({ ...page, source: "mongodb" as const }, 200, { "Cache-Control": "no-store" });
  },
);
