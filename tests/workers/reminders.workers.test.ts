import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";
import type { Reminders } from "../../durable-objects/doctor-schedule/reminders.ts";
import type { Actor } from "../../worker/kernel/domain/appointment.ts";
import { seedPeople, waitForMail } from "../support/notification-people.ts";
import { roundTheClock, uniqueDoctorId } from "../support/schedules.ts";

/**
 * Reminders at REMINDER_OFFSETS (the default 24h,2h) scheduled by the doctor's DO alarm, with the
 * object's clock injected: London's clocks go forward at 01:00 UTC on 28 March 2027, so an
 * appointment at 12:00 BST that day (11:00 UTC) is reminded exactly 24 hours before, at 11:00 UTC
 * on the 27th (11:00 GMT, an hour earlier on the wall clock), and 2 hours before, at 09:00 UTC.
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

type Stub = DurableObjectStub<DoctorSchedule>;
const at = (iso: string) => Date.parse(iso);

function setClock(stub: Stub, ms: number) {
  return runInDurableObject(stub, (o: DoctorSchedule) => {
    o.clock.now = () => ms;
  });
}

function pending(stub: Stub, appointmentId: string) {
  return runInDurableObject(stub, (o: DoctorSchedule) =>
    (o as unknown as { reminders: Reminders }).reminders
      .pendingFor(appointmentId)
      .map((r) => ({ offset: r.offset, at: new Date(r.dueAt).toISOString() })),
  );
}

async function londonDoctor(bookAtMs: number) {
  const doctorId = uniqueDoctorId("rem");
  const people = await seedPeople(db(), { doctorId, timeZone: "Europe/London" });
  const stub: Stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
  await setClock(stub, bookAtMs);
  await stub.configure(doctorId, roundTheClock({ timeZone: "Europe/London" }), { waitForProfileMs: 0 });
  const patient: Actor = { role: "patient", id: people.patientId };
  const book = async (start: string) => {
    const r = await stub.book({ doctorId, patientId: people.patientId, start, paymentsEnabled: false, actor: patient });
    if (!r.ok) throw new Error(`booking failed: ${r.reason}`);
    return r.appointment.id;
  };
  return { doctorId, stub, patient, book, ...people };
}

describe("reminders from the doctor's alarm", () => {
  it("fires each reminder at its instant across the DST change, with confirm and cancel links, and none after a cancel", async () => {
    const d = await londonDoctor(at("2027-03-20T09:00:00Z"));
    const id = await d.book("2027-03-28T11:00:00.000Z");
    expect(await pending(d.stub, id)).toEqual([
      { offset: "24h", at: "2027-03-27T11:00:00.000Z" },
      { offset: "2h", at: "2027-03-28T09:00:00.000Z" },
    ]);

    // A minute early: the alarm ships the booking but no reminder yet.
    await setClock(d.stub, at("2027-03-27T10:59:00Z"));
    expect(await runDurableObjectAlarm(d.stub)).toBe(true);
    expect(await pending(d.stub, id)).toHaveLength(2);

    await setClock(d.stub, at("2027-03-27T11:00:01Z"));
    expect(await runDurableObjectAlarm(d.stub)).toBe(true);
    expect(await pending(d.stub, id)).toEqual([{ offset: "2h", at: "2027-03-28T09:00:00.000Z" }]);
    const mails = await waitForMail(mailBase, d.patientEmail, 2);
    const reminder = mails.find((m) => m.subject.startsWith("Reminder:"));
    expect(reminder?.idempotencyKey).toBe(`${id}|reminder-24h|v1|patient`);
    expect(reminder?.text).toContain("/appointment-links/confirm?token=");
    expect(reminder?.text).toContain("/appointment-links/cancel?token=");

    // Cancelled before the 2-hour reminder: nothing is left to send.
    const cancel = await d.stub.transition({ appointmentId: id, action: "cancel", actor: d.patient });
    expect(cancel.ok).toBe(true);
    expect(await pending(d.stub, id)).toEqual([]);
    await setClock(d.stub, at("2027-03-28T09:00:01Z"));
    await runDurableObjectAlarm(d.stub);
    const after = await waitForMail(mailBase, d.patientEmail, 3);
    // The booking's email travels through MongoDB and the reminder straight from the alarm: either may land first.
    expect(after.map((m) => m.subject.split(":")[0]).sort()).toEqual(["Booked", "Cancelled", "Reminder"]);
  });

  it("a moved appointment gets the reminders of its new time; one booked inside an offset gets only the later one", async () => {
    const d = await londonDoctor(at("2027-03-20T09:00:00Z"));
    const id = await d.book("2027-03-28T11:00:00.000Z");
    const moved = await d.stub.transition({
      appointmentId: id,
      action: "reschedule",
      newStart: "2027-03-30T08:30:00.000Z",
      actor: d.patient,
    });
    expect(moved.ok).toBe(true);
    expect(await pending(d.stub, id)).toEqual([
      { offset: "24h", at: "2027-03-29T08:30:00.000Z" },
      { offset: "2h", at: "2027-03-30T06:30:00.000Z" },
    ]);

    // Three hours ahead: the 24-hour reminder had already passed when it was booked.
    const soon = await d.book("2027-03-20T12:00:00.000Z");
    expect(await pending(d.stub, soon)).toEqual([{ offset: "2h", at: "2027-03-20T10:00:00.000Z" }]);
  });
});
