import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { razorpayClient } from "../../worker/kernel/clients/razorpay.ts";
import { loadConfig } from "../../worker/kernel/config.ts";
import { checkPaymentForHold } from "../../worker/kernel/domain/payment.ts";
import { paymentsSetup } from "../../worker/kernel/payments/config.ts";
import { verifyCheckoutSignature } from "../../worker/kernel/payments/signatures.ts";

// The product's Razorpay client running in workerd against the run's Razorpay stand-in, reached
// only through configuration (RAZORPAY_API_BASE, key id, key secret), as production reaches Razorpay.
function settings() {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const setup = paymentsSetup(loaded.config);
  if (setup.state !== "on") throw new Error(`payments ${setup.state}`);
  return setup.razorpay;
}

async function control<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${settings().apiBase}/_control${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type CheckoutFields = { razorpay_payment_id: string; razorpay_order_id: string; razorpay_signature: string };
const receipt = () => `apt.doc_w.${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;

async function paidOrder(amountPaise = 50_000) {
  const rzp = razorpayClient(settings());
  const r = receipt();
  const order = await rzp.createOrder({ amountPaise, currency: "INR", receipt: r, notes: { appointmentId: r } });
  if (!order.ok) throw new Error(JSON.stringify(order));
  const fields = await control<CheckoutFields>("/checkout", { order_id: order.value.id, outcome: "capture" });
  return { rzp, order: order.value, fields };
}

describe("Razorpay client against the stand-in (in workerd)", () => {
  it("creates an order with the fee in paise, fetches it, and finds it again by receipt", async () => {
    const rzp = razorpayClient(settings());
    const r = receipt();
    const created = await rzp.createOrder({
      amountPaise: 75_000,
      currency: "INR",
      receipt: r,
      notes: { appointmentId: r, doctorId: "doc_w" },
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value).toMatchObject({
      amount: 75_000,
      amount_due: 75_000,
      currency: "INR",
      receipt: r,
      status: "created",
    });
    expect(created.value.id).toMatch(/^order_[A-Za-z0-9]{14}$/);

    const fetched = await rzp.fetchOrder(created.value.id);
    expect(fetched.ok && fetched.value.notes).toEqual({ appointmentId: r, doctorId: "doc_w" });
    const found = await rzp.findOrderByReceipt(r);
    expect(found.ok && found.value?.id).toBe(created.value.id);
    const none = await rzp.findOrderByReceipt(receipt());
    expect(none).toEqual({ ok: true, value: null });
  });

  it("pays through the control endpoint: the signature verifies and the payment matches the hold", async () => {
    const { rzp, order, fields } = await paidOrder(50_000);
    expect(fields.razorpay_order_id).toBe(order.id);
    const { keySecret } = settings();
    expect(
      await verifyCheckoutSignature(
        { orderId: order.id, paymentId: fields.razorpay_payment_id, signature: fields.razorpay_signature },
        keySecret,
      ),
    ).toEqual({ ok: true, secretIndex: 0 });

    const payment = await rzp.fetchPayment(fields.razorpay_payment_id);
    expect(payment.ok).toBe(true);
    if (!payment.ok) return;
    expect(payment.value).toMatchObject({ status: "captured", captured: true, amount: 50_000, order_id: order.id });
    expect(checkPaymentForHold(payment.value, { orderId: order.id, amountPaise: 50_000, currency: "INR" })).toEqual({
      ok: true,
      status: "captured",
    });

    const ofOrder = await rzp.fetchOrderPayments(order.id);
    expect(ofOrder.ok && ofOrder.value.map((p) => p.id)).toEqual([fields.razorpay_payment_id]);
    const paid = await rzp.fetchOrder(order.id);
    expect(paid.ok && paid.value).toMatchObject({ status: "paid", amount_paid: 50_000, amount_due: 0 });
  });

  it("sees a failed attempt as failed and not paid", async () => {
    const rzp = razorpayClient(settings());
    const order = await rzp.createOrder({ amountPaise: 20_000, currency: "INR", receipt: receipt(), notes: {} });
    if (!order.ok) throw new Error("order");
    const failed = await control<{ error: { metadata: { payment_id: string } } }>("/checkout", {
      order_id: order.value.id,
      outcome: "fail",
    });
    const payment = await rzp.fetchPayment(failed.error.metadata.payment_id);
    expect(payment.ok && payment.value).toMatchObject({ status: "failed", error_code: "BAD_REQUEST_ERROR" });
    if (!payment.ok) return;
    expect(
      checkPaymentForHold(payment.value, { orderId: order.value.id, amountPaise: 20_000, currency: "INR" }),
    ).toEqual({ ok: false, reason: "not_paid", status: "failed" });
  });

  it("refunds once per idempotency key, and settles the refund", async () => {
    const { rzp, fields } = await paidOrder(50_000);
    const key = `rf_${fields.razorpay_payment_id}_1`;
    const first = await rzp.refundPayment(fields.razorpay_payment_id, { amountPaise: 25_000, idempotencyKey: key });
    const again = await rzp.refundPayment(fields.razorpay_payment_id, { amountPaise: 25_000, idempotencyKey: key });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.value.id).toBe(first.value.id);
    expect(first.value).toMatchObject({ amount: 25_000, status: "pending", receipt: key });

    const different = await rzp.refundPayment(fields.razorpay_payment_id, { amountPaise: 30_000, idempotencyKey: key });
    expect(different).toMatchObject({ ok: false, kind: "rejected", status: 400, code: "BAD_REQUEST_ERROR" });

    await control(`/refunds/${first.value.id}/settle`, { status: "processed" });
    const settled = await rzp.fetchRefund(first.value.id);
    expect(settled.ok && settled.value.status).toBe("processed");
    const refunds = await rzp.fetchPaymentRefunds(fields.razorpay_payment_id);
    expect(refunds.ok && refunds.value.map((r) => r.id)).toEqual([first.value.id]);
    const payment = await rzp.fetchPayment(fields.razorpay_payment_id);
    expect(payment.ok && payment.value).toMatchObject({ amount_refunded: 25_000, refund_status: "partial" });
  });

  it("maps Razorpay's error body to a rejected result (more than captured, unknown id)", async () => {
    const { rzp, fields } = await paidOrder(10_000);
    const tooMuch = await rzp.refundPayment(fields.razorpay_payment_id, {
      amountPaise: 10_001,
      idempotencyKey: `rf_${fields.razorpay_payment_id}_x`,
    });
    expect(tooMuch).toEqual({
      ok: false,
      kind: "rejected",
      status: 400,
      code: "BAD_REQUEST_ERROR",
      description: "The refund amount provided is greater than amount captured",
      field: "amount",
    });
    expect(await rzp.fetchPayment("pay_DoesNotExist00")).toMatchObject({
      ok: false,
      kind: "rejected",
      description: "The id provided does not exist",
    });
    expect(await rzp.fetchOrder("../v1/orders")).toMatchObject({ ok: false, kind: "rejected", field: "id" });
  });

  it("refuses a receipt longer than Razorpay's 40 characters", async () => {
    const rzp = razorpayClient(settings());
    const r = await rzp.createOrder({ amountPaise: 10_000, currency: "INR", receipt: "x".repeat(41), notes: {} });
    expect(r).toMatchObject({ ok: false, kind: "rejected", field: "receipt" });
  });

  it("is rejected with Razorpay's 401 body when the key secret is wrong", async () => {
    const rzp = razorpayClient({ ...settings(), keySecret: "not-the-secret" });
    expect(await rzp.fetchOrder("order_Whatever000000")).toMatchObject({
      ok: false,
      kind: "rejected",
      status: 401,
      code: "BAD_REQUEST_ERROR",
      description: "Authentication failed",
    });
  });

  it("reports unavailable (maybe applied, for a POST) when Razorpay cannot be reached or is too slow", async () => {
    const down = razorpayClient({ ...settings(), apiBase: "http://127.0.0.1:9" });
    expect(
      await down.createOrder({ amountPaise: 10_000, currency: "INR", receipt: receipt(), notes: {} }),
    ).toMatchObject({ ok: false, kind: "unavailable", maybeApplied: true });
    const slow = razorpayClient(settings(), { timeoutMs: 50, fetch: (_i, init) => hang(init?.signal) });
    expect(await slow.fetchPayment("pay_Slow0000000000")).toMatchObject({
      ok: false,
      kind: "unavailable",
      maybeApplied: false,
    });
  });

  it("reports a 2xx body that is not the entity it should be as invalid_response", async () => {
    const odd = razorpayClient(settings(), { fetch: async () => Response.json({ id: "pay_x", entity: "payment" }) });
    expect(await odd.fetchPayment("pay_Odd00000000000")).toMatchObject({ ok: false, kind: "invalid_response" });
  });
});

function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason)));
}
