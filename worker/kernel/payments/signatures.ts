/**
 * Razorpay's two signatures, verified with WebCrypto so the same code runs in workerd and Node.
 *
 * - Checkout: HMAC-SHA256(`<order_id>|<payment_id>`, key secret), hex. The order id must come from
 *   our own record of the hold, never from the browser, or a payment for another (cheaper) order
 *   could be replayed against this one.
 * - Webhooks: HMAC-SHA256(raw request body, webhook secret), hex, in `X-Razorpay-Signature`. It is
 *   computed over the exact bytes received: parsing and re-serialising first would change them.
 *   Up to two secrets are accepted so the secret can be rotated without dropping events.
 *
 * Comparison goes through `crypto.subtle.verify`, which compares in constant time, so a caller
 * cannot learn a valid signature byte by byte from response timings.
 */
const encoder = new TextEncoder();
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export type SignatureCheck =
  | { ok: true; secretIndex: number }
  | { ok: false; reason: "missing_signature" | "malformed_signature" | "no_secret" | "mismatch" };

function bytesOf(data: string | ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof data === "string") return encoder.encode(data);
  if (data instanceof Uint8Array) return new Uint8Array(data);
  return new Uint8Array(data);
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

export async function hmacSha256Hex(secret: string, data: string | ArrayBuffer | Uint8Array): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), bytesOf(data));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function verifyWith(secrets: readonly string[], signature: string | null | undefined, data: Uint8Array) {
  if (!signature) return { ok: false, reason: "missing_signature" } as const;
  if (!HEX_SHA256.test(signature)) return { ok: false, reason: "malformed_signature" } as const;
  const usable = secrets.filter((s) => s.length > 0);
  if (usable.length === 0) return { ok: false, reason: "no_secret" } as const;
  const mac = hexToBytes(signature);
  for (const [index, secret] of usable.entries()) {
    const key = await hmacKey(secret, "verify");
    if (await crypto.subtle.verify("HMAC", key, mac, bytesOf(data))) return { ok: true, secretIndex: index } as const;
  }
  return { ok: false, reason: "mismatch" } as const;
}

/** The `razorpay_signature` Checkout hands the browser after a successful payment. */
export function checkoutSignature(orderId: string, paymentId: string, keySecret: string): Promise<string> {
  return hmacSha256Hex(keySecret, `${orderId}|${paymentId}`);
}

export function verifyCheckoutSignature(
  input: { orderId: string; paymentId: string; signature: string | null | undefined },
  keySecret: string,
): Promise<SignatureCheck> {
  return verifyWith([keySecret], input.signature, encoder.encode(`${input.orderId}|${input.paymentId}`));
}

export function webhookSignature(rawBody: string | ArrayBuffer | Uint8Array, webhookSecret: string): Promise<string> {
  return hmacSha256Hex(webhookSecret, rawBody);
}

/** `secrets`: the configured webhook secrets (current first, the one being retired second). */
export function verifyWebhookSignature(
  rawBody: string | ArrayBuffer | Uint8Array,
  signature: string | null | undefined,
  secrets: readonly string[],
): Promise<SignatureCheck> {
  return verifyWith(secrets, signature, bytesOf(rawBody));
}
