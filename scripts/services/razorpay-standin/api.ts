import { type Ctx, HttpError, notFound, type Route } from "./shared.ts";
import type { Json } from "./store.ts";

/** Razorpay's REST calls the product makes, with Razorpay's validation messages and error shapes. */
const collection = (items: unknown[]) => ({ entity: "collection", count: items.length, items });
const ID = "([A-Za-z0-9_]+)";

export function apiRoutes(ctx: Ctx): Route[] {
  const { store } = ctx;
  const order = (id: string) => store.state.orders[id] ?? notFound();
  const payment = (id: string) => store.state.payments[id] ?? notFound();
  return [
    [
      "POST",
      /^\/v1\/orders$/,
      ({ body }) => {
        const amount = body.amount;
        if (typeof amount !== "number" || !Number.isInteger(amount))
          throw new HttpError(400, "The amount must be an integer.", "amount");
        if (amount < 100) throw new HttpError(400, "The amount must be at least INR 1.00", "amount");
        const currency = body.currency ?? "INR";
        if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency))
          throw new HttpError(400, "The currency is invalid.", "currency");
        const receipt = body.receipt ?? null;
        if (receipt !== null && (typeof receipt !== "string" || receipt.length > 40)) {
          throw new HttpError(400, "The receipt may not be greater than 40 characters.", "receipt");
        }
        const notes = (body.notes ?? []) as Json;
        if (typeof notes !== "object" || Object.keys(notes).length > 15)
          throw new HttpError(400, "The notes may have at most 15 keys.", "notes");
        return store.createOrder({ amount, currency, receipt: receipt as string | null, notes });
      },
    ],
    [
      "GET",
      /^\/v1\/orders$/,
      ({ query }) => {
        const count = Math.min(100, Number(query.get("count") ?? 10));
        const skip = Number(query.get("skip") ?? 0);
        const receipt = query.get("receipt");
        const all = Object.values(store.state.orders)
          .filter((o) => receipt === null || o.receipt === receipt)
          .sort((a, b) => b.created_at - a.created_at);
        return collection(all.slice(skip, skip + count));
      },
    ],
    ["GET", new RegExp(`^/v1/orders/${ID}$`), ({ params }) => order(params[0] as string)],
    [
      "GET",
      new RegExp(`^/v1/orders/${ID}/payments$`),
      ({ params }) => collection(store.paymentsOf(order(params[0] as string).id)),
    ],
    ["GET", new RegExp(`^/v1/payments/${ID}$`), ({ params }) => payment(params[0] as string)],
    [
      "POST",
      new RegExp(`^/v1/payments/${ID}/capture$`),
      ({ params, body }) => {
        const p = payment(params[0] as string);
        if (p.status !== "authorized") throw new HttpError(400, "This payment has already been captured");
        if (body.amount !== p.amount)
          throw new HttpError(400, "Capture amount must be equal to the amount authorized", "amount");
        const o = store.capture(p);
        ctx.emit("payment.captured", { payment: p });
        if (o) ctx.emit("order.paid", { payment: p, order: o });
        store.save();
        return p;
      },
    ],
    [
      "POST",
      new RegExp(`^/v1/payments/${ID}/refund$`),
      ({ params, body, idempotencyKey }) => {
        const p = payment(params[0] as string);
        const request = JSON.stringify(body);
        if (idempotencyKey) {
          if (!/^[A-Za-z0-9_-]{10,}$/.test(idempotencyKey)) throw new HttpError(400, "The idempotency key is invalid.");
          const seen = store.state.refundKeys[idempotencyKey];
          if (seen) {
            if (seen.request !== request) {
              throw new HttpError(400, "Different request with the same idempotency key has already been processed.");
            }
            return store.state.refunds[seen.refundId];
          }
        }
        if (p.status !== "captured" && p.status !== "refunded") {
          throw new HttpError(400, "The payment has not been captured, so it cannot be refunded.");
        }
        const refundable = p.amount - p.amount_refunded;
        const amount = body.amount ?? refundable;
        if (typeof amount !== "number" || !Number.isInteger(amount))
          throw new HttpError(400, "The amount must be an integer.", "amount");
        if (amount < 100) throw new HttpError(400, "The amount must be at least INR 1.00", "amount");
        if (amount > refundable) {
          throw new HttpError(400, "The refund amount provided is greater than amount captured", "amount");
        }
        const refund = store.createRefund(p, {
          amount,
          receipt: typeof body.receipt === "string" ? body.receipt : null,
          notes: (body.notes ?? []) as Json,
          speed: body.speed === "optimum" ? "optimum" : "normal",
        });
        if (idempotencyKey) store.state.refundKeys[idempotencyKey] = { request, refundId: refund.id };
        store.save();
        ctx.scheduleRefundSettlement(refund.id);
        return refund;
      },
    ],
    [
      "GET",
      new RegExp(`^/v1/payments/${ID}/refunds$`),
      ({ params }) => collection(store.refundsOf(payment(params[0] as string).id)),
    ],
    ["GET", new RegExp(`^/v1/refunds/${ID}$`), ({ params }) => store.state.refunds[params[0] as string] ?? notFound()],
  ];
}
