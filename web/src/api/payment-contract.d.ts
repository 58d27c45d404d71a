/**
 * The payment API's agreed contract (issue 11: POST /appointments/{id}/payment and /payment/verify,
 * the appointment's `payment` summary) in openapi-typescript's shape, until those routes land and
 * `npm run openapi` generates them into schema.d.ts. Then delete this file: types.ts and client.ts
 * read them from `paths` alone.
 */
import type { components } from "./schema";

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Failure = Json<components["schemas"]["Error400"]>;

export type PaymentSummaryShape = {
  orderId: string;
  paymentId: string | null;
  status: "created" | "failed" | "authorized" | "captured";
  amountPaidPaise: number;
  flag: "amount_mismatch" | "currency_mismatch" | "order_mismatch" | null;
  refunds: { id: string; amountPaise: number; status: "pending" | "processed" | "failed" }[];
};
export type AppointmentWithPayment = components["schemas"]["Appointment"] & {
  payment?: PaymentSummaryShape | null;
};
type CheckoutOrderShape = {
  keyId: string;
  orderId: string;
  amount: number;
  currency: string;
  name: string;
  description: string;
  prefill: { name: string; email: string; contact: string };
  holdExpiresAt: string | null;
  checkoutScript: string;
};
type Post<B, R> = {
  parameters: {
    query?: never;
    header?: { "Idempotency-Key"?: string };
    path: { id: string };
    cookie?: never;
  };
  requestBody?: B;
  responses: { 200: Json<R>; 400: Failure };
};
type Never = { get?: never; put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never };

export interface paymentPaths {
  "/api/v1/appointments/{id}/payment": Never & {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: Post<never, CheckoutOrderShape>;
  };
  "/api/v1/appointments/{id}/payment/verify": Never & {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: Post<
      {
        content: {
          "application/json": { razorpay_payment_id: string; razorpay_order_id: string; razorpay_signature: string };
        };
      },
      { appointment: AppointmentWithPayment }
    >;
  };
}
