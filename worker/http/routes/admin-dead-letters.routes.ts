import { createRoute, z } from "@hono/zod-openapi";
import type { DeadLetterRecord } from "../../../durable-objects/mongo-gateway/collections.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";

const SOR_QUEUE = "prescripto-sor";

const DeadLetter = z
  .object({
    _id: z.string(),
    queue: z.string(),
    messageId: z.string(),
    body: z.unknown(),
    attempts: z.number().int(),
    reason: z.string(),
    recordedAt: z.string(),
    redrivenAt: z.string().nullable(),
  })
  .openapi("DeadLetter");

const adminOnly = requireRole("admin");

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["admin"],
  summary: "Messages that exhausted their retries, not yet re-driven",
  security: bearer,
  middleware: [adminOnly] as const,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: {
    200: json(z.object({ deadLetters: z.array(DeadLetter) }), "The dead letters"),
    ...commonErrors,
    ...authErrors,
  },
});

const redrive = createRoute({
  method: "post",
  path: "/redrive",
  tags: ["admin"],
  summary: "Send dead letters back to the queue (not those that failed validation)",
  security: bearer,
  middleware: [adminOnly, idempotent()] as const,
  request: {
    headers: IdempotencyHeaders,
    body: {
      ...jsonBody(z.strictObject({ limit: z.number().int().min(1).max(100).default(100) })),
      required: false,
    },
  },
  responses: {
    200: json(z.object({ redriven: z.number().int() }), "How many were sent back"),
    ...commonErrors,
    ...authErrors,
    ...idempotencyErrors,
  },
});

/** Operator views and actions on the system-of-record queue's dead letters. Admin only. */
export const adminDeadLettersRoutes = routeApp()
  .openapi(list, async (c) => {
    const letters = unwrap(
      await mongoGateway(c.env, c.get("config")).pendingDeadLetters({
        queue: SOR_QUEUE,
        limit: c.req.valid("query").limit,
        redrivableOnly: false,
      }),
    );
    return c.json({ deadLetters: letters as unknown as z.infer<typeof DeadLetter>[] }, 200);
  })
  // Once MongoDB is healthy again. Messages that failed validation are not re-driven: they would fail the same way.
  .openapi(redrive, async (c) => {
    const gateway = mongoGateway(c.env, c.get("config"));
    const limit = c.req.valid("json").limit ?? 100;
    // RPC typing loses the shape of the stored `body: unknown`; the record type is ours.
    const letters = unwrap(
      await gateway.pendingDeadLetters({ queue: SOR_QUEUE, limit, redrivableOnly: true }),
    ) as DeadLetterRecord[];
    if (letters.length > 0) {
      await c.env.SOR_QUEUE.sendBatch(letters.map((l) => ({ body: l.body })));
      unwrap(await gateway.markRedriven(letters.map((l) => l._id)));
    }
    return c.json({ redriven: letters.length }, 200);
  });
