import { z } from "zod";
import type { AppointmentStatus } from "./appointment.ts";

/**
 * Payments and refunds as pure data and forward-only state machines.
 *
 * Razorpay delivers webhooks at least once and in no particular order, and the checkout call
 * races them, so every input is applied as "move forward if this is news, otherwise do nothing":
 * - a payment goes created → failed → authorized → captured by rank: a `failed` that arrives after
 *   `captured` (or after `authorized`) is an older event and changes nothing, while an
 *   authorization after a failure is a real late authorization and is accepted;
 * - a refund goes pending → processed | failed; the terminal states never change (a retry after
 *   a failure is a new refund with its own idempotency key).
 * The same event id applied twice is a no-op. Amounts are integer paise.
 */
export const PaymentStatus = z.enum(["created", "failed", "authorized", "captured"]);
export type PaymentStatus = z.infer<typeof PaymentStatus>;
const PAYMENT_RANK: Record<PaymentStatus, number> = { created: 0, failed: 1, authorized: 2, captured: 3 };

export const RefundStatus = z.enum(["pending", "processed", "failed"]);
export type RefundStatus = z.infer<typeof RefundStatus>;

export const RefundReason = z.enum(["cancel_policy", "cancelled_by_provider", "late_payment", "mismatch", "duplicate"]);
export type RefundReason = z.infer<typeof RefundReason>;

export const MoneyEvent = z.object({
  /** `x-razorpay-event-id`, or `verify:<payment id>` / `poll:<payment id>` for our own observations. */
  eventId: z.string().min(1),
  type: z.string().min(1),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  at: z.iso.datetime(),
});
export type MoneyEvent = z.infer<typeof MoneyEvent>;

export const PaymentFlag = z.enum(["amount_mismatch", "currency_mismatch", "order_mismatch"]);
export type PaymentFlag = z.infer<typeof PaymentFlag>;

/** A payment as the DO keeps it and MongoDB stores it (`payments`, `_id` = Razorpay payment id). */
export const Payment = z.object({
  id: z.string().startsWith("pay_"),
  orderId: z.string().startsWith("order_"),
  appointmentId: z.string().min(1),
  doctorId: z.string().min(1),
  patientId: z.string().min(1),
  amountPaise: z.number().int().min(0),
  currency: z.string().length(3),
  status: PaymentStatus,
  method: z.string().nullable(),
  errorCode: z.string().nullable(),
  flag: PaymentFlag.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  capturedAt: z.iso.datetime().nullable(),
  events: z.array(MoneyEvent).max(200),
});
export type Payment = z.infer<typeof Payment>;

/** A refund (`refunds`, `_id` = our idempotency key, also sent to Razorpay as the receipt). */
export const Refund = z.object({
  id: z.string().min(10),
  razorpayRefundId: z.string().startsWith("rfnd_").nullable(),
  paymentId: z.string().startsWith("pay_"),
  appointmentId: z.string().min(1),
  doctorId: z.string().min(1),
  amountPaise: z.number().int().min(1),
  currency: z.string().length(3),
  status: RefundStatus,
  reason: RefundReason,
  attempt: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  events: z.array(MoneyEvent).max(200),
});
export type Refund = z.infer<typeof Refund>;

export type Applied<T> = { changed: true; value: T } | { changed: false; value: T; why: "duplicate" | "stale" };

export interface PaymentObservation {
  eventId: string;
  type: string;
  status: Exclude<PaymentStatus, "created">;
  method?: string | null;
  errorCode?: string | null;
  at: Date;
}

export function applyPaymentObservation(payment: Payment, obs: PaymentObservation): Applied<Payment> {
  if (payment.events.some((e) => e.eventId === obs.eventId))
    return { changed: false, value: payment, why: "duplicate" };
  if (PAYMENT_RANK[obs.status] <= PAYMENT_RANK[payment.status]) return { changed: false, value: payment, why: "stale" };
  const at = obs.at.toISOString();
  return {
    changed: true,
    value: {
      ...payment,
      status: obs.status,
      method: obs.method ?? payment.method,
      errorCode: obs.status === "failed" ? (obs.errorCode ?? null) : null,
      updatedAt: at,
      capturedAt: obs.status === "captured" ? at : payment.capturedAt,
      events: [
        ...payment.events,
        { eventId: obs.eventId, type: obs.type, fromStatus: payment.status, toStatus: obs.status, at },
      ],
    },
  };
}

export interface RefundObservation {
  eventId: string;
  type: string;
  status: RefundStatus;
  razorpayRefundId?: string;
  at: Date;
}

export function applyRefundObservation(refund: Refund, obs: RefundObservation): Applied<Refund> {
  if (refund.events.some((e) => e.eventId === obs.eventId)) return { changed: false, value: refund, why: "duplicate" };
  if (refund.status !== "pending" || obs.status === "pending") {
    // Only the Razorpay id may still be news (the create call answered after the webhook).
    if (refund.razorpayRefundId === null && obs.razorpayRefundId) {
      return { changed: true, value: { ...refund, razorpayRefundId: obs.razorpayRefundId } };
    }
    return { changed: false, value: refund, why: "stale" };
  }
  const at = obs.at.toISOString();
  return {
    changed: true,
    value: {
      ...refund,
      status: obs.status,
      razorpayRefundId: refund.razorpayRefundId ?? obs.razorpayRefundId ?? null,
      updatedAt: at,
      events: [
        ...refund.events,
        { eventId: obs.eventId, type: obs.type, fromStatus: "pending", toStatus: obs.status, at },
      ],
    },
  };
}

