import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../lib/errors.ts";
import {
  deliveryIdOf,
  type EndpointCreateInput,
  type EndpointUpdateInput,
  newEndpointId,
  newWebhookSecret,
  toDeliveryView,
  toEndpointView,
  type WebhookDeliveryRecord,
  type WebhookDeliveryView,
  type WebhookEndpointRecord,
  type WebhookEndpointView,
} from "./endpoint.ts";
import { testEventPayload, type WebhookPayload } from "./events.ts";
import type { WebhookDeliveryMessage } from "./messages.ts";
import { sealForStorage } from "./secrets.ts";
import { checkEndpointUrl } from "./url-policy.ts";

/**
 * A clinic's webhook endpoints: register, change, rotate the secret, test, read the delivery log
 * and replay. Everything is scoped to the calling clinic: another clinic's endpoint is 404.
 * One gateway shard per clinic, so its endpoint writes go through one warm connection.
 */
const gateway = (deps: Deps, clinicId: string) => mongoGateway(deps.env, deps.config, clinicId);
const notFound = () => new AppError("NOT_FOUND", "Webhook endpoint not found");

function validUrl(deps: Deps, url: string): string {
  const checked = checkEndpointUrl(url, { allowLoopback: deps.config.WEBHOOKS_ALLOW_LOOPBACK });
  if (checked.ok) return checked.url;
  throw new AppError("VALIDATION_FAILED", "The webhook URL is not allowed; see fields", {
    fields: [{ path: "url", message: checked.message }],
  });
}

export async function createEndpoint(
  deps: Deps,
  clinicId: string,
  input: EndpointCreateInput,
  now = new Date(),
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const url = validUrl(deps, input.url);
  const secret = newWebhookSecret(crypto.getRandomValues(new Uint8Array(32)));
  const id = newEndpointId(crypto.getRandomValues(new Uint8Array(20)));
  const record: WebhookEndpointRecord = {
    _id: id,
    clinicId,
    url,
    description: input.description,
    events: input.events,
    enabled: input.enabled,
    disabledReason: input.enabled ? null : "manual",
    secrets: [{ secret: await sealForStorage(deps.config, secret, id), createdAt: now, expiresAt: null }],
    createdAt: now,
    updatedAt: now,
  };
  const created = unwrap(await gateway(deps, clinicId).insertWebhookEndpoint(record));
  if (created === "limit") {
    throw new AppError("VALIDATION_FAILED", "This clinic has as many webhook endpoints as allowed", {
      fields: [{ path: "url", message: "delete an endpoint first" }],
    });
  }
  return { endpoint: toEndpointView(record, now), secret };
}

export async function listEndpoints(deps: Deps, clinicId: string): Promise<WebhookEndpointView[]> {
  const now = new Date();
  return unwrap(await gateway(deps, clinicId).listWebhookEndpoints(clinicId)).map((e) => toEndpointView(e, now));
}

async function loadEndpoint(deps: Deps, clinicId: string, id: string): Promise<WebhookEndpointRecord> {
  const found = unwrap(await gateway(deps, clinicId).findWebhookEndpoint(clinicId, id));
  if (!found) throw notFound();
  return found;
}

export async function getEndpoint(deps: Deps, clinicId: string, id: string): Promise<WebhookEndpointView> {
  return toEndpointView(await loadEndpoint(deps, clinicId, id), new Date());
}

export async function updateEndpoint(
  deps: Deps,
  clinicId: string,
  id: string,
  change: EndpointUpdateInput,
): Promise<WebhookEndpointView> {
  const checked = change.url === undefined ? change : { ...change, url: validUrl(deps, change.url) };
  const updated = unwrap(await gateway(deps, clinicId).updateWebhookEndpoint(clinicId, id, checked));
  if (!updated) throw notFound();
  return toEndpointView(updated, new Date());
}

export async function deleteEndpoint(deps: Deps, clinicId: string, id: string): Promise<void> {
  if (!unwrap(await gateway(deps, clinicId).deleteWebhookEndpoint(clinicId, id))) throw notFound();
}

