import { createHmac } from "node:crypto";

/**
 * The "hold → pay → verify" bench scenario (issue 11): each of `connections` loops, for `seconds`,
 * holds a slot (POST /appointments on a doctor with a fee), opens its Razorpay order (POST
 * …/payment), completes the checkout in the local stand-in (POST /_control/checkout, what the
 * browser's Checkout does) and verifies it (POST …/payment/verify) until the appointment is
 * booked. Plain bookings (a doctor without a fee: booked at once) run through the same loop, so
 * the two figures compare like for like: the ratio is what paying costs per booking.
 */
export interface FlowFigures {
  name: string;
  /** Completed flows per second. */
  rps: number;
  p50: number;
  p99: number;
  /** Flows that did not end booked. */
  failed: number;
  flows: number;
}

interface FlowOptions {
  url: string;
  standinUrl: string;
  tokens: string[];
  connections: number;
  seconds: number;
  /** The next free slot of a doctor (distinct per call). */
  nextSlot: (doctorId: string) => string;
}

/** The parts of the API's answers the loop reads. */
type Answer = { appointment: { id: string; status: string }; orderId: string };

async function call(
  url: string,
  method: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: Answer }> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Answer };
}

async function loop(name: string, opts: FlowOptions, flow: (token: string) => Promise<boolean>): Promise<FlowFigures> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const until = Date.now() + opts.seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (Date.now() < until) {
        const token = opts.tokens[next++ % opts.tokens.length] as string;
        const t0 = performance.now();
        const ok = await flow(token).catch(() => false);
        if (ok) latencies.push(performance.now() - t0);
        else failed++;
      }
    }),
  );
  const wallS = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
  return { name, rps: latencies.length / wallS, p50: pct(0.5), p99: pct(0.99), failed, flows: latencies.length };
}

/** Plain bookings of a doctor without a fee, through the same loop (the ratio's denominator). */
export function plainBookings(opts: FlowOptions, doctorId: string): Promise<FlowFigures> {
  return loop("POST booking, no fee (booked at once), same loop", opts, async (token) => {
    const r = await call(`${opts.url}/api/v1/appointments`, "POST", token, {
      doctorId,
      start: opts.nextSlot(doctorId),
    });
    return r.status === 201 && r.json.appointment.status === "booked";
  });
}

export function holdPayVerify(opts: FlowOptions & { keySecret: string }, doctorId: string): Promise<FlowFigures> {
  return loop("hold → pay → verify (4 calls per booking)", opts, async (token) => {
    const held = await call(`${opts.url}/api/v1/appointments`, "POST", token, {
      doctorId,
      start: opts.nextSlot(doctorId),
    });
    if (held.status !== 201 || held.json.appointment.status !== "held") return false;
    const id = held.json.appointment.id as string;
    const order = await call(`${opts.url}/api/v1/appointments/${id}/payment`, "POST", token);
    if (order.status !== 200) return false;
    const res = await fetch(`${opts.standinUrl}/_control/checkout`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ order_id: order.json.orderId }),
    });
    const paid = (await res.json()) as {
      razorpay_payment_id: string;
      razorpay_order_id: string;
      razorpay_signature: string;
    };
    // The stand-in signs as Razorpay does; checked here so a broken stand-in fails loudly.
    const expected = createHmac("sha256", opts.keySecret)
      .update(`${paid.razorpay_order_id}|${paid.razorpay_payment_id}`)
      .digest("hex");
    if (expected !== paid.razorpay_signature) throw new Error("stand-in signature mismatch");
    const verified = await call(`${opts.url}/api/v1/appointments/${id}/payment/verify`, "POST", token, {
      razorpay_payment_id: paid.razorpay_payment_id,
      razorpay_order_id: paid.razorpay_order_id,
      razorpay_signature: paid.razorpay_signature,
    });
    return verified.status === 200 && verified.json.appointment.status === "booked";
  });
}
