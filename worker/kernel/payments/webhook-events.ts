import { z } from "zod";
import { RazorpayOrder, RazorpayPayment, RazorpayRefund } from "./entities.ts";

/**
 * The webhook events the product handles, as Razorpay sends them: an `event` envelope whose
 * `payload` holds a snapshot of each entity named in `contains` at the moment of the event (a
 * `payment.authorized` may arrive after the payment was captured; its snapshot still says
 * authorized). Parse only after the signature over the raw body has been verified.
 */
export const HANDLED_EVENTS = [
  "payment.authorized",
  "payment.captured",
  "payment.failed",
  "order.paid",
  "refund.processed",
  "refund.failed",
] as const;
export type HandledEventName = (typeof HANDLED_EVENTS)[number];

const envelope = {
  entity: z.literal("event"),
  account_id: z.string().optional(),
  contains: z.array(z.string()),
  created_at: z.number().int().min(0),
};
const paymentPayload = z.object({ payment: z.object({ entity: RazorpayPayment }) });

const PaymentEvent = z.looseObject({
  ...envelope,
  event: z.enum(["payment.authorized", "payment.captured", "payment.failed"]),
  payload: paymentPayload,
});
const OrderPaidEvent = z.looseObject({
  ...envelope,
  event: z.literal("order.paid"),
  payload: z.object({ payment: z.object({ entity: RazorpayPayment }), order: z.object({ entity: RazorpayOrder }) }),
});
const RefundEvent = z.looseObject({
  ...envelope,
  event: z.enum(["refund.processed", "refund.failed"]),
  // Razorpay includes the payment with refund events; the refund is what we act on.
  payload: z.object({ refund: z.object({ entity: RazorpayRefund }), payment: paymentPayload.shape.payment.optional() }),
});

export const RazorpayWebhookEvent = z.discriminatedUnion("event", [PaymentEvent, OrderPaidEvent, RefundEvent]);
export type RazorpayWebhookEvent = z.infer<typeof RazorpayWebhookEvent>;

export type ParsedWebhook =
  | { ok: true; event: RazorpayWebhookEvent }
  /** A well-formed event the product does not handle: acknowledge it and move on. */
  | { ok: false; reason: "unhandled"; eventName: string }
  | { ok: false; reason: "invalid"; eventName: string | null; issues: string[] };

/** `body`: the JSON-decoded raw body (after its signature was checked). */
export function parseWebhookEvent(body: unknown): ParsedWebhook {
  const name =
    body && typeof body === "object" && typeof (body as { event?: unknown }).event === "string"
      ? (body as { event: string }).event
      : null;
  if (name !== null && !(HANDLED_EVENTS as readonly string[]).includes(name)) {
    return { ok: false, reason: "unhandled", eventName: name };
  }
  const parsed = RazorpayWebhookEvent.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      reason: "invalid",
      eventName: name,
      issues: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
    };
  }
  return { ok: true, event: parsed.data };
}

/** The payment an event is about (a refund event names it in the refund). */
export function paymentIdOf(event: RazorpayWebhookEvent): string {
  const payload: { refund?: { entity: { payment_id: string } }; payment?: { entity: { id: string } } } = event.payload;
  return payload.refund?.entity.payment_id ?? payload.payment?.entity.id ?? "";
}
