import { mongoGateway } from "../clients/mongo-gateway.ts";
import type { AppConfig } from "../config.ts";
import type { AppointmentView } from "../domain/appointment.ts";
import type { Logger } from "../lib/logger.ts";
import { webhookEventOf } from "./events.ts";
import type { WebhookDeliveryMessage } from "./messages.ts";

/** Queues accept at most 100 messages per sendBatch. */
const BATCH = 100;

export interface EndpointSubscription {
  id: string;
  clinicId: string;
  events: readonly string[];
}

/** One message per (event, subscribed endpoint of the clinic that booked). Pure. */
export function planDeliveries(
  snapshots: readonly AppointmentView[],
  endpoints: readonly EndpointSubscription[],
  now: Date,
): WebhookDeliveryMessage[] {
  const out: WebhookDeliveryMessage[] = [];
  for (const snapshot of snapshots) {
    const event = webhookEventOf(snapshot);
    if (!event) continue;
    for (const e of endpoints) {
      if (e.clinicId !== event.clinicId || !e.events.includes(event.payload.type)) continue;
      out.push({
        type: "webhook.delivery",
        endpointId: e.id,
        clinicId: e.clinicId,
        messageId: event.messageId,
        payload: event.payload,
        windowStart: now.toISOString(),
        force: false,
      });
    }
  }
  return out;
}

/**
 * Hands the webhook deliveries of applied snapshots to the webhooks queue. Returns false when
 * that could not be done (endpoints unreadable, queue refused): the caller retries the snapshot
 * message, and the consumer skips deliveries that already succeeded.
 */
export async function fanOutWebhooks(
  snapshots: readonly AppointmentView[],
  env: Env,
  config: AppConfig,
  log: Logger,
): Promise<boolean> {
  const clinicIds = [...new Set(snapshots.flatMap((s) => (s.clinicId && webhookEventOf(s) ? [s.clinicId] : [])))];
  if (clinicIds.length === 0) return true;
  try {
    const found = await mongoGateway(env, config, clinicIds[0]).webhookEndpointsFor(clinicIds);
    if (!found.ok) {
      log.warn("webhook endpoints unreadable; the snapshot message is retried", { count: clinicIds.length });
      return false;
    }
    const messages = planDeliveries(snapshots, found.value, new Date());
    for (let i = 0; i < messages.length; i += BATCH) {
      await env.WEBHOOKS_QUEUE.sendBatch(messages.slice(i, i + BATCH).map((body) => ({ body })));
    }
    return true;
  } catch (error) {
    log.warn("fan-out to the webhooks queue failed; the snapshot message is retried", { error });
    return false;
  }
}
