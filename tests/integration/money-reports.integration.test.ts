import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Payment, PaymentFlag, PaymentStatus, Refund, RefundStatus } from "../../worker/kernel/domain/payment.ts";
import { toPaymentRecord, toRefundRecord } from "../../worker/kernel/domain/payment-record.ts";
import { api, token } from "../support/api.ts";
import { createClinic, issueKey } from "../support/clinics.ts";
import { withMongo } from "../support/mongo.ts";
import { login, type OnboardedDoctor, onboard } from "../support/onboarding.ts";

/**
 * Money reads over records written to MongoDB with the phase-1 shapes (`toPaymentRecord`,
 * `toRefundRecord`), as the system-of-record consumer writes them. Each run uses its own far-future
 * days so platform-wide figures are not shared with other tests.
 */
const call = api(inject("workerUrl"));
const mongo = <T>(fn: Parameters<typeof withMongo<T>>[2]) => withMongo(inject("mongoUri"), inject("mongoDb"), fn);
const tag = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
// A random day in 2043–2046, so two runs on one database do not share days.
const base = Date.UTC(2043 + Math.floor(Math.random() * 4), Math.floor(Math.random() * 11), 10);
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
// Local (IST, UTC+5:30) midnight starting `base`'s day is 18:30 UTC the day before.
const MIDNIGHT = base - 5.5 * 3_600_000;
const HOUR = 3_600_000;
const D1 = day(base);
const D2 = day(base + 24 * HOUR);

let admin: string;
let doctorA: OnboardedDoctor;
let doctorB: OnboardedDoctor;
let n = 0;

function payment(
  doctorId: string,
  at: number,
  o: { amountPaise?: number; status?: PaymentStatus; flag?: PaymentFlag; patientId?: string } = {},
): Payment {
  n += 1;
  const status = o.status ?? "captured";
  return {
    id: `pay_${tag}${String(n).padStart(3, "0")}`,
    orderId: `order_${tag}${n}`,
    appointmentId: `apt.${doctorId}.${tag}${String(n).padStart(4, "0")}`,
    doctorId,
    patientId: o.patientId ?? `p_money_${tag}`,
    amountPaise: o.amountPaise ?? 50_000,
    currency: "INR",
    status,
    method: "upi",
    errorCode: null,
    flag: o.flag ?? null,
    createdAt: iso(at - 60_000),
    updatedAt: iso(at),
    capturedAt: status === "captured" ? iso(at) : null,
    events: [],
  };
}

function refund(p: Payment, status: RefundStatus, created: number, settled: number, amountPaise: number): Refund {
  return {
    id: `rf_${p.id}_1`,
    razorpayRefundId: status === "pending" ? null : `rfnd_${p.id.slice(4)}`,
    paymentId: p.id,
    appointmentId: p.appointmentId,
    doctorId: p.doctorId,
    amountPaise,
    currency: "INR",
    status,
    reason: "cancel_policy",
    attempt: 1,
    createdAt: iso(created),
    updatedAt: iso(settled),
    events: [],
  };
}

async function insert(payments: Payment[], refunds: Refund[] = []) {
  const now = new Date();
  await mongo(async (db) => {
    if (payments.length)
      await db.collection("payments").insertMany(payments.map((p) => toPaymentRecord(p, now)) as never);
    if (refunds.length) await db.collection("refunds").insertMany(refunds.map((r) => toRefundRecord(r, now)) as never);
  });
}

const ids = (page: { payments: { id: string }[] }) => page.payments.map((p) => p.id);

