import { describe, expect, it } from "vitest";
import { parseWebhookEvent, paymentIdOf } from "../../worker/kernel/payments/webhook-events.ts";

const paymentEntity = {
  id: "pay_29QQoUBi66xm2f",
  entity: "payment",
  amount: 50_000,
  currency: "INR",
  status: "captured",
  order_id: "order_9A33XWu170gUtm",
  invoice_id: null,
  international: false,
  method: "upi",
  amount_refunded: 0,
  refund_status: null,
  captured: true,
  description: null,
  card_id: null,
  bank: null,
  wallet: null,
  vpa: "success@razorpay",
  email: "gaurav.kumar@example.com",
  contact: "+919000090000",
  notes: [],
  fee: 1_180,
  tax: 180,
  error_code: null,
  error_description: null,
  created_at: 1_767_000_000,
};

describe("parseWebhookEvent", () => {
  it("parses payment.captured as Razorpay sends it (empty notes as [])", () => {
    const r = parseWebhookEvent({
      entity: "event",
      account_id: "acc_BFQ7uQEaa7j2z7",
      event: "payment.captured",
      contains: ["payment"],
      payload: { payment: { entity: paymentEntity } },
      created_at: 1_767_000_001,
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(paymentIdOf(r.event)).toBe("pay_29QQoUBi66xm2f");
      expect(r.event.event === "payment.captured" && r.event.payload.payment.entity.notes).toEqual({});
    }
  });

  it("parses order.paid with both entities", () => {
    const r = parseWebhookEvent({
      entity: "event",
      event: "order.paid",
      contains: ["payment", "order"],
      payload: {
        payment: { entity: paymentEntity },
        order: {
          entity: {
            id: "order_9A33XWu170gUtm",
            entity: "order",
            amount: 50_000,
            amount_paid: 50_000,
            amount_due: 0,
            currency: "INR",
            receipt: "apt.doc_x.abcdefghijklmnop",
            offer_id: null,
            status: "paid",
            attempts: 1,
            notes: { appointmentId: "apt.doc_x.abcdefghijklmnop" },
            created_at: 1_767_000_000,
          },
        },
      },
      created_at: 1_767_000_001,
    });
    expect(r.ok).toBe(true);
  });

  it("parses refund.processed and names its payment", () => {
    const r = parseWebhookEvent({
      entity: "event",
      event: "refund.processed",
      contains: ["refund", "payment"],
      payload: {
        refund: {
          entity: {
            id: "rfnd_FP8QHiV938haTz",
            entity: "refund",
            amount: 50_000,
            currency: "INR",
            payment_id: "pay_29QQoUBi66xm2f",
            notes: [],
            receipt: "rf_pay_29QQoUBi66xm2f_1",
            acquirer_data: { arn: null },
            created_at: 1_767_000_100,
            batch_id: null,
            status: "processed",
            speed_processed: "normal",
            speed_requested: "normal",
          },
        },
        payment: { entity: { ...paymentEntity, amount_refunded: 50_000, refund_status: "full", status: "refunded" } },
      },
      created_at: 1_767_000_101,
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(paymentIdOf(r.event)).toBe("pay_29QQoUBi66xm2f");
  });

  it("acknowledges events the product does not handle without parsing them", () => {
    expect(parseWebhookEvent({ entity: "event", event: "payment.dispute.created" })).toEqual({
      ok: false,
      reason: "unhandled",
      eventName: "payment.dispute.created",
    });
  });

  it("reports a handled event with a malformed payload as invalid, naming the field", () => {
    const r = parseWebhookEvent({
      entity: "event",
      event: "payment.failed",
      contains: ["payment"],
      payload: { payment: { entity: { ...paymentEntity, amount: "500" } } },
      created_at: 1,
    });
    expect(r.ok).toBe(false);
    if (!r.ok && r.reason === "invalid") expect(r.issues.join(" ")).toContain("payload.payment.entity.amount");
  });
});
