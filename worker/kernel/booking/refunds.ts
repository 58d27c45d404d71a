import type { ActorRole } from "../domain/appointment.ts";
import { type Payment, type Refund, refundKey } from "../domain/payment.ts";
import { type RefundDecision, type RefundPolicy, refundFor } from "../domain/refund-policy.ts";
import { newRefund, nextAttempt, refundablePaise } from "./payments.ts";

/**
 * Refund decisions of a doctor's object, pure like payments.ts: what a cancellation owes by the
 * doctor's policy, and what Razorpay's answer about a refund changes (a failed refund is owed again).
 */
export const MAX_REFUND_ATTEMPTS = 5;
const iso = (ms: number) => new Date(ms).toISOString();

/** Razorpay's answer about one of our refunds (the create call, or a refund webhook). */
export interface SeenRefund {
  eventId: string;
  eventType: string;
  status: "pending" | "processed" | "failed";
  /** Null when Razorpay refused to create it (it then has no id). */
  razorpayRefundId: string | null;
}

/**
 * A refund reached a final state (or got its Razorpay id). A failed refund is owed again: a new
 * attempt for the same amount with a new idempotency key, up to MAX_REFUND_ATTEMPTS.
 */
export function decideRefundSeen(
  refund: Refund,
  seen: SeenRefund,
  siblings: readonly Refund[],
  nowMs: number,
): { refund: Refund; changed: boolean; retry: Refund | null } {
  if (refund.events.some((e) => e.eventId === seen.eventId)) return { refund, changed: false, retry: null };
  let next = refund;
  if (next.razorpayRefundId === null && seen.razorpayRefundId)
    next = { ...next, razorpayRefundId: seen.razorpayRefundId };
  if (next.status === "pending" && seen.status !== "pending") {
    next = {
      ...next,
      status: seen.status,
      updatedAt: iso(nowMs),
      events: [
        ...next.events,
        { eventId: seen.eventId, type: seen.eventType, fromStatus: "pending", toStatus: seen.status, at: iso(nowMs) },
      ],
    };
  }
  const changed = next !== refund;
  const retryNeeded = changed && next.status === "failed" && refund.status !== "failed";
  const attempt = nextAttempt(refund.paymentId, siblings);
  const retry =
    retryNeeded && attempt <= MAX_REFUND_ATTEMPTS
      ? {
          ...next,
          id: refundKey(refund.paymentId, attempt),
          razorpayRefundId: null,
          status: "pending" as const,
          attempt,
          createdAt: iso(nowMs),
          updatedAt: iso(nowMs),
          events: [],
        }
      : null;
  return { refund: next, changed, retry };
}

/** What cancelling now would give back, as the cancel dialog shows it (GET …/refund-quote). */
export interface RefundQuote {
  refundPaise: number;
  percent: number;
  reason: RefundDecision["reason"];
  policy: RefundPolicy;
}

/**
 * What a cancellation gives back, by the doctor's policy (the doctor or an admin cancelling
 * always refunds in full): the quote, and the refund to record (null when nothing is owed). The
 * cancel records `refund`; the refund-quote route answers `quote` from the same call, so the two
 * can never disagree.
 */
export function decideCancelRefund(
  policy: RefundPolicy,
  input: {
    payment: Payment | undefined;
    refunds: readonly Refund[];
    startMs: number;
    cancelledAtMs: number;
    cancelledBy: ActorRole;
  },
): { quote: RefundQuote; refund: Refund | null } {
  const { payment } = input;
  const decision = refundFor(policy, {
    refundablePaise: payment ? refundablePaise(payment, input.refunds) : 0,
    startMs: input.startMs,
    cancelledAtMs: input.cancelledAtMs,
    cancelledBy: input.cancelledBy,
  });
  const quote = { refundPaise: decision.amountPaise, percent: decision.percent, reason: decision.reason, policy };
  if (!payment || decision.amountPaise === 0) return { quote, refund: null };
  const attempt = input.refunds.filter((r) => r.paymentId === payment.id).reduce((n, r) => Math.max(n, r.attempt), 0);
  const reason = decision.reason === "cancelled_by_provider" ? "cancelled_by_provider" : "cancel_policy";
  const refund = newRefund(
    payment,
    { amountPaise: decision.amountPaise, reason, attempt: attempt + 1 },
    input.cancelledAtMs,
  );
  return { quote, refund };
}
