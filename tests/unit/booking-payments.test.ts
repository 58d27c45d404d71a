import { describe, expect, it } from "vitest";
import type { AppointmentRow } from "../../worker/kernel/booking/ledger-rows.ts";
import {
  decidePaymentSeen,
  newPayment,
  type OrderRow,
  paymentSummary,
  receiptFor,
  type SeenPayment,
} from "../../worker/kernel/booking/payments.ts";
import { decideCancelRefund, decideRefundSeen, MAX_REFUND_ATTEMPTS } from "../../worker/kernel/booking/refunds.ts";
import { DEFAULT_REFUND_POLICY } from "../../worker/kernel/domain/refund-policy.ts";

const NOW = Date.parse("2031-03-03T04:30:00.000Z");
const HOUR = 3_600_000;
const ID = `apt.doc_${"x".repeat(64)}.${"a1".repeat(16)}`;

const row = (over: Partial<AppointmentRow> = {}): AppointmentRow => ({
  id: ID,
  patientId: "pat_1",
  clinicId: null,
  startMs: NOW + 48 * HOUR,
  endMs: NOW + 48 * HOUR + 30 * 60_000,
  status: "held",
  holdExpiresAt: NOW + 10 * 60_000,
  feePaise: 50_000,
  version: 2,
  requestKey: null,
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
});
const order = (over: Partial<OrderRow> = {}): OrderRow => ({
  appointmentId: ID,
  orderId: "order_A",
  amountPaise: 50_000,
  currency: "INR",
  receipt: receiptFor(ID),
  paidPaymentId: null,
  createdAt: NOW,
  ...over,
});
const seen = (over: Partial<SeenPayment & { eventId: string; eventType: string }> = {}) => ({
  id: "pay_1",
  order_id: "order_A",
  amount: 50_000,
  currency: "INR",
  status: "captured" as const,
  eventId: "evt_1",
  eventType: "payment.captured",
  ...over,
});
const ctx = (over: Partial<Parameters<typeof decidePaymentSeen>[0]> = {}) => ({
  doctorId: "doc_x",
  appointment: row(),
  order: order(),
  stored: null,
  refunds: [],
  slotFree: true,
  ...over,
});

