// The one seam between the booking flow and the payment provider. A `held` appointment is paid
// through here; the Razorpay Checkout call (with the local stand-in in development) lands behind
// this same signature with the payments API.

export type PaymentOutcome =
  | { status: "paid" }
  | { status: "failed"; message: string }
  | { status: "dismissed" }
  | { status: "unavailable"; message: string };

export async function payForAppointment(_appointmentId: string): Promise<PaymentOutcome> {
  return {
    status: "unavailable",
    message: "Online payment is not available yet. Your slot stays held until the time shown, then is released.",
  };
}
