import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";
import { receiptFor } from "../../worker/kernel/booking/payments.ts";
import { razorpayClient } from "../../worker/kernel/clients/razorpay.ts";
import { loadConfig } from "../../worker/kernel/config.ts";
import type { Actor } from "../../worker/kernel/domain/appointment.ts";
import { paymentsSetup } from "../../worker/kernel/payments/config.ts";
import { standin } from "../support/razorpay-standin.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

// The doctor's DO with payments on, against the run's Razorpay stand-in: each test plays what the
// verify route or the webhook consumer would hand the DO (a payment as Razorpay reports it).
function settings() {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const setup = paymentsSetup(loaded.config);
  if (setup.state !== "on") throw new Error(`payments ${setup.state}`);
  return setup.razorpay;
}
const rzp = () => razorpayClient(settings());
const control = () => standin(settings().apiBase);
const schedule = (doctorId: string) => env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
const patient: Actor = { role: "patient", id: "pat_pay" };

async function hold(prefix: string, opts: { hoursAhead?: number; fee?: number; holdMinutes?: number } = {}) {
  const doctorId = uniqueDoctorId(prefix);
  const stub = schedule(doctorId);
  await stub.configure(doctorId, roundTheClock({ feePaise: opts.fee ?? 50_000, holdMinutes: opts.holdMinutes ?? 10 }), {
    waitForProfileMs: 0,
  });
  const start = slotStart(opts.hoursAhead ?? 48);
  const booked = await stub.book({ doctorId, patientId: patient.id, start, paymentsEnabled: true, actor: patient });
  if (!booked.ok) throw new Error(JSON.stringify(booked));
  expect(booked.appointment.status).toBe("held");
  const order = await stub.paymentOrder(booked.appointment.id, patient);
  if (!order.ok) throw new Error(JSON.stringify(order));
  return { doctorId, stub, start, appointmentId: booked.appointment.id, orderId: order.order.orderId };
}

