import { createRoute, z } from "@hono/zod-openapi";
import { callerClinic } from "../../kernel/services/clinic-access.ts";
import {
  DELIVERY_STATUSES,
  EndpointCreateInput,
  EndpointUpdateInput,
  isDeliveryId,
  isEndpointId,
  RotateSecretInput,
} from "../../kernel/webhooks/endpoint.ts";
import * as webhooks from "../../kernel/webhooks/endpoints.service.ts";
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from "../../kernel/webhooks/events.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { requireScope } from "../middleware/scope.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";

const EndpointId = z
  .string()
  .refine(isEndpointId, "Webhook endpoint not found")
  .openapi({ param: { name: "endpointId", in: "path" }, example: "whe_0123456789abcdefghij" });
const DeliveryId = z
  .string()
  .refine(isDeliveryId, "Delivery not found")
  .openapi({ param: { name: "deliveryId", in: "path" }, example: "msg_test_00ff~whe_0123456789abcdefghij" });
const EndpointParams = z.object({ endpointId: EndpointId });
const DeliveryParams = z.object({ endpointId: EndpointId, deliveryId: DeliveryId });

const EndpointView = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(WebhookEventType),
    enabled: z.boolean(),
    disabledReason: z.enum(["gone", "manual"]).nullable().openapi({
      description: "gone: the endpoint answered 410 and was disabled; manual: disabled through the API",
    }),
    previousSecretExpiresAt: z.string().nullable().openapi({
      description: "While a rotated-out secret still signs (both signatures are sent): when it stops",
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("WebhookEndpoint");

const DeliveryView = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    messageId: z.string().openapi({ description: "The webhook-id header: the same on every attempt" }),
    type: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attemptCount: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    nextAttemptAt: z.string().nullable(),
    attempts: z.array(
      z.object({
        at: z.string(),
        statusCode: z.number().int().nullable(),
        latencyMs: z.number().int(),
        error: z.string().nullable(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("WebhookDelivery");

const WithSecret = z.object({
  endpoint: EndpointView,
  secret: z.string().openapi({ description: "whsec_…: shown only in this response; verify signatures with it" }),
});

// Fresh objects over the kernel's shapes: `.openapi()` exists only on @hono/zod-openapi's zod.
const CreateBody = z.strictObject(EndpointCreateInput.shape).openapi("WebhookEndpointCreate", {
  example: { url: "https://clinic.example.com/hooks/prescripto", events: [...WEBHOOK_EVENT_TYPES.slice(0, 3)] },
});
const UpdateBody = z
  .strictObject(EndpointUpdateInput.shape)
  .refine((v) => Object.keys(v).length > 0, "must change at least one field")
  .openapi("WebhookEndpointUpdate");
const RotateBody = z.strictObject(RotateSecretInput.shape).openapi("WebhookSecretRotation");
const Queued = z.object({ deliveryId: z.string() });
const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(webhooks.MAX_DELIVERIES_PAGE).default(50),
  cursor: z.string().max(400).optional(),
});

const clinicOnly = requireRole("clinic");
const webhooksScope = requireScope("webhooks:manage");
const errors = { ...commonErrors, ...authErrors };
const mutationErrors = { ...errors, ...idempotencyErrors };
const tags = ["clinic webhooks"];

const create = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Register an endpoint (HTTPS, public host); the signing secret is shown once",
  security: bearer,
  middleware: [clinicOnly, webhooksScope, idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateBody) },
  responses: { 201: json(WithSecret, "Registered"), ...mutationErrors },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "The clinic's endpoints",
  security: bearer,
  middleware: [clinicOnly, webhooksScope] as const,
  responses: { 200: json(z.object({ endpoints: z.array(EndpointView) }), "The endpoints"), ...errors },
});

const get = createRoute({
  method: "get",
  path: "/{endpointId}",
  tags,
  summary: "One endpoint",
  security: bearer,
  middleware: [clinicOnly, webhooksScope] as const,
  request: { params: EndpointParams },
  responses: { 200: json(z.object({ endpoint: EndpointView }), "The endpoint"), ...errors },
});

const update = createRoute({
  method: "patch",
  path: "/{endpointId}",
  tags,
  summary: "Change the URL, events, description or enabled (enabling clears a 410's disable)",
  security: bearer,
  middleware: [clinicOnly, webhooksScope, idempotent()] as const,
  request: { params: EndpointParams, headers: IdempotencyHeaders, body: jsonBody(UpdateBody) },
  responses: { 200: json(z.object({ endpoint: EndpointView }), "Changed"), ...mutationErrors },
});

const remove = createRoute({
  method: "delete",
  path: "/{endpointId}",
  tags,
  summary: "Delete the endpoint and its delivery log; queued deliveries stop",
  security: bearer,
  middleware: [clinicOnly, webhooksScope, idempotent()] as const,
  request: { params: EndpointParams, headers: IdempotencyHeaders },
  responses: { 204: { description: "Deleted" }, ...mutationErrors },
});

const rotate = createRoute({
  method: "post",
  path: "/{endpointId}/rotate-secret",
  tags,
  summary: "New signing secret (shown once); the old one keeps signing during the overlap",
  security: bearer,
  middleware: [clinicOnly, webhooksScope, idempotent()] as const,
  request: {
    params: EndpointParams,
    headers: IdempotencyHeaders,
    body: { ...jsonBody(RotateBody), required: false },
  },
  responses: { 200: json(WithSecret, "Rotated"), ...mutationErrors },
});

const test = createRoute({
  method: "post",
  path: "/{endpointId}/test",
  tags,
  summary: "Send a webhook.test event to the endpoint",
  security: bearer,
  middleware: [clinicOnly, webhooksScope, idempotent()] as const,
  request: { params: EndpointParams, headers: IdempotencyHeaders },
  responses: { 202: json(Queued, "Queued"), ...mutationErrors },
});

const deliveries = createRoute({
  method: "get",
  path: "/{endpointId}/deliveries",
  tags,
  summary: "The endpoint's delivery log, newest first (attempts, status codes, latency)",
  security: bearer,
  middleware: [clinicOnly, webhooksScope] as const,
  request: { params: EndpointParams, query: DeliveriesQuery },
  responses: {
    200: json(z.object({ deliveries: z.array(DeliveryView), nextCursor: z.string().nullable() }), "Deliveries"),
    ...errors,
  },
});

const replay = createRoute({
  method: "post",
  path: "/{endpointId}/deliveries/{deliveryId}/replay",
  tags,
  summary: "Send a delivery again (same webhook-id and payload, new retry window)",
  security: bearer,
  middleware: [clinicOnly, webhooksScope, idempotent()] as const,
  request: { params: DeliveryParams, headers: IdempotencyHeaders },
  responses: { 202: json(Queued, "Queued"), ...mutationErrors },
});

/**
 * Clinic webhook endpoints (issue 15 item 4), under /api/v1/clinic/webhooks: clinic API keys with
 * the `webhooks:manage` scope. A clinic sees and changes only its own endpoints (others are 404).
 */
export const clinicWebhooksRoutes = routeApp()
  .openapi(create, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    const created = await webhooks.createEndpoint(deps, clinic.id, c.req.valid("json"));
    return c.json(created, 201, { Location: `/api/v1/clinic/webhooks/${created.endpoint.id}` });
  })
  .openapi(list, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    return c.json({ endpoints: await webhooks.listEndpoints(deps, clinic.id) }, 200);
  })
  .openapi(get, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    return c.json({ endpoint: await webhooks.getEndpoint(deps, clinic.id, c.req.valid("param").endpointId) }, 200);
  })
  .openapi(update, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    const { endpointId } = c.req.valid("param");
    return c.json({ endpoint: await webhooks.updateEndpoint(deps, clinic.id, endpointId, c.req.valid("json")) }, 200);
  })
  .openapi(remove, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    await webhooks.deleteEndpoint(deps, clinic.id, c.req.valid("param").endpointId);
    return c.body(null, 204);
  })
  .openapi(rotate, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    const { overlapSeconds } = c.req.valid("json");
    const rotated = await webhooks.rotateSecret(deps, clinic.id, c.req.valid("param").endpointId, overlapSeconds);
    return c.json(rotated, 200);
  })
  .openapi(test, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    return c.json(await webhooks.sendTestEvent(deps, clinic.id, c.req.valid("param").endpointId), 202);
  })
  .openapi(deliveries, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    const { limit, cursor } = c.req.valid("query");
    const page = await webhooks.listDeliveries(deps, clinic.id, c.req.valid("param").endpointId, { limit, cursor });
    return c.json(page, 200);
  })
  .openapi(replay, async (c) => {
    const deps = c.get("deps");
    const clinic = await callerClinic(deps, c.get("caller"));
    const { endpointId, deliveryId } = c.req.valid("param");
    return c.json(await webhooks.replayDelivery(deps, clinic.id, endpointId, deliveryId), 202);
  });
