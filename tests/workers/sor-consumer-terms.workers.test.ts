import { createExecutionContext, createMessageBatch, getQueueResult, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import type { DoctorSchedule } from "../../durable-objects/doctor-schedule/doctor-schedule.ts";
import { handleQueue } from "../../queues/index.ts";
import { consumeSor } from "../../queues/sor.consumer.ts";
import { mongoGateway } from "../../worker/kernel/clients/mongo-gateway.ts";
import { createRedis } from "../../worker/kernel/clients/redis.ts";
import { requireConfig } from "../../worker/kernel/config.ts";
import { doctorProfileCacheKey } from "../../worker/kernel/domain/cache-keys.ts";
import { createLogger } from "../../worker/kernel/lib/logger.ts";
import { uniqueDoctorId } from "../support/schedules.ts";

const config = requireConfig(env);
const schedule = (doctorId: string) => env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));

function doctorRecord(id: string) {
  const now = new Date();
  return {
    _id: id,
    slug: id.replace(/^doc_/, ""),
    name: "Dr. Terms",
    email: `${id}@tests.prescripto.test`,
    speciality: "Dermatologist",
    degree: "MBBS",
    experienceYears: 3,
    about: "",
    feePaise: 10_000,
    currency: "INR" as const,
    address: { line1: "1 Road", city: "Pune" },
    timeZone: "Asia/Kolkata",
    photoUrl: null,
    acceptingBookings: true,
    createdAt: now,
    updatedAt: now,
  };
}

const terms = (doctorId: string, version: number, feePaise: number, outboxId = 1) => ({
  type: "doctor.terms",
  outboxId,
  doctorId,
  version,
  feePaise,
  acceptingBookings: false,
});

async function deliver(bodies: unknown[], target: Env = env) {
  const batch = createMessageBatch(
    "prescripto-sor",
    bodies.map((body, i) => ({ id: `t${i}-${crypto.randomUUID()}`, timestamp: Date.now(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  if (target === env) await handleQueue(batch, env, ctx);
  else await consumeSor(batch, target, config, createLogger({ level: "error" }));
  return getQueueResult(batch, ctx);
}

/** An outbox row in the doctor's object that its alarm will not ship during the test. */
function parkedOutboxRow(doctorId: string): Promise<number> {
  return runInDurableObject(schedule(doctorId), (_o: DoctorSchedule, state) => {
    const far = Date.now() + 3_600_000;
    return state.storage.sql
      .exec<{ id: number }>(
        "insert into outbox (topic, subject, payload, created_at, next_attempt_at) values ('terms', 'terms', '{}', ?, ?) returning id",
        Date.now(),
        far,
      )
      .one().id;
  });
}

describe("booking terms on the system-of-record queue", () => {
  it("copies newer terms to the profile, drops its cache, acks, and ignores an older version", async () => {
    const doctorId = uniqueDoctorId("consume-terms");
    const gateway = mongoGateway(env, config, doctorId);
    expect((await gateway.insertDoctor(doctorRecord(doctorId))).ok).toBe(true);
    const redis = createRedis(config);
    await redis.set(doctorProfileCacheKey(doctorId), "stale profile");

    const applied = await deliver([terms(doctorId, 3, 33_000)]);
    expect(applied.explicitAcks).toHaveLength(1);
    expect(applied.retryMessages).toEqual([]);
    expect(await redis.get(doctorProfileCacheKey(doctorId))).toBeNull();
    const stale = await deliver([terms(doctorId, 2, 22_000)]);
    expect(stale.explicitAcks).toHaveLength(1);

    const stored = await gateway.findDoctor({ id: doctorId });
    expect(stored.ok && stored.value).toMatchObject({ feePaise: 33_000, acceptingBookings: false, termsVersion: 3 });
  });

  it("confirms the terms to the doctor's object once applied, which then forgets the outbox row", async () => {
    const doctorId = uniqueDoctorId("confirm-terms");
    const outboxId = await parkedOutboxRow(doctorId);
    expect((await schedule(doctorId).ledgerSnapshot()).outboxPending).toBe(1);
    const result = await deliver([terms(doctorId, 1, 5_000, outboxId)]);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await schedule(doctorId).ledgerSnapshot()).outboxPending).toBe(0);
  });

  it("retries the terms, unconfirmed, while MongoDB is unavailable", async () => {
    const doctorId = uniqueDoctorId("terms-down");
    const outboxId = await parkedOutboxRow(doctorId);
    const unavailable = {
      ...env,
      MONGO_GATEWAY: {
        idFromName: (n: string) => n,
        get: () => ({ syncBookingTerms: async () => ({ ok: false, reason: "unavailable", message: "down" }) }),
      },
    } as unknown as Env;
    const result = await deliver([terms(doctorId, 1, 5_000, outboxId)], unavailable);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
    expect((await schedule(doctorId).ledgerSnapshot()).outboxPending).toBe(1);
  });

  it("records a terms message without its outbox id as a dead letter", async () => {
    const { outboxId: _, ...body } = terms(uniqueDoctorId("terms-bad"), 1, 5_000);
    const result = await deliver([body]);
    expect(result.explicitAcks).toHaveLength(1);
    const client = new MongoClient(env.MONGODB_URI);
    try {
      const dead = await client
        .db(env.MONGODB_DB)
        .collection("dead_letters")
        .findOne({ _id: `prescripto-sor:${result.explicitAcks[0]}` } as never);
      expect(dead).toMatchObject({ body, reason: expect.stringContaining("invalid") });
    } finally {
      await client.close();
    }
  });
});
