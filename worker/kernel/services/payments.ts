import type { OrderRow } from "../booking/payments.ts";
import { scheduleOfAppointment } from "../clients/doctor-schedule.ts";
import { mongoGateway } from "../clients/mongo-gateway.ts";
import { razorpayClient } from "../clients/razorpay.ts";
import type { Deps } from "../deps.ts";
import type { Actor, AppointmentView } from "../domain/appointment.ts";
import { AppError } from "../lib/errors.ts";
import type { RazorpayWebhookMessage } from "../messages/payment-messages.ts";
import { paymentsSetup, type RazorpaySettings } from "../payments/config.ts";
import { hmacSha256Hex, verifyCheckoutSignature, verifyWebhookSignature } from "../payments/signatures.ts";

/**
 * The Worker's side of paying for a hold: opening the hold's Razorpay order (recorded by the
 * doctor's DO), verifying what Checkout hands the browser, and storing webhooks for the payments
 * queue. Whatever the browser sends is checked against our record and Razorpay's own answer;
 * the DO alone decides what the money does to the appointment.
 */
export interface CheckoutOptions {
  keyId: string;
  orderId: string;
  amount: number;
  currency: string;
  name: string;
  description: string;
  prefill: { name: string; email: string; contact: string };
  holdExpiresAt: string | null;
  checkoutScript: string;
}

function razorpaySettings(deps: Deps): RazorpaySettings {
  const setup = paymentsSetup(deps.config);
  if (setup.state !== "on") throw new AppError("PAYMENTS_UNAVAILABLE", "Payments are not available right now");
  return setup.razorpay;
}

export async function openPayment(deps: Deps, appointmentId: string, actor: Actor): Promise<CheckoutOptions> {
  const settings = razorpaySettings(deps);
  const { stub } = scheduleOfAppointment(deps.env, appointmentId);
  const result = await stub.paymentOrder(appointmentId, actor);
  if (!result.ok) {
    switch (result.reason) {
      case "not_found":
        throw new AppError("NOT_FOUND", "Appointment not found");
      case "not_held":
        throw new AppError("INVALID_TRANSITION", "The appointment is not awaiting payment");
      case "payments_off":
        throw new AppError("PAYMENTS_UNAVAILABLE", "Payments are not available right now");
      case "razorpay":
        deps.log.warn("Razorpay order not created", { appointmentId, message: result.message });
        throw new AppError("DEPENDENCY_UNAVAILABLE", "The payment provider is unavailable; try again shortly", {
          headers: { "Retry-After": "5" },
        });
    }
  }
  const { order, appointment } = result;
  const patient = await mongoGateway(deps.env, deps.config, appointment.patientId)
    .findUserById(appointment.patientId)
    .catch(() => null);
  const user = patient?.ok ? patient.value : null;
  return {
    keyId: settings.keyId,
    orderId: order.orderId,
    amount: order.amountPaise,
    currency: order.currency,
    name: "Prescripto",
    description: `Appointment on ${appointment.start}`,
    // Prefill only helps Checkout; a MongoDB hiccup leaves it empty rather than failing the payment.
    prefill: { name: user?.name ?? "", email: user?.email ?? "", contact: user?.phone ?? "" },
    holdExpiresAt: appointment.holdExpiresAt,
    checkoutScript: settings.checkoutScript,
  };
}

export interface CheckoutResponse {
  razorpay_payment_id: string;
  razorpay_order_id: string;
  razorpay_signature: string;
}

const refused = (message: string) => new AppError("PAYMENT_VERIFICATION_FAILED", message);

export async function verifyPayment(
  deps: Deps,
  appointmentId: string,
  actor: Actor,
  body: CheckoutResponse,
): Promise<AppointmentView> {
  const settings = razorpaySettings(deps);
  const { stub } = scheduleOfAppointment(deps.env, appointmentId);
  const order: OrderRow | null = await stub.paymentTarget(appointmentId, actor);
  if (!order) throw new AppError("NOT_FOUND", "No payment order for this appointment");
  // The signature is checked over OUR order id: a payment for another (cheaper) order never verifies.
  const signature = await verifyCheckoutSignature(
    { orderId: order.orderId, paymentId: body.razorpay_payment_id, signature: body.razorpay_signature },
    settings.keySecret,
  );
  if (!signature.ok || body.razorpay_order_id !== order.orderId) {
    throw refused("The payment signature does not verify");
  }
  const fetched = await razorpayClient(settings).fetchPayment(body.razorpay_payment_id);
  if (!fetched.ok) {
    if (fetched.kind === "rejected") throw refused("Razorpay does not know this payment");
    throw new AppError("DEPENDENCY_UNAVAILABLE", "The payment provider is unavailable; try again shortly", {
      headers: { "Retry-After": "5" },
    });
  }
  const payment = fetched.value;
  const result = await stub.observePayment(
    appointmentId,
    payment,
    `verify:${payment.id}:${payment.status}`,
    "checkout.verify",
  );
  if (!result.ok) throw new AppError("NOT_FOUND", "Appointment not found");
  switch (result.outcome) {
    case "booked":
      return result.appointment;
    case "not_paid":
      throw refused(`The payment is ${payment.status}, not paid`);
    case "flagged":
      throw refused("The payment does not match this booking (amount or currency); it will be refunded");
    case "refunded":
    case "duplicate":
      if (result.appointment.payment?.flag) {
        throw refused("The payment does not match this booking (amount or currency); it will be refunded");
      }
      throw new AppError(
        "SLOT_TAKEN",
        "The hold ended before the payment and the slot is gone; it is refunded in full",
      );
  }
}

/**
 * A Razorpay webhook: the signature is checked over the raw bytes (either configured secret),
 * then the event is stored on the payments queue and acknowledged; the consumer does the work.
 */
export async function acceptWebhook(
  deps: Deps,
  raw: ArrayBuffer,
  headers: { signature: string | undefined; eventId: string | undefined },
): Promise<{ eventId: string }> {
  const settings = razorpaySettings(deps);
  const check = await verifyWebhookSignature(raw, headers.signature, settings.webhookSecrets);
  if (!check.ok) throw new AppError("WEBHOOK_SIGNATURE_INVALID", "The webhook signature does not verify");
  const body = new TextDecoder().decode(raw);
  // Razorpay always names its events; without a name the body's own hash keeps duplicates apart.
  const eventId = headers.eventId?.slice(0, 128) || `body:${await hmacSha256Hex("razorpay-event", raw)}`;
  const message: RazorpayWebhookMessage = {
    type: "razorpay.webhook",
    eventId,
    body,
    receivedAt: new Date().toISOString(),
  };
  await deps.env.PAYMENTS_QUEUE.send(message);
  return { eventId };
}
