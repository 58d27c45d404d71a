import { APPOINTMENT_ID, type PaymentSummary } from "../domain/appointment.ts";
import {
  applyPaymentObservation,
  checkPaymentForHold,
  decidePaidHold,
  type Payment,
  type PaymentStatus,
  type Refund,
  type RefundReason,
  refundKey,
} from "../domain/payment.ts";
import type { Write } from "./engine.ts";
import type { AppointmentRow } from "./ledger-rows.ts";
import { paidWrite, touchWrite } from "./payment-writes.ts";

/**
 * The payment decisions of one doctor's object, pure functions of (state, observation, now) like
 * the booking engine: what a payment Razorpay reported (checkout verify, webhook, the poll before a
 * hold expires) does to the hold, the payment record and the money owed back. The object writes
 * the returned decision in the same transaction as the event id that caused it.
 */

/** The Razorpay order of one hold, as the doctor's object records it. */
export interface OrderRow {
  appointmentId: string;
  orderId: string;
  amountPaise: number;
  currency: string;
  receipt: string;
  /** The payment the booking was confirmed with (a second payment for the order is refunded). */
  paidPaymentId: string | null;
  createdAt: number;
}

/** What Razorpay says about a payment (its REST entity or a webhook's snapshot of it). */
export interface SeenPayment {
  id: string;
  order_id: string | null;
  amount: number;
  currency: string;
  status: "created" | "authorized" | "captured" | "refunded" | "failed";
  method?: string | null;
  error_code?: string | null;
}

export type PaymentOutcome = "booked" | "not_paid" | "flagged" | "refunded" | "duplicate";

export interface PaymentDecision {
  payment: Payment;
  paymentChanged: boolean;
  /** The appointment's new version: booked (confirm / rebook), or the same status with fresh money facts. */
  appointment: Write | null;
  paidPaymentId: string | null;
  refund: Refund | null;
  /** An authorized payment that pays this booking: capture it (after the transaction). */
  capture: boolean;
  outcome: PaymentOutcome;
}

const RECEIPT_MAX = 40;

/** Razorpay caps a receipt at 40 characters: the appointment's random part is unique on its own. */
export function receiptFor(appointmentId: string): string {
  const random = APPOINTMENT_ID.exec(appointmentId)?.[2] ?? appointmentId.replace(/[^A-Za-z0-9]/g, "").slice(-32);
  return `apt_${random}`.slice(0, RECEIPT_MAX);
}