export type PaymentCheck =
  | { ok: true; status: "authorized" | "captured" }
  | { ok: false; reason: "not_paid"; status: PaymentStatus }
  | { ok: false; reason: PaymentFlag; expected: string | number; actual: string | number | null };

/**
 * Does a payment Razorpay reported pay for this hold? The expected values come from our record
 * of the hold (the order we created, the fee charged at hold time), never from the browser.
 */
export function checkPaymentForHold(
  payment: { order_id: string | null; amount: number; currency: string; status: string },
  expected: { orderId: string; amountPaise: number; currency: string },
): PaymentCheck {
  if (payment.order_id !== expected.orderId) {
    return { ok: false, reason: "order_mismatch", expected: expected.orderId, actual: payment.order_id };
  }
  if (payment.status !== "authorized" && payment.status !== "captured") {
    const status = PaymentStatus.safeParse(payment.status);
    return { ok: false, reason: "not_paid", status: status.success ? status.data : "created" };
  }
  if (payment.currency !== expected.currency) {
    return { ok: false, reason: "currency_mismatch", expected: expected.currency, actual: payment.currency };
  }
  if (payment.amount !== expected.amountPaise) {
    return { ok: false, reason: "amount_mismatch", expected: expected.amountPaise, actual: payment.amount };
  }
  return { ok: true, status: payment.status };
}

export type PaidHoldAction =
  /** The hold is still held: book it. */
  | { action: "confirm" }
  /** The hold expired (or was released) and its slot is still free: take it again. */
  | { action: "rebook" }
  /** Already booked by this payment (the other path won the race): nothing to do. */
  | { action: "noop" }
  /** Money we cannot turn into this booking: give all of it back, once. */
  | { action: "refund_full"; reason: RefundReason }
  /** Wrong amount/currency: never book, flag for admins, give the money back. */
  | { action: "flag_and_refund"; flag: PaymentFlag };

/**
 * What to do when a valid payment for an appointment's order is seen (checkout verify, webhook,
 * or the DO's poll before expiry). `bookedPaymentId`: the payment the booking was confirmed
 * with, if any, so a second payment for one order is refunded instead of ignored.
 */
export function decidePaidHold(input: {
  appointmentStatus: AppointmentStatus;
  check: PaymentCheck;
  paymentId: string;
  bookedPaymentId: string | null;
  slotFree: boolean;
}): PaidHoldAction | { action: "ignore"; why: "not_paid" } {
  const { check } = input;
  if (!check.ok) {
    if (check.reason === "not_paid") return { action: "ignore", why: "not_paid" };
    return check.reason === "order_mismatch"
      ? { action: "refund_full", reason: "mismatch" }
      : { action: "flag_and_refund", flag: check.reason };
  }
  switch (input.appointmentStatus) {
    case "held":
      return { action: "confirm" };
    case "booked":
    case "completed":
    case "no_show":
      return input.bookedPaymentId === input.paymentId
        ? { action: "noop" }
        : { action: "refund_full", reason: "duplicate" };
    case "expired":
      return input.slotFree ? { action: "rebook" } : { action: "refund_full", reason: "late_payment" };
    case "cancelled":
      // Paid after the patient (or doctor) cancelled the hold: the booking is gone, the money goes back.
      return input.bookedPaymentId === input.paymentId
        ? { action: "noop" }
        : { action: "refund_full", reason: "late_payment" };
  }
}

export interface EarningsTotals {
  capturedPaise: number;
  refundedPaise: number;
  pendingRefundPaise: number;
  /** captured − refunded (processed refunds only; pending ones are shown separately). */
  netPaise: number;
  payments: number;
  refunds: number;
}

/** Totals computed from money records, never from appointment flags. */
export function earnings(
  payments: readonly Pick<Payment, "status" | "amountPaise" | "flag">[],
  refunds: readonly Pick<Refund, "status" | "amountPaise">[],
): EarningsTotals {
  let capturedPaise = 0;
  let count = 0;
  for (const p of payments) {
    if (p.status !== "captured") continue;
    capturedPaise += p.amountPaise;
    count += 1;
  }
  let refundedPaise = 0;
  let pendingRefundPaise = 0;
  for (const r of refunds) {
    if (r.status === "processed") refundedPaise += r.amountPaise;
    else if (r.status === "pending") pendingRefundPaise += r.amountPaise;
  }
  return {
    capturedPaise,
    refundedPaise,
    pendingRefundPaise,
    netPaise: capturedPaise - refundedPaise,
    payments: count,
    refunds: refunds.filter((r) => r.status === "processed").length,
  };
}

/** A refund's idempotency key: stable per (payment, attempt), ≥ 10 chars of [A-Za-z0-9_-] as Razorpay requires. */
export function refundKey(paymentId: string, attempt: number): string {
  return `rf_${paymentId.replace(/[^A-Za-z0-9_-]/g, "")}_${attempt}`;
}
