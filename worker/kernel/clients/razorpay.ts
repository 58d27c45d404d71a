import type { z } from "zod";
import type { RazorpaySettings } from "../payments/config.ts";
import {
  collectionOf,
  RazorpayErrorBody,
  RazorpayOrder,
  RazorpayPayment,
  RazorpayRefund,
} from "../payments/entities.ts";

/**
 * A thin client of the Razorpay REST calls the product makes (orders, payments, refunds), on
 * `fetch`, so it runs in workerd and reaches the host named by RAZORPAY_API_BASE (Razorpay in
 * production, the local stand-in in development and tests). The official `razorpay` package is
 * not used: its host is hard-coded, it rides on axios, and its error path assumes every failure
 * has an HTTP response (a timeout becomes a TypeError).
 *
 * Every call returns a tagged result, never throws: `rejected` is Razorpay saying no (its error
 * body), `unavailable` is not knowing (network, timeout, 5xx). For a POST, `unavailable` means
 * the request may still have been applied: callers look the order up by receipt, or retry a
 * refund with the same idempotency key, instead of blindly sending a second one.
 */
export type RazorpayResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      kind: "rejected";
      status: number;
      code: string;
      description: string | null;
      field: string | null;
    }
  | { ok: false; kind: "unavailable"; message: string; maybeApplied: boolean }
  | { ok: false; kind: "invalid_response"; message: string };

export interface CreateOrderInput {
  amountPaise: number;
  currency: "INR";
  /** Our appointment id: one order per hold, findable again by receipt. */
  receipt: string;
  notes: Record<string, string>;
}

export interface RefundInput {
  amountPaise: number;
  /** Sent as `X-Refund-Idempotency` and as the receipt: the same key never refunds twice. */
  idempotencyKey: string;
  notes?: Record<string, string>;
}

export interface RazorpayClient {
  createOrder(input: CreateOrderInput): Promise<RazorpayResult<RazorpayOrder>>;
  fetchOrder(orderId: string): Promise<RazorpayResult<RazorpayOrder>>;
  /** The order created for this receipt, if any (for a create whose answer was lost). */
  findOrderByReceipt(receipt: string): Promise<RazorpayResult<RazorpayOrder | null>>;
  fetchOrderPayments(orderId: string): Promise<RazorpayResult<RazorpayPayment[]>>;
  fetchPayment(paymentId: string): Promise<RazorpayResult<RazorpayPayment>>;
  /** Captures an authorized payment (amount and currency must be the payment's). */
  capturePayment(
    paymentId: string,
    input: { amountPaise: number; currency: string },
  ): Promise<RazorpayResult<RazorpayPayment>>;
  refundPayment(paymentId: string, input: RefundInput): Promise<RazorpayResult<RazorpayRefund>>;
  fetchRefund(refundId: string): Promise<RazorpayResult<RazorpayRefund>>;
  fetchPaymentRefunds(paymentId: string): Promise<RazorpayResult<RazorpayRefund[]>>;
}

export interface RazorpayClientOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 8_000;
const ID = /^[A-Za-z0-9_]{1,64}$/;

export function razorpayClient(
  settings: Pick<RazorpaySettings, "keyId" | "keySecret" | "apiBase">,
  options: RazorpayClientOptions = {},
): RazorpayClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const authorization = `Basic ${btoa(`${settings.keyId}:${settings.keySecret}`)}`;
  const base = settings.apiBase.replace(/\/+$/, "");

  async function call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RazorpayResult<z.output<S>>> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: authorization,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { ok: false, kind: "unavailable", message, maybeApplied: method === "POST" };
    }
    const text = await res.text().catch(() => "");
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const err = RazorpayErrorBody.safeParse(json);
      if (res.status >= 500 || !err.success) {
        return {
          ok: false,
          kind: "unavailable",
          message: `Razorpay answered ${res.status}${err.success ? ` ${err.data.error.code}` : ""}`,
          maybeApplied: method === "POST",
        };
      }
      return {
        ok: false,
        kind: "rejected",
        status: res.status,
        code: err.data.error.code,
        description: err.data.error.description ?? null,
        field: err.data.error.field ?? null,
      };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        kind: "invalid_response",
        message: `${method} ${path.split("?")[0]}: ${issue ? `${issue.path.join(".")} ${issue.message}` : "unexpected body"}`,
      };
    }
    return { ok: true, value: parsed.data };
  }

  const badId = (id: string): RazorpayResult<never> | null =>
    ID.test(id)
      ? null
      : {
          ok: false,
          kind: "rejected",
          status: 400,
          code: "BAD_REQUEST_ERROR",
          description: "malformed id",
          field: "id",
        };

  const items = <T>(r: RazorpayResult<{ items: T[] }>): RazorpayResult<T[]> =>
    r.ok ? { ok: true, value: r.value.items } : r;

  return {
    createOrder: (input) =>
      call("POST", "/v1/orders", RazorpayOrder, {
        amount: input.amountPaise,
        currency: input.currency,
        receipt: input.receipt,
        notes: input.notes,
        // Authorized payments are captured at once, so a confirmed booking is money received.
        payment_capture: 1,
      }),
    fetchOrder: async (orderId) => badId(orderId) ?? call("GET", `/v1/orders/${orderId}`, RazorpayOrder),
    findOrderByReceipt: async (receipt) => {
      const r = await call(
        "GET",
        `/v1/orders?receipt=${encodeURIComponent(receipt)}&count=10`,
        collectionOf(RazorpayOrder),
      );
      if (!r.ok) return r;
      return { ok: true, value: r.value.items.find((o) => o.receipt === receipt) ?? null };
    },
    fetchOrderPayments: async (orderId) =>
      badId(orderId) ?? items(await call("GET", `/v1/orders/${orderId}/payments`, collectionOf(RazorpayPayment))),
    fetchPayment: async (paymentId) => badId(paymentId) ?? call("GET", `/v1/payments/${paymentId}`, RazorpayPayment),
    capturePayment: async (paymentId, input) =>
      badId(paymentId) ??
      call("POST", `/v1/payments/${paymentId}/capture`, RazorpayPayment, {
        amount: input.amountPaise,
        currency: input.currency,
      }),
    refundPayment: async (paymentId, input) =>
      badId(paymentId) ??
      call(
        "POST",
        `/v1/payments/${paymentId}/refund`,
        RazorpayRefund,
        { amount: input.amountPaise, speed: "normal", receipt: input.idempotencyKey, notes: input.notes ?? {} },
        { "X-Refund-Idempotency": input.idempotencyKey },
      ),
    fetchRefund: async (refundId) => badId(refundId) ?? call("GET", `/v1/refunds/${refundId}`, RazorpayRefund),
    fetchPaymentRefunds: async (paymentId) =>
      badId(paymentId) ?? items(await call("GET", `/v1/payments/${paymentId}/refunds`, collectionOf(RazorpayRefund))),
  };
}
