import { describe, expect, it } from "vitest";
import { DEFAULT_REFUND_POLICY, RefundPolicy, refundFor } from "../../worker/kernel/domain/refund-policy.ts";

const policy = RefundPolicy.parse({ fullRefundHours: 24, partialRefundHours: 4, partialRefundPercent: 50 });
const start = Date.parse("2026-12-10T10:00:00Z");
const H = 3_600_000;
const S = 1_000;
const patientAt = (cancelledAtMs: number, refundablePaise = 50_000) =>
  refundFor(policy, { refundablePaise, startMs: start, cancelledAtMs, cancelledBy: "patient" });

describe("refundFor", () => {
  it("refunds in full one second before the full-refund boundary", () => {
    expect(patientAt(start - 24 * H - S)).toEqual({ amountPaise: 50_000, percent: 100, reason: "full_window" });
  });

  it("refunds in full exactly at the full-refund boundary (it is inclusive)", () => {
    expect(patientAt(start - 24 * H).amountPaise).toBe(50_000);
  });

  it("refunds the partial percentage one second after the full-refund boundary", () => {
    expect(patientAt(start - 24 * H + S)).toEqual({ amountPaise: 25_000, percent: 50, reason: "partial_window" });
  });

  it("refunds the partial percentage one second before the partial boundary", () => {
    expect(patientAt(start - 4 * H - S).amountPaise).toBe(25_000);
  });

  it("refunds nothing one second after the partial boundary", () => {
    expect(patientAt(start - 4 * H + S)).toEqual({ amountPaise: 0, percent: 0, reason: "too_late" });
  });

  it("refunds nothing after the start", () => {
    expect(patientAt(start + H).amountPaise).toBe(0);
  });

  it("refunds in full when the doctor or an admin cancels, however late", () => {
    for (const role of ["doctor", "admin"] as const) {
      expect(
        refundFor(policy, { refundablePaise: 50_000, startMs: start, cancelledAtMs: start - S, cancelledBy: role }),
      ).toEqual({ amountPaise: 50_000, percent: 100, reason: "cancelled_by_provider" });
    }
  });

  it("treats a clinic cancelling for its patient like the patient", () => {
    expect(
      refundFor(policy, { refundablePaise: 50_000, startMs: start, cancelledAtMs: start - S, cancelledBy: "clinic" })
        .amountPaise,
    ).toBe(0);
  });

  it("rounds a percentage down to whole paise", () => {
    const p = RefundPolicy.parse({ fullRefundHours: 48, partialRefundHours: 0, partialRefundPercent: 33 });
    expect(
      refundFor(p, { refundablePaise: 10_001, startMs: start, cancelledAtMs: start - H, cancelledBy: "patient" }),
    ).toEqual({ amountPaise: 3_300, percent: 33, reason: "partial_window" });
  });

  it("reports refunds under Razorpay's ₹1 minimum as none", () => {
    expect(patientAt(start - 10 * H, 150)).toEqual({ amountPaise: 0, percent: 50, reason: "below_minimum" });
  });

  it("refunds only what is left (refundable, not the original amount)", () => {
    expect(patientAt(start - 48 * H, 0)).toEqual({ amountPaise: 0, percent: 0, reason: "nothing_paid" });
  });

  it("rejects a policy whose partial window is longer than its full window", () => {
    expect(
      RefundPolicy.safeParse({ fullRefundHours: 2, partialRefundHours: 4, partialRefundPercent: 50 }).success,
    ).toBe(false);
    expect(RefundPolicy.safeParse({ ...DEFAULT_REFUND_POLICY, partialRefundPercent: 101 }).success).toBe(false);
  });
});
