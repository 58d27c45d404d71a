import { asc, eq, isNotNull, lte, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { type OrderRow, paymentSummary } from "../../worker/kernel/booking/payments.ts";
import type { PaymentSummary } from "../../worker/kernel/domain/appointment.ts";
import { Payment, Refund } from "../../worker/kernel/domain/payment.ts";
import type * as schemaTypes from "./schema.ts";
import { paymentOrders, payments, razorpayEvents, refunds } from "./schema.ts";

type Db = DrizzleSqliteDODatabase<typeof schemaTypes>;

// The orders table holds exactly the decision module's row shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
void (true satisfies Same<typeof paymentOrders.$inferSelect, OrderRow>);

/**
 * Synchronous reads and writes of a doctor's payment records (orders, payments, refunds, applied
 * Razorpay event ids). Like the appointment ledger nothing here awaits: the object composes these
 * inside `transactionSync` with the appointment write they belong to.
 */
export class PaymentLedger {
  /** Asked for every appointment view (its payment summary), so built once, not per call. */
  private readonly orderOf;
  private readonly firstRefundDue;

  constructor(private readonly db: Db) {
    this.orderOf = db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.appointmentId, sql.placeholder("appointmentId")))
      .prepare();
    this.firstRefundDue = db
      .select({ t: sql<number | null>`min(${refunds.sendAt})` })
      .from(refunds)
      .where(isNotNull(refunds.sendAt))
      .prepare();
  }

  order(appointmentId: string): OrderRow | undefined {
    return this.orderOf.get({ appointmentId });
  }

  saveOrder(row: OrderRow): void {
    this.db.insert(paymentOrders).values(row).onConflictDoNothing().run();
  }

  setPaid(appointmentId: string, paymentId: string | null): void {
    this.db
      .update(paymentOrders)
      .set({ paidPaymentId: paymentId })
      .where(eq(paymentOrders.appointmentId, appointmentId))
      .run();
  }

  payment(id: string): Payment | undefined {
    const row = this.db.select({ data: payments.data }).from(payments).where(eq(payments.id, id)).get();
    return row ? Payment.parse(JSON.parse(row.data)) : undefined;
  }

  paymentsOf(appointmentId: string): Payment[] {
    return this.db
      .select({ data: payments.data })
      .from(payments)
      .where(eq(payments.appointmentId, appointmentId))
      .all()
      .map((r) => Payment.parse(JSON.parse(r.data)));
  }

  savePayment(p: Payment): void {
    const data = JSON.stringify(p);
    this.db
      .insert(payments)
      .values({ id: p.id, appointmentId: p.appointmentId, data })
      .onConflictDoUpdate({ target: payments.id, set: { data } })
      .run();
  }

  refundsOf(appointmentId: string): Refund[] {
    return this.db
      .select({ data: refunds.data })
      .from(refunds)
      .where(eq(refunds.appointmentId, appointmentId))
      .orderBy(asc(refunds.id))
      .all()
      .map((r) => Refund.parse(JSON.parse(r.data)));
  }

  refund(id: string): Refund | undefined {
    const row = this.db.select({ data: refunds.data }).from(refunds).where(eq(refunds.id, id)).get();
    return row ? Refund.parse(JSON.parse(row.data)) : undefined;
  }

  refundByRazorpayId(razorpayRefundId: string): Refund | undefined {
    const row = this.db
      .select({ data: refunds.data })
      .from(refunds)
      .where(eq(refunds.razorpayRefundId, razorpayRefundId))
      .get();
    return row ? Refund.parse(JSON.parse(row.data)) : undefined;
  }

  /** `sendAt`: when to (re)send it to Razorpay; undefined keeps what is set, null means Razorpay has it. */
  saveRefund(r: Refund, sendAt?: number | null): void {
    const data = JSON.stringify(r);
    const set = { data, razorpayRefundId: r.razorpayRefundId, ...(sendAt === undefined ? {} : { sendAt }) };
    this.db
      .insert(refunds)
      .values({
        id: r.id,
        appointmentId: r.appointmentId,
        data,
        razorpayRefundId: r.razorpayRefundId,
        sendAt: sendAt ?? null,
      })
      .onConflictDoUpdate({ target: refunds.id, set })
      .run();
  }

  deferRefund(id: string, sendAt: number): number {
    const row = this.db
      .update(refunds)
      .set({ sendAt, sendAttempts: sql`${refunds.sendAttempts} + 1` })
      .where(eq(refunds.id, id))
      .returning({ attempts: refunds.sendAttempts })
      .get();
    return row?.attempts ?? 0;
  }

  dueRefunds(nowMs: number): { refund: Refund; sendAttempts: number }[] {
    return this.db
      .select({ data: refunds.data, sendAttempts: refunds.sendAttempts })
      .from(refunds)
      .where(lte(refunds.sendAt, nowMs))
      .orderBy(asc(refunds.sendAt))
      .limit(20)
      .all()
      .map((r) => ({ refund: Refund.parse(JSON.parse(r.data)), sendAttempts: r.sendAttempts }));
  }

  /** Asked each time the object re-arms its alarm (after every change). */
  nextRefundDue(): number | null {
    return this.firstRefundDue.get()?.t ?? null;
  }

  /** Records an applied event id; false when it was applied before (the caller then changes nothing). */
  recordEvent(eventId: string, type: string, nowMs: number): boolean {
    const inserted = this.db
      .insert(razorpayEvents)
      .values({ eventId, type, appliedAt: nowMs })
      .onConflictDoNothing()
      .returning({ eventId: razorpayEvents.eventId })
      .all();
    return inserted.length > 0;
  }

  summary(appointmentId: string): PaymentSummary | null {
    const order = this.order(appointmentId);
    return order ? paymentSummary(order, this.paymentsOf(appointmentId), this.refundsOf(appointmentId)) : null;
  }
}
