import { createHmac } from "node:crypto";
import type { Json, Order, RecordedEvent, StandinStore } from "./store.ts";

/** Types and helpers shared by the stand-in's server, REST routes and control routes. */
export interface StandinConfig {
  /** Where webhooks go (the Worker's /api/v1/webhooks/razorpay); null = record only. */
  webhookUrl: string | null;
  /** Send the events a checkout / capture / refund produces on its own (as Razorpay does). */
  autoWebhooks: boolean;
  webhookDelayMs: number;
  /** Razorpay retries failed deliveries; here after these delays. */
  webhookRetryDelaysMs: number[];
  /** Pending refunds settle by themselves after this long (null: only by control call). */
  refundSettleMs: number | null;
  refundOutcome: "processed" | "failed";
}

export interface RazorpayStandin {
  url: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  store: StandinStore;
  config: StandinConfig;
  configure(patch: Partial<StandinConfig>): StandinConfig;
  close(): Promise<void>;
}

export class HttpError extends Error {
  readonly status: number;
  readonly description: string;
  readonly field: string | undefined;
  constructor(status: number, description: string, field?: string) {
    super(description);
    this.status = status;
    this.description = description;
    this.field = field;
  }
}

export function razorpayError(description: string, field?: string, code = "BAD_REQUEST_ERROR") {
  return {
    error: {
      code,
      description,
      source: "business",
      step: "payment_initiation",
      reason: "input_validation_failed",
      metadata: {},
      ...(field ? { field } : {}),
    },
  };
}

export interface Ctx {
  store: StandinStore;
  standin: RazorpayStandin;
  /** Records an event and, with autoWebhooks, delivers it (after webhookDelayMs, with retries). */
  emit(event: string, entities: Parameters<StandinStore["recordEvent"]>[1]): RecordedEvent;
  deliver(
    recorded: RecordedEvent,
    opts?: { tamper?: boolean; target?: string; secret?: string },
  ): Promise<number | null>;
  scheduleRefundSettlement(refundId: string): void;
}

export type Handler = (req: {
  body: Json;
  query: URLSearchParams;
  params: string[];
  idempotencyKey?: string;
}) => unknown | Promise<unknown>;
export type Route = [method: string, pattern: RegExp, handler: Handler];

export function notFound(): never {
  throw new HttpError(400, "The id provided does not exist");
}

/** The three fields Checkout hands the browser: what /_control/checkout returns. */
export function checkoutResponse(order: Order, paymentId: string, keySecret: string) {
  return {
    razorpay_payment_id: paymentId,
    razorpay_order_id: order.id,
    razorpay_signature: createHmac("sha256", keySecret).update(`${order.id}|${paymentId}`).digest("hex"),
  };
}
