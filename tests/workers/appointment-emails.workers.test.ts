import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeSor } from "../../queues/sor.consumer.ts";
import { requireConfig } from "../../worker/kernel/config.ts";
import type { Actor } from "../../worker/kernel/domain/appointment.ts";
import { createLogger } from "../../worker/kernel/lib/logger.ts";
import { CalendarClient, parseInvite } from "../support/ical-import.ts";
import { seedPeople, waitForMail } from "../support/notification-people.ts";
import { bookedAppointment } from "../support/notifications.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

/**
 * Appointment changes reach the patient's mailbox through the whole stack: the doctor's DO
 * commits the change and its outbox snapshot, the system-of-record consumer writes MongoDB and
 * fans the change out to the notifications queue, the notification consumer sends it through
 * the Resend stand-in.
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

async function doctorWithPatient() {
  const doctorId = uniqueDoctorId("mail");
  const people = await seedPeople(db(), { doctorId, timeZone: "Asia/Kolkata" });
  const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
  await stub.configure(doctorId, roundTheClock(), { waitForProfileMs: 0 });
  const patient: Actor = { role: "patient", id: people.patientId };
  return { doctorId, stub, patient, ...people };
}

const icsOf = (mail: { attachments: { filename: string; content: string }[] } | undefined) =>
  mail?.attachments.find((a) => a.filename.endsWith(".ics"))?.content ?? "";

describe("appointment emails through the real stack", () => {
  it("book → one email with an invite; move → same UID, higher SEQUENCE, new time; cancel → CANCEL; the calendar ends empty", async () => {
    const d = await doctorWithPatient();
    const start = slotStart(72);
    const booked = await d.stub.book({
      doctorId: d.doctorId,
      patientId: d.patientId,
      start,
      paymentsEnabled: false,
      actor: d.patient,
    });
    if (!booked.ok) throw new Error(`booking failed: ${booked.reason}`);
    const id = booked.appointment.id;

    const [first] = await waitForMail(mailBase, d.patientEmail, 1);
    expect(first?.subject).toMatch(/^Booked: Dr Asha Rao/);
    const invite = parseInvite(icsOf(first));
    expect(invite.method).toBe("REQUEST");
    expect(invite.events).toHaveLength(1);
    const event = invite.events[0];
    expect(event?.uid).toBe(`${id}@prescripto-edge`);
    expect(event?.sequence).toBe(1);
    // The instant is the booked one; the local time is the doctor's (Kolkata is UTC+05:30).
    expect(event?.start.toISOString()).toBe(start);
    expect(event?.tzid).toBe("Asia/Kolkata");
    const local = new Date(Date.parse(start) + 330 * 60_000).toISOString().slice(0, 16);
    expect(event?.localStart.slice(0, 16)).toBe(local);
    // The doctor hears of it too.
    expect((await waitForMail(mailBase, d.doctorEmail, 1))[0]?.subject).toMatch(/^New appointment: /);

    const newStart = slotStart(96);
    const moved = await d.stub.transition({ appointmentId: id, action: "reschedule", newStart, actor: d.patient });
    expect(moved.ok).toBe(true);
    const afterMove = await waitForMail(mailBase, d.patientEmail, 2);
    const movedInvite = parseInvite(icsOf(afterMove[1]));
    expect(movedInvite.method).toBe("REQUEST");
    expect(movedInvite.events[0]).toMatchObject({ uid: `${id}@prescripto-edge`, sequence: 2 });
    expect(movedInvite.events[0]?.start.toISOString()).toBe(newStart);

    const gone = await d.stub.transition({ appointmentId: id, action: "cancel", actor: d.patient });
    expect(gone.ok).toBe(true);
    const all = await waitForMail(mailBase, d.patientEmail, 3);
    const cancelInvite = parseInvite(icsOf(all[2]));
    expect(cancelInvite.method).toBe("CANCEL");
    expect(cancelInvite.events[0]).toMatchObject({ uid: `${id}@prescripto-edge`, sequence: 3, status: "CANCELLED" });

    const calendar = new CalendarClient();
    for (const mail of all) calendar.import(icsOf(mail));
    expect(calendar.events.size).toBe(0);
    // Each change was sent once: no duplicate from outbox re-sends or queue redeliveries.
    expect(all.map((m) => m.subject.split(":")[0])).toEqual(["Booked", "Moved", "Cancelled"]);
  });

  it("a snapshot whose fan-out fails is retried and not confirmed; the retry sends it once", async () => {
    const d = await doctorWithPatient();
    const appointment = bookedAppointment({
      id: `apt.${d.doctorId}.${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
      doctorId: d.doctorId,
      patientId: d.patientId,
      start: slotStart(48),
    });
    const body = { type: "appointment.snapshots", doctorId: d.doctorId, snapshots: [{ outboxId: 1, appointment }] };
    const config = requireConfig(env);
    const log = createLogger({ level: "error" });
    const run = async (e: Env) => {
      const batch = createMessageBatch("prescripto-sor", [{ id: "f1", timestamp: Date.now(), attempts: 1, body }]);
      const ctx = createExecutionContext();
      await consumeSor(batch, e, config, log);
      return getQueueResult(batch, ctx);
    };
    const broken = {
      ...env,
      NOTIFICATIONS_QUEUE: {
        send: () => Promise.reject(new Error("queue down")),
        sendBatch: () => Promise.reject(new Error("queue down")),
      },
    } as unknown as Env;
    const failed = await run(broken);
    expect(failed.retryMessages.map((m) => m.msgId)).toEqual(["f1"]);
    expect(failed.explicitAcks).toEqual([]);

    const retried = await run(env);
    expect(retried.explicitAcks).toEqual(["f1"]);
    const mails = await waitForMail(mailBase, d.patientEmail, 1);
    expect(mails.map((m) => m.subject.split(":")[0])).toEqual(["Booked"]);
  });
});
