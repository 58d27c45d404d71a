import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";
import { razorpayClient } from "../../worker/kernel/clients/razorpay.ts";
import { loadConfig } from "../../worker/kernel/config.ts";
import type { Actor } from "../../worker/kernel/domain/appointment.ts";
import { paymentsSetup } from "../../worker/kernel/payments/config.ts";
import { eventually } from "../support/mongo.ts";
import { standin } from "../support/razorpay-standin.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

// Cancellation refunds by the doctor's policy, through a real cancel of a paid booking, against
// the stand-in; and the money's way to MongoDB through the outbox.
function settings() {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const setup = paymentsSetup(loaded.config);
  if (setup.state !== "on") throw new Error(`payments ${setup.state}`);
  return setup.razorpay;
}
const control = () => standin(settings().apiBase);
const schedule = (doctorId: string) => env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
const patient: Actor = { role: "patient", id: "pat_refund" };
const HOUR = 3_600_000;

/** A booking paid in full (₹500), its start 48 hours ahead; policy: full ≥ 24 h, 50 % ≥ 4 h, none after. */
async function paidBooking(prefix: string) {
  const doctorId = uniqueDoctorId(prefix);
  const stub = schedule(doctorId);
  await stub.configure(
    doctorId,
    roundTheClock({
      feePaise: 50_000,
      refundPolicy: { fullRefundHours: 24, partialRefundHours: 4, partialRefundPercent: 50 },
    }),
    { waitForProfileMs: 0 },
  );
  const start = slotStart(48);
  const held = await stub.book({ doctorId, patientId: patient.id, start, paymentsEnabled: true, actor: patient });
  if (!held.ok) throw new Error(JSON.stringify(held));
  const order = await stub.paymentOrder(held.appointment.id, patient);
  if (!order.ok) throw new Error(JSON.stringify(order));
  const paid = await control().checkout(order.order.orderId);
  const payment = await razorpayClient(settings()).fetchPayment(paid.razorpay_payment_id);
  if (!payment.ok) throw new Error(JSON.stringify(payment));
  const seen = await stub.observePayment(held.appointment.id, payment.value, `verify:${payment.value.id}`, "verify");
  expect(seen.ok && seen.appointment.status).toBe("booked");
  return {
    doctorId,
    stub,
    appointmentId: held.appointment.id,
    startMs: Date.parse(start),
    paymentId: payment.value.id,
  };
}

async function cancelAt(b: Awaited<ReturnType<typeof paidBooking>>, atMs: number, actor: Actor = patient) {
  // The object's clock runs on from `atMs` (the cancel lands within milliseconds of it).
  const offset = atMs - Date.now();
  await runInDurableObject(b.stub, (o: DoctorSchedule) => {
    o.clock.now = () => Date.now() + offset;
  });
  const cancelled = await b.stub.transition({ appointmentId: b.appointmentId, action: "cancel", actor });
  if (!cancelled.ok) throw new Error(JSON.stringify(cancelled));
  return cancelled.appointment;
}

const refundedAtRazorpay = async (paymentId: string, expected: number) =>
  expected === 0
    ? control().refundsOf(paymentId)
    : eventually(
        async () => {
          const r = await control().refundsOf(paymentId);
          return r.length > 0 ? r : null;
        },
        { what: "the refund at Razorpay" },
      );