beforeAll(async () => {
  admin = await token("money_admin", "admin");
  doctorA = await onboard(call, admin);
  doctorB = await onboard(call, admin);
  const a = doctorA.doctor.id;
  const lastSecondOfD0 = payment(a, MIDNIGHT - 1_000, { amountPaise: 1_000 });
  const firstSecondOfD1 = payment(a, MIDNIGHT, { amountPaise: 2_000 });
  const lastSecondOfD1 = payment(a, MIDNIGHT + 24 * HOUR - 1_000, { amountPaise: 4_000 });
  const firstSecondOfD2 = payment(a, MIDNIGHT + 24 * HOUR, { amountPaise: 8_000 });
  const afterD2 = payment(a, MIDNIGHT + 48 * HOUR, { amountPaise: 16_000 });
  const authorizedOnly = payment(a, MIDNIGHT + 2 * HOUR, { status: "authorized", amountPaise: 32_000 });
  const failed = payment(a, MIDNIGHT + 3 * HOUR, { status: "failed", amountPaise: 64_000 });
  const otherDoctor = payment(doctorB.doctor.id, MIDNIGHT + 4 * HOUR, { amountPaise: 128_000 });
  const flagged = payment(doctorB.doctor.id, MIDNIGHT + 5 * HOUR, { amountPaise: 100, flag: "amount_mismatch" });
  await insert(
    [
      lastSecondOfD0,
      firstSecondOfD1,
      lastSecondOfD1,
      firstSecondOfD2,
      afterD2,
      authorizedOnly,
      failed,
      otherDoctor,
      flagged,
    ],
    [
      // Asked for on D1, processed on D2: counts on D2.
      refund(firstSecondOfD1, "processed", MIDNIGHT + HOUR, MIDNIGHT + 25 * HOUR, 500),
      refund(lastSecondOfD1, "pending", MIDNIGHT + 6 * HOUR, MIDNIGHT + 6 * HOUR, 300),
      refund(firstSecondOfD2, "failed", MIDNIGHT + 26 * HOUR, MIDNIGHT + 27 * HOUR, 8_000),
      refund(otherDoctor, "processed", MIDNIGHT + 5 * HOUR, MIDNIGHT + 6 * HOUR, 128_000),
    ],
  );
  await mongo((db) =>
    db.collection("appointments").insertMany(
      (["booked", "completed", "no_show", "cancelled", "held", "expired"] as const).map((status, i) => {
        const _id = `apt.${a}.fig${tag}${i}`;
        return {
          _id,
          doctorId: a,
          patientId: `p_money_${tag}`,
          status,
          start: new Date(MIDNIGHT + 10 * HOUR),
          slotLock: _id,
          version: 1,
        };
      }) as never,
    ),
  );
});

describe("doctor earnings", () => {
  it("are captured payments minus processed refunds per local day in the doctor's zone", async () => {
    const doctor = await login(call, doctorA.email, doctorA.password);
    const res = await call<{ days: Record<string, number | string>[]; totals: Record<string, number> }>(
      "GET",
      `/api/v1/doctor/earnings?from=${D1}&to=${D2}`,
      { token: doctor },
    );
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual([
      {
        date: D1,
        capturedPaise: 6_000,
        refundedPaise: 0,
        pendingRefundPaise: 300,
        netPaise: 6_000,
        payments: 2,
        refunds: 0,
      },
      {
        date: D2,
        capturedPaise: 8_000,
        refundedPaise: 500,
        pendingRefundPaise: 0,
        netPaise: 7_500,
        payments: 1,
        refunds: 1,
      },
    ]);
    expect(res.body.totals).toEqual({
      capturedPaise: 14_000,
      refundedPaise: 500,
      pendingRefundPaise: 300,
      netPaise: 13_500,
      payments: 3,
      refunds: 1,
    });
  });

  it("refuse a range the wrong way round or longer than 93 days", async () => {
    const doctor = await login(call, doctorA.email, doctorA.password);
    const backwards = await call("GET", `/api/v1/doctor/earnings?from=${D2}&to=${D1}`, { token: doctor });
    expect(backwards.status).toBe(400);
    const long = await call("GET", `/api/v1/doctor/earnings?from=2043-01-01&to=2043-06-01`, { token: doctor });
    expect(long.status).toBe(400);
  });
});

