import { z } from "zod";
import type { ActorRole } from "./appointment.ts";

/**
 * A doctor's cancellation refund policy, kept in the doctor's schedule. Measured from the
 * appointment's start: cancelled at least `fullRefundHours` before it → everything back; at least
 * `partialRefundHours` before it → `partialRefundPercent` of the payment; later → nothing. Each
 * boundary is inclusive ("until 24 hours before" includes exactly 24 hours before). When the doctor
 * or an admin cancels, the patient did nothing wrong: always a full refund.
 *
 * Amounts are integer paise; a percentage rounds down to the paisa. Razorpay refuses refunds under
 * ₹1, so a computed refund below 100 paise is reported as none (with its own reason).
 */
const HOURS_MAX = 24 * 90;

export const RefundPolicy = z
  .object({
    fullRefundHours: z.number().int().min(0).max(HOURS_MAX),
    partialRefundHours: z.number().int().min(0).max(HOURS_MAX),
    partialRefundPercent: z.number().int().min(0).max(100),
  })
  .refine((p) => p.partialRefundHours <= p.fullRefundHours, {
    message: "partialRefundHours must not exceed fullRefundHours",
    path: ["partialRefundHours"],
  });
export type RefundPolicy = z.infer<typeof RefundPolicy>;

export const DEFAULT_REFUND_POLICY: RefundPolicy = {
  fullRefundHours: 24,
  partialRefundHours: 4,
  partialRefundPercent: 50,
};

export const RAZORPAY_MIN_REFUND_PAISE = 100;

export type RefundDecision = {
  amountPaise: number;
  percent: number;
  reason: "cancelled_by_provider" | "full_window" | "partial_window" | "too_late" | "below_minimum" | "nothing_paid";
};

export function refundFor(
  policy: RefundPolicy,
  input: {
    /** What is left to refund: captured minus what was already refunded. */
    refundablePaise: number;
    startMs: number;
    cancelledAtMs: number;
    cancelledBy: ActorRole;
  },
): RefundDecision {
  if (!Number.isSafeInteger(input.refundablePaise) || input.refundablePaise <= 0) {
    return { amountPaise: 0, percent: 0, reason: "nothing_paid" };
  }
  if (input.cancelledBy === "doctor" || input.cancelledBy === "admin" || input.cancelledBy === "system") {
    return { amountPaise: input.refundablePaise, percent: 100, reason: "cancelled_by_provider" };
  }
  const noticeMs = input.startMs - input.cancelledAtMs;
  const hoursMs = (h: number) => h * 3_600_000;
  let percent: number;
  let reason: RefundDecision["reason"];
  if (noticeMs >= hoursMs(policy.fullRefundHours)) {
    percent = 100;
    reason = "full_window";
  } else if (noticeMs >= hoursMs(policy.partialRefundHours)) {
    percent = policy.partialRefundPercent;
    reason = "partial_window";
  } else {
    return { amountPaise: 0, percent: 0, reason: "too_late" };
  }
  const amountPaise = Math.floor((input.refundablePaise * percent) / 100);
  if (amountPaise === 0) return { amountPaise: 0, percent, reason: percent === 0 ? "too_late" : "below_minimum" };
  if (amountPaise < RAZORPAY_MIN_REFUND_PAISE) return { amountPaise: 0, percent, reason: "below_minimum" };
  return { amountPaise, percent, reason };
}
