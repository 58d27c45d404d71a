import { createRoute, z } from "@hono/zod-openapi";
import { APPOINTMENT_STATUSES } from "../../kernel/domain/appointment.ts";
import { ADMIN_PAGE_MAX } from "../../kernel/domain/appointment-page.ts";
import { listAdminAppointments } from "../../kernel/services/admin-appointments.ts";
import { requireRole } from "../middleware/auth.ts";
import { bearer, json } from "../openapi/content.ts";
import { authErrors, commonErrors } from "../openapi/errors.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AppointmentView } from "../openapi/views.ts";

const Query = z.strictObject({
  doctorId: z.string().min(1).max(100).optional().openapi({ example: "doc_asha-rao" }),
  patient: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .optional()
    .openapi({ description: "A patient's email (their account is looked up) or a patient id" }),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: "Start at or after this instant" }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Start before this instant" }),
  cursor: z.string().min(1).max(400).optional().openapi({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(ADMIN_PAGE_MAX).default(25),
});

const Page = z.object({
  appointments: z.array(AppointmentView),
  nextCursor: z.string().nullable(),
  patients: z.record(z.string(), z.string()).openapi({ description: "Patient accounts' names by id" }),
  source: z.literal("mongodb"),
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["admin"],
  summary: "All appointments across doctors (MongoDB, seconds behind the doctors' objects), newest first",
  security: bearer,
  middleware: [requireRole("admin")] as const,
  request: { query: Query },
  responses: { 200: json(Page, "One page of appointments"), ...commonErrors, ...authErrors },
});

/** The admin console's appointment list: filters, cursor pages (stable under inserts), patients' names. */
export const adminAppointmentsRoutes = routeApp().openapi(list, async (c) => {
  const page = await listAdminAppointments(c.get("deps"), c.req.valid("query"));
  return c.json({ ...page, source: "mongodb" as const }, 200);
});
