import { z } from "zod";
import { WebhookPayload } from "./events.ts";

/**
 * One message on the webhooks queue per (event, endpoint). The body never changes between
 * retries: `messageId` is the `webhook-id` the receiver deduplicates on, `windowStart` starts the
 * retry window. A manual replay or a test event is a new message with `force`, sent even when
 * the delivery already succeeded.
 */
export const WebhookDeliveryMessage = z.object({
  type: z.literal("webhook.delivery"),
  endpointId: z.string().min(1),
  clinicId: z.string().min(1),
  messageId: z.string().min(1).max(200),
  payload: WebhookPayload,
  windowStart: z.iso.datetime(),
  force: z.boolean().default(false),
});
export type WebhookDeliveryMessage = z.input<typeof WebhookDeliveryMessage>;
