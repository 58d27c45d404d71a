import type { Db, Filter, IndexDescription } from "mongodb";
import type { AppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import type {
  AdminPaymentRow,
  AppointmentRow,
  MoneyPaymentRow,
  MoneyRefundRow,
} from "../../worker/kernel/domain/money-report.ts";
import type { PaymentStatus } from "../../worker/kernel/domain/payment.ts";
import type { PaymentRecord, RefundRecord } from "../../worker/kernel/domain/payment-record.ts";

/**
 * Read side of money: what the earnings and admin routes show, straight from the `payments` and
 * `refunds` collections the system-of-record consumer writes. Only the fields the figures need
 * are projected; the per-day arithmetic is the kernel's (`domain/money-report.ts`).
 */
const payments = (db: Db) => db.collection<PaymentRecord>("payments");
const refunds = (db: Db) => db.collection<RefundRecord>("refunds");
const appointments = (db: Db) => db.collection<AppointmentRecord>("appointments");

/** Indexes for these reads, created with the others by `ensureIndexes`. */
export const PAYMENT_REPORT_INDEXES: Record<string, IndexDescription[]> = {
  payments: [
    { key: { doctorId: 1, capturedAt: 1 }, name: "doctor_captured" },
    { key: { capturedAt: 1 }, name: "captured" },
    { key: { createdAt: -1, _id: -1 }, name: "created_id" },
    { key: { patientId: 1, createdAt: -1 }, name: "patient_created" },
  ],
  refunds: [
    { key: { doctorId: 1, updatedAt: 1 }, name: "doctor_updated" },
    { key: { updatedAt: 1 }, name: "updated" },
    { key: { createdAt: 1 }, name: "created" },
  ],
  appointments: [{ key: { start: 1 }, name: "start" }],
};

const PAYMENT_ROW = { _id: 0, status: 1, amountPaise: 1, flag: 1, capturedAt: 1 } as const;
const REFUND_ROW = { _id: 0, status: 1, amountPaise: 1, createdAt: 1, updatedAt: 1 } as const;
/** A guard, not a page size: a range is at most ~3 months of one doctor's or the platform's money. */
const ROW_CAP = 50_000;

export interface MoneyRows {
  payments: MoneyPaymentRow[];
  refunds: MoneyRefundRow[];
}

/** Captured payments and refunds that moved money in [start, end), optionally for one doctor. */
export async function moneyRows(db: Db, span: { start: Date; end: Date; doctorId?: string }): Promise<MoneyRows> {
  const doctor = span.doctorId ? { doctorId: span.doctorId } : {};
  const within = { $gte: span.start, $lt: span.end };
  const [p, r] = await Promise.all([
    payments(db)
      .aggregate<MoneyPaymentRow>([
        { $match: { ...doctor, status: "captured", capturedAt: within } },
        { $project: PAYMENT_ROW },
        { $limit: ROW_CAP },
      ])
      .toArray(),
    refunds(db)
      .aggregate<MoneyRefundRow>([
        {
          $match: {
            ...doctor,
            $or: [
              { status: "processed", updatedAt: within },
              { status: "pending", createdAt: within },
            ],
          },
        },
        { $project: REFUND_ROW },
        { $limit: ROW_CAP },
      ])
      .toArray(),
  ]);
  return { payments: p, refunds: r };
}

export async function appointmentRows(db: Db, span: { start: Date; end: Date }): Promise<AppointmentRow[]> {
  return appointments(db)
    .aggregate<AppointmentRow>([
      { $match: { start: { $gte: span.start, $lt: span.end } } },
      { $project: { _id: 0, status: 1, start: 1 } },
      { $limit: ROW_CAP },
    ])
    .toArray();
}

export interface PaymentFilter {
  doctorId?: string;
  patientId?: string;
  status?: PaymentStatus;
  flagged?: boolean;
  /** createdAt in [from, to). */
  from?: Date;
  to?: Date;
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** Newest first, keyset-paginated on (createdAt, _id); one extra row tells whether there is more. */
export async function listPayments(db: Db, f: PaymentFilter): Promise<{ rows: AdminPaymentRow[]; more: boolean }> {
  const and: Filter<PaymentRecord>[] = [];
  if (f.doctorId) and.push({ doctorId: f.doctorId });
  if (f.patientId) and.push({ patientId: f.patientId });
  if (f.status) and.push({ status: f.status });
  if (f.flagged !== undefined) and.push({ flag: f.flagged ? { $ne: null } : null });
  if (f.from) and.push({ createdAt: { $gte: f.from } });
  if (f.to) and.push({ createdAt: { $lt: f.to } });
  if (f.after) {
    const { createdAt, id } = f.after;
    and.push({ $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }] });
  }
  const docs = await payments(db)
    .find(and.length > 0 ? { $and: and } : {}, { projection: { events: 0 } })
    .sort({ createdAt: -1, _id: -1 })
    .limit(f.limit + 1)
    .toArray();
  const page = docs.slice(0, f.limit);
  const ids = page.map((d) => d._id);
  const owed = ids.length
    ? await refunds(db)
        .find({ paymentId: { $in: ids } }, { projection: { paymentId: 1, status: 1, amountPaise: 1 } })
        .toArray()
    : [];
  const rows = page.map((d) => {
    const mine = owed.filter((r) => r.paymentId === d._id);
    const sum = (s: string) => mine.filter((r) => r.status === s).reduce((n, r) => n + r.amountPaise, 0);
    return {
      id: d._id,
      orderId: d.orderId,
      appointmentId: d.appointmentId,
      doctorId: d.doctorId,
      patientId: d.patientId,
      amountPaise: d.amountPaise,
      currency: d.currency,
      status: d.status,
      method: d.method,
      flag: d.flag,
      createdAt: d.createdAt,
      capturedAt: d.capturedAt,
      refundedPaise: sum("processed"),
      pendingRefundPaise: sum("pending"),
    };
  });
  return { rows, more: docs.length > f.limit };
}
