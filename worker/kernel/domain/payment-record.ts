import type { MoneyEvent, Payment, Refund } from "./payment.ts";

/**
 * MongoDB records (`payments`, `refunds`): the same fields with Date instants, `_id` = the payment id
 * / our refund key, and when the system-of-record consumer wrote it. Written by idempotent upserts
 * through the outbox → queue path, like appointments.
 */
export type PaymentRecord = Omit<Payment, "id" | "createdAt" | "updatedAt" | "capturedAt" | "events"> & {
  _id: string;
  createdAt: Date;
  updatedAt: Date;
  capturedAt: Date | null;
  events: (Omit<MoneyEvent, "at"> & { at: Date })[];
  syncedAt: Date;
};
export type RefundRecord = Omit<Refund, "id" | "createdAt" | "updatedAt" | "events"> & {
  _id: string;
  createdAt: Date;
  updatedAt: Date;
  events: (Omit<MoneyEvent, "at"> & { at: Date })[];
  syncedAt: Date;
};

const eventsToRecord = (events: MoneyEvent[]) => events.map((e) => ({ ...e, at: new Date(e.at) }));
const eventsFromRecord = (events: (Omit<MoneyEvent, "at"> & { at: Date })[]) =>
  events.map((e) => ({ ...e, at: e.at.toISOString() }));

export function toPaymentRecord(p: Payment, now: Date): PaymentRecord {
  const { id, createdAt, updatedAt, capturedAt, events, ...rest } = p;
  return {
    ...rest,
    _id: id,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
    capturedAt: capturedAt ? new Date(capturedAt) : null,
    events: eventsToRecord(events),
    syncedAt: now,
  };
}

export function fromPaymentRecord(r: PaymentRecord): Payment {
  const { _id, createdAt, updatedAt, capturedAt, events, syncedAt: _s, ...rest } = r;
  return {
    ...rest,
    id: _id,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    capturedAt: capturedAt ? capturedAt.toISOString() : null,
    events: eventsFromRecord(events),
  };
}

export function toRefundRecord(r: Refund, now: Date): RefundRecord {
  const { id, createdAt, updatedAt, events, ...rest } = r;
  return {
    ...rest,
    _id: id,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
    events: eventsToRecord(events),
    syncedAt: now,
  };
}

export function fromRefundRecord(r: RefundRecord): Refund {
  const { _id, createdAt, updatedAt, events, syncedAt: _s, ...rest } = r;
  return {
    ...rest,
    id: _id,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    events: eventsFromRecord(events),
  };
}
