import { Hono } from "hono";
import { doctorSchedule } from "../adapters/doctor-schedule.ts";
import { requireRole } from "../middleware/auth.ts";
import type { AppEnv } from "../types.ts";

/** Operator views. The ledger of one doctor, straight from its DO (with undelivered outbox size). */
export const adminRoutes = new Hono<AppEnv>().get("/doctors/:doctorId/ledger", requireRole("admin"), async (c) => {
  const snapshot = await doctorSchedule(c.env, c.req.param("doctorId")).ledgerSnapshot();
  return c.json({ doctorId: c.req.param("doctorId"), ...snapshot }, 200, { "Cache-Control": "no-store" });
});
