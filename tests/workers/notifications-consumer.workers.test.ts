import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleQueue } from "../../queues/index.ts";
import { toAppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import type { NotificationMessage } from "../../worker/kernel/messages/notification-messages.ts";
import { bookedAppointment, cancelled, moved } from "../support/notifications.ts";

/**
 * The notification consumer in workerd against real MongoDB (FerretDB) and the email stand-in
 * speaking Resend's API: ical-generator and the VTIMEZONE data bundle and run here too.
 */
const client = new MongoClient(env.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 });
const db = () => client.db(env.MONGODB_DB);
const mailBase = (env as unknown as { EMAIL_API_BASE: string }).EMAIL_API_BASE;

beforeAll(async () => {
  await client.connect();
});
afterAll(async () => {
  await client.close();
});

interface Stored {
  to: string[];
  subject: string;
  idempotencyKey: string | null;
  requests: number;
  attachments: { filename: string; content: string }[];
}
async function inbox(to: string): Promise<Stored[]> {
  const res = await fetch(`${mailBase}/_standin/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: Stored[] }).messages;
}
async function failSends(rule: { to: string; count?: number }) {
  await fetch(`${mailBase}/_standin/fail`, { method: "POST", body: JSON.stringify({ status: 503, ...rule }) });
}

const rand = () => crypto.randomUUID().replaceAll("-", "").slice(0, 20);

/** A doctor and a patient of their own in MongoDB, so tests running side by side never share a mailbox. */
async function people() {
  const tag = rand().slice(0, 10);
  const doctorId = `doc_n-${tag}`;
  const patientId = `usr_${crypto.randomUUID()}`;
  const now = new Date();
  await db()
    .collection("doctors")
    .insertOne({
      _id: doctorId,
      slug: `dr-notify-${tag}`,
      name: "Dr Asha Rao",
      email: `doctor-${tag}@clinic.test`,
      speciality: "General physician",
      degree: "MBBS",
      experienceYears: 9,
      about: "",
      feePaise: 50_000,
      currency: "INR",
      address: { line1: "12 Harley Street", city: "London" },
      timeZone: "Europe/London",
      photoUrl: null,
      acceptingBookings: true,
      createdAt: now,
      updatedAt: now,
    } as never);
  await db()
    .collection("users")
    .insertOne({
      _id: patientId,
      email: `patient-${tag}@example.test`,
      name: "Meera Iyer",
      phone: null,
      role: "patient",
      passwordHash: "x",
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    } as never);
  const appointment = bookedAppointment({
    id: `apt.${doctorId}.${rand()}`,
    doctorId,
    patientId,
    start: new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/:\d\d\.\d+Z$/, ":00.000Z"),
  });
  return { doctorEmail: `doctor-${tag}@clinic.test`, patientEmail: `patient-${tag}@example.test`, appointment };
}

async function deliver(bodies: { id: string; body: unknown; attempts?: number }[], queue = "prescripto-notifications") {
  const batch = createMessageBatch(
    queue,
    bodies.map((b) => ({ id: b.id, timestamp: Date.now(), attempts: b.attempts ?? 1, body: b.body })),
  );
  const ctx = createExecutionContext();
  await handleQueue(batch, env, ctx);
  const result = await getQueueResult(batch, ctx);
  return { acked: [...result.explicitAcks].sort(), retried: result.retryMessages.map((m) => m.msgId).sort() };
}

const change = (kind: "booked" | "rescheduled" | "cancelled", appointment: unknown): NotificationMessage =>
  ({ type: "appointment.change", kind, appointment }) as NotificationMessage;

describe("notification consumer", () => {
  it("sends a booking once to the patient (with a REQUEST invite) and the doctor, and acks it", async () => {
    const p = await people();
    expect(await deliver([{ id: "b1", body: change("booked", p.appointment) }])).toEqual({
      acked: ["b1"],
      retried: [],
    });
    const [patientMail] = await inbox(p.patientEmail);
    expect(patientMail?.subject).toContain("Booked: Dr Asha Rao");
    expect(patientMail?.idempotencyKey).toBe(`${p.appointment.id}|booked|v1|patient`);
    const ics = patientMail?.attachments[0]?.content ?? "";
    expect(ics).toContain("METHOD:REQUEST");
    expect(ics).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/London");
    expect(ics).toContain(`UID:${p.appointment.id}@prescripto-edge`);
    expect(await inbox(p.doctorEmail)).toHaveLength(1);
    const record = await db()
      .collection("notifications")
      .findOne({ _id: `${p.appointment.id}|booked|v1|patient` } as never);
    expect(record).toMatchObject({ state: "sent", attempts: 1, version: 1, kind: "booked" });
  });

  it("a redelivered message, and the same message re-driven from the dead-letter queue, send nothing more", async () => {
    const p = await people();
    const body = change("booked", p.appointment);
    await deliver([{ id: "r1", body }]);
    expect(await deliver([{ id: "r1", body, attempts: 2 }])).toEqual({ acked: ["r1"], retried: [] });
    // Exhausted elsewhere, recorded by the dead-letter consumer, then re-driven onto the queue.
    expect((await deliver([{ id: "r1", body, attempts: 13 }], "prescripto-notifications-dlq")).acked).toEqual(["r1"]);
    const dead = await db()
      .collection("dead_letters")
      .findOne({ _id: "prescripto-notifications:r1" } as never);
    expect(dead).toMatchObject({ queue: "prescripto-notifications", reason: "retries exhausted" });
    expect(await deliver([{ id: "redriven", body: dead?.body }])).toEqual({ acked: ["redriven"], retried: [] });
    // Not even asked of the provider again: our own record says sent (the provider's key only
    // lasts 24 hours, a dead letter may be re-driven later than that).
    expect((await inbox(p.patientEmail)).map((m) => m.requests)).toEqual([1]);
    expect((await inbox(p.doctorEmail)).map((m) => m.requests)).toEqual([1]);
  });

  it("retries only the message whose email failed mid-batch; the others are acked and sent once", async () => {
    const [a, b, c] = await Promise.all([people(), people(), people()]);
    if (!a || !b || !c) throw new Error("setup");
    await failSends({ to: b.patientEmail, count: 100 });
    const result = await deliver([
      { id: "a", body: change("booked", a.appointment) },
      { id: "b", body: change("booked", b.appointment) },
      { id: "c", body: change("booked", c.appointment) },
    ]);
    expect(result).toEqual({ acked: ["a", "c"], retried: ["b"] });
    expect(await inbox(a.patientEmail)).toHaveLength(1);
    expect(await inbox(c.patientEmail)).toHaveLength(1);
    expect(await inbox(b.patientEmail)).toHaveLength(0);
  });

  it("while the provider fails for a while the message is retried; afterwards every email is delivered once", async () => {
    const p = await people();
    await failSends({ to: p.patientEmail, count: 2 });
    const body = change("booked", p.appointment);
    const attempts: string[][] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const r = await deliver([{ id: "o1", body, attempts: attempt }]);
      attempts.push(r.acked.length ? ["acked"] : ["retried"]);
      if (r.acked.length) break;
    }
    expect(attempts).toEqual([["retried"], ["retried"], ["acked"]]);
    expect((await inbox(p.patientEmail)).map((m) => m.requests)).toEqual([1]);
    // The doctor's email went out on the first attempt and was not asked for again on the retries.
    expect((await inbox(p.doctorEmail)).map((m) => m.requests)).toEqual([1]);
  });

  it("a send whose 'sent' mark did not land is retried under the same Idempotency-Key: still one email", async () => {
    const p = await people();
    const real = env.MONGO_GATEWAY;
    const markFails = {
      idFromName: (n: string) => real.idFromName(n),
      get: (id: DurableObjectId) => {
        const stub = real.get(id);
        return {
          loadNotificationContexts: (x: never) => stub.loadNotificationContexts(x),
          claimDeliveries: (x: never) => stub.claimDeliveries(x),
          finishDeliveries: async () => ({ ok: false, reason: "unavailable", message: "down" }),
        };
      },
    };
    const body = change("booked", p.appointment);
    const broken = { ...env, MONGO_GATEWAY: markFails } as unknown as Env;
    const batch = createMessageBatch("prescripto-notifications", [
      { id: "m1", timestamp: Date.now(), attempts: 1, body },
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, broken, ctx);
    expect((await getQueueResult(batch, ctx)).retryMessages.map((m) => m.msgId)).toEqual(["m1"]);
    expect(await deliver([{ id: "m1", body, attempts: 2 }])).toEqual({ acked: ["m1"], retried: [] });
    // Asked twice, stored once: the provider answered the repeat from its idempotency record.
    expect((await inbox(p.patientEmail)).map((m) => m.requests)).toEqual([2]);
    expect((await inbox(p.doctorEmail)).map((m) => m.requests)).toEqual([2]);
  });

  it("asks MongoDB per batch, not per message: one read, one claim and one mark for three bookings", async () => {
    const batchOf = await Promise.all([people(), people(), people()]);
    const real = env.MONGO_GATEWAY;
    const calls: string[] = [];
    const counting = {
      idFromName: (n: string) => real.idFromName(n),
      get: (id: DurableObjectId) => {
        const stub = real.get(id);
        const counted = (name: string, call: (a: never) => unknown) => (a: never) => {
          calls.push(name);
          return call(a);
        };
        return {
          loadNotificationContexts: counted("read", (x: never) => stub.loadNotificationContexts(x)),
          claimDeliveries: counted("claim", (x: never) => stub.claimDeliveries(x)),
          finishDeliveries: counted("mark", (x: never) => stub.finishDeliveries(x)),
        };
      },
    };
    const batch = createMessageBatch(
      "prescripto-notifications",
      batchOf.map((p, i) => ({
        id: `batch-${i}`,
        timestamp: Date.now(),
        attempts: 1,
        body: change("booked", p.appointment),
      })),
    );
    const ctx = createExecutionContext();
    await handleQueue(batch, { ...env, MONGO_GATEWAY: counting } as unknown as Env, ctx);
    expect([...(await getQueueResult(batch, ctx)).explicitAcks].sort()).toEqual(["batch-0", "batch-1", "batch-2"]);
    expect(calls).toEqual(["read", "claim", "mark"]);
    for (const p of batchOf) {
      expect(await inbox(p.patientEmail)).toHaveLength(1);
      expect(await inbox(p.doctorEmail)).toHaveLength(1);
    }
  });

  it("book → reschedule → cancel: one UID, rising SEQUENCE, REQUEST then CANCEL", async () => {
    const p = await people();
    const v2 = moved(p.appointment, new Date(Date.parse(p.appointment.start) + 86_400_000).toISOString());
    const v3 = cancelled(v2);
    await deliver([{ id: "v1", body: change("booked", p.appointment) }]);
    await deliver([{ id: "v2", body: change("rescheduled", v2) }]);
    await deliver([{ id: "v3", body: { ...change("cancelled", v3), refundDuePaise: 25_000 } }]);
    const mails = await inbox(p.patientEmail);
    expect(mails.map((m) => m.subject.split(":")[0])).toEqual(["Booked", "Moved", "Cancelled"]);
    const field = (ics: string, name: string) => new RegExp(`^${name}:(.*)$`, "m").exec(ics)?.[1]?.trim();
    const icss = mails.map((m) => m.attachments[0]?.content ?? "");
    expect(icss.map((i) => field(i, "UID"))).toEqual(Array(3).fill(`${p.appointment.id}@prescripto-edge`));
    expect(icss.map((i) => field(i, "SEQUENCE"))).toEqual(["1", "2", "3"]);
    expect(icss.map((i) => field(i, "METHOD"))).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    expect(field(icss[2] ?? "", "STATUS")).toBe("CANCELLED");
    expect(await inbox(p.doctorEmail)).toHaveLength(3);
  });

  it("does not send a reminder for an appointment MongoDB holds as cancelled since", async () => {
    const p = await people();
    await db()
      .collection("appointments")
      .insertOne(toAppointmentRecord(cancelled(p.appointment), new Date()) as never);
    const reminder = { type: "appointment.reminder", offset: "24h", appointment: p.appointment };
    expect(await deliver([{ id: "rem", body: reminder }])).toEqual({ acked: ["rem"], retried: [] });
    expect(await inbox(p.patientEmail)).toHaveLength(0);
  });

  it("end to end through the queue: a message sent on NOTIFICATIONS_QUEUE reaches the patient's mailbox", async () => {
    const p = await people();
    await env.NOTIFICATIONS_QUEUE.send(change("booked", p.appointment));
    // The queue's consumer (wrangler.toml) runs on its own schedule: wait for the email, with a deadline.
    const deadline = Date.now() + 15_000;
    let mails = await inbox(p.patientEmail);
    while (mails.length === 0 && Date.now() < deadline) {
      await scheduler.wait(100);
      mails = await inbox(p.patientEmail);
    }
    expect(mails.map((m) => m.subject.split(":")[0])).toEqual(["Booked"]);
  });

  it("records a malformed message as a dead letter and acks it", async () => {
    expect(await deliver([{ id: "bad-n1", body: { type: "appointment.change", kind: "teleported" } }])).toEqual({
      acked: ["bad-n1"],
      retried: [],
    });
    const dead = await db()
      .collection("dead_letters")
      .findOne({ _id: "prescripto-notifications:bad-n1" } as never);
    expect(dead?.reason).toMatch(/^invalid message/);
  });
});
