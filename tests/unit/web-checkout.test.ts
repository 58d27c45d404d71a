import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// payForAppointment against a fake Checkout (the same surface as Razorpay's checkout.js) and a fake
// API, in plain Node: what the patient's choice in Checkout turns into, and what is sent to verify.
type Options = {
  key: string;
  order_id: string;
  handler: (r: Record<string, string>) => void;
  modal: { ondismiss: () => void };
};
let opened: { options: Options; failed: ((e: unknown) => void)[] } | null = null;
class FakeRazorpay {
  failed: ((e: unknown) => void)[] = [];
  readonly options: Options;
  constructor(options: Options) {
    this.options = options;
  }
  on(_event: string, cb: (e: unknown) => void) {
    this.failed.push(cb);
  }
  open() {
    opened = { options: this.options, failed: this.failed };
  }
}

const order = {
  keyId: "rzp_test_abc",
  orderId: "order_123",
  amount: 90_000,
  currency: "INR",
  name: "Prescripto",
  description: "Appointment",
  prefill: { name: "A", email: "a@b.test", contact: "" },
  holdExpiresAt: "2026-12-01T10:00:00.000Z",
  checkoutScript: "https://checkout.example/v1/checkout.js",
};
const calls: { url: string; body: unknown }[] = [];
const scripts: string[] = [];

beforeEach(() => {
  vi.resetModules(); // a fresh page: no script loaded yet
  opened = null;
  calls.length = 0;
  scripts.length = 0;
  vi.stubGlobal("window", { location: { origin: "http://127.0.0.1:9" }, Razorpay: FakeRazorpay });
  vi.stubGlobal("document", {
    createElement: () => ({}) as { src?: string; onload?: () => void },
    head: {
      appendChild: (s: { src: string; onload: () => void }) => {
        scripts.push(s.src);
        queueMicrotask(s.onload);
      },
    },
  });
  vi.stubGlobal("fetch", async (request: Request) => {
    const body = request.method === "POST" ? await request.clone().text() : "";
    calls.push({ url: new URL(request.url).pathname, body: body ? JSON.parse(body) : null });
    const json = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json" } });
    if (request.url.endsWith("/payment")) return json(200, order);
    if (request.url.endsWith("/payment/verify")) return json(200, { appointment: { id: "apt_1", status: "booked" } });
    return json(404, { error: { code: "NOT_FOUND", message: "no", requestId: "r" } });
  });
});
afterEach(() => vi.unstubAllGlobals());

async function start() {
  const { payForAppointment } = await import("../../web/src/payments/checkout.ts");
  const outcome = payForAppointment("apt_1");
  await vi.waitFor(() => expect(opened).not.toBeNull());
  return { outcome, checkout: opened as NonNullable<typeof opened> };
}

describe("paying for a hold through Checkout", () => {
  it("opens Checkout with the API's order and verifies exactly what Checkout returned", async () => {
    const { outcome, checkout } = await start();
    expect(scripts).toEqual([order.checkoutScript]);
    expect(checkout.options).toMatchObject({ key: "rzp_test_abc", order_id: "order_123" });
    const fields = { razorpay_payment_id: "pay_1", razorpay_order_id: "order_123", razorpay_signature: "sig" };
    checkout.options.handler(fields);
    expect(await outcome).toEqual({ status: "paid", appointment: { id: "apt_1", status: "booked" } });
    expect(calls.map((c) => c.url)).toEqual([
      "/api/v1/appointments/apt_1/payment",
      "/api/v1/appointments/apt_1/payment/verify",
    ]);
    expect(calls[1]?.body).toEqual(fields);
  });

  it("a failed attempt then closing Checkout is 'failed' with Razorpay's reason; nothing is verified", async () => {
    const { outcome, checkout } = await start();
    for (const cb of checkout.failed) cb({ error: { description: "Payment failed because of incorrect OTP" } });
    checkout.options.modal.ondismiss();
    expect(await outcome).toEqual({ status: "failed", message: "Payment failed because of incorrect OTP" });
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/appointments/apt_1/payment"]);
  });

  it("closing Checkout without trying is 'dismissed'", async () => {
    const { outcome, checkout } = await start();
    checkout.options.modal.ondismiss();
    expect(await outcome).toEqual({ status: "dismissed" });
  });

  it("the script is loaded once however often the patient tries", async () => {
    const first = await start();
    first.checkout.options.modal.ondismiss();
    await first.outcome;
    opened = null;
    const second = await start();
    second.checkout.options.modal.ondismiss();
    await second.outcome;
    expect(scripts).toEqual([order.checkoutScript]);
  });
});
