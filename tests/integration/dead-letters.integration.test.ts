import { describe, expect, inject, it } from "vitest";
import { api, token } from "../support/api.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { bookedAppointment } from "../support/notifications.ts";
import { requireServiceEnv } from "../support/service-env.ts";
import { appointmentSnapshot } from "../support/snapshots.ts";

const call = api(inject("workerUrl"));

describe("dead letters", () => {
  it("re-drives messages that exhausted their retries, once, and only for admins", async () => {
    const id = `apt.doc_dlq-test.${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
    const start = new Date(Date.UTC(2032, 0, 1, 10)).toISOString();
    const body = appointmentSnapshot({ id, doctorId: "doc_dlq-test", patientId: "p_dlq", start });
    await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      db.collection("dead_letters").insertOne({
        _id: `prescripto-sor:dlq-${id}`,
        queue: "prescripto-sor",
        messageId: `dlq-${id}`,
        body,
        attempts: 9,
        reason: "retries exhausted",
        recordedAt: new Date(),
        redrivenAt: null,
      } as never),
    );
    const patient = await token("dlq_patient");
    expect((await call("POST", "/api/v1/admin/dead-letters/redrive", { token: patient, body: {} })).status).toBe(403);
    const admin = await token("dlq_admin", "admin");
    const first = await call<{ redriven: number }>("POST", "/api/v1/admin/dead-letters/redrive", {
      token: admin,
      body: {},
    });
    expect(first.status).toBe(200);
    expect(first.body.redriven).toBeGreaterThanOrEqual(1);
    const doc = await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      eventually(() => db.collection("appointments").findOne({ _id: id } as never), { what: "re-driven snapshot" }),
    );
    expect(doc).toMatchObject({ status: "booked", version: 1 });
    const again = await call<{ redriven: number }>("POST", "/api/v1/admin/dead-letters/redrive", {
      token: admin,
      body: {},
    });
    expect(again.body.redriven).toBe(0);
  });

  it("re-drives a notification dead letter to the notifications queue; a second copy sends nothing again", async () => {
    const id = `apt.doc_asha-rao.${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
    const start = new Date(Date.UTC(2032, 1, 1, 10)).toISOString();
    // A seeded doctor (their email goes to the mail stand-in) and a patient MongoDB does not know
    // (their delivery is recorded as skipped).
    const body = {
      type: "appointment.change",
      kind: "booked",
      appointment: bookedAppointment({ id, doctorId: "doc_asha-rao", patientId: `usr_gone_${id.slice(-8)}`, start }),
    };
    const letter = (n: number) => ({
      _id: `prescripto-notifications:dlq-${id}-${n}`,
      queue: "prescripto-notifications",
      messageId: `dlq-${id}-${n}`,
      body,
      attempts: 8,
      reason: "retries exhausted",
      recordedAt: new Date(),
      redrivenAt: null,
    });
    await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      db.collection("dead_letters").insertOne(letter(1) as never),
    );
    const admin = await token("dlq_admin", "admin");

    const listed = await call<{ deadLetters: { _id: string; queue: string }[] }>(
      "GET",
      "/api/v1/admin/dead-letters?queue=prescripto-notifications",
      { token: admin },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.deadLetters.map((l) => l._id)).toContain(letter(1)._id);
    expect(new Set(listed.body.deadLetters.map((l) => l.queue))).toEqual(new Set(["prescripto-notifications"]));
    const unknownQueue = await call("GET", "/api/v1/admin/dead-letters?queue=nope", { token: admin });
    expect(unknownQueue.status).toBe(400);

    const first = await call<{ redriven: number; byQueue: Record<string, number> }>(
      "POST",
      "/api/v1/admin/dead-letters/redrive",
      { token: admin, body: { ids: [letter(1)._id] } },
    );
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ redriven: 1, byQueue: { "prescripto-notifications": 1 } });
    const doctorKey = `${id}|booked|v1|doctor`;
    const sent = await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      eventually(
        async () => {
          const r = await db.collection("notifications").findOne({ _id: doctorKey } as never);
          return r?.state === "sent" ? r : null;
        },
        { what: "the doctor's email sent after the re-drive" },
      ),
    );
    const patient = await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      db.collection("notifications").findOne({ _id: `${id}|booked|v1|patient` } as never),
    );
    expect(patient).toMatchObject({ state: "skipped" });

    // The same message dead-lettered again and re-driven: the once-only record keeps it from sending twice.
    await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      db.collection("dead_letters").insertOne(letter(2) as never),
    );
    const second = await call<{ redriven: number }>("POST", "/api/v1/admin/dead-letters/redrive", {
      token: admin,
      body: { queue: "prescripto-notifications", ids: [letter(2)._id] },
    });
    expect(second.body.redriven).toBe(1);
    await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      eventually(
        async () => {
          const probe = await db.collection("dead_letters").findOne({ _id: letter(2)._id } as never);
          return probe?.redrivenAt ? probe : null;
        },
        { what: "second letter marked re-driven" },
      ),
    );
    // The consumer takes the second copy (its claim counts an attempt) and finds the email sent.
    const again = await withMongo(inject("mongoUri"), inject("mongoDb"), (db) =>
      eventually(
        async () => {
          const r = await db.collection("notifications").findOne({ _id: doctorKey } as never);
          return r && r.attempts > sent.attempts ? r : null;
        },
        { what: "the second copy consumed" },
      ),
    );
    expect(again).toMatchObject({ state: "sent", providerId: sent.providerId });
    const mailbox = (await (await fetch(`${requireServiceEnv().mailUrl}/_standin/messages`)).json()) as {
      messages: { idempotencyKey: string | null }[];
    };
    expect(mailbox.messages.filter((m) => m.idempotencyKey === doctorKey)).toHaveLength(1);
    const none = await call<{ redriven: number }>("POST", "/api/v1/admin/dead-letters/redrive", {
      token: admin,
      body: { ids: [letter(1)._id, letter(2)._id] },
    });
    expect(none.body.redriven).toBe(0);
  });
});
