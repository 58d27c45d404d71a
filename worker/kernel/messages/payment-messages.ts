import { z } from "zod";

/**
 * A Razorpay webhook as the Worker stored it on the payments queue: the raw body exactly as
 * received (its signature was verified over these bytes before it was queued) and Razorpay's
 * event id, which the doctor's DO records with the change the event causes.
 */
export const RazorpayWebhookMessage = z.object({
  type: z.literal("razorpay.webhook"),
  eventId: z.string().min(1).max(128),
  body: z.string().min(2),
  receivedAt: z.iso.datetime(),
});
export type RazorpayWebhookMessage = z.infer<typeof RazorpayWebhookMessage>;