export function orderNotes(doctorId: string, appointmentId: string): Record<string, string> {
  return { doctorId, appointmentId };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Razorpay's `refunded` is a captured payment with money returned; refunds are tracked on their own. */
function statusOf(seen: SeenPayment): Exclude<PaymentStatus, "created"> | null {
  if (seen.status === "created") return null;
  return seen.status === "refunded" ? "captured" : seen.status;
}

export function newPayment(
  seen: SeenPayment,
  owner: { appointmentId: string; doctorId: string; patientId: string; orderId: string },
  nowMs: number,
): Payment {
  return {
    id: seen.id,
    orderId: seen.order_id ?? owner.orderId,
    appointmentId: owner.appointmentId,
    doctorId: owner.doctorId,
    patientId: owner.patientId,
    amountPaise: seen.amount,
    currency: seen.currency,
    status: "created",
    method: seen.method ?? null,
    errorCode: null,
    flag: null,
    createdAt: iso(nowMs),
    updatedAt: iso(nowMs),
    capturedAt: null,
    events: [],
  };
}

/** Captured money not yet given back or on its way back (failed refunds are owed again). */
export function refundablePaise(payment: Payment, refunds: readonly Refund[]): number {
  if (payment.status !== "captured") return 0;
  const out = refunds
    .filter((r) => r.paymentId === payment.id && r.status !== "failed")
    .reduce((sum, r) => sum + r.amountPaise, 0);
  return Math.max(0, payment.amountPaise - out);
}

export function newRefund(
  payment: Payment,
  input: { amountPaise: number; reason: RefundReason; attempt: number },
  nowMs: number,
): Refund {
  return {
    id: refundKey(payment.id, input.attempt),
    razorpayRefundId: null,
    paymentId: payment.id,
    appointmentId: payment.appointmentId,
    doctorId: payment.doctorId,
    amountPaise: input.amountPaise,
    currency: payment.currency,
    status: "pending",
    reason: input.reason,
    attempt: input.attempt,
    createdAt: iso(nowMs),
    updatedAt: iso(nowMs),
    events: [],
  };
}

export const nextAttempt = (paymentId: string, refunds: readonly Refund[]) =>
  refunds.filter((r) => r.paymentId === paymentId).reduce((n, r) => Math.max(n, r.attempt), 0) + 1;

/**
 * A payment for `order` was seen. Forward-only: the stored payment moves by rank (a `failed`
 * after `captured` changes nothing), the hold is confirmed or taken again only by a payment that
 * matches our order, amount and currency, and money that cannot become this booking is refunded
 * in full exactly once (what is owed is computed from the refunds already recorded).
 */
export function decidePaymentSeen(
  ctx: {
    doctorId: string;
    appointment: AppointmentRow;
    order: OrderRow;
    stored: Payment | null;
    refunds: readonly Refund[];
    slotFree: boolean;
  },
  seen: SeenPayment & { eventId: string; eventType: string },
  nowMs: number,
): PaymentDecision {
  const { appointment, order } = ctx;
  const base =
    ctx.stored ??
    newPayment(
      seen,
      {
        appointmentId: appointment.id,
        doctorId: ctx.doctorId,
        patientId: appointment.patientId,
        orderId: order.orderId,
      },
      nowMs,
    );
  const status = statusOf(seen);
  const applied = status
    ? applyPaymentObservation(base, {
        eventId: seen.eventId,
        type: seen.eventType,
        status,
        method: seen.method ?? null,
        errorCode: seen.error_code ?? null,
        at: new Date(nowMs),
      })
    : { changed: false as const, value: base };
  let payment = applied.value;
  const isNew = ctx.stored === null;
  const check = checkPaymentForHold(
    { order_id: seen.order_id, amount: seen.amount, currency: seen.currency, status: payment.status },
    { orderId: order.orderId, amountPaise: order.amountPaise, currency: order.currency },
  );
  const action = decidePaidHold({
    appointmentStatus: appointment.status,
    check,
    paymentId: payment.id,
    bookedPaymentId: order.paidPaymentId,
    slotFree: ctx.slotFree,
  });
  let write: Write | null = null;
  let paidPaymentId = order.paidPaymentId;
  let refund: Refund | null = null;
  let capture = false;
  let outcome: PaymentOutcome;
  switch (action.action) {
    case "ignore":
      outcome = "not_paid";
      break;
    case "confirm":
    case "rebook":
      write = paidWrite(appointment, payment.id, action.action, nowMs);
      paidPaymentId = payment.id;
      capture = payment.status === "authorized";
      outcome = "booked";
      break;
    case "noop":
      capture = payment.status === "authorized";
      outcome = "booked";
      break;
    case "refund_full":
    case "flag_and_refund": {
      if (action.action === "flag_and_refund" && payment.flag !== action.flag) {
        payment = { ...payment, flag: action.flag, updatedAt: iso(nowMs) };
      }
      const owed = refundablePaise(payment, ctx.refunds);
      if (owed > 0) {
        const reason = action.action === "refund_full" ? action.reason : "mismatch";
        refund = newRefund(
          payment,
          { amountPaise: owed, reason, attempt: nextAttempt(payment.id, ctx.refunds) },
          nowMs,
        );
      }
      outcome = action.action === "flag_and_refund" ? "flagged" : "refunded";
      break;
    }
  }
  const paymentChanged = isNew || applied.changed || payment !== applied.value;
  if (!write && (paymentChanged || refund)) {
    write = touchWrite(appointment, refund ? "payment.refund_started" : `payment.${payment.status}`, payment.id, nowMs);
  }
  return { payment, paymentChanged, appointment: write, paidPaymentId, refund, capture, outcome };
}

/** The appointment's `payment` summary, from the doctor's own records. */
export function paymentSummary(
  order: OrderRow | undefined,
  payments: readonly Payment[],
  refunds: readonly Refund[],
): PaymentSummary | null {
  if (!order) return null;
  const shown =
    payments.find((p) => p.id === order.paidPaymentId) ??
    [...payments].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0] ??
    null;
  return {
    orderId: order.orderId,
    paymentId: shown?.id ?? null,
    status: shown?.status ?? "created",
    amountPaidPaise: shown?.status === "captured" ? shown.amountPaise : 0,
    flag: payments.find((p) => p.flag !== null)?.flag ?? null,
    refunds: refunds.map((r) => ({ id: r.id, amountPaise: r.amountPaise, status: r.status })),
  };
}
