import { createRoute, z } from "@hono/zod-openapi";
import { listDeadLetters, REDRIVABLE_QUEUES, redriveDeadLetters } from "../../kernel/services/dead-letters.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";

const Queue = z.enum(REDRIVABLE_QUEUES).openapi({ description: "The queue the messages came from" });

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
  summary: "Messages that exhausted their retries (or failed validation), not yet re-driven, oldest first",
  security: bearer,
  middleware: [adminOnly] as const,
  request: {
    query: z.object({
      queue: Queue.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
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
  summary:
    "Send dead letters back to the queue they came from (all re-drivable queues, one, or chosen letters; never those that failed validation)",
  security: bearer,
  middleware: [adminOnly, idempotent()] as const,
  request: {
    headers: IdempotencyHeaders,
    body: {
      ...jsonBody(
        z.strictObject({
          queue: Queue.optional(),
          ids: z.array(z.string().min(1).max(300)).min(1).max(100).optional(),
          limit: z.number().int().min(1).max(100).default(100),
        }),
      ),
      required: false,
    },
  },
  responses: {
    200: json(
      z.object({ redriven: z.number().int(), byQueue: z.record(z.string(), z.number().int()) }),
      "How many were sent back, per queue",
    ),
    ...commonErrors,
    ...authErrors,
    ...idempotencyErrors,
  },
});

/** Operator views and actions on the queues' dead letters. Admin only. */
export const adminDeadLettersRoutes = routeApp()
  .openapi(list, async (c) => {
    const { queue, limit } = c.req.valid("query");
    const letters = await listDeadLetters(c.get("deps"), { ...(queue ? { queue } : {}), limit });
    const view = letters.map((l) => ({
      ...l,
      recordedAt: new Date(l.recordedAt).toISOString(),
      redrivenAt: l.redrivenAt ? new Date(l.redrivenAt).toISOString() : null,
    }));
    return c.json({ deadLetters: view }, 200);
  })
  // Once the dependency that failed is healthy again.
  .openapi(redrive, async (c) => {
    const body = c.req.valid("json") ?? {};
    const result = await redriveDeadLetters(c.get("deps"), {
      ...(body.queue ? { queue: body.queue } : {}),
      ...(body.ids ? { ids: body.ids } : {}),
      limit: body.limit ?? 100,
    });
    return c.json(result, 200);
  });
