// Pure wording for a refund quote (unit-tested in tests/unit/web-refund-quote.test.ts).
import { formatFee } from "../format";

export interface QuoteShape {
  refundPaise: number;
  percent: number;
  reason: "cancelled_by_provider" | "full_window" | "partial_window" | "too_late" | "below_minimum" | "nothing_paid";
  policy: { fullRefundHours: number; partialRefundHours: number; partialRefundPercent: number };
}

function hours(n: number): string {
  return n === 1 ? "1 hour" : `${n} hours`;
}

/** The policy in one sentence, as the patient agreed to it. */
export function policyWording(p: QuoteShape["policy"]): string {
  const full = `a full refund until ${hours(p.fullRefundHours)} before the start`;
  if (p.partialRefundPercent === 0 || p.partialRefundHours === p.fullRefundHours) return `The policy gives ${full}.`;
  return `The policy gives ${full}, ${p.partialRefundPercent}% until ${hours(p.partialRefundHours)} before.`;
}

/** What cancelling now gives back, and why. */
export function quoteWording(q: QuoteShape): string {
  const amount = formatFee(q.refundPaise, "INR");
  switch (q.reason) {
    case "cancelled_by_provider":
      return `Cancelling now refunds all of it, ${amount}.`;
    case "full_window":
      return `Cancelling now refunds all of it, ${amount}. ${policyWording(q.policy)}`;
    case "partial_window":
      return `Cancelling now refunds ${amount} (${q.percent}%). ${policyWording(q.policy)}`;
    case "too_late":
      return `It is too late for a refund: cancelling now refunds nothing. ${policyWording(q.policy)}`;
    case "below_minimum":
      return "The refund due now is below the smallest amount that can be refunded, so cancelling now refunds nothing.";
    case "nothing_paid":
      return "Nothing was paid, so nothing is refunded.";
  }
}
