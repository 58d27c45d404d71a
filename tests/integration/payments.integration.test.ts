import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFerretDb } from "../../scripts/services/ferretdb.ts";
import { FERRETDB_BIN } from "../../scripts/setup.ts";
import type { WorkerProcess } from "../../scripts/worker-process.ts";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { Envelope } from "../support/accounts.ts";
import { api, signer } from "../support/api.ts";
import { attachDoctor, createClinic, issueKey } from "../support/clinics.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { standin } from "../support/razorpay-standin.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { startTestWorker, workerVars } from "../support/worker-setup.ts";

type One = { appointment: AppointmentView } & Envelope;
type Checkout = {
  keyId: string;
  orderId: string;
  amount: number;
  currency: string;
  name: string;
  description: string;
  prefill: { name: string; email: string; contact: string };
  holdExpiresAt: string;
  checkoutScript: string;
} & Envelope;

const DB = "prescripto_test_payments";

// The whole flow through the real Worker (wrangler dev) with payments on, against the run's
// Razorpay stand-in, its webhooks pointed at this Worker.
describe("paying for a hold", () => {
  let worker: WorkerProcess;
  let call: ReturnType<typeof api>;
  let admin: string;
  const s = requireServiceEnv();
  const rzp = standin(s.razorpay.url);
  // Sessions live in this worker's own objects: sign in to it.
  const token = signer({ url: () => worker.url, db: () => DB });

  beforeAll(async () => {
    worker = await startTestWorker("payments", workerVars(DB, { PAYMENTS_ENABLED: "true" }));
    call = api(worker.url);
    admin = await token("admin_pay", "admin");
    await rzp.configure({ webhookUrl: `${worker.url}/api/v1/webhooks/razorpay`, autoWebhooks: true });
  });
  afterAll(async () => {
    await rzp.configure({ webhookUrl: null, autoWebhooks: true });
    await worker?.stop();
  });

  async function held(prefix: string) {
    const doctorId = uniqueDoctorId(prefix);
    const put = await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, {
      token: admin,
      body: roundTheClock({ feePaise: 50_000 }),
    });
    expect(put.status).toBe(200);
    const patient = await token(`pat_${prefix}_${crypto.randomUUID().slice(0, 8)}`);
    const booked = await call<One>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId, start: slotStart(48) },
    });
    expect(booked.status).toBe(201);
    expect(booked.body.appointment.status).toBe("held");
    return { doctorId, patient, id: booked.body.appointment.id };
  }

  const read = async (id: string, t: string) =>
    (await call<One>("GET", `/api/v1/appointments/${id}`, { token: t })).body.appointment;

  it("books a clinic's booking of a paid doctor at once (a clinic settles with its patients itself)", async () => {
    const { doctor } = await onboard(call, admin, { schedule: allDaySchedule() });
    const clinic = await createClinic(call, admin);
    await attachDoctor(call, admin, clinic.id, doctor.id);
    const { key } = await issueKey(call, admin, clinic.id);
    const res = await call<One>("POST", "/api/v1/clinic/appointments", {
      token: key,
      body: { doctorId: doctor.id, start: slotStart(50), patientRef: "MRN-PAY-1" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.appointment).toMatchObject({ status: "booked", holdExpiresAt: null, feePaise: doctor.feePaise });
    // The same doctor's fee still holds a patient's booking until it is paid.
    const patient = await token(`pat_clinicpay_${crypto.randomUUID().slice(0, 8)}`);
    const own = await call<One>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId: doctor.id, start: slotStart(50, 1) },
    });
    expect(own.body.appointment.status).toBe("held");
  });

  it("answers Checkout's options for a held appointment, the same order on a second call", async () => {
    const h = await held("order");
    const first = await call<Checkout>("POST", `/api/v1/appointments/${h.id}/payment`, { token: h.patient });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      keyId: s.razorpay.keyId,
      amount: 50_000,
      currency: "INR",
      checkoutScript: `${s.razorpay.url}/v1/checkout.js`,
      prefill: { name: expect.any(String), email: expect.any(String), contact: expect.any(String) },
    });
    expect(first.body.orderId).toMatch(/^order_/);
    expect(Date.parse(first.body.holdExpiresAt)).toBeGreaterThan(Date.now());
    const second = await call<Checkout>("POST", `/api/v1/appointments/${h.id}/payment`, { token: h.patient });
    expect(second.body.orderId).toBe(first.body.orderId);
    const other = await call<Checkout>("POST", `/api/v1/appointments/${h.id}/payment`, { token: await token("pat_x") });
    expect(other.status).toBe(404);
    const orders = Object.values((await rzp.state()).orders).filter((o) => o.id === first.body.orderId);
    expect(orders).toHaveLength(1);
  });

  it("books on a verified checkout; the webhook that follows changes nothing; MongoDB and the stand-in agree", async () => {
    const h = await held("verify");
    const { body: options } = await call<Checkout>("POST", `/api/v1/appointments/${h.id}/payment`, {
      token: h.patient,
    });
    const paid = await rzp.checkout(options.orderId);
    const verified = await call<One>("POST", `/api/v1/appointments/${h.id}/payment/verify`, {
      token: h.patient,
      body: {
        razorpay_payment_id: paid.razorpay_payment_id,
        razorpay_order_id: paid.razorpay_order_id,
        razorpay_signature: paid.razorpay_signature,
      },
    });
    expect(verified.status).toBe(200);
    expect(verified.body.appointment).toMatchObject({
      status: "booked",
      payment: {
        orderId: options.orderId,
        paymentId: paid.razorpay_payment_id,
        status: "captured",
        amountPaidPaise: 50_000,
      },
    });
    // Verifying again is a no-op with the same answer.
    const again = await call<One>("POST", `/api/v1/appointments/${h.id}/payment/verify`, {
      token: h.patient,
      body: {
        razorpay_payment_id: paid.razorpay_payment_id,
        razorpay_order_id: paid.razorpay_order_id,
        razorpay_signature: paid.razorpay_signature,
      },
    });
    expect(again.status).toBe(200);
    await withMongo(s.mongoUri, DB, (db) =>
      eventually(
        async () => {
          const a = await db.collection("appointments").findOne({ _id: h.id } as never);
          const p = await db.collection("payments").findOne({ _id: paid.razorpay_payment_id } as never);
          return a?.status === "booked" && a.payment?.status === "captured" && p?.status === "captured" ? true : null;
        },
        { what: "MongoDB to hold the booked appointment and its captured payment" },
      ),
    );
    const state = await rzp.state();
    expect(state.orders[options.orderId]).toMatchObject({ status: "paid", amount_paid: 50_000 });
    expect(Object.values(state.refunds).filter((r) => r.payment_id === paid.razorpay_payment_id)).toEqual([]);
    const view = await read(h.id, h.patient);
    expect(view.history.filter((e) => e.type === "booked")).toHaveLength(1);
  });

  async function feeDoctor(prefix: string) {
    const doctorId = uniqueDoctorId(prefix);
    const put = await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, {
      token: admin,
      body: roundTheClock({ feePaise: 50_000 }),
    });
    expect(put.status).toBe(200);
    return doctorId;
  }

  async function pay(id: string, patient: string) {
    const { body: options } = await call<Checkout>("POST", `/api/v1/appointments/${id}/payment`, { token: patient });
    const paid = await rzp.checkout(options.orderId);
    const verified = await call<One>("POST", `/api/v1/appointments/${id}/payment/verify`, {
      token: patient,
      body: {
        razorpay_payment_id: paid.razorpay_payment_id,
        razorpay_order_id: paid.razorpay_order_id,
        razorpay_signature: paid.razorpay_signature,
      },
    });
    expect(verified.status).toBe(200);
    return verified.body.appointment;
  }

  it("the hold cap across two doctors: at most MAX_UNPAID_HOLDS_PER_PATIENT (2) holds, 409 and nothing held beyond; paying or cancelling frees a place", async () => {
    const doctors = await Promise.all(["cap-a", "cap-b", "cap-c"].map(feeDoctor));
    const patient = await token(`pat_cap_${crypto.randomUUID().slice(0, 8)}`);
    const hold = (doctorId: string, hours = 48) =>
      call<One>("POST", "/api/v1/appointments", { token: patient, body: { doctorId, start: slotStart(hours) } });

    // Asked of three doctors at once: exactly two holds.
    const tries = await Promise.all(doctors.map((d) => hold(d)));
    expect(tries.map((t) => t.status).sort()).toEqual([201, 201, 409]);
    const refusedAt = doctors[tries.findIndex((t) => t.status === 409)] ?? "";
    expect(tries.find((t) => t.status === 409)?.body.error.code).toBe("HOLD_LIMIT_REACHED");
    const held = tries.filter((t) => t.status === 201).map((t) => t.body.appointment);
    expect(held.map((a) => a.status)).toEqual(["held", "held"]);
    // Nothing was held at the refused doctor: someone else can take that very slot.
    const other = await token(`pat_cap_other_${crypto.randomUUID().slice(0, 8)}`);
    const taken = await call<One>("POST", "/api/v1/appointments", {
      token: other,
      body: { doctorId: refusedAt, start: slotStart(48) },
    });
    expect(taken.status).toBe(201);
    // Still capped, at any doctor.
    expect((await hold(refusedAt, 50)).status).toBe(409);

    // Cancelling one hold frees a place (released by the doctor's object right after the change).
    const [first, second] = held as [AppointmentView, AppointmentView];
    expect((await call("POST", `/api/v1/appointments/${first.id}/cancel`, { token: patient, body: {} })).status).toBe(
      200,
    );
    const third = await eventually(
      async () => {
        const r = await hold(refusedAt, 50);
        return r.status === 201 ? r.body.appointment : r.status === 409 ? null : Promise.reject(r.body);
      },
      { what: "the cancelled hold's place to be given back" },
    );
    expect(third.status).toBe("held");
    // Paying for one frees a place too.
    expect((await pay(second.id, patient)).status).toBe("booked");
    const fourth = await eventually(
      async () => {
        const r = await hold(doctors.find((d) => d !== refusedAt) ?? "", 52);
        return r.status === 201 ? r.body.appointment : r.status === 409 ? null : Promise.reject(r.body);
      },
      { what: "the paid hold's place to be given back" },
    );
    expect(fourth.status).toBe("held");
    expect((await hold(refusedAt, 54)).status).toBe(409);
  });

  it("quotes the refund a cancel would give now, and the cancel then refunds exactly that", async () => {
    const h = await held("quote");
    type Quote = { refundPaise: number; percent: number; reason: string; policy: object } & Envelope;
    const quote = (t: string) => call<Quote>("GET", `/api/v1/appointments/${h.id}/refund-quote`, { token: t });
    const policy = { fullRefundHours: 24, partialRefundHours: 4, partialRefundPercent: 50 };
    expect((await quote(h.patient)).body).toEqual({ refundPaise: 0, percent: 0, reason: "nothing_paid", policy });
    await pay(h.id, h.patient);
    const forPatient = await quote(h.patient);
    expect(forPatient.status).toBe(200);
    expect(forPatient.body).toEqual({ refundPaise: 50_000, percent: 100, reason: "full_window", policy });
    expect((await quote(admin)).body).toMatchObject({ refundPaise: 50_000, reason: "cancelled_by_provider" });
    expect((await quote(await token("pat_quote_stranger"))).status).toBe(404);

    const partial = await held("quote-partial");
    // Inside the partial window (between 4 and 24 hours before the start).
    const soon = await call<One>("POST", "/api/v1/appointments", {
      token: partial.patient,
      body: { doctorId: partial.doctorId, start: slotStart(10) },
    });
    expect(soon.status).toBe(201);
    await call("POST", `/api/v1/appointments/${partial.id}/cancel`, { token: partial.patient, body: {} });
    await pay(soon.body.appointment.id, partial.patient);
    const q = await call<Quote>("GET", `/api/v1/appointments/${soon.body.appointment.id}/refund-quote`, {
      token: partial.patient,
    });
    expect(q.body).toMatchObject({ refundPaise: 25_000, percent: 50, reason: "partial_window" });
    const cancelled = await call<One>("POST", `/api/v1/appointments/${soon.body.appointment.id}/cancel`, {
      token: partial.patient,
      body: {},
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.appointment.payment?.refunds.map((r) => r.amountPaise)).toEqual([q.body.refundPaise]);
    // A cancelled appointment cannot be cancelled again: the quote is refused the same way.
    const after = await call<Quote>("GET", `/api/v1/appointments/${soon.body.appointment.id}/refund-quote`, {
      token: partial.patient,
    });
    expect(after.status).toBe(409);
  });

  it("refuses a tampered checkout signature with 400 and changes nothing", async () => {
    await rzp.configure({ autoWebhooks: false });
    try {
      const h = await held("tamper");
      const { body: options } = await call<Checkout>("POST", `/api/v1/appointments/${h.id}/payment`, {
        token: h.patient,
      });
      const paid = await rzp.checkout(options.orderId);
      const flipped = paid.razorpay_signature.replace(/.$/, (c) => (c === "0" ? "1" : "0"));
      const res = await call<One>("POST", `/api/v1/appointments/${h.id}/payment/verify`, {
        token: h.patient,
        body: { ...paid, razorpay_signature: flipped, events: undefined },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("PAYMENT_VERIFICATION_FAILED");
      expect((await read(h.id, h.patient)).status).toBe("held");
    } finally {
      await rzp.configure({ autoWebhooks: true });
    }
  });

  it("ignores a webhook with one byte changed, and applies the same genuine webhook five times once", async () => {
    await rzp.configure({ autoWebhooks: false });
    try {
      const h = await held("webhooks");
      const { body: options } = await call<Checkout>("POST", `/api/v1/appointments/${h.id}/payment`, {
        token: h.patient,
      });
      const paid = await rzp.checkout(options.orderId);
      const tampered = (await rzp.send({
        event: "payment.captured",
        payment_id: paid.razorpay_payment_id,
        tamper: true,
      })) as {
        deliveries: { status: number }[];
      };
      expect(tampered.deliveries.map((d) => d.status)).toEqual([400]);
      expect((await read(h.id, h.patient)).status).toBe("held");

      const five = (await rzp.send({ event: "payment.captured", payment_id: paid.razorpay_payment_id, times: 5 })) as {
        deliveries: { status: number }[];
      };
      expect(five.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);
      const view = await eventually(
        async () => {
          const a = await read(h.id, h.patient);
          return a.status === "booked" ? a : null;
        },
        { what: "the webhook's booking" },
      );
      expect(view.history.filter((e) => e.type === "booked")).toHaveLength(1);
      // A failed event for the captured payment arrives late: nothing moves back.
      await rzp.send({ event: "payment.failed", payment_id: paid.razorpay_payment_id });
      const ledger = await read(h.id, h.patient);
      expect(ledger).toMatchObject({ status: "booked", payment: { status: "captured" } });
      expect((await rzp.refundsOf(paid.razorpay_payment_id)).length).toBe(0);
    } finally {
      await rzp.configure({ autoWebhooks: true });
    }
  });

  it("refuses a payment of another amount: not booked, flagged, refunded once", async () => {
    const h = await held("mismatch");
    const { body: options } = await call<Checkout>("POST", `/api/v1/appointments/${h.id}/payment`, {
      token: h.patient,
    });
    const paid = await rzp.checkout(options.orderId, { amount: 20_000 });
    const res = await call<One>("POST", `/api/v1/appointments/${h.id}/payment/verify`, {
      token: h.patient,
      body: {
        razorpay_payment_id: paid.razorpay_payment_id,
        razorpay_order_id: paid.razorpay_order_id,
        razorpay_signature: paid.razorpay_signature,
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("PAYMENT_VERIFICATION_FAILED");
    const view = await read(h.id, h.patient);
    expect(view).toMatchObject({ status: "held", payment: { flag: "amount_mismatch" } });
    const refunds = await eventually(
      async () => {
        const r = await rzp.refundsOf(paid.razorpay_payment_id);
        return r.length > 0 ? r : null;
      },
      { what: "the refund" },
    );
    expect(refunds.map((r) => r.amount)).toEqual([20_000]);
  });

  it("answers 400 to a webhook whose signature does not verify", async () => {
    const res = await fetch(`${worker.url}/api/v1/webhooks/razorpay`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Razorpay-Signature": "0".repeat(64) },
      body: JSON.stringify({ event: "payment.captured" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Envelope).error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
  });
});

describe("paying while MongoDB is down", () => {
  let worker: WorkerProcess;
  let mongo: Awaited<ReturnType<typeof startFerretDb>>;
  const s = requireServiceEnv();
  const rzp = standin(s.razorpay.url);
  const dbName = "prescripto_test_pay_outage";
  const token = signer({ url: () => worker.url, db: () => dbName, mongoUri: () => mongo.uri });

  beforeAll(async () => {
    mongo = await startFerretDb({
      bin: FERRETDB_BIN,
      dataDir: join(s.runDir, "pay-outage-mongo"),
      log: () => undefined,
    });
    worker = await startTestWorker(
      "pay-outage",
      workerVars(dbName, { MONGODB_URI: mongo.uri, PAYMENTS_ENABLED: "true" }),
    );
    await rzp.configure({ webhookUrl: `${worker.url}/api/v1/webhooks/razorpay`, autoWebhooks: true });
  });
  afterAll(async () => {
    await rzp.configure({ webhookUrl: null });
    await worker?.stop();
    await mongo?.stop();
  });

  it("books and refunds with MongoDB stopped, then MongoDB converges to the DO and the stand-in", async () => {
    const call = api(worker.url);
    const admin = await token("admin_pay_outage", "admin");
    const doctorId = uniqueDoctorId("pay-outage");
    expect(
      (await call("PUT", `/api/v1/doctors/${doctorId}/schedule`, { token: admin, body: roundTheClock() })).status,
    ).toBe(200);
    const patient = await token(`pat_outage_${crypto.randomUUID().slice(0, 8)}`);
    const booked = await call<One>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId, start: slotStart(48) },
    });
    const id = booked.body.appointment.id;

    await mongo.stop();
    const { body: options } = await call<Checkout>("POST", `/api/v1/appointments/${id}/payment`, { token: patient });
    expect(options.orderId).toMatch(/^order_/);
    const paid = await rzp.checkout(options.orderId);
    const verified = await call<One>("POST", `/api/v1/appointments/${id}/payment/verify`, {
      token: patient,
      body: {
        razorpay_payment_id: paid.razorpay_payment_id,
        razorpay_order_id: paid.razorpay_order_id,
        razorpay_signature: paid.razorpay_signature,
      },
    });
    expect(verified.status).toBe(200);
    expect(verified.body.appointment.status).toBe("booked");
    // The doctor cancels: a full refund, sent while MongoDB is still down.
    const cancelled = await call<One>("POST", `/api/v1/appointments/${id}/cancel`, {
      token: admin,
      body: { reason: "outage" },
    });
    expect(cancelled.status).toBe(200);
    await eventually(async () => ((await rzp.refundsOf(paid.razorpay_payment_id)).length > 0 ? true : null), {
      what: "the refund at Razorpay",
    });
    await mongo.start();

    const converged = await eventually(
      async () => {
        const ledger = await call<{ appointments: AppointmentView[]; outboxPending: number }>(
          "GET",
          `/api/v1/admin/doctors/${doctorId}/ledger`,
          { token: admin },
        );
        // One read of the DO: its outbox empty and the refund settled in the same answer.
        const mine = ledger.body.appointments.find((a) => a.id === id);
        const settled = mine?.payment?.refunds.every((r) => r.status === "processed");
        return ledger.body.outboxPending === 0 && settled ? mine : null;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: "every payment record confirmed in MongoDB" },
    );
    const stored = await withMongo(mongo.uri, dbName, async (db) => ({
      appointment: await db.collection("appointments").findOne({ _id: id } as never),
      payment: await db.collection("payments").findOne({ _id: paid.razorpay_payment_id } as never),
      refunds: await db.collection("refunds").find({ paymentId: paid.razorpay_payment_id }).toArray(),
    }));
    expect(stored.appointment).toMatchObject({ status: "cancelled", version: converged.version });
    expect(stored.payment).toMatchObject({ status: "captured", amountPaise: 50_000 });
    expect(stored.refunds.map((r) => [r.amountPaise, r.status])).toEqual([[50_000, "processed"]]);
    const state = await rzp.state();
    expect(state.payments[paid.razorpay_payment_id]).toMatchObject({ amount_refunded: 50_000 });
    expect(Object.values(state.refunds).filter((r) => r.payment_id === paid.razorpay_payment_id)).toHaveLength(1);
  }, 180_000);
});