describe("payment decisions of a doctor's object", () => {
  it("derives a receipt of at most 40 characters from the longest appointment id", () => {
    expect(ID.length).toBeGreaterThan(40);
    expect(receiptFor(ID)).toBe(`apt_${"a1".repeat(16)}`);
    expect(receiptFor(ID).length).toBeLessThanOrEqual(40);
  });

  it("confirms a held appointment on a matching captured payment, no capture needed", () => {
    const d = decidePaymentSeen(ctx(), seen(), NOW);
    expect(d).toMatchObject({ outcome: "booked", paidPaymentId: "pay_1", capture: false, refund: null });
    expect(d.appointment?.row).toMatchObject({ status: "booked", holdExpiresAt: null, version: 3 });
    expect(d.payment).toMatchObject({ status: "captured", flag: null });
  });

  it("confirms on an authorized payment and asks for its capture", () => {
    const d = decidePaymentSeen(ctx(), seen({ status: "authorized" }), NOW);
    expect(d).toMatchObject({ outcome: "booked", capture: true });
  });

  it("changes nothing for a failed payment seen after its capture", () => {
    const first = decidePaymentSeen(ctx(), seen(), NOW);
    const booked = ctx({
      appointment: first.appointment?.row,
      order: order({ paidPaymentId: "pay_1" }),
      stored: first.payment,
    });
    const d = decidePaymentSeen(booked, seen({ status: "failed", eventId: "evt_2" }), NOW + 1);
    expect(d).toMatchObject({ outcome: "booked", paymentChanged: false, appointment: null, refund: null });
    expect(d.payment.status).toBe("captured");
  });

  it("accepts a late authorization after a failure and books on it", () => {
    const failed = decidePaymentSeen(ctx(), seen({ status: "failed" }), NOW);
    expect(failed).toMatchObject({ outcome: "not_paid", paidPaymentId: null });
    expect(failed.appointment?.row.status).toBe("held");
    const late = decidePaymentSeen(
      ctx({ appointment: failed.appointment?.row, stored: failed.payment }),
      seen({ status: "authorized", eventId: "evt_late" }),
      NOW + 1,
    );
    expect(late).toMatchObject({ outcome: "booked", capture: true });
    expect(late.payment.status).toBe("authorized");
  });

  it("flags and refunds in full a payment of another amount, without booking", () => {
    const d = decidePaymentSeen(ctx(), seen({ amount: 100 }), NOW);
    expect(d.outcome).toBe("flagged");
    expect(d.payment.flag).toBe("amount_mismatch");
    expect(d.refund).toMatchObject({ amountPaise: 100, reason: "mismatch", attempt: 1 });
    expect(d.appointment?.row.status).toBe("held");
  });

  it("refunds a late payment once: a second sighting owes nothing more", () => {
    const expired = row({ status: "expired", holdExpiresAt: null });
    const first = decidePaymentSeen(ctx({ appointment: expired, slotFree: false }), seen(), NOW);
    expect(first.refund).toMatchObject({ amountPaise: 50_000, reason: "late_payment" });
    const again = decidePaymentSeen(
      ctx({
        appointment: first.appointment?.row,
        slotFree: false,
        stored: first.payment,
        refunds: first.refund ? [first.refund] : [],
      }),
      seen({ eventId: "evt_2", eventType: "order.paid" }),
      NOW + 1,
    );
    expect(again.refund).toBeNull();
  });

  it("takes an expired hold's slot again when it is still free", () => {
    const d = decidePaymentSeen(ctx({ appointment: row({ status: "expired", holdExpiresAt: null }) }), seen(), NOW);
    expect(d.outcome).toBe("booked");
    expect(d.appointment?.row.status).toBe("booked");
  });

  it("refunds a second payment for an order that is already booked", () => {
    const d = decidePaymentSeen(
      ctx({ appointment: row({ status: "booked" }), order: order({ paidPaymentId: "pay_1" }) }),
      seen({ id: "pay_2" }),
      NOW,
    );
    expect(d.refund).toMatchObject({ paymentId: "pay_2", reason: "duplicate", amountPaise: 50_000 });
  });

  it("quotes exactly what the cancel records, on both sides of each policy boundary", () => {
    const payment = {
      ...newPayment(seen(), { appointmentId: ID, doctorId: "doc_x", patientId: "p", orderId: "order_A" }, NOW),
      status: "captured" as const,
    };
    const at = (hoursBefore: number, secondsOff: number, cancelledBy: "patient" | "doctor" = "patient") =>
      decideCancelRefund(DEFAULT_REFUND_POLICY, {
        payment,
        refunds: [],
        startMs: NOW + hoursBefore * HOUR,
        cancelledAtMs: NOW + secondsOff * 1000,
        cancelledBy,
      });
    const cases = [
      { d: at(24, -1), paise: 50_000, percent: 100, reason: "full_window" },
      { d: at(24, 1), paise: 25_000, percent: 50, reason: "partial_window" },
      { d: at(4, -1), paise: 25_000, percent: 50, reason: "partial_window" },
      { d: at(4, 1), paise: 0, percent: 0, reason: "too_late" },
      { d: at(1, 0, "doctor"), paise: 50_000, percent: 100, reason: "cancelled_by_provider" },
    ];
    for (const { d, paise, percent, reason } of cases) {
      expect(d.quote).toEqual({ refundPaise: paise, percent, reason, policy: DEFAULT_REFUND_POLICY });
      expect(d.refund?.amountPaise ?? 0).toBe(paise);
    }
    const unpaid = decideCancelRefund(DEFAULT_REFUND_POLICY, {
      payment: undefined,
      refunds: [],
      startMs: NOW + 48 * HOUR,
      cancelledAtMs: NOW,
      cancelledBy: "patient",
    });
    expect(unpaid).toEqual({
      quote: { refundPaise: 0, percent: 0, reason: "nothing_paid", policy: DEFAULT_REFUND_POLICY },
      refund: null,
    });
  });

  it("retries a failed refund under the next key, up to the attempt limit", () => {
    const payment = {
      ...newPayment(seen(), { appointmentId: ID, doctorId: "doc_x", patientId: "p", orderId: "order_A" }, NOW),
      status: "captured" as const,
    };
    const cancel = decideCancelRefund(DEFAULT_REFUND_POLICY, {
      payment,
      refunds: [],
      startMs: NOW + 48 * HOUR,
      cancelledAtMs: NOW,
      cancelledBy: "patient",
    }).refund;
    if (!cancel) throw new Error("no refund");
    const failed = decideRefundSeen(
      cancel,
      { eventId: "e1", eventType: "refund.failed", status: "failed", razorpayRefundId: "rfnd_1" },
      [cancel],
      NOW,
    );
    expect(failed.retry).toMatchObject({ id: "rf_pay_1_2", attempt: 2, status: "pending", amountPaise: 50_000 });
    const last = { ...cancel, attempt: MAX_REFUND_ATTEMPTS, id: `rf_pay_1_${MAX_REFUND_ATTEMPTS}` };
    expect(
      decideRefundSeen(
        last,
        { eventId: "e9", eventType: "refund.failed", status: "failed", razorpayRefundId: "rfnd_9" },
        [last],
        NOW,
      ).retry,
    ).toBeNull();
    expect(
      decideRefundSeen(
        failed.refund,
        { eventId: "e1", eventType: "refund.failed", status: "failed", razorpayRefundId: "rfnd_1" },
        [],
        NOW,
      ).changed,
    ).toBe(false);
  });

  it("summarises the paying payment and every refund for the appointment", () => {
    const d = decidePaymentSeen(ctx(), seen(), NOW);
    const s = paymentSummary(order({ paidPaymentId: "pay_1" }), [d.payment], []);
    expect(s).toEqual({
      orderId: "order_A",
      paymentId: "pay_1",
      status: "captured",
      amountPaidPaise: 50_000,
      flag: null,
      refunds: [],
    });
    expect(paymentSummary(undefined, [], [])).toBeNull();
  });
});
