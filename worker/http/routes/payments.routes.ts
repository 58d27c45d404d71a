import { Hono } from "hono";
import { z } from "zod";
import { AppError } from "../../kernel/lib/errors.ts";
import { acceptWebhook, openPayment, verifyPayment } from "../../kernel/services/payments.ts";
import { requireRole } from "../middleware/auth.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

/**
 * Paying for a hold: the Razorpay order Checkout needs, and the verification of what Checkout
 * hands back. The order id a signature is checked against is always the one the doctor's DO
 * recorded for the hold, never the one the browser sends; the DO decides what the money does.
 */
const RazorpayId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,40}$`), `must be a Razorpay ${prefix}_ id`);

export const VerifyBody = z.strictObject({
  razorpay_payment_id: RazorpayId("pay"),
  razorpay_order_id: RazorpayId("order"),
  razorpay_signature: z.string().regex(/^[0-9a-f]{64}$/, "must be a hex HMAC-SHA256"),
});

const noStore = { "Cache-Control": "no-store" };

export const paymentsRoutes = new Hono<AppEnv>()
  .post("/:id/payment", requireRole("patient", "admin"), async (c) => {
    const caller = c.get("caller");
    const options = await openPayment(c.get("deps"), c.req.param("id"), { role: caller.role, id: caller.id });
    return c.json(options, 200, noStore);
  })
  .post("/:id/payment/verify", requireRole("patient", "admin"), validate("json", VerifyBody), async (c) => {
    const caller = c.get("caller");
    const appointment = await verifyPayment(
      c.get("deps"),
      c.req.param("id"),
      { role: caller.role, id: caller.id },
      c.req.valid("json"),
    );
    return c.json({ appointment }, 200, noStore);
  });

export const webhooksRoutes = new Hono<AppEnv>().post("/razorpay", async (c) => {
  // The signature covers the exact bytes received: read them before anything parses the body.
  const raw = await c.req.arrayBuffer();
  if (raw.byteLength === 0) throw new AppError("WEBHOOK_SIGNATURE_INVALID", "Empty webhook body");
  const { eventId } = await acceptWebhook(c.get("deps"), raw, {
    signature: c.req.header("X-Razorpay-Signature"),
    eventId: c.req.header("x-razorpay-event-id"),
  });
  return c.json({ received: true as const, eventId }, 200, noStore);
});
