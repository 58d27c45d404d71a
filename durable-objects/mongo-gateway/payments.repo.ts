import type { Db } from "mongodb";
import { toPaymentRecord, toRefundRecord } from "../../worker/kernel/domain/payment-record.ts";
import type { SorRecord } from "../../worker/kernel/messages/sor-messages.ts";
import { collections } from "./collections.ts";

type MoneyRecord = Extract<SorRecord, { type: "payment.record" | "refund.record" }>;

export const isMoneyRecord = (m: SorRecord): m is MoneyRecord =>
  m.type === "payment.record" || m.type === "refund.record";

/**
 * Payments and refunds from the doctors' outboxes, upserted by id and guarded by `rev` (the
 * appointment version written with them), so a redelivered or reordered record never moves one
 * back. A duplicate-key error on the guarded upsert means a newer record is already stored: done.
 */
export async function applyMoneyRecords(db: Db, records: MoneyRecord[], now: Date): Promise<void> {
  const { payments, refunds } = collections(db);
  for (const m of records) {
    try {
      if (m.type === "payment.record") {
        const { _id, ...rest } = toPaymentRecord(m.payment, now);
        await payments.updateOne({ _id, rev: { $lt: m.rev } }, { $set: { ...rest, rev: m.rev } }, { upsert: true });
      } else {
        const { _id, ...rest } = toRefundRecord(m.refund, now);
        await refunds.updateOne({ _id, rev: { $lt: m.rev } }, { $set: { ...rest, rev: m.rev } }, { upsert: true });
      }
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
}
