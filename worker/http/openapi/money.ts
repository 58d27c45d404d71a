import { z } from "@hono/zod-openapi";
import { IANAZone } from "luxon";
import { isDoctorId } from "../../kernel/domain/appointment.ts";
import { MAX_REPORT_DAYS } from "../../kernel/domain/money-report.ts";
import { isLocalDate } from "../../kernel/domain/schedule.ts";

/** Query and answer shapes of the money reads: doctor earnings, admin payments and figures. */
const LocalDate = z.string().refine(isLocalDate, "must be a real calendar date YYYY-MM-DD");
const Zone = z
  .string()
  .max(64)
  .refine((z) => IANAZone.isValidZone(z), "must be an IANA time zone")
  .default("Asia/Kolkata")
  .openapi({ example: "Asia/Kolkata", description: "The zone whose local days the dates name" });

const Range = { from: LocalDate.openapi({ example: "2026-12-01" }), to: LocalDate.openapi({ example: "2026-12-31" }) };

/** Local days in the doctor's own time zone. */
const fromBeforeTo = { path: ["to"], message: "must not be before from" };
const notTooLong = { path: ["to"], message: `range must be at most ${MAX_REPORT_DAYS} days` };
const span = (q: { from: string; to: string }) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;

export const EarningsQuery = z
  .object(Range)
  .refine((q) => q.from <= q.to, fromBeforeTo)
  .refine((q) => span(q) < MAX_REPORT_DAYS, notTooLong);
export const FiguresQuery = z
  .object({ ...Range, timeZone: Zone })
  .refine((q) => q.from <= q.to, fromBeforeTo)
  .refine((q) => span(q) < MAX_REPORT_DAYS, notTooLong);

export const PaymentsQuery = z
  .object({
    doctorId: z.string().refine(isDoctorId, "must be a doctor id").optional(),
    patientId: z.string().min(1).max(80).optional(),
    status: z.enum(["created", "failed", "authorized", "captured"]).optional(),
    flagged: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    timeZone: Zone,
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, fromBeforeTo);

const Paise = z.number().int();
const Totals = {
  capturedPaise: Paise,
  refundedPaise: Paise,
  pendingRefundPaise: Paise,
  netPaise: Paise,
  payments: z.number().int(),
  refunds: z.number().int(),
};

export const EarningsView = z
  .object({
    doctorId: z.string(),
    timeZone: z.string(),
    currency: z.literal("INR"),
    days: z.array(z.object({ date: z.string(), ...Totals })),
    totals: z.object(Totals),
  })
  .openapi("DoctorEarnings");

export const FiguresView = z
  .object({
    timeZone: z.string(),
    days: z.array(
      z.object({
        date: z.string(),
        bookings: z.number().int(),
        cancellations: z.number().int(),
        noShows: z.number().int(),
        revenuePaise: Paise,
        refundsPaise: Paise,
        netPaise: Paise,
      }),
    ),
  })
  .openapi("AdminFigures");

export const AdminPaymentsView = z
  .object({
    payments: z.array(
      z.object({
        id: z.string(),
        orderId: z.string(),
        appointmentId: z.string(),
        doctorId: z.string(),
        patientId: z.string(),
        amountPaise: Paise,
        currency: z.string(),
        status: z.enum(["created", "failed", "authorized", "captured"]),
        method: z.string().nullable(),
        flag: z.enum(["amount_mismatch", "currency_mismatch", "order_mismatch"]).nullable(),
        createdAt: z.string(),
        capturedAt: z.string().nullable(),
        refundedPaise: Paise,
        pendingRefundPaise: Paise,
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("AdminPayments");
