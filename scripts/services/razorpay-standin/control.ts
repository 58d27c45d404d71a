import { type Ctx, checkoutResponse, HttpError, notFound, type Route, type StandinConfig } from "./shared.ts";
import type { Json, Payment, RecordedEvent } from "./store.ts";

/**
 * Control endpoints (no auth; the stand-in listens on loopback only). What a browser or Razorpay
 * itself would do, on demand:
 *   POST /_control/checkout               complete a checkout for an order: {order_id, outcome:
 *                                         "capture" | "authorize" | "fail", amount?, currency?,
 *                                         method?, force?} → the three Checkout fields (or an error)
 *   POST /_control/payments/:id/capture   capture an authorized payment (late capture)
 *   POST /_control/payments/:id/authorize late authorization of a failed payment {capture?}
 *   POST /_control/refunds/:id/settle     {status: "processed" | "failed"}
 *   POST /_control/webhooks/send          send events: {event_ids: [...]} replays recorded events in
 *                                         that order, or {event, payment_id | order_id | refund_id}
 *                                         builds a new one from current state; {times, tamper,
 *                                         target, secret} for duplicates, a changed byte, another
 *                                         URL or a wrong secret
 *   GET  /_control/events?entity_id=      recorded events and their deliveries
 *   GET  /_control/state                  all orders, payments, refunds
 *   PUT  /_control/config                 {webhookUrl, autoWebhooks, webhookDelayMs, refundSettleMs, refundOutcome}
 *   POST /_control/reset                  forget everything
 */
const ID = "([A-Za-z0-9_]+)";
const OUTCOMES = ["capture", "authorize", "fail"] as const;