async function fetched(paymentId: string) {
  const p = await rzp().fetchPayment(paymentId);
  if (!p.ok) throw new Error(JSON.stringify(p));
  return p.value;
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Moves the object's clock past the hold's end and runs its alarm until the hold has been dealt with. */
async function expire(h: { stub: ReturnType<typeof schedule>; appointmentId: string }, expected = "expired") {
  await runInDurableObject(h.stub, (o: DoctorSchedule) => {
    o.clock.now = () => Date.now() + 11 * 60_000;
  });
  // An alarm the object armed itself may be running already: run it until the hold is settled.
  await until(
    "the hold's expiry",
    async () => {
      await runDurableObjectAlarm(h.stub);
      return (await h.stub.get(h.appointmentId, patient))?.status;
    },
    (s) => s === expected,
  );
}

describe("DoctorSchedule payments", () => {
  it("creates one Razorpay order per hold, fee in paise, receipt within 40 characters, and returns it again", async () => {
    const { stub, appointmentId, orderId } = await hold("order");
    const again = await stub.paymentOrder(appointmentId, patient);
    expect(again.ok && again.order.orderId).toBe(orderId);
    const order = await rzp().fetchOrder(orderId);
    expect(order.ok && order.value).toMatchObject({
      amount: 50_000,
      currency: "INR",
      receipt: receiptFor(appointmentId),
      notes: { appointmentId },
    });
    expect(receiptFor(appointmentId).length).toBeLessThanOrEqual(40);
    expect(again.ok && again.appointment.payment).toMatchObject({ orderId, status: "created", paymentId: null });
    // Somebody else's appointment has no order to open.
    expect(await stub.paymentOrder(appointmentId, { role: "patient", id: "pat_other" })).toEqual({
      ok: false,
      reason: "not_found",
    });
  });

  it("books the hold on a captured payment once; the same event again and a later webhook change nothing", async () => {
    const { stub, appointmentId, orderId } = await hold("confirm");
    const paid = await control().checkout(orderId);
    const payment = await fetched(paid.razorpay_payment_id);
    const first = await stub.observePayment(appointmentId, payment, "verify:x", "checkout.verify");
    expect(first.ok && first.outcome).toBe("booked");
    expect(first.ok && first.appointment).toMatchObject({
      status: "booked",
      payment: { orderId, paymentId: payment.id, status: "captured", amountPaidPaise: 50_000, refunds: [] },
    });
    for (let i = 0; i < 5; i++) {
      const dup = await stub.observePayment(appointmentId, payment, "evt_same", "payment.captured");
      expect(dup.ok && dup.outcome).toBe("booked");
    }
    const after = await stub.get(appointmentId, patient);
    // booked by the payment, then one version for the webhook's first sight; the duplicates add none.
    expect(after?.history.map((h) => h.type)).toEqual(["held", "payment.order_created", "booked"]);
    expect(await control().refundsOf(payment.id)).toEqual([]);
  });

  it("keeps a captured payment captured when a failed event for it arrives afterwards", async () => {
    const { stub, appointmentId, orderId } = await hold("failed-after");
    const paid = await control().checkout(orderId);
    const payment = await fetched(paid.razorpay_payment_id);
    await stub.observePayment(appointmentId, payment, "evt_cap", "payment.captured");
    const late = await stub.observePayment(
      appointmentId,
      { ...payment, status: "failed", error_code: "BAD_REQUEST_ERROR" },
      "evt_fail",
      "payment.failed",
    );
    expect(late.ok && late.appointment).toMatchObject({ status: "booked", payment: { status: "captured" } });
  });

  it("never books on a payment of another amount: flags it for admins and refunds it in full, once", async () => {
    const { stub, appointmentId, orderId } = await hold("mismatch");
    const paid = await control().checkout(orderId, { amount: 100 });
    const payment = await fetched(paid.razorpay_payment_id);
    const seen = await stub.observePayment(appointmentId, payment, "evt_mm", "payment.captured");
    expect(seen.ok && seen.outcome).toBe("flagged");
    expect(seen.ok && seen.appointment).toMatchObject({ status: "held", payment: { flag: "amount_mismatch" } });
    await stub.observePayment(appointmentId, payment, "evt_mm2", "order.paid");
    const refunds = await until(
      "the refund at Razorpay",
      () => control().refundsOf(payment.id),
      (r) => r.length > 0,
    );
    expect(refunds.map((r) => r.amount)).toEqual([100]);
    // Settled by the stand-in; the create answer already gave the DO Razorpay's id.
    const view = await until(
      "the refund recorded with its Razorpay id",
      () => stub.get(appointmentId, patient),
      (a) => a?.payment?.refunds.length === 1,
    );
    expect(view?.payment?.refunds[0]).toMatchObject({ amountPaise: 100 });
    expect((await control().refundsOf(payment.id)).length).toBe(1);
  });

  it("asks Razorpay before a hold expires and books it when the payment is already captured", async () => {
    const { stub, appointmentId, orderId } = await hold("poll");
    await control().checkout(orderId);
    await expire({ stub, appointmentId }, "booked");
    const after = await stub.get(appointmentId, patient);
    expect(after).toMatchObject({ status: "booked", payment: { status: "captured" } });
  });

  it("takes the slot again for a payment after expiry while it is free; refunds it in full when it is taken", async () => {
    const free = await hold("late-free");
    const taken = await hold("late-taken");
    for (const h of [free, taken]) await expire(h);
    const other = await taken.stub.book({
      doctorId: taken.doctorId,
      patientId: "pat_other",
      start: taken.start,
      paymentsEnabled: false,
      actor: { role: "patient", id: "pat_other" },
    });
    expect(other.ok).toBe(true);
    const payFree = await fetched((await control().checkout(free.orderId)).razorpay_payment_id);
    const rebooked = await free.stub.observePayment(free.appointmentId, payFree, "evt_late_free", "payment.captured");
    expect(rebooked.ok && rebooked.appointment.status).toBe("booked");

    const payTaken = await fetched((await control().checkout(taken.orderId)).razorpay_payment_id);
    const refunded = await taken.stub.observePayment(taken.appointmentId, payTaken, "evt_late", "payment.captured");
    expect(refunded.ok && refunded.outcome).toBe("refunded");
    expect(refunded.ok && refunded.appointment.status).toBe("expired");
    await taken.stub.observePayment(taken.appointmentId, payTaken, "evt_late_again", "order.paid");
    const refunds = await until(
      "one refund",
      () => control().refundsOf(payTaken.id),
      (r) => r.length > 0,
    );
    expect(refunds.map((r) => r.amount)).toEqual([50_000]);
    await runDurableObjectAlarm(taken.stub);
    expect((await control().refundsOf(payTaken.id)).length).toBe(1);
  });

  it("completes on retry after a crash between recording the event and confirming the booking", async () => {
    const { stub, appointmentId, orderId } = await hold("crash");
    const payment = await fetched((await control().checkout(orderId)).razorpay_payment_id);
    // The object dies after the event id is written and before the booking is: throw from the write.
    const crashed = await runInDurableObject(stub, async (o: DoctorSchedule) => {
      const host = (o as unknown as { payments: { host: { apply: (...a: unknown[]) => unknown } } }).payments.host;
      const apply = host.apply;
      host.apply = () => {
        throw new Error("crash");
      };
      try {
        await o.observePayment(appointmentId, payment, "evt_crash", "payment.captured");
        return false;
      } catch {
        return true;
      } finally {
        host.apply = apply;
      }
    });
    expect(crashed).toBe(true);
    const recorded = await runInDurableObject(stub, (_o: DoctorSchedule, state) =>
      state.storage.sql.exec("select count(*) as n from razorpay_events where event_id = 'evt_crash'").one(),
    );
    expect(recorded.n).toBe(0);
    expect((await stub.get(appointmentId, patient))?.status).toBe("held");
    // Razorpay redelivers the same event: it applies in full.
    const retried = await stub.observePayment(appointmentId, payment, "evt_crash", "payment.captured");
    expect(retried.ok && retried.appointment.status).toBe("booked");
  });
});
