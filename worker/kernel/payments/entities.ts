import { z } from "zod";

/**
 * Razorpay's order, payment and refund entities as its REST API returns them and its webhooks
 * carry them (same field names, amounts in the smallest currency unit, times in Unix seconds).
 * Only the fields the product reads are required; the objects are loose because Razorpay adds
 * fields without notice and an unknown field must not turn a real payment into a parse error.
 */

// Razorpay serialises empty notes as `[]` instead of `{}`.
const Notes = z.preprocess(
  (v) => (Array.isArray(v) && v.length === 0 ? {} : v),
  z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
);
const Paise = z.number().int().min(0);
const UnixSeconds = z.number().int().min(0);

export const ORDER_STATUSES = ["created", "attempted", "paid"] as const;
export const PAYMENT_STATUSES = ["created", "authorized", "captured", "refunded", "failed"] as const;
export const REFUND_STATUSES = ["pending", "processed", "failed"] as const;

export const RazorpayOrder = z.looseObject({
  id: z.string().startsWith("order_"),
  entity: z.literal("order"),
  amount: Paise,
  amount_paid: Paise,
  amount_due: Paise,
  currency: z.string().length(3),
  receipt: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  attempts: z.number().int().min(0),
  notes: Notes,
  created_at: UnixSeconds,
});
export type RazorpayOrder = z.infer<typeof RazorpayOrder>;

export const RazorpayPayment = z.looseObject({
  id: z.string().startsWith("pay_"),
  entity: z.literal("payment"),
  amount: Paise,
  currency: z.string().length(3),
  status: z.enum(PAYMENT_STATUSES),
  order_id: z.string().nullable(),
  method: z.string().nullable().optional(),
  amount_refunded: Paise,
  refund_status: z.enum(["partial", "full"]).nullable(),
  captured: z.boolean(),
  error_code: z.string().nullable().optional(),
  error_description: z.string().nullable().optional(),
  notes: Notes,
  created_at: UnixSeconds,
});
export type RazorpayPayment = z.infer<typeof RazorpayPayment>;

export const RazorpayRefund = z.looseObject({
  id: z.string().startsWith("rfnd_"),
  entity: z.literal("refund"),
  amount: Paise,
  currency: z.string().length(3),
  payment_id: z.string().startsWith("pay_"),
  receipt: z.string().nullable(),
  status: z.enum(REFUND_STATUSES),
  speed_requested: z.string().optional(),
  speed_processed: z.string().optional(),
  notes: Notes,
  created_at: UnixSeconds,
});
export type RazorpayRefund = z.infer<typeof RazorpayRefund>;

export function collectionOf<T extends z.ZodType>(item: T) {
  return z.looseObject({ entity: z.literal("collection"), count: z.number().int().min(0), items: z.array(item) });
}

/** Razorpay's error body: `{"error":{"code":"BAD_REQUEST_ERROR","description":…}}`. */
export const RazorpayErrorBody = z.object({
  error: z.looseObject({
    code: z.string(),
    description: z.string().nullable().optional(),
    source: z.string().nullable().optional(),
    step: z.string().nullable().optional(),
    reason: z.string().nullable().optional(),
    field: z.string().nullable().optional(),
    metadata: z.unknown().optional(),
  }),
});
export type RazorpayErrorBody = z.infer<typeof RazorpayErrorBody>;
