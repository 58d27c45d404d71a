import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const SAVE_DELAY_MS = 250;

/**
 * The stand-in's state: Razorpay's order, payment and refund entities with Razorpay's field names
 * and status values, and every webhook event it produced (the exact body, so a replay is
 * byte-for-byte the same event, as Razorpay's redeliveries are). Kept in memory, optionally
 * mirrored to a JSON file so `npm start` keeps its history across restarts.
 */
export type Json = Record<string, unknown>;
export interface Order extends Json {
  id: string;
  entity: "order";
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  offer_id: null;
  status: "created" | "attempted" | "paid";
  attempts: number;
  notes: Json | [];
  created_at: number;
}
export interface Payment extends Json {
  id: string;
  entity: "payment";
  amount: number;
  currency: string;
  status: "created" | "authorized" | "captured" | "refunded" | "failed";
  order_id: string;
  method: string;
  amount_refunded: number;
  refund_status: null | "partial" | "full";
  captured: boolean;
  error_code: string | null;
  error_description: string | null;
  error_source: string | null;
  error_step: string | null;
  error_reason: string | null;
  notes: Json | [];
  created_at: number;
}
export interface Refund extends Json {
  id: string;
  entity: "refund";
  amount: number;
  currency: string;
  payment_id: string;
  notes: Json | [];
  receipt: string | null;
  acquirer_data: { arn: string | null };
  created_at: number;
  batch_id: null;
  status: "pending" | "processed" | "failed";
  speed_processed: string;
  speed_requested: string;
}
export interface Delivery {
  at: string;
  status: number | null;
  error?: string;
  tampered: boolean;
}
export interface RecordedEvent {
  id: string;
  event: string;
  /** The exact JSON body that was (or will be) signed and sent. */
  body: string;
  entityIds: string[];
  createdAt: string;
  deliveries: Delivery[];
}
interface State {
  orders: Record<string, Order>;
  payments: Record<string, Payment>;
  refunds: Record<string, Refund>;
  events: RecordedEvent[];
  refundKeys: Record<string, { request: string; refundId: string }>;
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export function razorpayId(prefix: string): string {
  return `${prefix}_${Array.from(randomBytes(14), (b) => ALPHABET[b % 62]).join("")}`;
}
const now = () => Math.floor(Date.now() / 1000);
const emptyState = (): State => ({ orders: {}, payments: {}, refunds: {}, events: [], refundKeys: {} });

export class StandinStore {
  state: State;
  private readonly file: string | null;
  private readonly accountId: string;
  constructor(file: string | null, accountId: string) {
    this.file = file;
    this.accountId = accountId;
    this.state = file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as State) : emptyState();
  }

  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Writes the state at most every SAVE_DELAY_MS: the whole state is one JSON file, so writing it
   * on every call made each call cost the size of everything so far (and blocked the process the
   * stand-in shares with npm start / the bench). `flush` writes at once (close).
   */
  save(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.state));
  }

  reset(): void {
    this.state = emptyState();
    this.save();
  }

  createOrder(input: { amount: number; currency: string; receipt: string | null; notes: Json | [] }): Order {
    const order: Order = {
      id: razorpayId("order"),
      entity: "order",
      amount: input.amount,
      amount_paid: 0,
      amount_due: input.amount,
      currency: input.currency,
      receipt: input.receipt,
      offer_id: null,
      status: "created",
      attempts: 0,
      notes: input.notes,
      created_at: now(),
    };
    this.state.orders[order.id] = order;
    this.save();
    return order;
  }

  paymentsOf(orderId: string): Payment[] {
    return Object.values(this.state.payments).filter((p) => p.order_id === orderId);
  }

  refundsOf(paymentId: string): Refund[] {
    return Object.values(this.state.refunds).filter((r) => r.payment_id === paymentId);
  }

  /** A checkout attempt: Razorpay creates the payment when the customer submits the form. */
  attempt(order: Order, opts: { amount?: number; currency?: string; method?: string }): Payment {
    order.attempts += 1;
    if (order.status === "created") order.status = "attempted";
    const payment: Payment = {
      id: razorpayId("pay"),
      entity: "payment",
      amount: opts.amount ?? order.amount,
      currency: opts.currency ?? order.currency,
      status: "created",
      order_id: order.id,
      invoice_id: null,
      international: false,
      method: opts.method ?? "upi",
      amount_refunded: 0,
      refund_status: null,
      captured: false,
      description: null,
      card_id: null,
      bank: null,
      wallet: null,
      vpa: "success@razorpay",
      email: "void@razorpay.com",
      contact: "+919000090000",
      notes: order.notes,
      fee: null,
      tax: null,
      error_code: null,
      error_description: null,
      error_source: null,
      error_step: null,
      error_reason: null,
      acquirer_data: { rrn: String(100000000000 + Math.floor(Math.random() * 899999999999)) },
      created_at: now(),
    };
    this.state.payments[payment.id] = payment;
    return payment;
  }

  authorize(payment: Payment): void {
    payment.status = "authorized";
    payment.error_code = payment.error_description = payment.error_source = null;
    payment.error_step = payment.error_reason = null;
  }

  fail(payment: Payment): void {
    payment.status = "failed";
    payment.error_code = "BAD_REQUEST_ERROR";
    payment.error_description = "Payment processing failed because of incorrect OTP";
    payment.error_source = "customer";
    payment.error_step = "payment_authentication";
    payment.error_reason = "payment_failed";
  }

  capture(payment: Payment): Order | null {
    payment.status = "captured";
    payment.captured = true;
    payment.fee = Math.round(payment.amount * 0.0236);
    payment.tax = Math.round((payment.fee as number) * (18 / 118));
    const order = this.state.orders[payment.order_id] ?? null;
    if (order) {
      order.amount_paid += payment.amount;
      order.amount_due = Math.max(0, order.amount - order.amount_paid);
      order.status = "paid";
    }
    return order;
  }

  createRefund(payment: Payment, input: { amount: number; receipt: string | null; notes: Json | []; speed: string }) {
    const refund: Refund = {
      id: razorpayId("rfnd"),
      entity: "refund",
      amount: input.amount,
      currency: payment.currency,
      payment_id: payment.id,
      notes: input.notes,
      receipt: input.receipt,
      acquirer_data: { arn: null },
      created_at: now(),
      batch_id: null,
      status: "pending",
      speed_processed: "normal",
      speed_requested: input.speed,
    };
    this.state.refunds[refund.id] = refund;
    this.applyRefundedAmount(payment, input.amount);
    return refund;
  }

  settleRefund(refund: Refund, status: "processed" | "failed"): Payment | null {
    refund.status = status;
    const payment = this.state.payments[refund.payment_id] ?? null;
    if (status === "processed") refund.acquirer_data = { arn: String(Date.now()).padStart(23, "7") };
    if (status === "failed" && payment) this.applyRefundedAmount(payment, -refund.amount);
    return payment;
  }

  private applyRefundedAmount(payment: Payment, delta: number): void {
    payment.amount_refunded += delta;
    payment.refund_status =
      payment.amount_refunded === 0 ? null : payment.amount_refunded >= payment.amount ? "full" : "partial";
    if (payment.status === "refunded" || payment.status === "captured") {
      payment.status = payment.refund_status === "full" ? "refunded" : "captured";
    }
  }

  /** Records an event as Razorpay would build it: a snapshot of each entity at this moment. */
  recordEvent(event: string, entities: { payment?: Payment; order?: Order; refund?: Refund }): RecordedEvent {
    const contains = Object.keys(entities).filter((k) => entities[k as keyof typeof entities]);
    const payload: Json = {};
    for (const name of contains) payload[name] = { entity: structuredClone(entities[name as keyof typeof entities]) };
    const recorded: RecordedEvent = {
      id: razorpayId("evt").slice(4),
      event,
      body: JSON.stringify({
        entity: "event",
        account_id: this.accountId,
        event,
        contains,
        payload,
        created_at: now(),
      }),
      entityIds: contains.map((n) => (entities[n as keyof typeof entities] as { id: string }).id),
      createdAt: new Date().toISOString(),
      deliveries: [],
    };
    this.state.events.push(recorded);
    return recorded;
  }
}