export function controlRoutes(ctx: Ctx): Route[] {
  const { store, standin } = ctx;
  const payment = (id: string) => store.state.payments[id] ?? notFound();
  const captureAndEmit = (p: Payment, events: RecordedEvent[]) => {
    const order = store.capture(p);
    events.push(ctx.emit("payment.captured", { payment: p }));
    if (order) events.push(ctx.emit("order.paid", { payment: p, order }));
  };
  const ids = (events: RecordedEvent[]) => events.map((e) => ({ id: e.id, event: e.event }));

  return [
    ["GET", /^\/_control\/health$/, () => ({ ok: true, keyId: standin.keyId })],
    [
      "POST",
      /^\/_control\/checkout$/,
      ({ body }) => {
        const order = store.state.orders[String(body.order_id)] ?? notFound();
        if (body.key_id !== undefined && body.key_id !== standin.keyId) {
          throw new HttpError(400, "The api key provided is invalid", "key_id");
        }
        const outcome = (body.outcome ?? "capture") as (typeof OUTCOMES)[number];
        if (!OUTCOMES.includes(outcome))
          throw new HttpError(400, `outcome must be one of ${OUTCOMES.join(", ")}`, "outcome");
        if (order.status === "paid" && body.force !== true)
          throw new HttpError(400, "Order has already been paid", "order_id");
        const p = store.attempt(order, {
          ...(typeof body.amount === "number" ? { amount: body.amount } : {}),
          ...(typeof body.currency === "string" ? { currency: body.currency } : {}),
          ...(typeof body.method === "string" ? { method: body.method } : {}),
        });
        const events: RecordedEvent[] = [];
        if (outcome === "fail") {
          store.fail(p);
          events.push(ctx.emit("payment.failed", { payment: p }));
          store.save();
          return {
            error: {
              code: p.error_code,
              description: p.error_description,
              source: p.error_source,
              step: p.error_step,
              reason: p.error_reason,
              metadata: { order_id: order.id, payment_id: p.id },
            },
            events: ids(events),
          };
        }
        store.authorize(p);
        events.push(ctx.emit("payment.authorized", { payment: p }));
        if (outcome === "capture") captureAndEmit(p, events);
        store.save();
        return { ...checkoutResponse(order, p.id, standin.keySecret), events: ids(events) };
      },
    ],
    [
      "POST",
      new RegExp(`^/_control/payments/${ID}/capture$`),
      ({ params }) => {
        const p = payment(params[0] as string);
        if (p.status !== "authorized") throw new HttpError(400, `payment is ${p.status}, not authorized`);
        const events: RecordedEvent[] = [];
        captureAndEmit(p, events);
        store.save();
        return { payment: p, events: ids(events) };
      },
    ],
    [
      "POST",
      new RegExp(`^/_control/payments/${ID}/authorize$`),
      ({ params, body }) => {
        const p = payment(params[0] as string);
        if (p.status !== "failed")
          throw new HttpError(400, `payment is ${p.status}; a late authorization follows a failure`);
        const events: RecordedEvent[] = [];
        store.authorize(p);
        events.push(ctx.emit("payment.authorized", { payment: p }));
        if (body.capture === true) captureAndEmit(p, events);
        store.save();
        const order = store.state.orders[p.order_id] ?? notFound();
        return { ...checkoutResponse(order, p.id, standin.keySecret), payment: p, events: ids(events) };
      },
    ],
    [
      "POST",
      new RegExp(`^/_control/refunds/${ID}/settle$`),
      ({ params, body }) => {
        const refund = store.state.refunds[params[0] as string] ?? notFound();
        const status = body.status ?? "processed";
        if (status !== "processed" && status !== "failed")
          throw new HttpError(400, "status must be processed or failed", "status");
        if (refund.status !== "pending") throw new HttpError(400, `refund is already ${refund.status}`);
        const p = store.settleRefund(refund, status);
        const recorded = ctx.emit(`refund.${status}`, { refund, ...(p ? { payment: p } : {}) });
        store.save();
        return { refund, events: ids([recorded]) };
      },
    ],
    [
      "POST",
      /^\/_control\/webhooks\/send$/,
      async ({ body }) => {
        const times = Math.max(1, Math.min(20, Number(body.times ?? 1)));
        const events = Array.isArray(body.event_ids)
          ? body.event_ids.map((id) => store.state.events.find((e) => e.id === id) ?? notFound())
          : [buildEvent(ctx, body)];
        const deliveries: { id: string; event: string; status: number | null }[] = [];
        for (const recorded of events) {
          for (let i = 0; i < times; i++) {
            const status = await ctx.deliver(recorded, {
              tamper: body.tamper === true,
              ...(typeof body.target === "string" ? { target: body.target } : {}),
              ...(typeof body.secret === "string" ? { secret: body.secret } : {}),
            });
            deliveries.push({ id: recorded.id, event: recorded.event, status });
          }
        }
        return { deliveries };
      },
    ],
    [
      "GET",
      /^\/_control\/events$/,
      ({ query }) => {
        const entity = query.get("entity_id");
        const items = store.state.events.filter((e) => entity === null || e.entityIds.includes(entity));
        return { count: items.length, items };
      },
    ],
    ["GET", /^\/_control\/state$/, () => store.state],
    [
      "PUT",
      /^\/_control\/config$/,
      ({ body }) =>
        standin.configure(
          pick(body, [
            "webhookUrl",
            "autoWebhooks",
            "webhookDelayMs",
            "webhookRetryDelaysMs",
            "refundSettleMs",
            "refundOutcome",
          ]),
        ),
    ],
    [
      "POST",
      /^\/_control\/reset$/,
      () => {
        store.reset();
        return { ok: true };
      },
    ],
  ];
}

/** A new event from the entities' current state (not recorded by a state change). */
function buildEvent(ctx: Ctx, body: Json): RecordedEvent {
  const { store } = ctx;
  const event = String(body.event ?? "");
  const refund = typeof body.refund_id === "string" ? (store.state.refunds[body.refund_id] ?? notFound()) : undefined;
  const paymentId = typeof body.payment_id === "string" ? body.payment_id : refund?.payment_id;
  const payment = paymentId ? (store.state.payments[paymentId] ?? notFound()) : undefined;
  const orderId = typeof body.order_id === "string" ? body.order_id : payment?.order_id;
  const order = orderId ? (store.state.orders[orderId] ?? notFound()) : undefined;
  let entities: Parameters<Ctx["emit"]>[1];
  if (event.startsWith("payment.")) entities = { payment: payment ?? notFound() };
  else if (event === "order.paid") entities = { payment: payment ?? notFound(), order: order ?? notFound() };
  else if (event.startsWith("refund.")) entities = { refund: refund ?? notFound(), ...(payment ? { payment } : {}) };
  else throw new HttpError(400, "event must be payment.*, order.paid or refund.*", "event");
  const recorded = store.recordEvent(event, entities);
  store.save();
  return recorded;
}

function pick(body: Json, keys: (keyof StandinConfig)[]): Partial<StandinConfig> {
  return Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, body[k]])) as Partial<StandinConfig>;
}
