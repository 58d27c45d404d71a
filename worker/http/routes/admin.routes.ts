import { Hono } from "hono";
import { z } from "zod";
import type { DeadLetterRecord } from "../../../durable-objects/mongo-gateway/collections.ts";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

const SOR_QUEUE = "prescripto-sor";
const noStore = { "Cache-Control": "no-store" };

/** Operator views and actions. Every route here is admin-only. */
export const adminRoutes = new Hono<AppEnv>()
  .use("*", requireRole("admin"))
  // One doctor's ledger straight from its DO, with the number of changes MongoDB has not confirmed.
  .get("/doctors/:doctorId/ledger", async (c) => {
    const snapshot = await doctorSchedule(c.env, c.req.param("doctorId")).ledgerSnapshot();
    return c.json({ doctorId: c.req.param("doctorId"), ...snapshot }, 200, noStore);
  })
  .get(
    "/dead-letters",
    validate("query", z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) })),
    async (c) => {
      const letters = unwrap(
        await mongoGateway(c.env, c.get("config")).pendingDeadLetters({
          queue: SOR_QUEUE,
          limit: c.req.valid("query").limit,
          redrivableOnly: false,
        }),
      );
      return c.json({ deadLetters: letters }, 200, noStore);
    },
  )
  // Sends messages that exhausted their retries back to the queue (once MongoDB is healthy again).
  // Messages that failed validation are not re-driven: they would fail the same way.
  .post(
    "/dead-letters/redrive",
    idempotent(),
    validate("json", z.object({ limit: z.number().int().min(1).max(100).default(100) }).default({ limit: 100 })),
    async (c) => {
      const gateway = mongoGateway(c.env, c.get("config"));
      // RPC typing loses the shape of the stored `body: unknown`; the record type is ours.
      const letters = unwrap(
        await gateway.pendingDeadLetters({ queue: SOR_QUEUE, limit: c.req.valid("json").limit, redrivableOnly: true }),
      ) as DeadLetterRecord[];
      if (letters.length > 0) {
        await c.env.SOR_QUEUE.sendBatch(letters.map((l) => ({ body: l.body })));
        unwrap(await gateway.markRedriven(letters.map((l) => l._id)));
      }
      return c.json({ redriven: letters.length }, 200, noStore);
    },
  );
