// The one seam between the booking flow and the payment provider. A `held` appointment is paid
// through Razorpay Checkout: the API creates (or returns) the hold's order, Checkout collects the
// money, and the API verifies Checkout's signature before the hold becomes a booking. Locally the
// same calls reach the Razorpay stand-in (its checkout.js has Razorpay's interface).
import { api, call } from "../api/client";
import { toApiError } from "../api/errors";
import type { Appointment, CheckoutOrder } from "../api/types";
import { loadScript } from "./load-script";

export type PaymentOutcome =
  | { status: "paid"; appointment: Appointment }
  /** Checkout reported a failed attempt and the patient then closed it. */
  | { status: "failed"; message: string }
  | { status: "dismissed" }
  /** The payment could not start (hold over, payments off, script not loaded) or its check failed. */
  | { status: "unavailable"; code: string; message: string };

type CheckoutResponse = { razorpay_payment_id: string; razorpay_order_id: string; razorpay_signature: string };
type CheckoutError = { description?: string; reason?: string };
interface RazorpayInstance {
  open(): void;
  on(event: "payment.failed", cb: (e: { error?: CheckoutError }) => void): void;
}
type RazorpayConstructor = new (options: Record<string, unknown>) => RazorpayInstance;

/** Opens Checkout for a held appointment and settles once: paid (verified), failed, dismissed or unavailable. */
export async function payForAppointment(appointmentId: string): Promise<PaymentOutcome> {
  let order: CheckoutOrder;
  try {
    order = await call(
      api.POST("/api/v1/appointments/{id}/payment", {
        // Both calls are idempotent by design: the hold has one order, and verifying twice books once.
        params: { path: { id: appointmentId } },
      }),
    );
  } catch (e) {
    const err = toApiError(e);
    return { status: "unavailable", code: err.code, message: err.message };
  }
  const Razorpay = await loadCheckout(order.checkoutScript);
  if (!Razorpay) {
    return {
      status: "unavailable",
      code: "CHECKOUT_NOT_LOADED",
      message: "The payment window could not be loaded. Check your connection and try again.",
    };
  }
  const response = await openCheckout(Razorpay, order);
  if (response.status !== "completed") return response;
  return verify(appointmentId, response.checkout);
}

async function loadCheckout(src: string): Promise<RazorpayConstructor | null> {
  try {
    await loadScript(src);
  } catch {
    return null;
  }
  return ((window as unknown as { Razorpay?: RazorpayConstructor }).Razorpay ?? null) as RazorpayConstructor | null;
}

function openCheckout(
  Razorpay: RazorpayConstructor,
  order: CheckoutOrder,
): Promise<
  { status: "completed"; checkout: CheckoutResponse } | { status: "failed"; message: string } | { status: "dismissed" }
> {
  return new Promise((resolve) => {
    // Checkout keeps its form open after a failed attempt so the patient can try another way;
    // the failure only becomes the outcome when they close it.
    let lastFailure: string | null = null;
    const rzp = new Razorpay({
      key: order.keyId,
      order_id: order.orderId,
      amount: order.amount,
      currency: order.currency,
      name: order.name,
      description: order.description,
      prefill: order.prefill,
      theme: { color: "#4f46e5" },
      handler: (checkout: CheckoutResponse) => resolve({ status: "completed", checkout }),
      modal: {
        ondismiss: () =>
          resolve(lastFailure === null ? { status: "dismissed" } : { status: "failed", message: lastFailure }),
      },
    });
    rzp.on("payment.failed", (e) => {
      lastFailure = e.error?.description || "The payment did not go through.";
    });
    rzp.open();
  });
}

async function verify(appointmentId: string, checkout: CheckoutResponse): Promise<PaymentOutcome> {
  try {
    const { appointment } = await call(
      api.POST("/api/v1/appointments/{id}/payment/verify", {
        // Both calls are idempotent by design: the hold has one order, and verifying twice books once.
        params: { path: { id: appointmentId } },
        body: {
          razorpay_payment_id: checkout.razorpay_payment_id,
          razorpay_order_id: checkout.razorpay_order_id,
          razorpay_signature: checkout.razorpay_signature,
        },
      }),
    );
    return { status: "paid", appointment };
  } catch (e) {
    const err = toApiError(e);
    return { status: "unavailable", code: err.code, message: err.message };
  }
}