describe("admin figures", () => {
  it("count bookings, cancellations and no-shows and sum revenue and refunds per day", async () => {
    const res = await call<{ days: Record<string, number | string>[] }>(
      "GET",
      `/api/v1/admin/figures?from=${D1}&to=${D2}&timeZone=Asia/Kolkata`,
      { token: admin },
    );
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual([
      {
        date: D1,
        bookings: 3,
        cancellations: 1,
        noShows: 1,
        revenuePaise: 6_000 + 128_000 + 100,
        refundsPaise: 128_000,
        netPaise: 6_100,
      },
      { date: D2, bookings: 0, cancellations: 0, noShows: 0, revenuePaise: 8_000, refundsPaise: 500, netPaise: 7_500 },
    ]);
  });
});

describe("admin payments", () => {
  it("filter by doctor, status, patient and flag", async () => {
    const q = (s: string) =>
      call<{ payments: { id: string; flag: string | null; refundedPaise: number }[] }>(
        "GET",
        `/api/v1/admin/payments?${s}`,
        { token: admin },
      );
    const ofA = await q(`doctorId=${doctorA.doctor.id}&limit=200`);
    expect(ofA.status).toBe(200);
    expect(ofA.body.payments).toHaveLength(7);
    const failed = await q(`doctorId=${doctorA.doctor.id}&status=failed`);
    expect(failed.body.payments).toHaveLength(1);
    const flagged = await q(`patientId=p_money_${tag}&flagged=true`);
    expect(flagged.body.payments.map((p) => p.flag)).toEqual(["amount_mismatch"]);
    const ofB = await q(`doctorId=${doctorB.doctor.id}&flagged=false`);
    expect(ofB.body.payments.map((p) => p.refundedPaise)).toEqual([128_000]);
    const onD1 = await q(`doctorId=${doctorA.doctor.id}&from=${D1}&to=${D1}`);
    // createdAt is a minute before each capture: D1's first-second capture was created on D0.
    expect(onD1.body.payments).toHaveLength(4);
  });

  it("page with a cursor that stays stable while newer payments arrive", async () => {
    const a = doctorA.doctor.id;
    const page = (cursor?: string) =>
      call<{ payments: { id: string }[]; nextCursor: string | null }>(
        "GET",
        `/api/v1/admin/payments?doctorId=${a}&limit=3${cursor ? `&cursor=${cursor}` : ""}`,
        { token: admin },
      );
    const all = ids(
      (
        await call<{ payments: { id: string }[] }>("GET", `/api/v1/admin/payments?doctorId=${a}&limit=200`, {
          token: admin,
        })
      ).body,
    );
    const first = await page();
    expect(ids(first.body)).toEqual(all.slice(0, 3));
    // Newer than everything.
    await insert([payment(a, MIDNIGHT + 90 * HOUR)]);
    const seen = [...ids(first.body)];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await page(cursor);
      expect(next.status).toBe(200);
      seen.push(...ids(next.body));
      cursor = next.body.nextCursor;
    }
    expect(seen).toEqual(all);
  });

  it("refuse a cursor the API did not give out", async () => {
    const res = await call("GET", "/api/v1/admin/payments?cursor=bm90LWEtY3Vyc29y", { token: admin });
    expect(res.status).toBe(400);
  });
});

describe("who may read money", () => {
  it("refuses patients, doctors and clinics on the admin reads, and non-doctors on earnings", async () => {
    const patient = await token(`p_money_${tag}`);
    const doctor = await login(call, doctorA.email, doctorA.password);
    const clinic = await createClinic(call, admin);
    const key = (await issueKey(call, admin, clinic.id)).key;
    for (const path of ["/api/v1/admin/payments", `/api/v1/admin/figures?from=${D1}&to=${D2}`]) {
      for (const t of [patient, doctor]) expect((await call("GET", path, { token: t })).status).toBe(403);
      expect([401, 403]).toContain((await call("GET", path, { token: key })).status);
    }
    const earnings = `/api/v1/doctor/earnings?from=${D1}&to=${D2}`;
    for (const t of [patient, admin]) expect((await call("GET", earnings, { token: t })).status).toBe(403);
    expect([401, 403]).toContain((await call("GET", earnings, { token: key })).status);
    expect((await call("GET", earnings)).status).toBe(401);
  });
});
