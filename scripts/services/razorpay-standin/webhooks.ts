import { createHmac } from "node:crypto";
import type { RecordedEvent } from "./store.ts";

/**
 * Sends recorded events the way Razorpay does: POST of the JSON body with
 * `X-Razorpay-Signature` = hex HMAC-SHA256(body, webhook secret) and `x-razorpay-event-id`, the
 * same id on every redelivery. `tamper` flips one byte of the body after signing (the signature
 * then no longer matches), to test that the receiver checks the raw bytes.
 */
export interface SendOptions {
  target: string;
  secret: string;
  tamper?: boolean;
  timeoutMs?: number;
}

export async function sendEvent(recorded: RecordedEvent, opts: SendOptions): Promise<number | null> {
  const signature = createHmac("sha256", opts.secret).update(recorded.body).digest("hex");
  let body = recorded.body;
  if (opts.tamper) {
    // Change a digit inside the payload (an amount or a timestamp), keeping the JSON valid.
    const i = body.search(/\d(?=[^\d]*$)/);
    const at = i >= 0 ? i : body.length - 2;
    body = `${body.slice(0, at)}${body[at] === "1" ? "2" : "1"}${body.slice(at + 1)}`;
  }
  const started = new Date().toISOString();
  try {
    const res = await fetch(opts.target, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Razorpay-Webhook/v1",
        "X-Razorpay-Signature": signature,
        "x-razorpay-event-id": recorded.id,
      },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    recorded.deliveries.push({ at: started, status: res.status, tampered: opts.tamper === true });
    return res.status;
  } catch (error) {
    recorded.deliveries.push({
      at: started,
      status: null,
      error: error instanceof Error ? error.message : String(error),
      tampered: opts.tamper === true,
    });
    return null;
  }
}
