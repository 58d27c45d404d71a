import type { Write } from "../../worker/kernel/booking/engine.ts";
import type { AppointmentRow } from "../../worker/kernel/booking/ledger-rows.ts";
import { touchWrite } from "../../worker/kernel/booking/payment-writes.ts";
import {
  decidePaymentSeen,
  type OrderRow,
  orderNotes,
  type PaymentOutcome,
  receiptFor,
  type SeenPayment,
} from "../../worker/kernel/booking/payments.ts";
import { decideCancelRefund, decideRefundSeen, type RefundQuote } from "../../worker/kernel/booking/refunds.ts";
import type { RazorpayClient } from "../../worker/kernel/clients/razorpay.ts";
import type { Actor, AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { Payment, Refund } from "../../worker/kernel/domain/payment.ts";
import type { RefundPolicy } from "../../worker/kernel/domain/refund-policy.ts";
import { retryDelaySeconds } from "../../worker/kernel/lib/backoff.ts";
import type { Logger } from "../../worker/kernel/lib/logger.ts";
import type { Ledger } from "./ledger.ts";
import type { PaymentLedger } from "./payment-ledger.ts";

export type OrderResult =
  | { ok: true; order: OrderRow; appointment: AppointmentView }
  | { ok: false; reason: "not_found" | "not_held" | "payments_off" }
  | { ok: false; reason: "razorpay"; message: string };

export type SeenResult =
  | { ok: true; outcome: PaymentOutcome; appointment: AppointmentView; duplicate: boolean }
  | { ok: false; reason: "not_found" | "no_order" };

interface Host {
  storage: DurableObjectStorage;
  ledger: Ledger;
  payments: PaymentLedger;
  doctorId(): string;
  now(): number;
  razorpay(): RazorpayClient | null;
  refundPolicy(): RefundPolicy | null;
  /** Writes an appointment version and its outbox snapshot (inside the caller's transaction). */
  apply(write: Write, nowMs: number): AppointmentView;
  /** Queues a payment or refund record for MongoDB (inside the caller's transaction). */
  enqueueMoney(record: { kind: "payment"; value: Payment } | { kind: "refund"; value: Refund }, rev: number): void;
  /** Arms the alarm and sends the outbox after a change (outside the transaction). */
  afterChange(): Promise<void>;
  waitUntil(p: Promise<unknown>): void;
  log: Logger;
}

/**
 * The doctor's payments: one Razorpay order per hold, every payment Razorpay reports turned into
 * a decision (kernel/booking/payments.ts) written with the event id that caused it in one
 * transaction, captures of authorized payments that booked, and refunds sent with their
 * idempotency key until Razorpay has them. Razorpay calls happen outside transactions; what they
 * return comes back in as another observation.
 */
export class PaymentDesk {
  private readonly opening = new Map<string, Promise<OrderResult>>();
  private sending: Promise<void> | null = null;

  constructor(private readonly host: Host) {}

  /** The order of a held appointment: created once (found again by receipt after a lost answer). */
  openOrder(appointmentId: string, canSee: (row: AppointmentRow) => boolean): Promise<OrderResult> {
    const running = this.opening.get(appointmentId);
    if (running) return running;
    const run = this.open(appointmentId, canSee).finally(() => this.opening.delete(appointmentId));
    this.opening.set(appointmentId, run);
    return run;
  }

  private async open(appointmentId: string, canSee: (row: AppointmentRow) => boolean): Promise<OrderResult> {
    const { ledger, payments } = this.host;
    const row = ledger.byId(appointmentId);
    if (!row || !canSee(row)) return { ok: false, reason: "not_found" };
    const existing = payments.order(appointmentId);
    if (existing) return { ok: true, order: existing, appointment: ledger.view(row) };
    if (row.status !== "held" || (row.holdExpiresAt ?? 0) <= this.host.now()) return { ok: false, reason: "not_held" };
    const client = this.host.razorpay();
    if (!client) return { ok: false, reason: "payments_off" };
    const receipt = receiptFor(appointmentId);
    let found = await client.findOrderByReceipt(receipt);
    if (found.ok && !found.value) {
      const created = await client.createOrder({
        amountPaise: row.feePaise,
        currency: "INR",
        receipt,
        notes: orderNotes(this.host.doctorId(), appointmentId),
      });
      found = created.ok
        ? { ok: true, value: created.value }
        : created.kind === "unavailable" && created.maybeApplied
          ? await client.findOrderByReceipt(receipt)
          : created;
    }
    if (!found.ok || !found.value) {
      const message = found.ok ? "order not found after create" : `${found.kind}`;
      return { ok: false, reason: "razorpay", message };
    }
    const o = found.value;
    const nowMs = this.host.now();
    const order: OrderRow = {
      appointmentId,
      orderId: o.id,
      amountPaise: o.amount,
      currency: o.currency,
      receipt,
      paidPaymentId: null,
      createdAt: nowMs,
    };
    const view = this.host.storage.transactionSync(() => {
      const current = ledger.byId(appointmentId);
      if (!current) throw new Error("appointment vanished");
      if (payments.order(appointmentId)) return ledger.view(current);
      payments.saveOrder(order);
      return this.host.apply(touchWrite(current, "payment.order_created", o.id, nowMs), nowMs);
    });
    await this.host.afterChange();
    return { ok: true, order: payments.order(appointmentId) ?? order, appointment: view };
  }

  order(appointmentId: string): OrderRow | undefined {
    return this.host.payments.order(appointmentId);
  }

  /** A payment Razorpay reported (verify, webhook, poll, capture). `eventId` makes it apply once. */
  async seePayment(appointmentId: string, seen: SeenPayment, eventId: string, eventType: string): Promise<SeenResult> {
    const { ledger, payments } = this.host;
    const nowMs = this.host.now();
    const result = this.host.storage.transactionSync(() => {
      const row = ledger.byId(appointmentId);
      if (!row) return { ok: false as const, reason: "not_found" as const };
      const order = payments.order(appointmentId);
      if (!order) return { ok: false as const, reason: "no_order" as const };
      if (!payments.recordEvent(eventId, eventType, nowMs)) {
        const booked = order.paidPaymentId === seen.id;
        return {
          ok: true as const,
          outcome: booked ? ("booked" as const) : ("duplicate" as const),
          appointment: ledger.view(row),
          duplicate: true,
          capture: false,
        };
      }
      const decision = decidePaymentSeen(
        {
          doctorId: this.host.doctorId(),
          appointment: row,
          order,
          stored: payments.payment(seen.id) ?? null,
          refunds: payments.refundsOf(appointmentId),
          slotFree: !ledger.overlappingActive(row.startMs, row.endMs, row.id),
        },
        { ...seen, eventId, eventType },
        nowMs,
      );
      if (decision.paymentChanged) payments.savePayment(decision.payment);
      if (decision.paidPaymentId !== order.paidPaymentId) payments.setPaid(appointmentId, decision.paidPaymentId);
      if (decision.refund) payments.saveRefund(decision.refund, nowMs);
      let view = ledger.view(row);
      if (decision.appointment) {
        const rev = decision.appointment.row.version;
        if (decision.paymentChanged) this.host.enqueueMoney({ kind: "payment", value: decision.payment }, rev);
        if (decision.refund) this.host.enqueueMoney({ kind: "refund", value: decision.refund }, rev);
        view = this.host.apply(decision.appointment, nowMs);
      }
      return {
        ok: true as const,
        outcome: decision.outcome,
        appointment: view,
        duplicate: false,
        capture: decision.capture,
      };
    });
    if (!result.ok) return result;
    if (!result.duplicate) await this.host.afterChange();
    if (result.capture) {
      const captured = await this.capture(appointmentId, seen);
      if (captured) return captured;
    }
    if (payments.nextRefundDue() !== null) this.host.waitUntil(this.sendDueRefunds());
    const { capture: _c, ...answer } = result;
    return answer;
  }

  /** Captures an authorized payment that booked (orders auto-capture; this covers those that did not). */
  private async capture(appointmentId: string, seen: SeenPayment): Promise<SeenResult | null> {
    const client = this.host.razorpay();
    if (!client) return null;
    const captured = await client.capturePayment(seen.id, { amountPaise: seen.amount, currency: seen.currency });
    const fresh = captured.ok ? captured : await client.fetchPayment(seen.id);
    if (!fresh.ok || fresh.value.status !== "captured") {
      this.host.log.warn("capture not confirmed; the webhook or the next poll will settle it", { paymentId: seen.id });
      return null;
    }
    return this.seePayment(appointmentId, fresh.value, `capture:${seen.id}`, "payment.captured");
  }

  /** A refund event or create answer. Unknown refunds (not ours) are ignored. */
  async seeRefund(
    seen: { receipt: string | null; razorpayRefundId: string | null; status: Refund["status"] },
    eventId: string,
    eventType: string,
  ): Promise<{ ok: boolean; changed: boolean }> {
    const { ledger, payments } = this.host;
    const nowMs = this.host.now();
    const changed = this.host.storage.transactionSync(() => {
      const refund =
        (seen.receipt ? payments.refund(seen.receipt) : undefined) ??
        (seen.razorpayRefundId ? payments.refundByRazorpayId(seen.razorpayRefundId) : undefined);
      if (!refund) return null;
      if (!payments.recordEvent(eventId, eventType, nowMs)) return false;
      const siblings = payments.refundsOf(refund.appointmentId);
      const decision = decideRefundSeen(refund, { ...seen, eventId, eventType }, siblings, nowMs);
      if (!decision.changed) return false;
      payments.saveRefund(decision.refund);
      if (decision.retry) payments.saveRefund(decision.retry, nowMs);
      const row = ledger.byId(refund.appointmentId);
      if (!row) return true;
      const write = touchWrite(row, `payment.refund_${decision.refund.status}`, refund.id, nowMs);
      this.host.enqueueMoney({ kind: "refund", value: decision.refund }, write.row.version);
      if (decision.retry) this.host.enqueueMoney({ kind: "refund", value: decision.retry }, write.row.version);
      this.host.apply(write, nowMs);
      return true;
    });
    if (changed === null) return { ok: false, changed: false };
    if (changed) await this.host.afterChange();
    // A failed refund's next attempt is due at once.
    if (changed && payments.dueRefunds(this.host.now()).length > 0) this.host.waitUntil(this.sendDueRefunds());
    return { ok: true, changed };
  }

  /**
   * Inside the transaction of a cancellation: the refund the doctor's policy owes, recorded with
   * the cancel so it is sent even if the object is evicted right after.
   */
  onCancel(cancelled: AppointmentRow, actor: Actor, nowMs: number): void {
    const refund = this.cancelRefund(cancelled, actor, nowMs)?.refund;
    if (!refund) return;
    this.host.payments.saveRefund(refund, nowMs);
    // `cancelled` is the row the cancel writes: its version is the one written with this record.
    this.host.enqueueMoney({ kind: "refund", value: refund }, cancelled.version);
    this.host.waitUntil(Promise.resolve().then(() => this.sendDueRefunds()));
  }

  /** What cancelling `before` now would refund (the cancel dialog): the same decision onCancel records. */
  quote(before: AppointmentRow, actor: Actor, nowMs: number): RefundQuote | null {
    return this.cancelRefund(before, actor, nowMs)?.quote ?? null;
  }

  /** Uses only the appointment's id and start, which a cancel does not change. */
  private cancelRefund(before: AppointmentRow, actor: Actor, nowMs: number) {
    const { payments } = this.host;
    const policy = this.host.refundPolicy();
    if (!policy) return null;
    const order = payments.order(before.id);
    return decideCancelRefund(policy, {
      payment: order?.paidPaymentId ? payments.payment(order.paidPaymentId) : undefined,
      refunds: payments.refundsOf(before.id),
      startMs: before.startMs,
      cancelledAtMs: nowMs,
      cancelledBy: actor.role,
    });
  }

  /**
   * Before holds expire: a payment may be captured while its webhook is still on the way, so ask
   * Razorpay for the order's payments and apply them first. A Razorpay outage only means the hold
   * expires; a payment seen later is handled as late money.
   */
  async beforeExpiry(expiring: readonly AppointmentRow[]): Promise<void> {
    const client = this.host.razorpay();
    if (!client) return;
    for (const row of expiring) {
      const order = this.host.payments.order(row.id);
      if (!order) continue;
      const found = await client.fetchOrderPayments(order.orderId);
      if (!found.ok) {
        this.host.log.warn("could not ask Razorpay about a hold before it expires", { orderId: order.orderId });
        continue;
      }
      for (const p of found.value) {
        if (p.status === "created") continue;
        await this.seePayment(row.id, p, `poll:${p.id}:${p.status}`, "poll");
      }
    }
  }

  nextDue(): number | null {
    return this.host.payments.nextRefundDue();
  }

  /** Sends every refund that is due; Razorpay has it once it answers (the same key never refunds twice). */
  sendDueRefunds(): Promise<void> {
    if (!this.sending) {
      const run = this.sendRound().finally(() => {
        if (this.sending === run) this.sending = null;
      });
      this.sending = run;
    }
    return this.sending;
  }

  private async sendRound(): Promise<void> {
    const client = this.host.razorpay();
    if (!client) return;
    for (const { refund, sendAttempts } of this.host.payments.dueRefunds(this.host.now())) {
      const sent = await client.refundPayment(refund.paymentId, {
        amountPaise: refund.amountPaise,
        idempotencyKey: refund.id,
        notes: { appointmentId: refund.appointmentId, doctorId: refund.doctorId },
      });
      if (sent.ok) {
        this.host.storage.transactionSync(() => this.host.payments.saveRefund(refund, null));
        await this.seeRefund(
          { receipt: refund.id, razorpayRefundId: sent.value.id, status: sent.value.status },
          `create:${sent.value.id}:${sent.value.status}`,
          "refund.created",
        );
      } else if (sent.kind === "rejected") {
        this.host.log.warn("Razorpay refused a refund", { refundId: refund.id, code: sent.code });
        this.host.storage.transactionSync(() => this.host.payments.saveRefund(refund, null));
        await this.seeRefund(
          { receipt: refund.id, razorpayRefundId: null, status: "failed" },
          `rejected:${refund.id}`,
          "refund.rejected",
        );
      } else {
        const delay = Math.min(300, retryDelaySeconds(sendAttempts + 1)) * 1000;
        this.host.storage.transactionSync(() => this.host.payments.deferRefund(refund.id, this.host.now() + delay));
      }
    }
  }
}