describe("cancellation refunds by the doctor's policy", () => {
  const cases: [string, number, number][] = [
    ["one second before the full-refund boundary: everything back", 24 * HOUR + 1_000, 50_000],
    ["one second after it: half back", 24 * HOUR - 1_000, 25_000],
    ["one second before the partial boundary: half back", 4 * HOUR + 1_000, 25_000],
    ["one second after it: nothing back", 4 * HOUR - 1_000, 0],
  ];
  for (const [name, noticeMs, expected] of cases) {
    it(`patient cancels ${name}`, async () => {
      const b = await paidBooking("policy");
      const view = await cancelAt(b, b.startMs - noticeMs);
      expect(view.status).toBe("cancelled");
      expect(view.payment?.refunds.map((r) => r.amountPaise)).toEqual(expected === 0 ? [] : [expected]);
      await runDurableObjectAlarm(b.stub);
      const refunds = await refundedAtRazorpay(b.paymentId, expected);
      expect(refunds.map((r) => r.amount)).toEqual(expected === 0 ? [] : [expected]);
    });
  }

  it("refunds in full when the doctor cancels, however late", async () => {
    const b = await paidBooking("doctor-cancel");
    const view = await cancelAt(b, b.startMs - 60_000, { role: "doctor", id: b.doctorId });
    expect(view.payment?.refunds.map((r) => r.amountPaise)).toEqual([50_000]);
    expect((await refundedAtRazorpay(b.paymentId, 50_000)).map((r) => r.amount)).toEqual([50_000]);
  });

  it("refunds by the policy when the patient cancels from a reminder link, as with any patient's cancel", async () => {
    const b = await paidBooking("link-cancel");
    const before = await b.stub.get(b.appointmentId, patient);
    if (!before) throw new Error("no appointment");
    const answered = await b.stub.answerReminderLink(b.appointmentId, before.version, "cancel");
    expect(answered.ok && answered.appointment.status).toBe("cancelled");
    expect(answered.ok && answered.appointment.payment?.refunds.map((r) => r.amountPaise)).toEqual([50_000]);
    expect((await refundedAtRazorpay(b.paymentId, 50_000)).map((r) => r.amount)).toEqual([50_000]);
  });

  it("sends a failed refund again under a new key, and shows each attempt's status on the appointment", async () => {
    const b = await paidBooking("refund-retry");
    await cancelAt(b, b.startMs - 48 * HOUR + HOUR);
    const [first] = await refundedAtRazorpay(b.paymentId, 50_000);
    if (!first) throw new Error("no refund");
    await control().settleRefund(first.id, "failed");
    await b.stub.observeRefund(
      { receipt: first.receipt, razorpayRefundId: first.id, status: "failed" },
      `evt_${first.id}_failed`,
      "refund.failed",
    );
    const refunds = await eventually(
      async () => {
        const r = await control().refundsOf(b.paymentId);
        return r.length === 2 ? r : null;
      },
      { what: "the second attempt at Razorpay" },
    );
    expect(refunds.map((r) => [r.amount, r.status === "failed"])).toEqual(
      expect.arrayContaining([
        [50_000, true],
        [50_000, false],
      ]),
    );
    const view = await b.stub.get(b.appointmentId, patient);
    expect(view?.payment?.refunds.map((r) => r.status)).toEqual(["failed", expect.stringMatching(/pending|processed/)]);
  });

  it("writes the payment and its refunds to MongoDB, agreeing with the DO and the stand-in", async () => {
    const b = await paidBooking("sor-money");
    // The object's clock stays where the cancel happened (30 hours before the start): its alarm ships from there.
    await cancelAt(b, b.startMs - 30 * HOUR);
    const [refund] = await refundedAtRazorpay(b.paymentId, 50_000);
    if (!refund) throw new Error("no refund");
    if (refund.status === "pending")
      await control()
        .settleRefund(refund.id, "processed")
        .catch(() => undefined);
    await b.stub.observeRefund(
      { receipt: refund.receipt, razorpayRefundId: refund.id, status: "processed" },
      `evt_${refund.id}_processed`,
      "refund.processed",
    );
    const client = new MongoClient(env.MONGODB_URI);
    try {
      const db = client.db(env.MONGODB_DB);
      await eventually(
        async () => {
          await runDurableObjectAlarm(b.stub);
          const p = await db.collection("payments").findOne({ _id: b.paymentId } as never);
          const r = await db.collection("refunds").find({ paymentId: b.paymentId }).toArray();
          const a = await db.collection("appointments").findOne({ _id: b.appointmentId } as never);
          return p?.status === "captured" &&
            r[0]?.status === "processed" &&
            a?.payment?.refunds?.[0]?.status === "processed"
            ? true
            : null;
        },
        { what: "MongoDB to hold the payment, the processed refund and the appointment's summary" },
      );
      const view = await b.stub.get(b.appointmentId, patient);
      expect(view?.payment).toMatchObject({
        status: "captured",
        refunds: [{ amountPaise: 50_000, status: "processed" }],
      });
      expect((await control().state()).payments[b.paymentId]).toMatchObject({ amount_refunded: 50_000 });
    } finally {
      await client.close();
    }
  });
});