export async function rotateSecret(
  deps: Deps,
  clinicId: string,
  id: string,
  overlapSeconds: number | undefined,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const secret = newWebhookSecret(crypto.getRandomValues(new Uint8Array(32)));
  const overlap = overlapSeconds ?? deps.config.WEBHOOK_SECRET_OVERLAP_SECONDS;
  const sealed = await sealForStorage(deps.config, secret, id);
  const rotated = unwrap(await gateway(deps, clinicId).rotateWebhookSecret(clinicId, id, sealed, overlap));
  if (!rotated) throw notFound();
  return { endpoint: toEndpointView(rotated, new Date()), secret };
}

/** Queues one delivery (a test event or a replay) and logs it as pending. */
async function enqueue(
  deps: Deps,
  endpoint: WebhookEndpointRecord,
  messageId: string,
  payload: WebhookPayload,
  now: Date,
): Promise<string> {
  const id = deliveryIdOf(messageId, endpoint._id);
  unwrap(
    await gateway(deps, endpoint.clinicId).recordWebhookDelivery({
      id,
      endpointId: endpoint._id,
      clinicId: endpoint.clinicId,
      messageId,
      payload,
      status: "pending",
      attempt: null,
      nextAttemptAt: now,
    }),
  );
  const message: WebhookDeliveryMessage = {
    type: "webhook.delivery",
    endpointId: endpoint._id,
    clinicId: endpoint.clinicId,
    messageId,
    payload,
    windowStart: now.toISOString(),
    force: true,
  };
  try {
    await deps.env.WEBHOOKS_QUEUE.send(message);
  } catch (error) {
    deps.log.warn("webhook enqueue failed", { endpointId: endpoint._id, error });
    throw new AppError("DEPENDENCY_UNAVAILABLE", "The delivery could not be queued; try again shortly", {
      headers: { "Retry-After": "5" },
    });
  }
  return id;
}

/** A `webhook.test` event to this endpoint, whatever it subscribes to (a disabled one logs it as not sent). */
export async function sendTestEvent(deps: Deps, clinicId: string, id: string): Promise<{ deliveryId: string }> {
  const endpoint = await loadEndpoint(deps, clinicId, id);
  const now = new Date();
  const random = crypto.getRandomValues(new Uint8Array(12));
  const messageId = `msg_test_${[...random].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  return { deliveryId: await enqueue(deps, endpoint, messageId, testEventPayload(endpoint._id, now), now) };
}

/** Sends a logged delivery again, same webhook-id and payload, with a fresh retry window. */
export async function replayDelivery(
  deps: Deps,
  clinicId: string,
  endpointId: string,
  deliveryId: string,
): Promise<{ deliveryId: string }> {
  const endpoint = await loadEndpoint(deps, clinicId, endpointId);
  // Cast: the RPC type of the payload's free-form `data` loses its shape (unknown crosses as {}).
  const delivery = unwrap(
    await gateway(deps, clinicId).findWebhookDelivery(clinicId, endpointId, deliveryId),
  ) as WebhookDeliveryRecord | null;
  if (!delivery) throw new AppError("NOT_FOUND", "Delivery not found");
  return { deliveryId: await enqueue(deps, endpoint, delivery.messageId, delivery.payload, new Date()) };
}

export const MAX_DELIVERIES_PAGE = 100;

/** The endpoint's deliveries, newest first; `cursor` continues after the page it came with. */
export async function listDeliveries(
  deps: Deps,
  clinicId: string,
  endpointId: string,
  opts: { limit: number; cursor?: string },
): Promise<{ deliveries: WebhookDeliveryView[]; nextCursor: string | null }> {
  await loadEndpoint(deps, clinicId, endpointId);
  const before = opts.cursor ? decodeCursor(opts.cursor) : undefined;
  const found = unwrap(
    await gateway(deps, clinicId).listWebhookDeliveries(clinicId, endpointId, { limit: opts.limit, before }),
  ) as WebhookDeliveryRecord[];
  const last = found.at(-1);
  const nextCursor =
    found.length === opts.limit && last ? btoa(`${new Date(last.createdAt).toISOString()}|${last._id}`) : null;
  return { deliveries: found.map(toDeliveryView), nextCursor };
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  let text = "";
  try {
    text = atob(cursor);
  } catch {
    // falls through to the refusal below
  }
  const [at, id] = text.split("|");
  const createdAt = at ? new Date(at) : new Date(Number.NaN);
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new AppError("VALIDATION_FAILED", "The request query string is invalid; see fields", {
      fields: [{ path: "cursor", message: "must be a cursor returned by this list" }],
    });
  }
  return { createdAt, id };
}
