import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import {
  type AdminPaymentRow,
  dayRange,
  decodeCursor,
  type EarningsDay,
  earningsByDay,
  encodeCursor,
  type FiguresDay,
  figuresByDay,
} from "../domain/money-report.ts";
import type { EarningsTotals, PaymentStatus } from "../domain/payment.ts";
import { AppError } from "../lib/errors.ts";

/** A doctor's earnings per local day of their own time zone, with the range's totals. */
export async function doctorEarnings(
  deps: Deps,
  doctorId: string,
  q: { from: string; to: string },
): Promise<{ doctorId: string; timeZone: string; currency: "INR"; days: EarningsDay[]; totals: EarningsTotals }> {
  const gateway = mongoGateway(deps.env, deps.config, doctorId);
  const doctor = unwrap(await gateway.findDoctor({ id: doctorId }));
  if (!doctor) throw new AppError("NOT_FOUND", "Doctor not found");
  const range = dayRange(q.from, q.to, doctor.timeZone);
  const rows = unwrap(await gateway.moneyRows({ start: range.start, end: range.end, doctorId }));
  return {
    doctorId,
    timeZone: doctor.timeZone,
    currency: "INR",
    ...earningsByDay(rows.payments, rows.refunds, range, doctor.timeZone),
  };
}

export async function platformFigures(
  deps: Deps,
  q: { from: string; to: string; timeZone: string },
): Promise<{ timeZone: string; days: FiguresDay[] }> {
  const gateway = mongoGateway(deps.env, deps.config);
  const range = dayRange(q.from, q.to, q.timeZone);
  const span = { start: range.start, end: range.end };
  const [money, appointments] = await Promise.all([gateway.moneyRows(span), gateway.appointmentRows(span)]);
  const rows = unwrap(money);
  return {
    timeZone: q.timeZone,
    days: figuresByDay(rows.payments, rows.refunds, unwrap(appointments), range, q.timeZone),
  };
}

/** An AdminPaymentRow on the wire: instants as ISO strings. */
export type AdminPaymentView = Omit<AdminPaymentRow, "createdAt" | "capturedAt"> & {
  createdAt: string;
  capturedAt: string | null;
};

export async function adminPayments(
  deps: Deps,
  q: {
    doctorId?: string;
    patientId?: string;
    status?: PaymentStatus;
    flagged?: boolean;
    from?: string;
    to?: string;
    timeZone: string;
    cursor?: string;
    limit: number;
  },
): Promise<{ payments: AdminPaymentView[]; nextCursor: string | null }> {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  if (after === null) throw new AppError("VALIDATION_FAILED", "cursor is not one this API gave out");
  const from = q.from ? dayRange(q.from, q.from, q.timeZone).start : undefined;
  const to = q.to ? dayRange(q.to, q.to, q.timeZone).end : undefined;
  const { rows, more } = unwrap(
    await mongoGateway(deps.env, deps.config).listPayments({
      ...(q.doctorId ? { doctorId: q.doctorId } : {}),
      ...(q.patientId ? { patientId: q.patientId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.flagged !== undefined ? { flagged: q.flagged } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(after ? { after } : {}),
      limit: q.limit,
    }),
  );
  const last = rows.at(-1);
  return {
    payments: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      capturedAt: r.capturedAt ? r.capturedAt.toISOString() : null,
    })),
    nextCursor: more && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
