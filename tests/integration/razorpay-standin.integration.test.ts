import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RazorpayStandin, startRazorpayStandin } from "../../scripts/services/razorpay-standin.ts";
import { verifyWebhookSignature } from "../../worker/kernel/payments/signatures.ts";
import { parseWebhookEvent } from "../../worker/kernel/payments/webhook-events.ts";
import { eventually } from "../support/mongo.ts";

// The stand-in's own behaviour, with a dedicated instance and a local webhook receiver, so the
// run's shared stand-in (and its webhook target) is left alone.
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
let standin: RazorpayStandin;
let receiverUrl: string;
let received: Received[] = [];
let answers: number[] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(answers.shift() ?? 200).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen({ host: "127.0.0.1", port: 0 }, () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
  standin = await startRazorpayStandin({
    keyId: "rzp_test_StandinTest01",
    keySecret: "standin-key-secret",
    webhookSecret: "standin-webhook-secret",
    config: { webhookUrl: receiverUrl, webhookRetryDelaysMs: [50, 50], refundSettleMs: null },
  });
});
afterAll(async () => {
  await standin.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});
beforeEach(() => {
  received = [];
  answers = [];
  standin.configure({ autoWebhooks: true, refundSettleMs: null, refundOutcome: "processed" });
});

const auth = () => `Basic ${Buffer.from(`${standin.keyId}:${standin.keySecret}`).toString("base64")}`;
async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${standin.url}${path}`, {
    method,
    headers: { Authorization: auth(), "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
const control = <T>(path: string, body: unknown = {}) => api<T>("POST", `/_control${path}`, body);
const newOrder = async (amount = 50_000) =>
  (await api<{ id: string }>("POST", "/v1/orders", { amount, currency: "INR", receipt: `r_${Date.now()}` })).body.id;
const until = (n: number) => eventually(async () => (received.length >= n ? received : null), { timeoutMs: 5_000 });
const eventNames = (rs: Received[]) => rs.map((r) => (JSON.parse(r.body) as { event: string }).event);

describe("Razorpay stand-in: REST", () => {
  it("refuses a request without the key id and secret, with Razorpay's error body", async () => {
    const res = await fetch(`${standin.url}/v1/orders/order_x`, { headers: { Authorization: "Basic Zm9vOmJhcg==" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: "BAD_REQUEST_ERROR", description: "Authentication failed" },
    });
  });

  it("validates an order as Razorpay does (minimum ₹1)", async () => {
    const r = await api("POST", "/v1/orders", { amount: 99, currency: "INR" });
    expect(r).toEqual({
      status: 400,
      body: {
        error: expect.objectContaining({
          code: "BAD_REQUEST_ERROR",
          description: "The amount must be at least INR 1.00",
          field: "amount",
        }),
      },
    });
  });

  it("serves a Checkout script with Razorpay's constructor and a checkout page", async () => {
    const script = await (await fetch(`${standin.url}/v1/checkout.js`)).text();
    expect(script).toContain("window.Razorpay = Razorpay");
    expect(script).toContain("ondismiss");
    const page = await fetch(`${standin.url}/checkout?order_id=order_1&amount=50000&name=%3Cb%3E`);
    const html = await page.text();
    expect(html).toContain("₹500.00");
    expect(html).toContain("&lt;b&gt;");
  });
});

describe("Razorpay stand-in: checkout and webhooks", () => {
  it("sends payment.authorized, payment.captured and order.paid for a captured checkout, each signed over its body", async () => {
    const orderId = await newOrder();
    const fields = await control<{ razorpay_payment_id: string }>("/checkout", { order_id: orderId });
    expect(fields.status).toBe(200);
    const got = await until(3);
    expect(eventNames(got)).toEqual(["payment.authorized", "payment.captured", "order.paid"]);
    for (const r of got) {
      expect(r.headers["x-razorpay-event-id"]).toMatch(/^[A-Za-z0-9]{14}$/);
      const check = await verifyWebhookSignature(r.body, r.headers["x-razorpay-signature"] as string, [
        standin.webhookSecret,
      ]);
      expect(check.ok).toBe(true);
      const parsed = parseWebhookEvent(JSON.parse(r.body));
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    }
    // The authorized snapshot says authorized even though the payment is captured by now.
    const first = JSON.parse(got[0]?.body ?? "{}") as {
      payload: { payment: { entity: { status: string; id: string } } };
    };
    expect(first.payload.payment.entity).toMatchObject({ status: "authorized", id: fields.body.razorpay_payment_id });
  });

  it("sends the same event five times with the same id and the same bytes", async () => {
    standin.configure({ autoWebhooks: false });
    const orderId = await newOrder();
    const paid = await control<{ events: { id: string; event: string }[] }>("/checkout", { order_id: orderId });
    const captured = paid.body.events.find((e) => e.event === "payment.captured");
    const sent = await control<{ deliveries: { status: number }[] }>("/webhooks/send", {
      event_ids: [captured?.id],
      times: 5,
    });
    expect(sent.body.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(received.map((r) => r.headers["x-razorpay-event-id"]))).toEqual(new Set([captured?.id]));
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
  });

  it("replays recorded events in any order asked", async () => {
    standin.configure({ autoWebhooks: false });
    const paid = await control<{ events: { id: string; event: string }[] }>("/checkout", {
      order_id: await newOrder(),
    });
    const reversed = [...paid.body.events].reverse().map((e) => e.id);
    await control("/webhooks/send", { event_ids: reversed });
    expect(eventNames(received)).toEqual(["order.paid", "payment.captured", "payment.authorized"]);
  });

  it("sends a body with one changed byte whose signature no longer verifies", async () => {
    standin.configure({ autoWebhooks: false });
    const paid = await control<{ razorpay_payment_id: string }>("/checkout", { order_id: await newOrder() });
    await control("/webhooks/send", {
      event: "payment.captured",
      payment_id: paid.body.razorpay_payment_id,
      tamper: true,
    });
    const [r] = received;
    if (!r) throw new Error("nothing received");
    expect(() => JSON.parse(r.body)).not.toThrow();
    expect(
      await verifyWebhookSignature(r.body, r.headers["x-razorpay-signature"] as string, [standin.webhookSecret]),
    ).toEqual({ ok: false, reason: "mismatch" });
  });

  it("produces a late authorization after a failure (failed → authorized → captured)", async () => {
    const orderId = await newOrder();
    const failed = await control<{ error: { metadata: { payment_id: string } } }>("/checkout", {
      order_id: orderId,
      outcome: "fail",
    });
    const paymentId = failed.body.error.metadata.payment_id;
    await until(1);
    const late = await control<{ razorpay_signature: string }>(`/payments/${paymentId}/authorize`, { capture: true });
    expect(late.body.razorpay_signature).toMatch(/^[0-9a-f]{64}$/);
    expect(eventNames(await until(4))).toEqual([
      "payment.failed",
      "payment.authorized",
      "payment.captured",
      "order.paid",
    ]);
    expect((await api<{ status: string }>("GET", `/v1/payments/${paymentId}`)).body.status).toBe("captured");
  });

  it("lets a payment be only authorized, then captured later", async () => {
    const orderId = await newOrder();
    const auth = await control<{ razorpay_payment_id: string }>("/checkout", {
      order_id: orderId,
      outcome: "authorize",
    });
    await until(1);
    expect((await api<{ status: string }>("GET", `/v1/orders/${orderId}`)).body.status).toBe("attempted");
    await control(`/payments/${auth.body.razorpay_payment_id}/capture`);
    expect(eventNames(await until(3))).toEqual(["payment.authorized", "payment.captured", "order.paid"]);
  });

  it("retries a delivery the receiver refused", async () => {
    answers = [500];
    await control("/checkout", { order_id: await newOrder(), outcome: "authorize" });
    const got = await until(2);
    expect(got[0]?.headers["x-razorpay-event-id"]).toBe(got[1]?.headers["x-razorpay-event-id"]);
  });

  it("can pay an order with a different amount (to test mismatch handling)", async () => {
    const orderId = await newOrder(50_000);
    const paid = await control<{ razorpay_payment_id: string }>("/checkout", { order_id: orderId, amount: 100 });
    expect((await api<{ amount: number }>("GET", `/v1/payments/${paid.body.razorpay_payment_id}`)).body.amount).toBe(
      100,
    );
  });
});

describe("Razorpay stand-in: refunds", () => {
  async function captured() {
    standin.configure({ autoWebhooks: false });
    const paid = await control<{ razorpay_payment_id: string }>("/checkout", { order_id: await newOrder(50_000) });
    standin.configure({ autoWebhooks: true });
    return paid.body.razorpay_payment_id;
  }

  it("settles a refund by itself after the configured delay and sends refund.processed", async () => {
    standin.configure({ refundSettleMs: 50 });
    const paymentId = await captured();
    const refund = await api<{ id: string; status: string }>(
      "POST",
      `/v1/payments/${paymentId}/refund`,
      { amount: 50_000 },
      { "X-Refund-Idempotency": `rf_${paymentId}_1` },
    );
    expect(refund.body.status).toBe("pending");
    expect(eventNames(await until(1))).toEqual(["refund.processed"]);
    const parsed = parseWebhookEvent(JSON.parse(received[0]?.body ?? "{}"));
    expect(parsed.ok).toBe(true);
    expect((await api<{ status: string }>("GET", `/v1/payments/${paymentId}`)).body).toMatchObject({
      status: "refunded",
      refund_status: "full",
    });
  });

  it("fails a refund on a control call and gives the amount back to the payment", async () => {
    const paymentId = await captured();
    const refund = await api<{ id: string }>("POST", `/v1/payments/${paymentId}/refund`, { amount: 20_000 });
    await control(`/refunds/${refund.body.id}/settle`, { status: "failed" });
    expect(eventNames(await until(1))).toEqual(["refund.failed"]);
    expect((await api<{ amount_refunded: number }>("GET", `/v1/payments/${paymentId}`)).body.amount_refunded).toBe(0);
  });

  it("keeps its state in the data file across restarts", async () => {
    const file = `${process.env.TEST_RUN_DIR ?? "/tmp"}/razorpay-standin-persist-${Date.now()}.json`;
    const a = await startRazorpayStandin({ dataFile: file, keyId: "rzp_test_Persist0001", keySecret: "k-secret-1" });
    const res = await fetch(`${a.url}/v1/orders`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from("rzp_test_Persist0001:k-secret-1").toString("base64")}` },
      body: JSON.stringify({ amount: 10_000, currency: "INR", receipt: "persist" }),
    });
    const order = (await res.json()) as { id: string };
    await a.close();
    const b = await startRazorpayStandin({ dataFile: file });
    expect(b.store.state.orders[order.id]?.receipt).toBe("persist");
    await b.close();
  });
});
