import { describe, expect, it } from "vitest";
import { policyWording, type QuoteShape, quoteWording } from "../../web/src/lib/refund-quote.ts";

const policy = { fullRefundHours: 24, partialRefundHours: 4, partialRefundPercent: 50 };
const quote = (q: Partial<QuoteShape>): QuoteShape => ({
  refundPaise: 50_000,
  percent: 100,
  reason: "full_window",
  policy,
  ...q,
});

describe("refund quote wording", () => {
  it("names the amount and the policy inside the full-refund window", () => {
    expect(quoteWording(quote({}))).toBe(
      "Cancelling now refunds all of it, ₹500. The policy gives a full refund until 24 hours before the start, 50% until 4 hours before.",
    );
  });

  it("names the percentage inside the partial window", () => {
    expect(quoteWording(quote({ refundPaise: 25_000, percent: 50, reason: "partial_window" }))).toMatch(
      /^Cancelling now refunds ₹250 \(50%\)\./,
    );
  });

  it("says plainly when it is too late for a refund", () => {
    expect(quoteWording(quote({ refundPaise: 0, percent: 0, reason: "too_late" }))).toMatch(
      /^It is too late for a refund: cancelling now refunds nothing\./,
    );
  });

  it("describes a policy without a partial window in one clause", () => {
    expect(policyWording({ fullRefundHours: 1, partialRefundHours: 1, partialRefundPercent: 50 })).toBe(
      "The policy gives a full refund until 1 hour before the start.",
    );
  });
});
