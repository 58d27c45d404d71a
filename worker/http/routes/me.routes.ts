import { Hono } from "hono";
import { z } from "zod";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { requireRole } from "../middleware/auth.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

const Query = z.object({
  status: z.enum(["held", "booked", "cancelled", "completed", "no_show", "expired"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * The patient's own appointments, across all doctors. Read from MongoDB, the system of record:
 * it is the one store indexed by patient (each DO only knows its own doctor), at the price of a
 * few seconds' lag behind the DOs while the outbox and queue deliver. The response says so.
 */
export const meRoutes = new Hono<AppEnv>().get(
  "/appointments",
  requireRole("patient"),
  validate("query", Query),
  async (c) => {
    const { status, limit } = c.req.valid("query");
    const caller = c.get("caller");
    const appointments = unwrap(
      await mongoGateway(c.env, c.get("config"), caller.id).listPatientAppointments(caller.id, {
        ...(status ? { status } : {}),
        limit,
      }),
    );
    return c.json({ appointments, source: "system-of-record" }, 200, { "Cache-Control": "private, no-store" });
  },
);
