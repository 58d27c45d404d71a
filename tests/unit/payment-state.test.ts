import { describe, expect, it } from "vitest";
import {
  applyPaymentObservation,
  applyRefundObservation,
  checkPaymentForHold,
  decidePaidHold,
  earnings,
  type Payment,
  type Refund,
  refundKey,
} from "../../worker/kernel/domain/payment.ts";
import {
  fromPaymentRecord,
  fromRefundRecord,
  toPaymentRecord,
  toRefundRecord,
} from "../../worker/kernel/domain/payment-record.ts";

const t0 = new Date("2026-12-01T10:00:00Z");
const later = (s: number) => new Date(t0.getTime() + s * 1000);

function payment(over: Partial<Payment> = {}): Payment {
  return {
    id: "pay_A1",
    orderId: "order_O1",
    appointmentId: "apt.doc_x.abcdefghijklmnop",
    doctorId: "doc_x",
    patientId: "u_1",
    amountPaise: 50_000,
    currency: "INR",
    status: "created",
    method: null,
    errorCode: null,
    flag: null,
    createdAt: t0.toISOString(),
    updatedAt: t0.toISOString(),
    capturedAt: null,
    events: [],
    ...over,
  };
}

function refund(over: Partial<Refund> = {}): Refund {
  return {
    id: refundKey("pay_A1", 1),
    razorpayRefundId: null,
    paymentId: "pay_A1",
    appointmentId: "apt.doc_x.abcdefghijklmnop",
    doctorId: "doc_x",
    amountPaise: 50_000,
    currency: "INR",
    status: "pending",
    reason: "cancel_policy",
    attempt: 1,
    createdAt: t0.toISOString(),
    updatedAt: t0.toISOString(),
    events: [],
    ...over,
  };
}

const obs = (eventId: string, status: "failed" | "authorized" | "captured", s = 1) => ({
  eventId,
  type: `payment.${status}`,
  status,
  at: later(s),
});

describe("payment state machine", () => {
  it("moves authorized → captured and records each event once", () => {
    const a = applyPaymentObservation(payment(), obs("ev1", "authorized"));
    const c = applyPaymentObservation(a.value, obs("ev2", "captured", 2));
    expect(c.changed).toBe(true);
    expect(c.value.status).toBe("captured");
    expect(c.value.capturedAt).toBe(later(2).toISOString());
    expect(c.value.events.map((e) => [e.eventId, e.fromStatus, e.toStatus])).toEqual([
      ["ev1", "created", "authorized"],
      ["ev2", "authorized", "captured"],
    ]);
  });

  it("ignores a failed that arrives after captured", () => {
    const captured = applyPaymentObservation(payment(), obs("ev1", "captured")).value;
    const r = applyPaymentObservation(captured, obs("ev2", "failed", 5));
    expect(r).toEqual({ changed: false, value: captured, why: "stale" });
  });

  it("accepts a late authorization after a failure", () => {
    const failed = applyPaymentObservation(payment(), { ...obs("ev1", "failed"), errorCode: "BAD_REQUEST_ERROR" });
    expect(failed.value.errorCode).toBe("BAD_REQUEST_ERROR");
    const r = applyPaymentObservation(failed.value, obs("ev2", "authorized", 60));
    expect(r.changed).toBe(true);
    expect(r.value.status).toBe("authorized");
    expect(r.value.errorCode).toBeNull();
  });

  it("ignores an older authorized after captured (reordered delivery)", () => {
    const captured = applyPaymentObservation(payment(), obs("ev2", "captured")).value;
    expect(applyPaymentObservation(captured, obs("ev1", "authorized")).changed).toBe(false);
  });

  it("treats the same event id delivered five times as one", () => {
    let p = payment();
    const results = [];
    for (let i = 0; i < 5; i++) {
      const r = applyPaymentObservation(p, obs("ev-same", "captured"));
      results.push(r.changed);
      p = r.value;
    }
    expect(results).toEqual([true, false, false, false, false]);
    expect(p.events).toHaveLength(1);
  });
});

describe("refund state machine", () => {
  it("settles pending → processed once; a later failed changes nothing", () => {
    const processed = applyRefundObservation(refund(), {
      eventId: "e1",
      type: "refund.processed",
      status: "processed",
      razorpayRefundId: "rfnd_1",
      at: later(1),
    });
    expect(processed.value).toMatchObject({ status: "processed", razorpayRefundId: "rfnd_1" });
    const failed = applyRefundObservation(processed.value, {
      eventId: "e2",
      type: "refund.failed",
      status: "failed",
      at: later(2),
    });
    expect(failed.changed).toBe(false);
    expect(failed.value.status).toBe("processed");
  });

  it("learns the Razorpay refund id even when the webhook settled the refund first", () => {
    const settled = refund({ status: "processed" });
    const r = applyRefundObservation(settled, {
      eventId: "create",
      type: "refund.created",
      status: "pending",
      razorpayRefundId: "rfnd_9",
      at: later(1),
    });
    expect(r.changed).toBe(true);
    expect(r.value).toMatchObject({ status: "processed", razorpayRefundId: "rfnd_9" });
  });

  it("ignores a duplicate refund event", () => {
    const once = applyRefundObservation(refund(), { eventId: "e1", type: "refund.failed", status: "failed", at: t0 });
    expect(applyRefundObservation(once.value, { eventId: "e1", type: "x", status: "processed", at: t0 }).changed).toBe(
      false,
    );
  });

  it("makes refund keys Razorpay accepts as idempotency keys, stable per attempt", () => {
    expect(refundKey("pay_A1", 1)).toMatch(/^[A-Za-z0-9_-]{10,}$/);
    expect(refundKey("pay_A1", 1)).toBe(refundKey("pay_A1", 1));
    expect(refundKey("pay_A1", 2)).not.toBe(refundKey("pay_A1", 1));
  });
});

