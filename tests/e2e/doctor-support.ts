import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Payment, PaymentFlag, Refund } from "../../worker/kernel/domain/payment.ts";
import { toPaymentRecord, toRefundRecord } from "../../worker/kernel/domain/payment-record.ts";
import { signLink } from "../../worker/kernel/notifications/links.ts";
import { api } from "../support/api.ts";
import { withMongo } from "../support/mongo.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { TEST_ADMIN } from "../support/test-keys.ts";
import { checkAt, TABLET } from "./browser.ts";

/** Doctor and admin screens: checked at tablet size (they are not laid out for phones). */
export const checkScreen = (page: Page, name: string): Promise<void> => checkAt(page, name, TABLET);

/** Signs in on /signin (doctors and admins use the same page as patients). */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/signin`);
  const form = page.getByTestId("auth-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

export async function adminToken(url: string): Promise<string> {
  const password = process.env.TEST_ADMIN_PASSWORD;
  if (!password) throw new Error("TEST_ADMIN_PASSWORD is not set; run through npm test");
  const res = await api(url)<{ accessToken: string }>("POST", "/api/v1/auth/login", {
    body: { email: TEST_ADMIN.email, password },
  });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

/** "HH:MM" and YYYY-MM-DD of an instant in Asia/Kolkata (UTC+05:30, no DST). */
export function kolkata(ms: number): { date: string; time: string } {
  const iso = new Date(ms + 330 * 60_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** The test workers' link secret (tests/support/worker-setup.ts), to answer a reminder link as the patient would. */
const LINK_SECRET = "test-link-signing-secret-0123456789abcdef";

/** The patient presses "confirm attendance" in a reminder email: the signed link's form, posted. */
export async function confirmAttendance(url: string, appointmentId: string, version: number, start: string) {
  const token = await signLink(LINK_SECRET, {
    appointmentId,
    version,
    action: "confirm",
    expiresAt: Math.floor(Date.parse(start) / 1000),
  });
  const res = await fetch(`${url}/appointment-links/confirm`, {
    method: "POST",
    body: new URLSearchParams({ token }),
  });
  const html = await res.text();
  expect(res.status, html).toBe(200);
  expect(html).toContain("Attendance confirmed");
}

let paymentSeq = 0;
const moneyTag = crypto.randomUUID().replaceAll("-", "").slice(0, 16);

/** A payment as the system-of-record consumer stores it (the phase-1 record shape), captured `at`. */
export function paymentFixture(
  doctorId: string,
  at: Date,
  o: { amountPaise: number; flag?: PaymentFlag; status?: Payment["status"] },
): Payment {
  paymentSeq += 1;
  const status = o.status ?? "captured";
  const n = String(paymentSeq).padStart(4, "0");
  return {
    id: `pay_e2e${moneyTag}${n}`,
    orderId: `order_e2e${moneyTag}${n}`,
    appointmentId: `apt.${doctorId}.${moneyTag}${n}`,
    doctorId,
    patientId: `usr_e2e_money_${moneyTag}`,
    amountPaise: o.amountPaise,
    currency: "INR",
    status,
    method: "upi",
    errorCode: null,
    flag: o.flag ?? null,
    createdAt: new Date(at.getTime() - 60_000).toISOString(),
    updatedAt: at.toISOString(),
    capturedAt: status === "captured" ? at.toISOString() : null,
    events: [],
  };
}

/** A refund of `p`, processed `at` (it counts on that day). */
export function refundFixture(p: Payment, amountPaise: number, at: Date): Refund {
  return {
    id: `rf_${p.id}_1`,
    razorpayRefundId: `rfnd_${p.id.slice(4)}`,
    paymentId: p.id,
    appointmentId: p.appointmentId,
    doctorId: p.doctorId,
    amountPaise,
    currency: "INR",
    status: "processed",
    reason: "cancel_policy",
    attempt: 1,
    createdAt: new Date(at.getTime() - 60_000).toISOString(),
    updatedAt: at.toISOString(),
    events: [],
  };
}

/** Money records written straight to the worker's database, as Razorpay's webhooks would leave them. */
export async function insertMoney(dbName: string, payments: Payment[], refunds: Refund[] = []): Promise<void> {
  const now = new Date();
  await withMongo(requireServiceEnv().mongoUri, dbName, async (db) => {
    if (payments.length)
      await db.collection("payments").insertMany(payments.map((p) => toPaymentRecord(p, now)) as never);
    if (refunds.length) await db.collection("refunds").insertMany(refunds.map((r) => toRefundRecord(r, now)) as never);
  });
}
