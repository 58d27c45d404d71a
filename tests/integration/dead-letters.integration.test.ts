import { describe, expect, inject, it } from "vitest";
import { api, token } from "../support/api.ts";
import { eventually, withMongo } from "../support/mongo.ts";
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
});