describe("checkPaymentForHold", () => {
  const expected = { orderId: "order_O1", amountPaise: 50_000, currency: "INR" };
  const rp = { order_id: "order_O1", amount: 50_000, currency: "INR", status: "captured" };

  it("accepts an authorized or captured payment of the fee for our order", () => {
    expect(checkPaymentForHold(rp, expected)).toEqual({ ok: true, status: "captured" });
    expect(checkPaymentForHold({ ...rp, status: "authorized" }, expected)).toEqual({ ok: true, status: "authorized" });
  });

  it("flags an amount mismatch", () => {
    expect(checkPaymentForHold({ ...rp, amount: 100 }, expected)).toEqual({
      ok: false,
      reason: "amount_mismatch",
      expected: 50_000,
      actual: 100,
    });
  });

  it("flags a currency mismatch, and a payment of another order", () => {
    expect(checkPaymentForHold({ ...rp, currency: "USD" }, expected)).toMatchObject({ reason: "currency_mismatch" });
    expect(checkPaymentForHold({ ...rp, order_id: "order_O2" }, expected)).toMatchObject({ reason: "order_mismatch" });
  });

  it("does not count a failed payment as paid", () => {
    expect(checkPaymentForHold({ ...rp, status: "failed" }, expected)).toEqual({
      ok: false,
      reason: "not_paid",
      status: "failed",
    });
  });
});

describe("decidePaidHold", () => {
  const ok = { ok: true, status: "captured" } as const;
  const base = { check: ok, paymentId: "pay_A1", bookedPaymentId: null, slotFree: true } as const;

  it("confirms a held appointment", () => {
    expect(decidePaidHold({ ...base, appointmentStatus: "held" })).toEqual({ action: "confirm" });
  });

  it("is a no-op when the same payment already booked it (verify and webhook race)", () => {
    expect(decidePaidHold({ ...base, appointmentStatus: "booked", bookedPaymentId: "pay_A1" })).toEqual({
      action: "noop",
    });
  });

  it("refunds a second payment for an already booked appointment", () => {
    expect(decidePaidHold({ ...base, appointmentStatus: "booked", bookedPaymentId: "pay_Other" })).toEqual({
      action: "refund_full",
      reason: "duplicate",
    });
  });

  it("re-books a payment captured after expiry when the slot is still free", () => {
    expect(decidePaidHold({ ...base, appointmentStatus: "expired", slotFree: true })).toEqual({ action: "rebook" });
  });

  it("refunds in full a payment captured after expiry when the slot was taken", () => {
    expect(decidePaidHold({ ...base, appointmentStatus: "expired", slotFree: false })).toEqual({
      action: "refund_full",
      reason: "late_payment",
    });
  });

  it("never books on an amount mismatch: flags it and refunds", () => {
    expect(
      decidePaidHold({
        ...base,
        appointmentStatus: "held",
        check: { ok: false, reason: "amount_mismatch", expected: 50_000, actual: 100 },
      }),
    ).toEqual({ action: "flag_and_refund", flag: "amount_mismatch" });
  });

  it("ignores a payment that is not paid", () => {
    expect(
      decidePaidHold({
        ...base,
        appointmentStatus: "held",
        check: { ok: false, reason: "not_paid", status: "failed" },
      }),
    ).toEqual({ action: "ignore", why: "not_paid" });
  });
});

describe("earnings", () => {
  it("is captured minus processed refunds, in paise, ignoring failed and uncaptured payments", () => {
    const totals = earnings(
      [
        { status: "captured", amountPaise: 50_000, flag: null },
        { status: "captured", amountPaise: 30_000, flag: null },
        { status: "authorized", amountPaise: 99_999, flag: null },
        { status: "failed", amountPaise: 12_345, flag: null },
      ],
      [
        { status: "processed", amountPaise: 25_000 },
        { status: "pending", amountPaise: 10_000 },
        { status: "failed", amountPaise: 30_000 },
      ],
    );
    expect(totals).toEqual({
      capturedPaise: 80_000,
      refundedPaise: 25_000,
      pendingRefundPaise: 10_000,
      netPaise: 55_000,
      payments: 2,
      refunds: 1,
    });
  });

  it("is zero for nothing", () => {
    expect(earnings([], []).netPaise).toBe(0);
  });
});

describe("payment and refund records", () => {
  it("round-trip through their MongoDB shape with Date instants and the event history", () => {
    const p = applyPaymentObservation(payment(), obs("ev1", "captured")).value;
    const rec = toPaymentRecord(p, later(9));
    expect(rec._id).toBe("pay_A1");
    expect(rec.capturedAt).toEqual(later(1));
    expect(rec.events[0]?.at).toBeInstanceOf(Date);
    expect(fromPaymentRecord(rec)).toEqual(p);
    const r = refund({
      events: [
        { eventId: "e", type: "refund.processed", fromStatus: "pending", toStatus: "processed", at: t0.toISOString() },
      ],
    });
    expect(fromRefundRecord(toRefundRecord(r, later(9)))).toEqual(r);
  });
});
