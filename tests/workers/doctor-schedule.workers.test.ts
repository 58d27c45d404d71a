import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";
import migrations from "../../migrations/doctor-schedule/migrations.js";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

const schedule = (doctorId: string) => env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));

describe("DoctorSchedule Durable Object", () => {
  it("applies the drizzle migrations before serving its first call, ending with the live tables only", async () => {
    const health = await schedule(uniqueDoctorId("migrations")).health();
    expect(health.migrationsApplied).toBe(health.migrationsExpected);
    expect(health.migrationsExpected).toBe(5);
    expect(health.tables).toEqual([
      "appointment_events",
      "appointments",
      "outbox",
      "payment_orders",
      "payments",
      "razorpay_events",
      "refunds",
      "reminders",
      "schedule",
    ]);
  });

  it("keeps each doctor's bookings in that doctor's object: two doctors can book the same instant", async () => {
    const start = slotStart(6);
    const [a, b] = [uniqueDoctorId("iso-a"), uniqueDoctorId("iso-b")];
    for (const doctorId of [a, b]) {
      await schedule(doctorId).configure(doctorId, roundTheClock({ feePaise: 0 }));
      const booked = await schedule(doctorId).book({
        doctorId,
        patientId: "pat_iso",
        start,
        paymentsEnabled: false,
        actor: { role: "patient", id: "pat_iso" },
      });
      expect(booked.ok).toBe(true);
    }
    const ledgers = await Promise.all([a, b].map((d) => schedule(d).ledgerSnapshot()));
    expect(ledgers.map((l) => l.appointments.map((x) => [x.doctorId, x.start]))).toEqual([[[a, start]], [[b, start]]]);
  });

  it("carries booking terms MongoDB had not confirmed into the outbox when the old column goes", async () => {
    // Replays migration 0002 on a schedule row as 0001 left it: terms at version 3, confirmed up to 2.
    const stub = schedule(uniqueDoctorId("migrate-terms"));
    const outbox = await runInDurableObject(stub, (_o: DoctorSchedule, state) => {
      const sql = state.storage.sql;
      sql.exec("create table old_schedule as select * from schedule where 0");
      sql.exec("alter table old_schedule add terms_synced_version integer default 0 not null");
      const settings = JSON.stringify(roundTheClock({ feePaise: 7_700, acceptingBookings: false }));
      sql.exec("insert into old_schedule values (1, 'doc_old', ?, 3, 1000, 2)", settings);
      const insert = migrations.migrations.m0002?.split("--> statement-breakpoint")[1] ?? "";
      sql.exec(insert.replaceAll("FROM `schedule`", "FROM `old_schedule`"));
      const rows = sql.exec<{ topic: string; payload: string }>("select topic, payload from outbox").toArray();
      sql.exec("drop table old_schedule");
      sql.exec("delete from outbox");
      return rows;
    });
    expect(outbox.map((r) => [r.topic, JSON.parse(r.payload)])).toEqual([
      ["terms", { type: "doctor.terms", doctorId: "doc_old", version: 3, feePaise: 7_700, acceptingBookings: false }],
    ]);
  });

  it("keeps a schedule change's booking terms in the outbox until the consumer confirms them", async () => {
    const doctorId = uniqueDoctorId("terms-outbox");
    const stub = schedule(doctorId);
    // No such doctor in MongoDB: the consumer finds nothing to update, which is done too.
    const configured = await stub.configure(doctorId, roundTheClock({ feePaise: 1_234 }));
    expect(configured.profileSynced).toBe(true);
    expect((await stub.ledgerSnapshot()).outboxPending).toBe(0);
    // Nothing left to send: an alarm run (for redelivery) has no rows to ship.
    await runDurableObjectAlarm(stub);
    expect((await stub.ledgerSnapshot()).outboxPending).toBe(0);
  });
});
