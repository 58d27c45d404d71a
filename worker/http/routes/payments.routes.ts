import { createRoute, z } from "@hono/zod-openapi";
import { RefundPolicy } from "../../kernel/domain/refund-policy.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { acceptWebhook, openPayment, verifyPayment } from "../../kernel/services/payments.ts";
import { refundQuote } from "../../kernel/services/refund-quote.ts";
import { requireRole } from "../middleware/auth.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, errorResponses } from "../openapi/errors.ts";
import { AppointmentParams } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AppointmentBody } from "../openapi/views.ts";

/**
 * Paying for a hold: the Razorpay order Checkout needs, and the verification of what Checkout
 * hands back. The order id a signature is checked against is always the one the doctor's DO
 * recorded for the hold, never the one the browser sends; the DO decides what the money does.
 */
const CheckoutOptions = z
  .object({
    keyId: z.string(),
    orderId: z.string(),
    amount: z.number().int().openapi({ description: "Paise, as charged when the slot was held" }),
    currency: z.string(),
    name: z.string(),
    description: z.string(),
    prefill: z.object({ name: z.string(), email: z.string(), contact: z.string() }),
    holdExpiresAt: z.string().nullable(),
    checkoutScript: z.string(),
  })
  .openapi("CheckoutOptions");

const RazorpayId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,40}$`), `must be a Razorpay ${prefix}_ id`);

const VerifyBody = z
  .strictObject({
    razorpay_payment_id: RazorpayId("pay"),
    razorpay_order_id: RazorpayId("order"),
    razorpay_signature: z.string().regex(/^[0-9a-f]{64}$/, "must be a hex HMAC-SHA256"),
  })
  .openapi("CheckoutVerification");

const order = createRoute({
  method: "post",
  path: "/{id}/payment",
  tags: ["payments"],
  summary: "The Razorpay order for a held appointment (created once; the same order on every call)",
  security: bearer,
  middleware: [requireRole("patient", "admin")] as const,
  request: { params: AppointmentParams },
  responses: {
    200: json(CheckoutOptions, "What Razorpay Checkout needs, and when the hold ends"),
    ...commonErrors,
    ...authErrors,
    ...errorResponses(409),
  },
});

const verify = createRoute({
  method: "post",
  path: "/{id}/payment/verify",
  tags: ["payments"],
  summary: "Verify Checkout's answer and confirm the booking (a no-op if the webhook already did)",
  security: bearer,
  middleware: [requireRole("patient", "admin")] as const,
  request: { params: AppointmentParams, body: jsonBody(VerifyBody) },
  responses: {
    200: json(AppointmentBody, "Booked"),
    ...commonErrors,
    ...authErrors,
    ...errorResponses(409),
  },
});

const RefundQuoteBody = z
  .object({
    refundPaise: z.number().int().min(0).openapi({ description: "What would be refunded, in paise" }),
    percent: z.number().int().min(0).max(100).openapi({ description: "The policy's percentage that applies now" }),
    reason: z
      .enum(["cancelled_by_provider", "full_window", "partial_window", "too_late", "below_minimum", "nothing_paid"])
      .openapi({ description: "Why: the window the cancel falls in, or why nothing is refunded" }),
    policy: RefundPolicy,
  })
  .openapi("RefundQuote");

const quote = createRoute({
  method: "get",
  path: "/{id}/refund-quote",
  tags: ["payments"],
  summary: "The refund the doctor's policy would give if the caller cancelled now (same rule as the cancel)",
  security: bearer,
  middleware: [requireRole("patient", "doctor", "admin", "clinic")] as const,
  request: { params: AppointmentParams },
  responses: {
    200: json(RefundQuoteBody, "What cancelling now would refund"),
    ...commonErrors,
    ...authErrors,
    ...errorResponses(409),
  },
});

export const paymentsRoutes = routeApp()
  .openapi(quote, async (c) => c.json(await refundQuote(c.get("deps"), c.get("caller"), c.req.valid("param").id), 200))
  .openapi(order, async (c) => {
    const caller = c.get("caller");
    const options = await openPayment(c.get("deps"), c.req.valid("param").id, { role: caller.role, id: caller.id });
    return c.json(options, 200);
  })
  .openapi(verify, async (c) => {
    const caller = c.get("caller");
    const appointment = await verifyPayment(
      c.get("deps"),
      c.req.valid("param").id,
      { role: caller.role, id: caller.id },
      c.req.valid("json"),
    );
    return c.json({ appointment }, 200);
  });

const webhook = createRoute({
  method: "post",
  path: "/razorpay",
  tags: ["payments"],
  summary: "Razorpay webhooks (signature over the raw body; stored on a queue and acknowledged at once)",
  responses: {
    200: json(z.object({ received: z.literal(true), eventId: z.string() }), "Stored for processing"),
    ...commonErrors,
  },
});

export const webhooksRoutes = routeApp().openapi(webhook, async (c) => {
  // The signature covers the exact bytes received: read them before anything parses the body.
  const raw = await c.req.arrayBuffer();
  if (raw.byteLength === 0) throw new AppError("WEBHOOK_SIGNATURE_INVALID", "Empty webhook body");
  const { eventId } = await acceptWebhook(c.get("deps"), raw, {
    signature: c.req.header("X-Razorpay-Signature"),
    eventId: c.req.header("x-razorpay-event-id"),
  });
  return c.json({ received: true as const, eventId }, 200);
});
