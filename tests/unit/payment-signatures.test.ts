import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkoutSignature,
  verifyCheckoutSignature,
  verifyWebhookSignature,
  webhookSignature,
} from "../../worker/kernel/payments/signatures.ts";

const KEY_SECRET = "key-secret-for-tests";
const orderId = "order_PqR7s8T9u0V1w2";
const paymentId = "pay_AbC1d2E3f4G5h6";

describe("checkout signature", () => {
  it("is HMAC-SHA256 of order_id|payment_id with the key secret, hex (as Razorpay documents)", async () => {
    const expected = createHmac("sha256", KEY_SECRET).update(`${orderId}|${paymentId}`).digest("hex");
    expect(await checkoutSignature(orderId, paymentId, KEY_SECRET)).toBe(expected);
  });

  it("accepts the genuine signature", async () => {
    const signature = await checkoutSignature(orderId, paymentId, KEY_SECRET);
    expect(await verifyCheckoutSignature({ orderId, paymentId, signature }, KEY_SECRET)).toEqual({
      ok: true,
      secretIndex: 0,
    });
  });

  it("rejects a tampered signature (one hex digit changed)", async () => {
    const signature = await checkoutSignature(orderId, paymentId, KEY_SECRET);
    const tampered = `${signature.slice(0, 10)}${signature[10] === "a" ? "b" : "a"}${signature.slice(11)}`;
    expect(await verifyCheckoutSignature({ orderId, paymentId, signature: tampered }, KEY_SECRET)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("rejects a genuine signature presented for another order", async () => {
    const signature = await checkoutSignature("order_Other0000001", paymentId, KEY_SECRET);
    expect((await verifyCheckoutSignature({ orderId, paymentId, signature }, KEY_SECRET)).ok).toBe(false);
  });

  it("rejects a signature made with another secret", async () => {
    const signature = await checkoutSignature(orderId, paymentId, "someone-elses-secret");
    expect((await verifyCheckoutSignature({ orderId, paymentId, signature }, KEY_SECRET)).ok).toBe(false);
  });

  it("says why a missing or malformed signature fails", async () => {
    expect(await verifyCheckoutSignature({ orderId, paymentId, signature: "" }, KEY_SECRET)).toEqual({
      ok: false,
      reason: "missing_signature",
    });
    expect(await verifyCheckoutSignature({ orderId, paymentId, signature: "zz".repeat(32) }, KEY_SECRET)).toEqual({
      ok: false,
      reason: "malformed_signature",
    });
    expect(await verifyCheckoutSignature({ orderId, paymentId, signature: "ab" }, KEY_SECRET)).toEqual({
      ok: false,
      reason: "malformed_signature",
    });
  });

  it("never verifies against an empty secret", async () => {
    const signature = createHmac("sha256", "").update(`${orderId}|${paymentId}`).digest("hex");
    expect(await verifyCheckoutSignature({ orderId, paymentId, signature }, "")).toEqual({
      ok: false,
      reason: "no_secret",
    });
  });
});

describe("webhook signature", () => {
  const body = JSON.stringify({ entity: "event", event: "payment.captured", payload: { payment: { entity: {} } } });
  const current = "whsec-current";
  const previous = "whsec-previous";

  it("is HMAC-SHA256 of the raw body with the webhook secret, hex", async () => {
    expect(await webhookSignature(body, current)).toBe(createHmac("sha256", current).update(body).digest("hex"));
  });

  it("accepts a body signed with either configured secret during rotation", async () => {
    expect(await verifyWebhookSignature(body, await webhookSignature(body, current), [current, previous])).toEqual({
      ok: true,
      secretIndex: 0,
    });
    expect(await verifyWebhookSignature(body, await webhookSignature(body, previous), [current, previous])).toEqual({
      ok: true,
      secretIndex: 1,
    });
  });

  it("rejects a body with one byte changed", async () => {
    const signature = await webhookSignature(body, current);
    const bytes = new TextEncoder().encode(body);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0x01;
    expect(await verifyWebhookSignature(bytes, signature, [current, previous])).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("verifies the raw bytes, so re-serialised JSON with other whitespace does not pass", async () => {
    const spaced = JSON.stringify(JSON.parse(body), null, 2);
    expect((await verifyWebhookSignature(spaced, await webhookSignature(body, current), [current])).ok).toBe(false);
  });

  it("accepts ArrayBuffer and Uint8Array bodies alike", async () => {
    const signature = await webhookSignature(body, current);
    const bytes = new TextEncoder().encode(body);
    expect((await verifyWebhookSignature(bytes.buffer, signature, [current])).ok).toBe(true);
    expect((await verifyWebhookSignature(bytes, signature, [current])).ok).toBe(true);
  });

  it("rejects a signature made with a retired secret no longer configured", async () => {
    expect((await verifyWebhookSignature(body, await webhookSignature(body, "whsec-retired"), [current])).ok).toBe(
      false,
    );
  });
});
